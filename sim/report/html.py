"""The HTML page shell: one self-contained file with its styles inline and no scripts.

Pages are assembled from small escaped pieces rather than a template engine: the pages are
short, and keeping every string escaped at the point it is written is easier to check than a
template's autoescaping rules.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape

STYLE = """
:root { color-scheme: light; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #222;
       max-width: 960px; margin: 24px auto; padding: 0 16px; background: #fff; }
h1 { font-size: 1.6em; margin: 0 0 4px; }
h2 { font-size: 1.2em; margin: 28px 0 8px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
h3 { font-size: 1.02em; margin: 16px 0 6px; }
.sub { color: #666; margin: 0 0 16px; }
.headline { font-size: 1.15em; background: #f5f7fa; border-left: 4px solid #1f6fb4;
            padding: 10px 14px; margin: 12px 0; }
.headline.bad { border-left-color: #c8372d; }
table { border-collapse: collapse; width: 100%; margin: 8px 0; font-size: 0.93em; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid #eee; vertical-align: top;
         overflow-wrap: break-word; }
th { background: #fafafa; font-weight: 600; overflow-wrap: normal; hyphens: auto; }
td:first-child { white-space: nowrap; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
table.deals { font-size: 0.86em; } table.deals th, table.deals td { padding: 4px 5px; }
table.deals small { overflow-wrap: anywhere; }
.good { color: #2e7d32; } .bad { color: #c62828; } .muted { color: #888; }
.chart { max-width: 100%; height: auto; display: block; margin: 6px 0 12px; }
.charts { display: flex; flex-wrap: wrap; gap: 12px; }
.tag { display: inline-block; padding: 0 6px; border-radius: 3px; font-size: 0.82em;
       background: #eee; }
.tag.offer { background: #e3edf7; } .tag.accept { background: #e3f3e5; }
.tag.reject { background: #fbe4e2; } .tag.event { background: #efe4f6; }
.tag.walk_out { background: #c8372d; color: #fff; } .tag.ratification { background: #fdebd6; }
ol.prompts li { margin-bottom: 8px; }
pre { white-space: pre-wrap; overflow-wrap: anywhere; background: #f5f7fa; padding: 8px 12px;
      border-left: 4px solid #1f6fb4; }
.brief h1 { font-size: 1.35em; margin: 28px 0 8px; }
.footnotes { font-size: 0.85em; color: #444; }
footer { margin-top: 32px; color: #888; font-size: 0.85em; }
@page { size: A4; margin: 12mm; }
@media print { body { max-width: none; margin: 0; padding: 0; font-size: 10px; }
               h1 { font-size: 16px; } h2 { font-size: 13px; margin: 14px 0 4px;
               break-after: avoid; } table { font-size: 8.5px; margin: 4px 0; }
               th, td { padding: 1px 4px; } tr { break-inside: avoid; }
               .headline { font-size: 11px; padding: 6px 10px; }
               .chart { break-inside: avoid; max-height: 62mm; width: auto; margin: 4px 0; }
               .charts .chart { max-height: 45mm; }
               table.moves td:nth-child(4) { font-size: 8px; } }
"""


def esc(value: object) -> str:
    """Any value as escaped HTML text."""
    return escape(str(value))


def table(headers: Sequence[str], rows: Iterable[Sequence[str]],
          numeric: Sequence[int] = (), cls: str = "") -> str:
    """A table; cells are HTML already (escape text with `esc`), columns in `numeric` align
    right; `cls` is the table's class, if any."""
    def cell(tag: str, k: int, content: str) -> str:
        cls = ' class="num"' if k in numeric else ""
        return f"<{tag}{cls}>{content}</{tag}>"

    head = "".join(cell("th", k, esc(h)) for k, h in enumerate(headers))
    body = "".join("<tr>" + "".join(cell("td", k, c) for k, c in enumerate(row)) + "</tr>"
                   for row in rows)
    klass = f' class="{cls}"' if cls else ""
    return f"<table{klass}><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def section(title: str, *parts: str, anchor: str = "") -> str:
    """A titled section."""
    ident = f' id="{esc(anchor)}"' if anchor else ""
    return f"<section{ident}><h2>{esc(title)}</h2>{''.join(parts)}</section>"


def paragraph(content: str, cls: str = "") -> str:
    """A paragraph of HTML (escape text with `esc`)."""
    klass = f' class="{cls}"' if cls else ""
    return f"<p{klass}>{content}</p>"


GENERATOR = '<meta name="generator" content="Parley">'
"""The tag every page carries: how `parley report -o` recognises a page it may replace."""


def page(title: str, subtitle: str, body: Sequence[str], footer: str) -> str:
    """A complete HTML document: styles inline, no scripts, no external resources."""
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">" + GENERATOR +
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        f"<title>{esc(title)}</title><style>{STYLE}</style></head><body>"
        f"<header><h1>{esc(title)}</h1><p class=\"sub\">{subtitle}</p></header>"
        + "".join(body)
        + f"<footer>{footer}</footer></body></html>\n"
    )

"""The derive report: what was found in the documents, how it was read, and how sure it is."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from sim.derive.api import Derivation
from sim.derive.evidence import TO_FILL
from sim.derive.issues import short
from sim.scenario.schema import PARTY_EVIDENCE


def confidence(derivation: Derivation, party: str) -> str:
    """`high`, `medium` or `low`: how much of what the draft says of `party` it was told."""
    own = [f for f in derivation.findings if f.speaker == party]
    if len(own) >= 2 and any(f.reading.firmness >= 0.75 for f in own):
        return "high"
    return "medium" if own else "low"


def quoted_share(scenario: dict[str, Any]) -> tuple[int, int]:
    """How many party parameters cite a quote, out of how many there are."""
    total = quoted = 0
    for party in scenario["parties"].values():
        for key in PARTY_EVIDENCE:
            evidence = party["because"][key]
            pieces = evidence if isinstance(evidence, list) else [evidence]
            total += 1
            quoted += any("quote" in piece for piece in pieces)
    return quoted, total


def to_fill(node: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """(field path, text) of every `TO FILL:` assumption and summary in the draft."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield from to_fill(value, f"{path}.{key}" if path else str(key))
    elif isinstance(node, list):
        for k, value in enumerate(node):
            yield from to_fill(value, f"{path}[{k}]")
    elif isinstance(node, str) and node.startswith(TO_FILL):
        yield path.removesuffix(".assumption"), node.removeprefix(TO_FILL).strip()


def render(derivation: Derivation) -> RenderableType:
    """The whole report as rich renderables."""
    parts: list[RenderableType] = [_overview(derivation), _parties(derivation),
                                   _statements(derivation), _issues(derivation)]
    if derivation.unread:
        unread = Table(title="Sentences left unattributed", title_justify="left", expand=False)
        unread.add_column("seed [span]")
        unread.add_column("text")
        unread.add_column("why")
        for u in derivation.unread:
            unread.add_row(f"{u.seed} [{u.start}, {u.end}]", short(u.quote, 90), u.reason)
        parts.append(unread)
    fill = list(to_fill(derivation.draft.scenario))
    notes = Text()
    for note in derivation.draft.notes:
        notes.append(f"• {note}\n", style="yellow")
    notes.append(f"{len(fill)} decisions are left to you (assumptions marked TO FILL):\n",
                 style="bold")
    for path, text in fill:
        notes.append(f"  {path}: ", style="cyan")
        notes.append(f"{short(text, 90)}\n")
    parts.append(notes)
    return Group(*parts)


def _overview(d: Derivation) -> Text:
    quoted, total = quoted_share(d.draft.scenario)
    pipeline = f"trained spaCy pipeline {d.model}" if d.model else "spaCy blank English pipeline"
    text = Text()
    text.append("parley derive", style="bold")
    text.append(f" read {len(d.documents)} document(s) with the {pipeline}: ")
    text.append(f"{len(d.parties)} parties, {len(d.findings)} attributed statements, "
                f"{len(d.issues)} issues; {quoted} of {total} party parameters cite a quote.\n")
    if d.mediator:
        text.append(f"Mediator: {d.mediator.party} (\"{d.mediator.quote}\"); the draft uses "
                    "the mediated protocol.\n")
    others = [m for m in d.mediators if d.mediator is None or m != d.mediator.party]
    if others:
        text.append(f"Also mediating (not modelled): {', '.join(others)}.\n")
    if d.outside:
        text.append("Outside the talks (reported, not modelled): "
                    f"{', '.join(d.outside)}.\n", style="dim")
    rest = [p for p in d.dropped if p not in d.outside]
    if rest:
        text.append(f"Mentioned but not negotiating: {', '.join(rest)}.\n", style="dim")
    for item in d.missing:
        text.append(f"Missing: {item}.\n", style="yellow")
    return text


def _parties(d: Derivation) -> Table:
    table = Table(title="Parties", title_justify="left")
    for col in ("party", "found by", "mentions", "statements", "firmest", "confidence",
                "aliases seen"):
        table.add_column(col)
    for p in d.parties:
        own = [f for f in d.findings if f.speaker == p.name]
        firmest = max((f.reading.firmness for f in own), default=None)
        table.add_row(p.name, p.source, str(p.mentions), str(len(own)),
                      "-" if firmest is None else f"{firmest:.2f}", confidence(d, p.name),
                      short(", ".join(p.aliases_seen), 50))
    return table


def _statements(d: Derivation) -> Table:
    table = Table(title="Statements", title_justify="left")
    for col in ("party", "attributed by", "reads as", "firm", "about", "quote [span]"):
        table.add_column(col)
    for f in d.findings:
        s = f.statement
        about = next((i.key for i in d.issues if f in i.findings), "-")
        table.add_row(s.speaker, s.how, f.reading.label, f"{f.reading.firmness:.2f}", about,
                      f"{short(s.quote, 80)} [{s.start}, {s.end}]")
    return table


def _issues(d: Derivation) -> Table:
    table = Table(title="Issues", title_justify="left")
    for col in ("issue", "raised by", "options"):
        table.add_column(col)
    for issue in d.issues:
        table.add_row(issue.key, ", ".join(issue.demanders), ", ".join(issue.options))
    return table

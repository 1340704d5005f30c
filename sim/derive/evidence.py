"""Evidence entries as a drafted scenario writes them: quotes with their reading, or assumptions.

Two kinds of assumption keep the author's work visible: `Derived:` states the rule that turned
quoted words into a number, and `TO FILL:` marks a decision the text does not support and the
author has to make.
"""

from __future__ import annotations

from typing import Any

from sim.derive.readings import Finding

TO_FILL = "TO FILL:"
"""Opening of every assumption the author still has to decide."""


def quote_of(finding: Finding) -> dict[str, Any]:
    """The quote of a statement, with how derive read it."""
    s = finding.statement
    return {"seed": s.seed, "span": [s.start, s.end], "quote": s.quote,
            "reads_as": finding.reading.label, "firmness": finding.reading.firmness}


def to_fill(text: str) -> dict[str, Any]:
    """An assumption the author has to settle."""
    return {"assumption": f"{TO_FILL} {text}"}


def derived(text: str) -> dict[str, Any]:
    """An assumption stating the rule that turned quotes into a number."""
    return {"assumption": f"Derived: {text}"}


def because(*entries: dict[str, Any] | list[dict[str, Any]]) -> Any:
    """One `because` value: a single entry, or a list when there are several."""
    flat: list[dict[str, Any]] = []
    for entry in entries:
        flat.extend(entry if isinstance(entry, list) else [entry])
    unique = list({repr(e): e for e in flat}.values())
    return unique[0] if len(unique) == 1 else unique


def quotes(findings: list[Finding], limit: int = 3) -> list[dict[str, Any]]:
    """Quotes of up to `limit` statements, firmest first."""
    ranked = sorted(findings, key=lambda f: -f.reading.firmness)
    return [quote_of(f) for f in ranked[:limit]]

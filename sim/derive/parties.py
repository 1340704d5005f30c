"""Drafting one party's parameters from what it said.

- Salience: the share of the party's talk (weighted by firmness) that goes to each issue.
- Values: its own ask is worth 1, the farthest option 0, figures in between in proportion.
- Red lines: its own statements read as red lines, on the issue they concern: hard from
  firmness 0.75, soft below (hedged: "very difficult", "stopped short of ruling it out");
  they rule out the figures beyond the bound they name, or the other side's ask.
- Budget and pace: from the mean firmness of its statements and how often it offers to bend.
- Strategy: reciprocal (tit for tat) when it speaks of acting in coordination.
Everything else (reservation, unquoted parties) is an assumption marked `TO FILL:`.
"""

from __future__ import annotations

from dataclasses import dataclass
from statistics import mean
from typing import Any

from sim.derive.classify import key_clause
from sim.derive.evidence import because, derived, quote_of, quotes, to_fill
from sim.derive.issues import DraftIssue, ruled_out, short
from sim.derive.readings import Finding

HARD_FROM = 0.75
"""Firmness from which a red line is hard; hedged ones (below) are soft."""
SOFT_FROM = 0.5
"""Firmness from which a statement read as a red line is kept as one."""
RESERVATION = 0.3
"""Placeholder reservation value; the text never states what no deal is worth."""


@dataclass
class Line:
    """A red line in the making, before it is written."""

    issue: str
    options: list[str]
    firmness: float
    evidence: list[Finding]
    label: str


def draft_party(party: str, aliases: list[str], issues: list[DraftIssue],
                findings: list[Finding], mediator: str | None) -> tuple[dict[str, Any], list[Line]]:
    """The party's scenario entry (red lines still to add) and its red lines in the making."""
    own = [f for f in findings if f.speaker == party]
    calls = [f for f in own if f.reading.kind == "concede_call"]
    mine = {i.key: i.demands[party] for i in issues if party in i.demands}
    cares, cares_why = _cares(party, issues, mine, party == mediator, calls)
    values, values_why = _values(party, issues, cares)
    budget, budget_why = _budget(party, own)
    strategy, strategy_why = _strategy(party, own)
    entry: dict[str, Any] = {
        "aliases": aliases,
        "position": _position(party, own),
        "cares": cares,
        "values": values,
        "reservation": RESERVATION,
        "budget": budget,
        "strategy": strategy,
        "because": {
            "cares": cares_why,
            "values": values_why,
            "reservation": to_fill(f"what is no deal worth to {party}? {RESERVATION} is a "
                                   "placeholder; the text does not say."),
            "budget": budget_why,
            "strategy": strategy_why,
        },
    }
    return entry, _lines(party, issues)


def _position(party: str, own: list[Finding]) -> str:
    stated = [f for f in own if f.reading.kind not in ("position", "coordination")]
    if not stated:
        return f"TO FILL: {party} states no position in the sources."
    firmest = max(stated, key=lambda f: f.reading.firmness)
    return f"{firmest.statement.quote} ({firmest.reading.label})"


def _cares(party: str, issues: list[DraftIssue], mine: dict[str, list[Finding]],
           broker: bool, calls: list[Finding]) -> tuple[dict[str, float], Any]:
    weights = {key: sum(0.5 + f.reading.firmness for f in fs) for key, fs in mine.items()}
    if weights and not broker:
        for issue in issues:
            weights.setdefault(issue.key, 0.1)
        cited = [f for fs in mine.values() for f in fs]
        return normalised(weights), because(quotes(cited), derived(
            f"weights follow how much of {party}'s own talk goes to each issue, firm words "
            "counting more; an issue it does not speak to weighs 0.1."))
    weights = {issue.key: 1.0 for issue in issues}
    if broker:
        return normalised(weights), because(quotes(calls, 1), to_fill(
            f"{party} mediates; every issue weighs the same until you say what it wants."))
    return normalised(weights), to_fill(f"the sources say nothing about what {party} cares "
                                        "about; weights are equal until you set them.")


def normalised(weights: dict[str, float]) -> dict[str, float]:
    """Weights rounded to two decimals that sum to exactly 1."""
    total = sum(weights.values())
    shares = {k: round(w / total, 2) for k, w in weights.items() if w / total >= 0.005}
    top = max(shares, key=lambda k: shares[k])
    shares[top] = round(shares[top] + 1.0 - sum(shares.values()), 2)
    return shares


def _values(party: str, issues: list[DraftIssue], cares: dict[str, float],
            ) -> tuple[dict[str, Any], Any]:
    values: dict[str, dict[str, float]] = {}
    cited: list[Finding] = []
    for issue in issues:
        if issue.key not in cares:
            continue
        pole = issue.poles.get(party)
        row = {option: 0.5 for option in issue.options}
        if pole is not None and issue.numeric:
            mine = issue.values[pole]
            spread = max(abs(v - mine) for v in issue.values.values()) or 1.0
            row = {o: round(1.0 - abs(v - mine) / spread, 2) for o, v in issue.values.items()}
            cited += issue.demands.get(party, [])[:1]
        elif pole is not None:
            row = {option: 0.0 for option in issue.options}
            row[pole] = 1.0
            if issue.middle in row and issue.middle != pole:
                row[issue.middle] = 0.5  # an issue the author wrote may have no middle
            cited += issue.demands.get(party, [])[:1]
        elif party in issue.bends:
            row = {option: 0.4 for option in issue.options}
            if issue.middle in row:
                row[issue.middle] = 1.0
            cited += issue.demands.get(party, [])[:1]
        values[issue.key] = row
    rule = derived("a party's own ask is worth 1 and the farthest option 0 (figures in "
                   "between in proportion to their distance); a middle ground is worth 0.5, "
                   "and most to a party that only offers to compromise. "
                   "The in-between numbers are a rule of thumb.")
    if not cited:
        return values, to_fill(f"the sources give no preference of {party} between the options; "
                               "every option is worth 0.5 until you rank them.")
    return values, because([quote_of(f) for f in cited[:3]], rule)


def _budget(party: str, own: list[Finding]) -> tuple[dict[str, Any], Any]:
    read = [f for f in own if f.reading.kind != "position"]
    if not read:
        return {"total": 0.3, "pace": "linear"}, to_fill(
            f"nothing {party} says shows how far it can bend; 0.3 at a linear pace is a "
            "placeholder.")
    firm = mean(f.reading.firmness for f in read)
    bends = [f for f in read if f.reading.kind in ("compromise", "concede_call")]
    total = round(min(max(0.45 - 0.35 * firm + 0.05 * len(bends), 0.1), 0.5), 2)
    pace = "boulware" if firm >= 0.7 else "conceder" if firm < 0.45 or (
        bends and firm < 0.55) else "linear"
    rule = derived(f"mean firmness of {party}'s statements is {firm:.2f} and it offers to bend "
                   f"in {len(bends)}; budget = 0.45 - 0.35 x firmness + 0.05 per offer, "
                   "boulware from firmness 0.7, conceder below 0.45.")
    cited = quotes([f for f in read if f not in bends], 2) + quotes(bends, 1)
    return {"total": total, "pace": pace}, because(cited, rule)


def _strategy(party: str, own: list[Finding]) -> tuple[str, Any]:
    allied = [f for f in own if f.reading.kind == "coordination"]
    if allied:
        return "tit_for_tat", because(quotes(allied, 1), derived(
            f"{party} speaks of acting in coordination, so it answers others' moves in kind "
            "(tit for tat)."))
    return "time_based", to_fill(f"the sources do not show {party}'s tactics; a time-based "
                                 "concession is the neutral default.")


def _lines(party: str, issues: list[DraftIssue]) -> list[Line]:
    lines: list[Line] = []
    for issue in issues:
        for f in issue.demands.get(party, []):
            if f.reading.kind != "red_line" or f.reading.firmness < SOFT_FROM:
                continue
            options = [o for o in f.rules_out or [] if o in issue.options] or \
                ruled_out(issue, party, f)
            if options:
                lines.append(Line(issue.key, options, f.reading.firmness, [f],
                                  short(key_clause(f.statement.words))))
    return lines

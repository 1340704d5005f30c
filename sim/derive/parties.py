"""Drafting one party's parameters from what it said and what was said about it.

- Salience: the share of the party's talk (weighted by firmness) that goes to each issue,
  plus a smaller share for issues where others make demands of it.
- Values: its own demand is worth 1, a middle option 0.5, the demands made of it 0; a party
  that calls on all sides to concede values the middle options most.
- Red lines: its firmest demands (hard at firmness 0.75 and up, soft from 0.6), and the
  proposals it calls unacceptable.
- Budget and pace: from the mean firmness of its statements and how often it offers to bend.
- Strategy: reciprocal (tit for tat) when it speaks of acting in coordination.
Everything else (reservation, unquoted parties) is an assumption marked `TO FILL:`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from statistics import mean
from typing import Any

from sim.derive.classify import key_clause
from sim.derive.evidence import because, derived, quote_of, quotes, to_fill
from sim.derive.issues import NOT_AT_ALL, DraftIssue, ask_option, is_demand, short
from sim.derive.readings import Finding

HARD_FROM = 0.75
"""Firmness from which a demand becomes a hard red line."""
SOFT_FROM = 0.6
"""Firmness from which a demand becomes a soft red line."""
RESERVATION = 0.3
"""Placeholder reservation value; the text never states what no deal is worth."""


@dataclass
class Stake:
    """Why one issue matters to one party."""

    weight: float = 0.0
    own: list[Finding] = field(default_factory=list)
    """The party's demands here."""
    against: dict[str, list[Finding]] = field(default_factory=dict)
    """Demanding party → statements that target this party, or that this party attacks."""
    spared_by: dict[str, list[Finding]] = field(default_factory=dict)
    """Demanding party → statements that expressly spare this party ("not on the Ukrainians")."""
    bends: list[Finding] = field(default_factory=list)
    """The party's offers to compromise here: it values the middle ground most."""


@dataclass
class Line:
    """A red line in the making, before it is written."""

    issue: str
    options: list[str]
    firmness: float
    evidence: list[Finding]
    label: str


def stakes(party: str, issues: list[DraftIssue], findings: list[Finding]) -> dict[str, Stake]:
    """The party's stake in each issue it demands, is targeted on, or attacks."""
    out: dict[str, Stake] = {}
    hostile = [f for f in findings if f.speaker == party and f.reading.kind == "hostility"]
    for issue in issues:
        stake = Stake()
        for f in issue.demands.get(party, []):
            stake.own.append(f)
            stake.weight += 0.5 + f.reading.firmness
        for other, fs in issue.demands.items():
            if other == party:
                continue
            # A demand that expressly spares the party outweighs others that merely name it.
            spared = [f for f in fs if _named(f, party) is True]
            if spared:
                stake.spared_by[other] = spared
                stake.weight += 0.3 * len(spared)
                continue
            for f in fs:
                if _named(f, party) is False:
                    stake.against.setdefault(other, []).append(f)
                    stake.weight += 0.5
            for f in hostile:
                if other in f.statement.others:
                    stake.against.setdefault(other, []).append(f)
                    stake.weight += 0.5 + f.reading.firmness
        bends = [f for f in findings if f.speaker == party and f.reading.kind == "compromise"
                 and issue.key in f.reading.topics]
        if bends and not stake.own:
            stake.bends = bends
            stake.weight += 0.5
        if stake.weight > 0:
            out[issue.key] = stake
    return out


def _named(finding: Finding, party: str) -> bool | None:
    """True when the statement names `party` to spare it, False to target it, else None."""
    named = {m.party: m.negated for m in finding.statement.mentions}
    return named.get(party)


def draft_party(party: str, aliases: list[str], issues: list[DraftIssue],
                findings: list[Finding], mediator: str | None) -> tuple[dict[str, Any], list[Line]]:
    """The party's scenario entry (red lines still to add) and its red lines in the making."""
    own = [f for f in findings if f.speaker == party]
    calls = [f for f in own if f.reading.kind == "concede_call"]
    mine = stakes(party, issues, findings)
    broker = bool(calls) and not any(is_demand(f, mediator) for f in own)
    cares, cares_why = _cares(party, issues, mine, broker, calls)
    values, values_why = _values(party, issues, mine, cares, calls if broker else [])
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
    return entry, _lines(party, issues, mine)


def _position(party: str, own: list[Finding]) -> str:
    if not own:
        return f"TO FILL: {party} is not quoted in the sources."
    firmest = max(own, key=lambda f: f.reading.firmness)
    return f"{firmest.statement.quote} ({firmest.reading.label})"


def _cares(party: str, issues: list[DraftIssue], mine: dict[str, Stake], broker: bool,
           calls: list[Finding]) -> tuple[dict[str, float], Any]:
    weights = {key: stake.weight for key, stake in mine.items()}
    if broker:
        for issue in issues:
            weights[issue.key] = weights.get(issue.key, 0.0) + 0.3
        why = because(quotes(calls, 1), derived(f"{party} calls on all sides to concede, so "
                                                "every issue is given some weight."))
    elif weights:
        cited = [f for s in mine.values()
                 for f in [*s.own, *s.bends, *(x for v in s.against.values() for x in v)]]
        why = because(quotes(cited), derived("weights follow how much of the talk by and about "
                                             f"{party} goes to each issue, firm words counting "
                                             "more."))
    else:
        weights = {issue.key: 1.0 for issue in issues}
        why = to_fill(f"the sources say nothing about what {party} cares about; weights are "
                      "equal until you set them.")
    return normalised(weights), why


def normalised(weights: dict[str, float]) -> dict[str, float]:
    """Weights rounded to two decimals that sum to exactly 1."""
    total = sum(weights.values())
    shares = {k: round(w / total, 2) for k, w in weights.items() if w / total >= 0.005}
    top = max(shares, key=lambda k: shares[k])
    shares[top] = round(shares[top] + 1.0 - sum(shares.values()), 2)
    return shares


def _values(party: str, issues: list[DraftIssue], mine: dict[str, Stake],
            cares: dict[str, float], calls: list[Finding]) -> tuple[dict[str, Any], Any]:
    values: dict[str, dict[str, float]] = {}
    cited: list[Finding] = []
    for issue in issues:
        if issue.key not in cares:
            continue
        stake = mine.get(issue.key, Stake())
        row = {option: 0.5 for option in issue.options}
        if stake.own:
            row = {option: 0.0 for option in issue.options}
            row[ask_option(party)] = 1.0
            row[issue.middle] = 0.5
            cited += stake.own[:1]
        else:
            for other, fs in stake.against.items():
                row[ask_option(other)] = 0.0
                cited += fs[:1]
            for other, fs in stake.spared_by.items():
                row[ask_option(other)] = 1.0
                cited += fs[:1]
            if stake.against and NOT_AT_ALL in row:
                row[NOT_AT_ALL] = 1.0
            if (calls or stake.bends) and not stake.against and not stake.spared_by:
                row = {option: 0.4 for option in issue.options}
                row[issue.middle] = 1.0
                cited += stake.bends[:1]
        values[issue.key] = row
    rule = derived("a party's own demand is worth 1, a middle option 0.5, and the demands "
                   "made of it 0; a party calling on all sides to concede, or offering to "
                   "compromise, values middle options most. The in-between numbers are a rule "
                   "of thumb.")
    if not cited and not calls:
        return values, to_fill(f"the sources give no preference of {party} between the options; "
                               "every option is worth 0.5 until you rank them.")
    return values, because([quote_of(f) for f in cited[:3]], quotes(calls, 1), rule)


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


def _lines(party: str, issues: list[DraftIssue], mine: dict[str, Stake]) -> list[Line]:
    lines: list[Line] = []
    for issue in issues:
        stake = mine.get(issue.key)
        if stake is None:
            continue
        if stake.own:
            firmest = stake.own[0]
            far = ([NOT_AT_ALL] if len(issue.demanders) == 1 else
                   [ask_option(p) for p in issue.demanders if p != party])
            firm = [f for f in stake.own if f.reading.firmness >= SOFT_FROM][:2]
            lines.append(Line(issue.key, far, firmest.reading.firmness, firm,
                              short(key_clause(firmest.statement.quote))))
        for other, fs in stake.against.items():
            attacks = [f for f in fs if f.speaker == party]
            if attacks and not stake.own:
                worst = max(attacks, key=lambda f: f.reading.firmness)
                lines.append(Line(issue.key, [ask_option(other)], worst.reading.firmness,
                                  [worst], f"rejects what {other} asks on {issue.key}"))
    return [line for line in lines if line.firmness >= SOFT_FROM]

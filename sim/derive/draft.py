"""Assembling a draft scenario from the issues and parties derived from the documents.

The draft is a plain mapping in the order a teacher reads a scenario: title and summary,
rules of the table, issues, parties. Hard red lines are checked together: when they leave no
outcome every party could sign, the weakest are made soft, and the report says so, naming the
lines that collided.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from typing import Any

from sim.derive.documents import Document
from sim.derive.evidence import because, quote_of, quotes, to_fill
from sim.derive.issues import DraftIssue
from sim.derive.mediator import MediatorCue
from sim.derive.parties import HARD_FROM, Line, draft_party
from sim.derive.readings import Finding
from sim.scenario.checks import some_outcome_avoids

DEADLINE = 20
"""Placeholder number of rounds; no news report states one."""


@dataclass
class Draft:
    """The drafted scenario and what drafting had to decide on the way."""

    scenario: dict[str, Any]
    notes: list[str] = field(default_factory=list)


def draft_scenario(docs: list[Document], parties: dict[str, list[str]],
                   issues: list[DraftIssue], findings: list[Finding],
                   mediator: MediatorCue | None) -> Draft:
    """A scenario mapping that `sim.scenario.schema.Scenario` accepts, however little was found.

    With fewer than two parties, or no issue, placeholders marked `TO FILL:` stand in, so the
    author always gets a draft that loads and a list of what to decide.
    """
    notes: list[str] = []
    mediator_name = mediator.party if mediator else None
    parties = dict(parties)
    named = {p: safe_name(p) for p in parties}
    if mediator is not None and mediator_name is not None:
        mediator = dataclasses.replace(mediator, party=named.get(mediator_name, mediator_name))
        mediator_name = mediator.party
    if any(p != n for p, n in named.items()):
        # "U.S." is "US": a dot separates the parts of a parameter's path.
        parties = {named[p]: a for p, a in parties.items()}
        findings = [Finding(dataclasses.replace(f.statement, speaker=named.get(f.speaker,
                                                                                f.speaker)),
                            f.reading, f.note, f.rules_out) for f in findings]
        issues = [dataclasses.replace(
            i, demands={named.get(p, p): fs for p, fs in i.demands.items()},
            demanders=[named.get(p, p) for p in i.demanders],
            poles={named.get(p, p): o for p, o in i.poles.items()},
            bends=[named.get(p, p) for p in i.bends]) for i in issues]
    if mediator_name and mediator_name not in parties:
        parties[mediator_name] = []
    negotiating = [p for p in parties if p != mediator_name]
    for k in range(len(negotiating), 2):
        name = f"Party {'AB'[k]}"
        while name in parties:
            name += "'"
        parties[name] = []
        negotiating.append(name)
        notes.append(f"only {k} party found: '{name}' is a placeholder; name the sides.")
    if not issues:
        issues = [_placeholder_issue()]
        notes.append("no issue found: 'issue_to_fill' is a placeholder; write the issues.")
    entries: dict[str, dict[str, Any]] = {}
    lines: dict[str, list[Line]] = {}
    for party, aliases in parties.items():
        entries[party], lines[party] = draft_party(party, aliases, issues, findings,
                                                   mediator_name)
    _settle_red_lines(issues, lines, notes)
    for party, party_lines in lines.items():
        written = [_write_line(line) for line in party_lines]
        if written:
            entries[party]["red_lines"] = written
    scenario = {
        "title": docs[0].headline if len(docs[0].headline) >= 3 else "Draft scenario",
        "date": docs[0].date,
        "summary": "TO FILL: the public background every player reads first. Drafted by "
                   f"`parley derive` from {', '.join(d.name for d in docs)}.",
        "seeds": [d.name for d in docs],
        "protocol": _protocol(mediator),
        "consent": _consent(negotiating, findings),
        "issues": {issue.key: _issue(issue) for issue in issues},
        "parties": entries,
    }
    if scenario["date"] is None:
        del scenario["date"]
    return Draft(scenario, notes)


def safe_name(name: str) -> str:
    """A party's name as a scenario key: no dots ("U.S." → "US"), no edge spaces."""
    return re.sub(r"\s+", " ", name.replace(".", "")).strip() or "Party"


def _placeholder_issue() -> DraftIssue:
    issue = DraftIssue("issue_to_fill", "TO FILL: what is negotiated?", [], {})
    issue.options = ["option_a", "option_b"]
    issue.labels = {"option_a": "TO FILL: one outcome", "option_b": "TO FILL: another"}
    return issue


def _protocol(mediator: MediatorCue | None) -> dict[str, Any]:
    deadline = to_fill(f"how many rounds before the talks end without a deal; {DEADLINE} is "
                       "a placeholder.")
    if mediator is None:
        return {"kind": "alternating", "deadline": DEADLINE, "because": because(
            deadline, to_fill("no mediator is named, so parties take turns to propose."))}
    cue = {"seed": mediator.seed, "span": [mediator.start, mediator.end],
           "quote": mediator.quote, "reads_as": "mediator"}
    return {"kind": "mediated", "deadline": DEADLINE, "mediator": mediator.party,
            "because": because(cue, deadline)}


def _consent(parties: list[str], findings: list[Finding]) -> dict[str, Any]:
    say = [f for f in findings if any(w in f.statement.words.lower()
                                      for w in ("consent", "veto", "any decision"))]
    return {"required": parties, "because": because(
        quotes(say, 2),
        to_fill("every party found must accept a deal; drop those whose yes is not needed."))}


def _issue(issue: DraftIssue) -> dict[str, Any]:
    cited = [fs[0] for fs in issue.demands.values()]
    entry: dict[str, Any] = {"question": issue.question, "options": issue.options,
                             "labels": {k: v for k, v in issue.labels.items()
                                        if k in issue.options}}
    entry["because"] = because([quote_of(f) for f in cited]) if cited else to_fill(
        "no statement names this issue; say why it is on the table.")
    return entry


def _write_line(line: Line) -> dict[str, Any]:
    kind = "hard" if line.firmness >= HARD_FROM else "soft"
    entry: dict[str, Any] = {kind: {line.issue: line.options}}
    if kind == "soft":
        entry["cost"] = round(max(0.05, line.firmness - 0.45), 2)
    entry["label"] = line.label
    entry["because"] = because([quote_of(f) for f in line.evidence])
    return entry


def _settle_red_lines(issues: list[DraftIssue], lines: dict[str, list[Line]],
                      notes: list[str]) -> None:
    """Soften the weakest hard lines until some outcome crosses none of them."""
    options = {issue.key: issue.options for issue in issues}
    while True:
        hard = [(party, line) for party, ls in lines.items() for line in ls
                if line.firmness >= HARD_FROM]
        if not hard or some_outcome_avoids(options, [{line.issue: line.options}
                                                     for _, line in hard]):
            return
        party, weakest = min(hard, key=lambda pl: pl[1].firmness)
        collided = _collision(options, hard, weakest)
        weakest.firmness = HARD_FROM - 0.01
        named = [f"{who}'s '{line.label}'" for who, line in collided]
        listed = named[0] if len(named) == 1 else f"{', '.join(named[:-1])} and {named[-1]}"
        notes.append(f"no deal was possible: {listed} left no outcome every party could "
                     f"sign, so the least firm, {party}'s red line on '{weakest.issue}', was "
                     "made soft.")


def _collision(options: dict[str, list[str]], hard: list[tuple[str, Line]],
               weakest: Line) -> list[tuple[str, Line]]:
    """A set of the `hard` lines that together leave no outcome, from which no line can be
    dropped, keeping `weakest` in it if it can: the lines the note names."""
    def collide(chosen: list[tuple[str, Line]]) -> bool:
        return not some_outcome_avoids(options, [{line.issue: line.options}
                                                 for _, line in chosen])

    kept = list(hard)
    for item in sorted(hard, key=lambda pl: pl[1] is weakest):  # the weakest is tried last
        rest = [other for other in kept if other is not item]
        if collide(rest):
            kept = rest
    return kept

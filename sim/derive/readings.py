"""Statements read in context: a classification per statement, settled against its neighbours.

`classify` reads one statement alone. Two readings need the statement before: "That is our
red line" carries no topic of its own and hardens the sentence it follows; hostility that
names nobody ("filling during a drought would be unacceptable") is the speaker's own red line.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from sim.derive.classify import Reading, classify
from sim.derive.statements import Statement

ANAPHORA = ("that ", "this ", "it ", "and for that", "these ")
"""Openings that point back at the statement before."""


@dataclass
class Finding:
    """A statement and how it reads."""

    statement: Statement
    reading: Reading
    note: str = ""
    """Why the reading differs from the statement read alone, if it does."""

    @property
    def speaker(self) -> str:
        """The party the statement is attributed to."""
        return self.statement.speaker


def read_statements(statements: list[Statement]) -> list[Finding]:
    """Classify every statement, then settle anaphora and target-less hostility."""
    findings: list[Finding] = []
    for statement in statements:
        finding = Finding(statement, classify(statement.quote))
        previous = findings[-1] if findings else None
        if previous is not None and _points_back(finding, previous):
            _lean_on(finding, previous)
        if finding.reading.kind == "hostility" and not statement.others:
            finding.reading = dataclasses.replace(finding.reading, kind="red_line")
            finding.note = "hostility that names no other party reads as the speaker's red line"
        findings.append(finding)
    return findings


def _points_back(finding: Finding, previous: Finding) -> bool:
    same = (previous.statement.seed == finding.statement.seed
            and previous.speaker == finding.speaker)
    text = finding.statement.quote.lower()
    return same and not finding.reading.topics and text.startswith(ANAPHORA)


def _lean_on(finding: Finding, previous: Finding) -> None:
    """"That is our red line": take the topic before, and lend it this firmness."""
    finding.reading = dataclasses.replace(finding.reading, topics=previous.reading.topics)
    finding.note = f"points back at: {previous.statement.quote[:60]}"
    if finding.reading.firmness > previous.reading.firmness:
        previous.reading = dataclasses.replace(
            previous.reading, firmness=finding.reading.firmness,
            kind="red_line" if finding.reading.kind == "red_line" else previous.reading.kind)
        previous.note = f"hardened by the next sentence: {finding.statement.quote[:60]}"

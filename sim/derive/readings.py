"""Statements read in context: a classification per statement, settled against its neighbours.

`classify` reads one statement alone. One reading needs the statement before: "That is our
red line", a short sentence pointing back from the same speaker, hardens the sentence it
follows into a red line.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from sim.derive.classify import Reading, classify
from sim.derive.statements import Statement


@dataclass
class Finding:
    """A statement and how it reads."""

    statement: Statement
    reading: Reading
    note: str = ""
    """Why the reading differs from the statement read alone, if it does."""
    rules_out: list[str] | None = None
    """The options its red line rules out, when an author chose them (`sim.derive.review`)."""

    @property
    def speaker(self) -> str:
        """The party the statement is attributed to."""
        return self.statement.speaker


def read_statements(statements: list[Statement]) -> list[Finding]:
    """Classify every statement, then let a short pointing-back statement harden the one before."""
    findings: list[Finding] = []
    for statement in statements:
        finding = Finding(statement, classify(statement.words))
        previous = findings[-1] if findings else None
        if previous is not None and _points_back(finding, previous):
            _lean_on(finding, previous)
        findings.append(finding)
    return findings


def _points_back(finding: Finding, previous: Finding) -> bool:
    same = (previous.statement.seed == finding.statement.seed
            and previous.speaker == finding.speaker)
    text = finding.statement.words.lower().strip(" \"“")
    # "That is our red line", "It remains a red line": a copula right after the pointer;
    # "it would never go above 30%" is a statement of its own.
    pointing = bool(re.match(r"(?:that|this|it|these|and for that)(?:'s|’s| is| was| remains| "
                             r"are| will remain| would be| has always been)\b", text))
    return same and pointing and len(text.split()) <= 8


def _lean_on(finding: Finding, previous: Finding) -> None:
    """"That is our red line": lend the statement before this firmness."""
    finding.note = f"points back at: {previous.statement.quote[:60]}"
    if finding.reading.firmness > previous.reading.firmness and \
            finding.reading.kind == "red_line":
        previous.reading = dataclasses.replace(previous.reading, kind="red_line",
                                               firmness=finding.reading.firmness)
        previous.note = f"hardened by the next sentence: {finding.statement.quote[:60]}"

"""Grouping what parties demand into issues with options.

Each topic on which some party demands something becomes an issue. Its options are the
demands themselves: with one party asking, "as X asks", "partly", "not at all"; with several,
one option per party's demand and a middle ground between them. Labels quote the demand, so
an author sees at once what each option stands for and can rename it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sim.derive.classify import DEMANDING, key_clause, lexicon, topic_question
from sim.derive.readings import Finding

MAX_ISSUES = 6
"""Most issues a draft proposes (the firmest); more make a game few students can read."""

MAX_DEMANDERS = 3
"""Most parties whose demands become options of one issue."""

MIDDLE = "middle_ground"
PARTLY = "partly"
NOT_AT_ALL = "not_at_all"


@dataclass
class DraftIssue:
    """An issue proposed from the statements, with who asks what on it."""

    key: str
    question: str
    demanders: list[str]
    """Parties whose demands are options, firmest first."""
    demands: dict[str, list[Finding]]
    """Party → its demanding statements on this issue, firmest first."""
    options: list[str] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict)

    @property
    def middle(self) -> str:
        """The option between the demands (`partly` with one demand)."""
        return PARTLY if len(self.demanders) == 1 else MIDDLE

    @property
    def weight(self) -> float:
        """How much demand rests on the issue: the firmness of all its demands."""
        return sum(f.reading.firmness for fs in self.demands.values() for f in fs)


def slug(party: str) -> str:
    """A party's name as part of an option id: `Oster Union` → `oster_union`."""
    return re.sub(r"[^0-9a-z]+", "_", party.lower()).strip("_") or "party"


def ask_option(party: str) -> str:
    """The option id meaning "as `party` asks"."""
    return f"as_{slug(party)}_asks"


def is_demand(finding: Finding, mediator: str | None) -> bool:
    """Whether the statement puts something on the table (a mediator's never does)."""
    return (finding.reading.kind in DEMANDING and finding.speaker != mediator
            and bool(issue_topics(finding)))


def issue_topics(finding: Finding) -> list[str]:
    """Topics of the statement that can become issues (not talk about bargaining itself)."""
    topics = lexicon().topics
    return [t for t in finding.reading.topics if not topics[t].get("meta")]


def build_issues(findings: list[Finding], mediator: str | None = None) -> list[DraftIssue]:
    """Issues from the demanding statements, firmest first, at most `MAX_ISSUES`."""
    by_topic: dict[str, dict[str, list[Finding]]] = {}
    for finding in findings:
        if is_demand(finding, mediator):
            for topic in issue_topics(finding):
                by_topic.setdefault(topic, {}).setdefault(finding.speaker, []).append(finding)
    issues = []
    for topic, demands in by_topic.items():
        for fs in demands.values():
            fs.sort(key=lambda f: -f.reading.firmness)
        ranked = sorted(demands, key=lambda p: -demands[p][0].reading.firmness)
        issue = DraftIssue(topic, topic_question(topic), ranked[:MAX_DEMANDERS],
                           {p: demands[p] for p in ranked[:MAX_DEMANDERS]})
        _name_options(issue)
        issues.append(issue)
    issues.sort(key=lambda i: -i.weight)
    return issues[:MAX_ISSUES]


def _name_options(issue: DraftIssue) -> None:
    asks = [ask_option(p) for p in issue.demanders]
    for party, option in zip(issue.demanders, asks, strict=True):
        demand = key_clause(issue.demands[party][0].statement.quote)
        issue.labels[option] = f"As {party} asks: {short(demand)}"
    if len(asks) == 1:
        party = issue.demanders[0]
        issue.options = [asks[0], PARTLY, NOT_AT_ALL]
        issue.labels[PARTLY] = f"Partly as {party} asks"
        issue.labels[NOT_AT_ALL] = f"Not as {party} asks"
    else:
        issue.options = [asks[0], MIDDLE, *asks[1:]]
        issue.labels[MIDDLE] = f"A middle ground between {' and '.join(issue.demanders)}"


def short(text: str, limit: int = 70) -> str:
    """`text` cut at a word boundary to about `limit` characters."""
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + " …"

"""Reviewing a derivation: the author accepts, rejects or reassigns each statement derive read,
edits options and numbers, and saves a scenario that loads.

`parley derive ARTICLE --review` shows this in the terminal (`tui.screens.review`); the model
here holds no widget, so tests and other front ends drive it directly. Every change rebuilds
the draft with derive's own drafting rules, so the draft on screen is always the one saved,
and every quote keeps its exact span in the article.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sim.derive.api import Derivation
from sim.derive.classify import classify
from sim.derive.draft import Draft, draft_scenario, safe_name
from sim.derive.figures import Figure, figures, option_id
from sim.derive.issues import DraftIssue, slug
from sim.derive.parties import HARD_FROM
from sim.derive.readings import Finding
from sim.derive.statements import Statement
from sim.derive.writer import render_yaml, validate_text, write_draft
from sim.scenario.schema import Scenario

STATUSES = ("pending", "accepted", "rejected")
RED_LINES = (None, "hard", "soft")
"""What a statement can be made: no red line, a hard one, a soft one."""

NOBODY = "(no speaker)"
"""The speaker of a sentence derive read as a statement but could not attribute: the author
gives it to a party (`set_party`) or leaves it out of the draft."""

HARD = 0.9
SOFT = 0.6
"""Firmness given to a statement the author makes a hard or a soft red line."""


class ReviewError(ValueError):
    """An edit the draft cannot take (a duplicate option, an empty name); says why."""


@dataclass
class Candidate:
    """One statement derive read, and what the author made of it."""

    finding: Finding
    speaker: str
    issue: str | None
    red_line: str | None
    """`hard`, `soft`, or None when the statement is no red line."""
    status: str = "pending"
    rules_out: list[str] | None = None
    """Options the red line rules out, when the author chose them (else derive's reading)."""

    @property
    def start(self) -> int:
        return self.finding.statement.start

    @property
    def end(self) -> int:
        return self.finding.statement.end

    @property
    def seed(self) -> str:
        return self.finding.statement.seed


@dataclass
class Review:
    """A derivation under review."""

    derivation: Derivation
    candidates: list[Candidate] = field(default_factory=list)
    issues: list[DraftIssue] = field(default_factory=list)
    parties: list[str] = field(default_factory=list)
    """Every party a statement can be given to: the negotiating ones, the mediator, and
    placeholders standing in for sides not found."""
    aliases: dict[str, list[str]] = field(default_factory=dict)
    """Negotiating party → its other names (placeholders and the mediator are not here)."""
    placeholders: list[str] = field(default_factory=list)
    """Parties the draft invented because fewer than two were found ("Party A")."""

    @classmethod
    def of(cls, derivation: Derivation) -> Review:
        """Start reviewing `derivation`: every statement is a pending candidate, and so is
        every sentence derive could not attribute (its speaker `NOBODY` until the author
        gives it to a party)."""
        issues = [dataclasses.replace(i, options=list(i.options), labels=dict(i.labels),
                                      poles=dict(i.poles), values=dict(i.values),
                                      demands={p: list(fs) for p, fs in i.demands.items()})
                  for i in derivation.issues]
        where = {id(f): i.key for i in issues for f in i.findings}
        candidates = []
        unread = [Finding(Statement(u.seed, NOBODY, u.start, u.end, u.quote,
                                    f"not attributed: {u.reason}"), classify(u.quote))
                  for u in derivation.unread]
        for f in [*derivation.findings, *unread]:
            line = None
            if f.reading.kind == "red_line":
                line = "hard" if f.reading.firmness >= HARD_FROM else "soft"
            candidates.append(Candidate(f, f.speaker, where.get(id(f)), line))
        candidates.sort(key=lambda c: (c.seed, c.start))
        drafted = derivation.draft.scenario["parties"]
        parties = list(drafted)
        mediator = safe_name(derivation.mediator.party) if derivation.mediator else None
        found = {safe_name(p.name) for p in derivation.parties}
        aliases = {p: list(e.get("aliases", [])) for p, e in drafted.items()
                   if p in found and p != mediator}
        placeholders = [p for p in parties if p not in found and p != mediator]
        return cls(derivation, candidates, issues, parties, aliases, placeholders)

    # ------------------------------------------------------------------ parties and issues

    def add_party(self, name: str, aliases: list[str] | None = None) -> str:
        """Add a negotiating party derive missed; returns its name in the draft.

        A placeholder the draft invented ("Party A") is replaced by it, and the statements
        given to the placeholder go to the new party.
        """
        name = safe_name(name.strip()) if name.strip() else ""
        if not name or len(name) > 80:
            raise ReviewError("a party needs a name of 1 to 80 characters")
        if name.lower() in {p.lower() for p in self.parties if p not in self.placeholders}:
            raise ReviewError(f"there is already a party '{name}'")
        if self.placeholders:
            stand_in = self.placeholders.pop(0)
            self.parties[self.parties.index(stand_in)] = name
            for c in self.candidates:
                if c.speaker == stand_in:
                    c.speaker = name
        else:
            self.parties.append(name)
        others = [a.strip() for a in aliases or [] if a.strip() and a.strip() != name]
        self.aliases[name] = list(dict.fromkeys(others))
        return name

    def add_issue(self, name: str, options: list[str], question: str | None = None) -> str:
        """Add an issue derive missed, with its options; returns its key.

        Options that all name a figure ("3%", "5%", "8%") make a numeric issue, ordered by
        their figures; others are kept in the order given.
        """
        key = slug(name)
        if not name.strip():
            raise ReviewError("an issue needs a name")
        if key in self.issue_keys:
            raise ReviewError(f"there is already an issue '{key}'")
        labels = [o.strip() for o in options if o.strip()]
        if len(labels) < 2:
            raise ReviewError("an issue needs at least two options, separated by commas")
        ids = [option_id(label) for label in labels]
        if len(set(ids)) < len(ids):
            raise ReviewError(f"two options of '{key}' have the same name")
        found = [figures(label) for label in labels]
        numeric = all(len(fs) == 1 for fs in found)
        issue = DraftIssue(key, question.strip() if question and question.strip() else
                           f"TO FILL: what is to be decided on {name.strip()}?", [], {},
                           options=ids, labels={i: lab for i, lab in zip(ids, labels, strict=True)
                                                if i != lab})
        if numeric:
            issue.numeric = True
            issue.values = {i: fs[0].value for i, fs in zip(ids, found, strict=True)}
            units = {fs[0].unit for fs in found}
            issue.unit = units.pop() if len(units) == 1 else ""
            issue.options.sort(key=lambda o: issue.values[o])
        self.issues.append(issue)
        return key

    # ------------------------------------------------------------------ statements

    def accept(self, k: int) -> None:
        """The author agrees with how candidate `k` was read."""
        self.candidates[k].status = "accepted"

    def reject(self, k: int) -> None:
        """Candidate `k` says nothing the scenario should use: it leaves the draft."""
        self.candidates[k].status = "rejected"

    def set_party(self, k: int, party: str) -> None:
        """Give candidate `k` to another party."""
        if party not in self.parties:
            raise ReviewError(f"no party '{party}' in the draft")
        self.candidates[k].speaker = party
        self.candidates[k].status = "accepted"

    def set_issue(self, k: int, issue: str | None) -> None:
        """Put candidate `k` on another issue (None: on none)."""
        if issue is not None and issue not in self.issue_keys:
            raise ReviewError(f"no issue '{issue}' in the draft")
        candidate = self.candidates[k]
        candidate.issue = issue
        candidate.rules_out = None
        candidate.status = "accepted"

    def set_red_line(self, k: int, kind: str | None) -> None:
        """Make candidate `k` a hard or a soft red line, or no red line."""
        if kind not in RED_LINES:
            raise ReviewError(f"a red line is hard or soft, not '{kind}'")
        self.candidates[k].red_line = kind
        self.candidates[k].status = "accepted"

    def set_rules_out(self, k: int, options: list[str]) -> None:
        """Choose the options the red line of candidate `k` rules out."""
        candidate = self.candidates[k]
        issue = self._issue(candidate.issue)
        unknown = [o for o in options if o not in issue.options]
        if unknown:
            raise ReviewError(f"{', '.join(unknown)}: not an option of '{issue.key}' "
                              f"({', '.join(issue.options)})")
        if not options or set(options) >= set(issue.options):
            raise ReviewError("a red line rules out some options, never none or all")
        candidate.rules_out = list(options)
        candidate.status = "accepted"

    def set_ask(self, k: int, option: str) -> None:
        """The option candidate `k` asks for: its speaker's ideal on the candidate's issue."""
        candidate = self.candidates[k]
        issue = self._issue(candidate.issue)
        if option not in issue.options:
            raise ReviewError(f"'{option}' is not an option of '{issue.key}' "
                              f"({', '.join(issue.options)})")
        issue.poles[candidate.speaker] = option
        candidate.status = "accepted"

    # ------------------------------------------------------------------ options

    @property
    def issue_keys(self) -> list[str]:
        return [i.key for i in self.issues]

    def _issue(self, key: str | None) -> DraftIssue:
        for issue in self.issues:
            if issue.key == key:
                return issue
        raise ReviewError(f"no issue '{key}' in the draft")

    def rename_option(self, key: str, old: str, new: str) -> None:
        """Rename option `old` of issue `key` everywhere it is used."""
        issue = self._issue(key)
        new = new.strip()
        if old not in issue.options:
            raise ReviewError(f"'{old}' is not an option of '{key}' ({', '.join(issue.options)})")
        if not new or len(new) > 80:
            raise ReviewError("an option needs a name of 1 to 80 characters")
        if "." in new:
            raise ReviewError(f"'{new}': an option's name has no dots (they separate the parts "
                              f"of a parameter's path); write {option_id(new)!r}")
        if new != old and new in issue.options:
            raise ReviewError(f"'{key}' already has an option '{new}'")
        issue.options = [new if o == old else o for o in issue.options]
        if old in issue.labels:
            issue.labels[new] = issue.labels.pop(old)
        issue.poles = {p: new if o == old else o for p, o in issue.poles.items()}
        if old in issue.values:
            issue.values[new] = issue.values.pop(old)
        for c in self.candidates:
            if c.rules_out and c.issue == key:
                c.rules_out = [new if o == old else o for o in c.rules_out]

    def set_number(self, key: str, option: str, value: float) -> str:
        """Give a numeric option another figure ("9%" → "10%"); returns its new name.

        A numeric issue keeps its options in order of their figures. An issue with listed
        options becomes numeric once every option has a figure.
        """
        issue = self._issue(key)
        if option not in issue.options:
            raise ReviewError(f"'{option}' is not an option of '{key}'")
        unit = issue.unit or _unit_of(option)
        label = Figure(value, unit, 0, 0, "").label
        new = option_id(label)
        self.rename_option(key, option, new)
        issue.values[new] = value
        if new != label:
            issue.labels[new] = label
        if issue.numeric or len(issue.values) == len(issue.options):
            issue.numeric = True
            issue.unit = unit
            issue.options.sort(key=lambda o: issue.values.get(o, 0.0))
        return new

    def rename_issue(self, key: str, new: str) -> None:
        """Give issue `key` another id."""
        issue = self._issue(key)
        new = slug(new)
        if new != key and new in self.issue_keys:
            raise ReviewError(f"there is already an issue '{new}'")
        issue.key = new
        for c in self.candidates:
            if c.issue == key:
                c.issue = new

    # ------------------------------------------------------------------ the draft

    def draft(self) -> Draft:
        """The scenario as the review stands: rejected statements out, every change in."""
        kept = [c for c in self.candidates if c.status != "rejected" and c.speaker != NOBODY]
        findings = [self._finding(c) for c in kept]
        by_candidate = {id(c): f for c, f in zip(kept, findings, strict=True)}
        issues = []
        for issue in self.issues:
            demands: dict[str, list[Finding]] = {}
            for c in kept:
                if c.issue == issue.key:
                    demands.setdefault(c.speaker, []).append(by_candidate[id(c)])
            ranked = sorted(demands, key=lambda p: -max(f.reading.firmness for f in demands[p]))
            issues.append(dataclasses.replace(issue, demands=demands, demanders=ranked,
                                              poles={p: o for p, o in issue.poles.items()
                                                     if o in issue.options}))
        d = self.derivation
        aliases = {p: list(a) for p, a in self.aliases.items()}
        return draft_scenario(d.documents, aliases, issues, findings, d.mediator)

    def scenario(self) -> dict[str, Any]:
        """The draft scenario mapping."""
        return self.draft().scenario

    def text(self) -> str:
        """The draft as the YAML that `save` writes."""
        return render_yaml(self.scenario())

    def validate(self) -> Scenario:
        """Check that the draft as it stands loads and validates, writing nothing.

        Raises:
            sim.scenario.loader.ScenarioError: with the file, line, field and reason.
        """
        return validate_text(self.text(), self.derivation.documents)

    def save(self, path: Path, *, overwrite: bool = False) -> Scenario:
        """Write the draft to `path` (a temporary file renamed into place) and load it back.

        Raises:
            FileExistsError: when `path` exists and `overwrite` is not set; nothing is written.
            sim.scenario.loader.ScenarioError: when the draft does not load (nothing written).
        """
        text = self.text()
        validate_text(text, self.derivation.documents)
        if path.exists() and not overwrite:
            raise FileExistsError(f"{path} already exists")
        scenario, _ = write_draft(text, path, self.derivation.documents)
        return scenario

    def _finding(self, c: Candidate) -> Finding:
        statement = dataclasses.replace(c.finding.statement, speaker=c.speaker)
        reading = c.finding.reading
        if c.red_line == "hard":
            reading = dataclasses.replace(reading, kind="red_line",
                                          firmness=max(reading.firmness, HARD))
        elif c.red_line == "soft":
            reading = dataclasses.replace(reading, kind="red_line",
                                          firmness=min(max(reading.firmness, 0.5), SOFT))
        elif reading.kind == "red_line":
            reading = dataclasses.replace(reading, kind="condition")
        return Finding(statement, reading, c.finding.note, rules_out=c.rules_out)


def _unit_of(option: str) -> str:
    if option.endswith("%"):
        return "%"
    if option.startswith("$"):
        return "$"
    match = re.search(r"\d\s+([A-Za-z0-9]+)$", option)
    return match.group(1) if match else ""

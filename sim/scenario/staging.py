"""What a party plays each stage of staged talks with, from the scenario alone (no engine).

`sim.negotiation.stages` builds each stage's game with these; the briefs and `parley explain`
state them without importing the engine (a brief is `parley play`'s first screen).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sim.scenario.schema import (
    NEUTRAL,
    Budget,
    Consent,
    Issue,
    Linear,
    Party,
    RedLine,
    Scenario,
    Stage,
)


def stage_cares(scenario: Scenario, k: int, name: str, issues: Iterable[str]) -> dict[str, float]:
    """Party `name`'s salience at stage `k`'s table, whose issues are `issues`: the stage's
    own weights if it sets them, else the party's own on those issues, scaled to sum to 1."""
    stages = scenario.stages or []
    at = list(issues)
    over = stages[k].parties.get(name) if stages else None
    if over is not None and over.cares is not None:
        return {i: w for i, w in over.cares.items() if i in at}
    cares = {i: scenario.parties[name].cares.get(i, 0.0) for i in at
             if i in scenario.parties[name].cares}
    total = sum(cares.values())
    return {i: w / total for i, w in cares.items()} if total > 0 else cares


def opening_issues(scenario: Scenario, k: int) -> list[str]:
    """The issues at stage `k`'s table when every earlier stage agreed (its own, and theirs)."""
    stages = scenario.stages or []
    named = {i for stage in stages[:k + 1] for i in stage.issues}
    return [i for i in scenario.issues if i in named]


def stage_numbers(scenario: Scenario, k: int, name: str) -> tuple[float, Budget,
                                                                  dict[str, float]]:
    """Party `name`'s reservation value, budget and salience in stage `k` as it opens
    (before anything carried over from earlier stages moves them)."""
    party = scenario.parties[name]
    stages = scenario.stages or []
    over = stages[k].parties.get(name) if stages else None
    reservation = over.reservation if over is not None and over.reservation is not None \
        else party.reservation
    budget = over.budget if over is not None and over.budget is not None else party.budget
    return reservation, budget, stage_cares(scenario, k, name, opening_issues(scenario, k))


@dataclass(frozen=True)
class StageScenario:
    """Stage `k` of staged talks as a one-table scenario (`stage_scenario`)."""

    scenario: Scenario
    """This stage's issues (agreed ones fixed at what was agreed), numbers and rules."""
    absent: tuple[str, ...]
    """Parties not at this table."""
    fixed: dict[str, str]
    """Issues at the table already settled (issue → option)."""
    options: dict[str, list[str]]
    """Per issue at the table, in the scenario's order: its options there."""


def stage_scenario(scenario: Scenario, k: int, *, agreed: Iterable[tuple[str, str]] = (),
                   left: Sequence[str] = (), unneeded: Sequence[str] = (),
                   mediator: str | None = None, protocol: str | None = None) -> StageScenario:
    """Stage `k` as played after earlier stages agreed (or fixed) `agreed` (issue, option),
    left the parties `left` out, no longer need the yes of `unneeded`, and admitted
    `mediator` (a party, or `neutral`); `protocol` overrides every stage's (`--protocol`).
    The loader checks the first stage with it before any engine is imported;
    `sim.negotiation.stages` compiles each stage's game from it."""
    s, stage = scenario, (scenario.stages or [])[k]
    last = k == len(scenario.stages or []) - 1
    fixed = dict(agreed)
    present = [i for i in s.issues if i in fixed or i in stage.issues]
    issues = {name: _fixed_issue(s.issues[name], fixed[name]) if name in fixed
              else s.issues[name] for name in present}
    options = {name: issue.option_names() for name, issue in issues.items()}
    rules = stage.protocol or s.protocol
    kind = protocol or rules.kind
    chair = rules.mediator
    if mediator is not None:
        kind = "mediated"
        chair = None if mediator == NEUTRAL else mediator
    absent = [p for p in s.parties if (p in stage.absent or p in left)
              and not (kind == "mediated" and p == chair)]
    first = rules.first if rules.first not in absent else None
    rules = rules.model_copy(update={"kind": kind, "mediator": chair, "first": first})
    consent = _consent(stage.consent or s.consent, [*absent, *unneeded], list(s.parties),
                       absent)
    parties = {name: _stage_party(s, k, name, party, options, last)
               for name, party in s.parties.items()}
    events = [*(s.events if last else []), *stage.events]
    events = [e for e in events if e.party not in absent]
    uncertainty = s.uncertainty
    if uncertainty is not None and uncertainty.vary:
        derived_probe = s.model_copy(update={"issues": issues, "parties": parties})
        uncertainty = uncertainty.model_copy(update={"vary": {
            path: dist for path, dist in uncertainty.vary.items()
            if _applies(path, dist, derived_probe)}})
    derived = s.model_copy(update={
        "summary": stage.summary or s.summary, "protocol": rules, "consent": consent,
        "issues": issues, "parties": parties, "events": events,
        "uncertainty": uncertainty, "stages": None})
    return StageScenario(derived, tuple(absent),
                         {i: fixed[i] for i in present if i in fixed}, options)


def _fixed_issue(issue: Issue, option: str) -> Issue:
    """`issue` settled at `option`: a question with that single option left."""
    return issue.model_copy(update={"options": [option], "range": None,
                                    "labels": {option: issue.label(option)}})


def _consent(consent: Consent, unneeded: Sequence[str], parties: Sequence[str],
             absent: Sequence[str]) -> Consent:
    """The consent rule of a table some parties do not sit at, or whose yes is no longer
    needed: their yes is not required."""
    required = [p for p in consent.required if p not in unneeded]
    present = [p for p in parties if p not in absent]
    at_least = consent.at_least
    if at_least is not None:
        at_least = min(at_least, len(present))
    if not required and at_least is None:
        required = present  # no yes named at all would let any text stand
    return consent.model_copy(update={"required": required, "at_least": at_least})


def _stage_party(s: Scenario, k: int, name: str, party: Party,
                 options: dict[str, list[str]], last: bool) -> Party:
    """Party `name` at stage `k`'s table, with the issues of `options`."""
    stage: Stage = (s.stages or [])[k]
    over = stage.parties.get(name)
    cares = stage_cares(s, k, name, options)
    values: dict[str, dict[str, float] | Linear] = {}
    for issue, spec in party.values.items():
        if issue not in options:
            continue
        every = s.issues[issue].option_names()
        table = (dict(zip(every, linspace(spec.linear[0], spec.linear[1], len(every)),
                          strict=True)) if isinstance(spec, Linear) else spec)
        values[issue] = {o: float(table[o]) for o in options[issue]}
    fixed = {issue for issue, opts in options.items() if len(opts) == 1}
    lines = [line for line in (_line_at(line, options, fixed) for line in party.red_lines)
             if line is not None]
    update: dict[str, Any] = {"cares": cares, "values": values, "red_lines": lines,
                              "ratification": party.ratification if last else None}
    because = dict(party.because)
    if over is not None:
        for key in ("reservation", "budget", "delay_cost", "strategy"):
            value = getattr(over, key)
            if value is not None:
                update[key] = value
        because.update(over.because)
    update["because"] = because
    return party.model_copy(update=update)


def linspace(start: float, stop: float, num: int) -> list[float]:
    """`num` evenly spaced numbers from `start` to `stop`, bit for bit as `numpy.linspace`
    gives them (the same two roundings per value: times the step, plus the start; the last
    is `stop` itself), without importing numpy."""
    if num < 2:
        return [float(start) + 0.0 * (stop - start)][:num]
    div = num - 1
    delta = float(stop) - float(start)
    step = delta / div
    if step == 0:  # numpy's way for steps too small to be a number (denormals)
        out = [k / div * delta + start for k in range(num)]
    else:
        out = [k * step + start for k in range(num)]
    out[-1] = float(stop)
    return out


def _line_at(line: RedLine, options: dict[str, list[str]],
             fixed: set[str]) -> RedLine | None:
    """A red line as it stands at a table: its condition cut to the options there, or None
    when the table cannot cross it (an issue not at the table, or none of its options) or
    it is about settled issues alone (an earlier stage crossed it or not: nothing at this
    table can change that, and a line every outcome crosses would leave nothing to sign)."""
    if all(issue in fixed for issue in line.condition):
        return None
    condition: dict[str, list[str]] = {}
    for issue, crossing in line.condition.items():
        if issue not in options:
            return None
        kept = [o for o in crossing if o in options[issue]]
        if not kept:
            return None
        condition[issue] = kept
    return line.model_copy(update={line.kind: condition})


def _applies(path: str, dist: str, scenario: Scenario) -> bool:
    from sim.scenario.uncertainty import VaryError, expand

    try:
        expand(path, dist, scenario)
    except VaryError:
        return False
    return True

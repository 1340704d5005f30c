"""Cross-checks of a structurally valid scenario, phrased in the author's language.

Each problem carries the path of the field it is about, so the loader can point at the line
of the file. Pydantic checks shapes and ranges; this module checks that names refer to things
that exist, that weights add up, that red lines leave something to agree on and that every
quote stands in its seed at the span it claims.
"""

from __future__ import annotations

import difflib
import itertools
import math
import unicodedata
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from sim.files import ReadError, read_regular
from sim.scenario.library import find_seed, is_seed_name
from sim.scenario.schema import (
    NEUTRAL,
    Because,
    Carry,
    Event,
    Linear,
    Party,
    Quote,
    RedLine,
    Scenario,
    evidence_list,
)

MAX_OUTCOMES = 250_000
"""Largest outcome space Parley enumerates exactly (the product of the issues' option counts)."""

FieldPath = tuple[str | int, ...]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a scenario: where (field path) and why."""

    path: FieldPath
    reason: str
    warning: bool = False
    """Only a warning: the scenario loads and plays, but its author should know (say, that
    no deal is possible whatever anyone does)."""


def check_scenario(scenario: Scenario, source: Path | None = None) -> list[Problem]:
    """All cross-reference problems of `scenario` (empty when it is sound): errors, and
    then, when there are none, warnings (`Problem.warning`).

    Args:
        scenario: a structurally valid scenario.
        source: the scenario's file, used to find its seed documents.
    """
    problems = list(_check_space(scenario))
    problems += _check_names(scenario)
    problems += _check_rules(scenario)
    for name, party in scenario.parties.items():
        problems += _check_party(scenario, name, party)
    problems += _check_events(scenario)
    problems += _check_stages(scenario)
    problems += _check_uncertainty(scenario)
    problems += _check_all_evidence(scenario, source)
    if not problems:
        problems += _check_agreement(scenario)
    return problems


def name_problem(name: str) -> str | None:
    """What is wrong with `name` as a party's, an issue's or an option's name, if anything:
    names are typed on command lines (`--side`, `--vary Russia.reservation=...`) and shown
    in briefs, so they hold no dot, no invisible or control character and no outer space."""
    if name != name.strip():
        return "starts or ends with a space"
    if "." in name:
        return ("contains a dot, which separates the parts of a parameter's path "
                "(Russia.reservation)")
    for char in name:
        if unicodedata.category(char) in _INVISIBLE or (char.isspace() and char != " "):
            return (f"contains an invisible or control character (U+{ord(char):04X}), so two "
                    "names that look the same could differ")
    return None


_INVISIBLE = frozenset({"Cc", "Cf", "Co", "Cs", "Cn", "Zl", "Zp"})


def _check_names(s: Scenario) -> Iterator[Problem]:
    for name in s.parties:
        if (why := name_problem(name)) is not None:
            yield Problem(("parties", name), f"the party name {name!r} {why}")
    for issue_name, issue in s.issues.items():
        if (why := name_problem(issue_name)) is not None:
            yield Problem(("issues", issue_name), f"the issue name {issue_name!r} {why}")
        for k, option in enumerate(issue.option_names()):
            if (why := name_problem(option)) is not None:
                yield Problem(("issues", issue_name, "options", k),
                              f"the option name {option!r} {why}")


def _check_space(s: Scenario) -> Iterator[Problem]:
    if len(s.parties) < 2:
        yield Problem(("parties",), "a negotiation needs at least two parties")
    size = math.prod(len(issue.option_names()) for issue in s.issues.values())
    if size > MAX_OUTCOMES:
        yield Problem(("issues",), f"{size:,} possible outcomes; Parley handles up to "
                                   f"{MAX_OUTCOMES:,} (fewer issues or options)")
    seen: dict[str, str] = {}
    for name, party in s.parties.items():
        for k, alias in enumerate(party.aliases):
            other = seen.setdefault(alias.lower(), name)
            if other != name:
                yield Problem(("parties", name, "aliases", k),
                              f"alias '{alias}' is already used by party '{other}'")


def _check_rules(s: Scenario) -> Iterator[Problem]:
    for k, name in enumerate(s.consent.required):
        if name not in s.parties:
            yield Problem(("consent", "required", k), _unknown("party", name, s.parties))
    if s.consent.at_least is not None and s.consent.at_least > len(s.parties):
        yield Problem(("consent", "at_least"), f"asks for {s.consent.at_least} acceptances "
                                               f"but there are only {len(s.parties)} parties")
    if not s.consent.required and s.consent.at_least is None:
        yield Problem(("consent",), "name the parties whose consent is `required`, "
                                    "or how many must accept (`at_least`)")
    for key in ("mediator", "first"):
        who = getattr(s.protocol, key)
        if who is not None and who not in s.parties:
            yield Problem(("protocol", key), _unknown("party", who, s.parties))


def _check_party(s: Scenario, name: str, party: Party) -> Iterator[Problem]:
    base: FieldPath = ("parties", name)
    for issue in party.cares:
        if issue not in s.issues:
            yield Problem((*base, "cares", issue),
                          f"party '{name}' cares about unknown issue '{issue}'"
                          f"{hint(issue, s.issues)}")
    total = sum(party.cares.values())
    if abs(total - 1.0) > 0.005:
        yield Problem((*base, "cares"), f"party '{name}': salience weights sum to {total:.3f}; "
                                        "they must sum to 1")
    for issue, weight in party.cares.items():
        if weight > 0 and issue in s.issues and issue not in party.values:
            yield Problem((*base, "values"),
                          f"party '{name}' cares about '{issue}' but gives no values "
                          "for its options")
    for issue, values in party.values.items():
        yield from _check_values(s, name, issue, values)
    for k, line in enumerate(party.red_lines):
        yield from _check_red_line(s, name, k, line)
    hard = [line for line in party.red_lines if line.kind == "hard"]
    if hard and not _lines_leave_an_outcome(s, hard):
        yield Problem((*base, "red_lines"),
                      f"party '{name}': its hard red lines together rule out every outcome")


def _check_values(s: Scenario, party: str, issue: str, values: dict[str, float] | Linear,
                  ) -> Iterator[Problem]:
    path: FieldPath = ("parties", party, "values", issue)
    if issue not in s.issues:
        yield Problem(path, f"party '{party}' gives values for unknown issue '{issue}'"
                            f"{hint(issue, s.issues)}")
        return
    if isinstance(values, Linear):
        return
    options = s.issues[issue].option_names()
    for option in values:
        if option not in options:
            yield Problem((*path, option), f"'{option}' is not an option of issue '{issue}'"
                                           f"{hint(option, options)}")
    missing = [o for o in options if o not in values]
    if missing:
        yield Problem(path, f"party '{party}' gives no value for {', '.join(missing)} "
                            f"on issue '{issue}'")


def _check_red_line(s: Scenario, party: str, k: int, line: RedLine) -> Iterator[Problem]:
    path: FieldPath = ("parties", party, "red_lines", k, line.kind)
    for issue, options in line.condition.items():
        if issue not in s.issues:
            yield Problem((*path, issue), f"party '{party}' has a red line on unknown issue "
                                          f"'{issue}'{hint(issue, s.issues)}")
            continue
        known = s.issues[issue].option_names()
        for j, option in enumerate(options):
            if option not in known:
                yield Problem((*path, issue, j), f"party '{party}' has a red line on unknown "
                                                 f"option '{option}' of issue '{issue}'"
                                                 f"{hint(option, known)}")
        if set(known) <= set(options) and len(line.condition) == 1:
            yield Problem((*path, issue), f"party '{party}': this red line lists every option "
                                          f"of '{issue}', so no outcome can meet it")


def _lines_leave_an_outcome(s: Scenario, lines: list[RedLine]) -> bool:
    if any(i not in s.issues for line in lines for i in line.condition):
        return True  # unknown issues are reported on their own
    options = {name: issue.option_names() for name, issue in s.issues.items()}
    if math.prod(len(opts) for opts in options.values()) > MAX_OUTCOMES:
        return True  # too many outcomes is reported on its own
    return some_outcome_avoids(options, [line.condition for line in lines])


def some_outcome_avoids(options: Mapping[str, Sequence[str]],
                        conditions: Iterable[Mapping[str, Collection[str]]]) -> bool:
    """Whether some outcome (one option per issue) crosses none of the red-line `conditions`.

    Each condition maps issues to the options that cross it, as `RedLine.condition` does; an
    outcome crosses it when its option on every issue named is one of those. The search
    chooses issue by issue and drops a partial outcome as soon as it crosses a condition
    whose issues are all chosen, so it is usually instant.

    Args:
        options: issue → its options.
        conditions: the red lines, each naming issues of `options`.
    """
    issues = list(options)
    place = {issue: k for k, issue in enumerate(issues)}
    decided: list[list[Mapping[str, Collection[str]]]] = [[] for _ in issues]
    for condition in conditions:
        if not condition:
            return False  # names no issue: every outcome crosses it
        decided[max(place[issue] for issue in condition)].append(condition)
    chosen: dict[str, str] = {}

    def extend(k: int) -> bool:
        if k == len(issues):
            return True
        for option in options[issues[k]]:
            chosen[issues[k]] = option
            crossed = any(all(chosen[i] in crossing for i, crossing in condition.items())
                          for condition in decided[k])
            if not crossed and extend(k + 1):
                return True
        return False

    return extend(0)


# --------------------------------------------------------------------------- agreement


Collision = list[tuple[str, RedLine]]
"""Hard red lines, each with its party, that together leave no outcome."""


def no_deal_reason(s: Scenario) -> str | None:
    """Why no outcome can get the consent a deal needs on the parties' hard red lines, naming
    the lines that collide; None when some outcome can (or when the scenario has errors that
    make the question moot).

    A deal needs every party of `consent.required` and, with `at_least`, enough others:
    some outcome must cross no hard line of the required parties and of that many more.
    """
    required = list(dict.fromkeys(n for n in s.consent.required if n in s.parties))
    need = max(len(required), s.consent.at_least or 0)
    others = [n for n in s.parties if n not in required]
    if need > len(s.parties) or not need:
        return None
    found = colliding_lines(s, required)
    if found is not None:
        return _collision_text(found)
    extra = need - len(required)
    if not extra:
        return None
    groups = list(itertools.combinations(others, extra))
    if len(groups) > _MAX_GROUPS:
        return None  # too many ways to find the other yeses to try them all
    collisions: list[tuple[tuple[str, ...], Collision]] = []
    for group in groups:
        found = colliding_lines(s, [*required, *group])
        if found is None:
            return None
        collisions.append((group, found))
    who = f"{_names(required)} and " if required else ""
    more = "other part" + ("y" if extra == 1 else "ies")
    shown = [f"with {_names(list(group))}, {_collision_text(found)}"
             for group, found in collisions[:_SHOWN_GROUPS]]
    if len(collisions) > _SHOWN_GROUPS:
        shown.append(f"and {len(collisions) - _SHOWN_GROUPS} more such groups")
    return (f"a deal needs {need} yeses, but {who}any {extra} {more} have hard red lines that "
            f"leave no outcome: {'; '.join(shown)}")


_MAX_GROUPS = 500
_SHOWN_GROUPS = 3


def colliding_lines(s: Scenario, parties: Sequence[str]) -> Collision | None:
    """A small set of the hard red lines of `parties` that together exclude every outcome,
    or None when some outcome crosses none of their hard lines.

    Two lines when two suffice (the first such pair in the order the lines are written);
    otherwise a set from which no line can be dropped.
    """
    options = {name: issue.option_names() for name, issue in s.issues.items()}
    lines = [(name, line) for name in parties for line in s.parties[name].red_lines
             if line.kind == "hard" and all(i in options for i in line.condition)]

    def leave_an_outcome(chosen: Collision) -> bool:
        named = {i for _, line in chosen for i in line.condition}
        return some_outcome_avoids({i: options[i] for i in options if i in named},
                                   [line.condition for _, line in chosen])

    if leave_an_outcome(lines):
        return None
    for j, first in enumerate(lines):
        for second in lines[j + 1:]:
            if not leave_an_outcome([first, second]):
                return [first, second]
    kept = list(lines)
    for item in lines:
        rest = [other for other in kept if other is not item]
        if not leave_an_outcome(rest):
            kept = rest
    return kept


def _collision_text(found: Collision) -> str:
    parties = list(dict.fromkeys(name for name, _ in found))
    lines = [f"{name}'s '{line.describe()}'" for name, line in found]
    listed = lines[0] if len(lines) == 1 else f"{', '.join(lines[:-1])} and {lines[-1]}"
    if len(parties) == 1:
        return f"{listed} leave no outcome {parties[0]} can sign"
    who = "both" if len(parties) == 2 else f"all {len(parties)}"
    return f"{listed} leave no outcome {who} can sign"


def _names(names: Sequence[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def agreement_zone(scenario: Scenario) -> tuple[int, int, int]:
    """The zone of possible agreement of a sound scenario, as written, on its compiled game:
    how many outcomes there are, how many of them can get the consent a deal needs with
    every party whose yes counts clear of its hard red lines, and how many of those also
    give each of them at least its reservation value (after soft-line costs)."""
    # Imported here: the engine's tables are needed only for this, not on every load.
    import numpy as np

    from sim.negotiation.consent import deal_stands
    from sim.negotiation.game import compile_game

    game = compile_game(scenario)
    clear = ~game.hard
    worth = clear & (game.effective >= game.reservation[:, None] - 1e-9)
    everyone = np.ones((game.n_outcomes, len(game.parties)), dtype=bool)
    counts = [int(deal_stands(ok.T, everyone, game.required, game.at_least).sum())
              for ok in (clear, worth)]
    return game.n_outcomes, counts[0], counts[1]


def _check_agreement(s: Scenario) -> Iterator[Problem]:
    if s.stages:
        # Later stages' tables depend on what earlier ones agree: the first is checked as it
        # opens (a first stage that can never agree means the talks can never open). From the
        # scenario alone: loading a scenario never imports the engine.
        from sim.scenario.staging import stage_scenario

        reason = no_deal_reason(stage_scenario(s, 0).scenario)
        if reason is not None:
            yield Problem(("stages", 0), f"no agreement is possible in the first stage: {reason} "
                                         "(the scenario can still be played, but the talks can "
                                         "never open)", warning=True)
        return
    reason = no_deal_reason(s)
    if reason is not None:
        yield Problem(("consent",), f"no deal is possible: {reason} (the scenario can still "
                                    "be played, but it can only end without a deal)",
                      warning=True)


def _check_events(s: Scenario) -> Iterator[Problem]:
    last = s.stages[-1].protocol if s.stages else None
    yield from _check_event_list(s, s.events, ("events",), (last or s.protocol).deadline)


def _check_event_list(s: Scenario, events: Sequence[Event], base: FieldPath,
                      deadline: int) -> Iterator[Problem]:
    for k, event in enumerate(events):
        path: FieldPath = (*base, k)
        if event.party not in s.parties:
            yield Problem((*path, "party"), _unknown("party", event.party, s.parties))
        last = event.at if event.at is not None else (event.between or (0, 0))[1]
        if last >= deadline:
            yield Problem((*path, "at" if event.at is not None else "between"),
                          f"round {last} is past the deadline (rounds 0 to {deadline - 1})")
        if event.kind == "shift_value":
            if event.issue not in s.issues:
                yield Problem((*path, "issue"), _unknown("issue", event.issue, s.issues))
            elif event.option not in s.issues[event.issue].option_names():
                opts = s.issues[event.issue].option_names()
                yield Problem((*path, "option"), f"'{event.option}' is not an option of issue "
                                                 f"'{event.issue}'{hint(event.option, opts)}")


def _check_stages(s: Scenario) -> Iterator[Problem]:
    """Staged talks: every name a stage uses exists, every issue has a stage, and carry-over
    rules name this stage's agreement and later stages' issues."""
    if not s.stages:
        return
    seen: dict[str, int] = {}
    placed: dict[str, int] = {}
    for k, stage in enumerate(s.stages):
        base: FieldPath = ("stages", k)
        if stage.id in seen:
            yield Problem((*base, "id"), f"stage id '{stage.id}' is already used by stage "
                                         f"{seen[stage.id] + 1}")
        seen.setdefault(stage.id, k)
        if (why := name_problem(stage.id)) is not None:
            yield Problem((*base, "id"), f"the stage id {stage.id!r} {why}")
        for j, issue in enumerate(stage.issues):
            if issue not in s.issues:
                yield Problem((*base, "issues", j), _unknown("issue", issue, s.issues))
            placed.setdefault(issue, k)
        for j, name in enumerate(stage.absent):
            if name not in s.parties:
                yield Problem((*base, "absent", j), _unknown("party", name, s.parties))
        if stage.consent is not None:
            for j, name in enumerate(stage.consent.required):
                if name not in s.parties:
                    yield Problem((*base, "consent", "required", j),
                                  _unknown("party", name, s.parties))
        protocol = stage.protocol or s.protocol
        if stage.protocol is not None:
            for key in ("mediator", "first"):
                who = getattr(stage.protocol, key)
                if who is not None and who not in s.parties:
                    yield Problem((*base, "protocol", key), _unknown("party", who, s.parties))
        at_table = [i for j in range(k + 1) for i in s.stages[j].issues]
        for name, over in stage.parties.items():
            if name not in s.parties:
                yield Problem((*base, "parties", name), _unknown("party", name, s.parties))
            if over.cares is not None:
                for issue in over.cares:
                    if issue not in at_table:
                        yield Problem((*base, "parties", name, "cares", issue),
                                      f"'{issue}' is not at this stage's table (its issues and "
                                      f"earlier stages'){hint(issue, at_table)}")
                total = sum(over.cares.values())
                if abs(total - 1.0) > 0.005:
                    yield Problem((*base, "parties", name, "cares"),
                                  f"salience weights sum to {total:.3f}; they must sum to 1")
        yield from _check_event_list(s, stage.events, (*base, "events"), protocol.deadline)
        later = [i for j in range(k + 1, len(s.stages)) for i in s.stages[j].issues]
        for j, rule in enumerate(stage.carry):
            yield from _check_carry(s, rule, (*base, "carry", j), stage.issues, at_table, later,
                                    last=k == len(s.stages) - 1)
    for issue in s.issues:
        if issue not in placed:
            yield Problem(("stages",), f"issue '{issue}' is negotiated in no stage; name it in "
                                       "one stage's `issues`")
    if NEUTRAL in s.parties:
        yield Problem(("parties", NEUTRAL), f"a party named '{NEUTRAL}' cannot sit in staged "
                                            "talks: the word admits a neutral mediator")


def _check_carry(s: Scenario, rule: Carry, base: FieldPath, own: Sequence[str],
                 at_table: Sequence[str], later: Sequence[str], last: bool) -> Iterator[Problem]:
    if last:
        yield Problem(base, "the last stage has no stage after it to carry anything into")
        return
    for issue, options in rule.when.items():
        if issue not in own:
            yield Problem((*base, "when", issue), f"'{issue}' is not negotiated in this stage"
                                                  f"{hint(issue, own)}")
            continue
        known = s.issues[issue].option_names() if issue in s.issues else []
        for j, option in enumerate(options):
            if option not in known:
                yield Problem((*base, "when", issue, j), f"'{option}' is not an option of "
                                                         f"issue '{issue}'{hint(option, known)}")
    for issue, option in rule.fix.items():
        if issue in at_table or issue not in later:
            yield Problem((*base, "fix", issue), f"'{issue}' is not an issue of a later stage "
                                                 "(a rule fixes what is still to negotiate)"
                                                 f"{hint(issue, later)}")
            continue
        known = s.issues[issue].option_names()
        if option not in known:
            yield Problem((*base, "fix", issue), f"'{option}' is not an option of issue "
                                                 f"'{issue}'{hint(option, known)}")
    for key in ("leave", "no_veto"):
        for j, name in enumerate(getattr(rule, key)):
            if name not in s.parties:
                yield Problem((*base, key, j), _unknown("party", name, s.parties))
    if rule.mediator is not None and rule.mediator != NEUTRAL and rule.mediator not in s.parties:
        yield Problem((*base, "mediator"), _unknown("party", rule.mediator, s.parties)
                      + f" (or '{NEUTRAL}' for a neutral broker)")
    for name in rule.shift:
        if name not in s.parties:
            yield Problem((*base, "shift", name), _unknown("party", name, s.parties))


def _check_uncertainty(s: Scenario) -> Iterator[Problem]:
    if s.uncertainty is None:
        return
    from sim.scenario.uncertainty import VaryError, expand

    for path, dist in s.uncertainty.vary.items():
        try:
            expand(path, dist, s)
        except VaryError as exc:
            yield Problem(("uncertainty", "vary", path), str(exc))


# --------------------------------------------------------------------------- evidence


def iter_evidence(s: Scenario) -> Iterator[tuple[FieldPath, Because]]:
    """Every `because` in the scenario with the path of its field."""
    for name, issue in s.issues.items():
        if issue.because is not None:
            yield ("issues", name, "because"), issue.because
    for name, party in s.parties.items():
        for key, because in party.because.items():
            yield ("parties", name, "because", key), because
        for k, line in enumerate(party.red_lines):
            yield ("parties", name, "red_lines", k, "because"), line.because
        if party.ratification is not None:
            yield ("parties", name, "ratification", "because"), party.ratification.because
    yield ("consent", "because"), s.consent.because
    if s.protocol.because is not None:
        yield ("protocol", "because"), s.protocol.because
    for k, event in enumerate(s.events):
        yield ("events", k, "because"), event.because
    if s.uncertainty is not None and s.uncertainty.because is not None:
        yield ("uncertainty", "because"), s.uncertainty.because
    for k, stage in enumerate(s.stages or ()):
        base: FieldPath = ("stages", k)
        if stage.because is not None:
            yield (*base, "because"), stage.because
        if stage.protocol is not None and stage.protocol.because is not None:
            yield (*base, "protocol", "because"), stage.protocol.because
        if stage.consent is not None:
            yield (*base, "consent", "because"), stage.consent.because
        for name, over in stage.parties.items():
            for key, because in over.because.items():
                yield (*base, "parties", name, "because", key), because
        for j, event in enumerate(stage.events):
            yield (*base, "events", j, "because"), event.because
        for j, rule in enumerate(stage.carry):
            yield (*base, "carry", j, "because"), rule.because


MAX_SEED_BYTES = 16 * 1024 * 1024
"""Largest seed document read (a news report is a few kB)."""


def _check_all_evidence(s: Scenario, source: Path | None) -> Iterator[Problem]:
    texts: dict[str, str | None] = {}
    for k, seed in enumerate(s.seeds):
        texts[seed] = None
        if not is_seed_name(seed):
            yield Problem(("seeds", k), f"'{seed}' is not a seed's file name: a seed is named "
                                        "by its file name alone (no folders, no '..'), and is "
                                        "found in the scenario's seeds folder")
            continue
        path = find_seed(seed, source)
        if path is None:
            yield Problem(("seeds", k), f"seed document '{seed}' not found")
            continue
        try:
            texts[seed] = read_regular(path, MAX_SEED_BYTES, "seed").decode("utf-8")
        except ReadError as exc:
            yield Problem(("seeds", k), f"seed document '{seed}': {exc}")
        except UnicodeDecodeError as exc:
            yield Problem(("seeds", k), f"seed document '{seed}' is not UTF-8 text "
                                        f"({exc.reason} at byte {exc.start})")
    for field, because in iter_evidence(s):
        for j, ev in enumerate(evidence_list(because)):
            if isinstance(ev, Quote):
                where: FieldPath = (*field, j) if isinstance(because, list) else field
                yield from _check_quote(ev, texts, where)


def _check_quote(ev: Quote, texts: dict[str, str | None], path: FieldPath) -> Iterator[Problem]:
    if ev.seed not in texts:
        yield Problem((*path, "seed"), f"seed '{ev.seed}' is not listed in the scenario's `seeds`")
        return
    text = texts[ev.seed]
    if text is None:
        return
    start, end = ev.span
    if end > len(text):
        yield Problem((*path, "span"), f"span [{start}, {end}] runs past the end of "
                                       f"'{ev.seed}' ({len(text)} characters)")
        return
    if text[start:end] != ev.quote:
        found = text.find(ev.quote)
        hint = (f"; the quote stands at [{found}, {found + len(ev.quote)}]" if found >= 0
                else "; the quote is not in the seed at all")
        yield Problem((*path, "quote"), f"quote does not match '{ev.seed}'[{start}:{end}], "
                                        f"which reads {text[start:end]!r}{hint}")


def _unknown(what: str, name: str, known: Iterable[str]) -> str:
    return f"unknown {what} '{name}'{hint(name, known)}"


def closest(name: str, known: Iterable[str]) -> str | None:
    """The known name that `name` most likely misspells, if any."""
    close = difflib.get_close_matches(name, [str(k) for k in known], n=1)
    return close[0] if close else None


def hint(name: str, known: Iterable[str], *, listing: bool = True) -> str:
    """What to append to a message about an unknown `name`: ` (did you mean 'X'?)` for a
    likely misspelling, otherwise ` (known: A, B, ...)`, or nothing when not `listing`."""
    names = [str(k) for k in known]
    close = closest(name, names)
    if close is not None:
        return f" (did you mean '{close}'?)"
    return f" (known: {', '.join(names)})" if names and listing else ""

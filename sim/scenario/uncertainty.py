"""What a batch varies: parameter paths and distributions, parsed and checked against a scenario.

A variation reads `PATH=DIST`, for example `Russia.reservation=uniform(0.3, 0.45)` or
`*.strategy=choice(time_based, hardliner)`. Paths name a party (or `*` for every party) and
one of its parameters; distributions are a few plain words. Mistakes are reported in the
author's words, naming the bad path or distribution, the same way for `--vary` on the command
line and for a scenario's `uncertainty:` block.
"""

from __future__ import annotations

import math
import re
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sim.scenario.checks import hint
from sim.scenario.schema import PACE_EXPONENT, STRATEGIES, Scenario

FIELDS = ("reservation", "budget", "pace", "strategy", "cares", "values", "delay_cost",
          "responsiveness", "sharpness", "ratification")
"""Party parameters a batch can vary (`ratification`: the chance its body approves)."""

PREFERENCES = ("cares", "values")
"""Fields that shape a party's utility table: they vary by preference world, not per run."""

DISTRIBUTIONS = {
    "uniform": "uniform(LOW, HIGH)",
    "normal": "normal(MEAN, SD)",
    "triangular": "triangular(LOW, MODE, HIGH)",
    "around": "around(SPREAD): uniform within ± SPREAD of the scenario's value",
    "scale": "scale(FACTOR): the scenario's value times or divided by up to FACTOR",
    "choice": "choice(A, B, ...): one of the listed values, equally likely",
}
"""Distribution forms, as the help text and error messages show them."""

_CALL = re.compile(r"^\s*([a-z_]+)\s*\((.*)\)\s*$")


class VaryError(ValueError):
    """A variation that cannot be used; the message names the bad path or distribution."""


@dataclass(frozen=True)
class Dist:
    """A distribution: its kind and arguments (numbers, or names for `choice`)."""

    kind: str
    """`uniform`, `normal`, `triangular`, `around`, `choice` or `fixed`."""
    args: tuple[float | str, ...]
    """Its arguments, in the order written."""

    def __str__(self) -> str:
        if self.kind == "fixed":
            return str(self.args[0])
        return f"{self.kind}({', '.join(str(a) for a in self.args)})"


@dataclass(frozen=True)
class Variation:
    """One parameter of one party, drawn per run."""

    path: str
    """Canonical path, e.g. `Russia.reservation` or `EU.values.europe.consulted`."""
    party: str
    """The party."""
    field: str
    """One of `FIELDS`."""
    issue: str | None
    """For `cares` and `values`: the issue."""
    option: str | None
    """For `values`: the option."""
    dist: Dist
    """How it is drawn."""

    @property
    def column(self) -> str:
        """Name of the Parquet column holding each run's draw."""
        return f"drawn.{self.path}"

    @property
    def categorical(self) -> bool:
        """Whether draws are names (strategies) rather than numbers."""
        return self.field == "strategy"

    @property
    def slot_key(self) -> int:
        """A number fixed by the path alone, so adding a variation never moves another's draws."""
        return zlib.crc32(self.path.encode("utf-8"))


def parse_vary(text: str, scenario: Scenario) -> list[Variation]:
    """Parse one `PATH=DIST` (a `*` party expands to every party).

    Raises:
        VaryError: naming the bad path or distribution.
    """
    if "=" not in text:
        raise VaryError(f"--vary '{text}': write PATH=DIST, "
                        "e.g. Russia.reservation=uniform(0.3, 0.45)")
    path, _, dist_text = text.partition("=")
    return expand(path.strip(), dist_text.strip(), scenario)


def expand(path: str, dist_text: str, scenario: Scenario) -> list[Variation]:
    """Variations for `path` (with `*` for every party) drawn from `dist_text`.

    Raises:
        VaryError: naming the bad path or distribution.
    """
    parts = path.split(".")
    if len(parts) < 2 or not all(parts):
        raise VaryError(f"'{path}' is not a parameter path; write PARTY.FIELD, e.g. "
                        "Russia.reservation, EU.cares.europe or *.budget")
    who = parts[0]
    if who != "*" and who not in scenario.parties:
        raise VaryError(f"'{path}': unknown party '{who}'{hint(who, scenario.parties)}")
    parties = list(scenario.parties) if who == "*" else [who]
    return [_variation(p, parts[1:], path, dist_text, scenario) for p in parties]


def _variation(party: str, rest: list[str], path: str, dist_text: str,
               scenario: Scenario) -> Variation:
    field, issue, option = rest[0], None, None
    if field == "budget" and rest[1:] == ["total"]:
        rest = ["budget"]
    if field not in FIELDS:
        raise VaryError(f"'{path}': a party has no parameter '{field}' that a batch can vary "
                        f"({', '.join(FIELDS)}){hint(field, FIELDS, listing=False)}")
    want = {"cares": 2, "values": 3}.get(field, 1)
    if len(rest) != want:
        shape = {1: f"PARTY.{field}", 2: "PARTY.cares.ISSUE", 3: "PARTY.values.ISSUE.OPTION"}
        raise VaryError(f"'{path}': write {shape[want]}")
    if field in ("cares", "values"):
        issue = rest[1]
        if issue not in scenario.issues:
            raise VaryError(f"'{path}': unknown issue '{issue}'{hint(issue, scenario.issues)}")
    if field == "values":
        option = rest[2]
        options = scenario.issues[str(issue)].option_names()
        if option not in options:
            raise VaryError(f"'{path}': '{option}' is not an option of issue '{issue}'"
                            f"{hint(option, options)}")
    canonical = ".".join([party, field, *(x for x in (issue, option) if x is not None)])
    dist = parse_dist(dist_text, field, path)
    return Variation(canonical, party, field, issue, option, dist)


def parse_dist(text: str, field: str, path: str = "") -> Dist:
    """A distribution for parameter `field`, checked against the values that field takes.

    Raises:
        VaryError: naming the distribution and what is wrong with it.
    """
    where = f"'{path}={text}'" if path else f"'{text}'"
    match = _CALL.match(text)
    if match is None:
        return _fixed(text.strip(), field, where)
    kind, raw = match.group(1), [a.strip() for a in match.group(2).split(",")]
    if kind not in DISTRIBUTIONS:
        forms = "; ".join(DISTRIBUTIONS.values())
        raise VaryError(f"{where}: unknown distribution '{kind}'"
                        f"{hint(kind, DISTRIBUTIONS, listing=False)}; use one of: {forms}")
    if field == "strategy" and kind != "choice":
        raise VaryError(f"{where}: a strategy is drawn with choice(...), e.g. "
                        "choice(time_based, hardliner)")
    if kind == "choice":
        if not all(raw):
            raise VaryError(f"{where}: choice(...) has an empty item")
        return Dist("choice", tuple(_choice_value(a, field, where) for a in raw))
    numbers = tuple(_number(a, where) for a in raw)
    arity = {"uniform": 2, "normal": 2, "triangular": 3, "around": 1, "scale": 1}[kind]
    if len(numbers) != arity:
        raise VaryError(f"{where}: {DISTRIBUTIONS[kind].split(':')[0]} takes {arity} "
                        f"number{'s' if arity > 1 else ''}, not {len(numbers)}")
    _check_numbers(kind, numbers, field, where)
    return Dist(kind, numbers)


def _fixed(text: str, field: str, where: str) -> Dist:
    if not text:
        raise VaryError(f"{where}: no distribution given")
    return Dist("fixed", (_choice_value(text, field, where),))


def _choice_value(text: str, field: str, where: str) -> float | str:
    if field == "strategy":
        if text not in STRATEGIES:
            raise VaryError(f"{where}: unknown strategy '{text}'{hint(text, STRATEGIES)}")
        return text
    if field == "pace" and text in PACE_EXPONENT:
        return PACE_EXPONENT[text]
    value = _number(text, where)
    low, high = bounds(field)
    if not low <= value <= high:
        raise VaryError(f"{where}: {value:g} is outside {low:g} to {high:g}, the range of {field}")
    return value


def _number(text: str, where: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise VaryError(f"{where}: '{text}' is not a number") from None
    if not math.isfinite(value):
        raise VaryError(f"{where}: '{text}' is not a finite number")
    return value


def _check_numbers(kind: str, args: Sequence[float], field: str, where: str) -> None:
    low, high = bounds(field)
    if kind == "uniform" and args[0] > args[1]:
        raise VaryError(f"{where}: uniform(LOW, HIGH) needs LOW <= HIGH")
    if kind == "triangular" and not args[0] <= args[1] <= args[2]:
        raise VaryError(f"{where}: triangular(LOW, MODE, HIGH) needs LOW <= MODE <= HIGH")
    if kind in ("normal", "around") and args[-1] < 0:
        raise VaryError(f"{where}: the spread must not be negative")
    # As uniform(LOW, HIGH) must stay within the range, around(SPREAD) may reach at most
    # half of it either way (around(5) on a reservation value, 0 to 1, would draw little but
    # the bounds), and a normal's SD at most the whole range.
    widest = {"around": (high - low) / 2, "normal": high - low}.get(kind)
    if widest is not None and args[-1] > widest:
        raise VaryError(f"{where}: a spread of {args[-1]:g} is too wide for {field} "
                        f"({low:g} to {high:g}); at most {widest:g}")
    if kind == "scale" and args[0] < 1:
        raise VaryError(f"{where}: scale(FACTOR) needs a factor of at least 1")
    if kind in ("uniform", "triangular"):
        for value in (args[0], args[-1]):
            if not low <= value <= high:
                raise VaryError(f"{where}: {value:g} is outside {low:g} to {high:g}, "
                                f"the range of {field}")
    if kind == "normal" and not low <= args[0] <= high:
        raise VaryError(f"{where}: mean {args[0]:g} is outside {low:g} to {high:g}, "
                        f"the range of {field}")


def bounds(field: str) -> tuple[float, float]:
    """Values a numeric parameter may take; draws are clipped into this range."""
    return {"pace": (0.02, 50.0), "sharpness": (1.0, 1000.0),
            "delay_cost": (0.0, 0.2)}.get(field, (0.0, 1.0))


def level_variations(level: float, scenario: Scenario) -> list[Variation]:
    """One global uncertainty level: every party's reservation and budget within ± `level`.

    Only these two are varied by a level because they vary per run at full speed; preferences
    (`cares`, `values`) give each run its own utility tables, which costs about 30 times as
    much, so they vary only when named.
    """
    if not 0.0 <= level <= 0.5:
        raise VaryError(f"uncertainty level {level:g} must lie between 0 and 0.5")
    out: list[Variation] = []
    for field in ("reservation", "budget"):
        out += expand(f"*.{field}", f"around({level:g})", scenario)
    return out


def merge(*layers: Iterable[Variation]) -> list[Variation]:
    """Variations of several sources, a later layer replacing an earlier one's same path."""
    chosen: dict[str, Variation] = {}
    for layer in layers:
        for variation in layer:
            chosen.pop(variation.path, None)
            chosen[variation.path] = variation
    return list(chosen.values())


def scenario_variations(scenario: Scenario, level: float | None = None, *,
                        pinned: bool = False) -> list[Variation]:
    """What varies from run to run: every parameter's range from its evidence
    (`sim.scenario.grounding`) unless `pinned`, then the scenario's `uncertainty:` block
    (`level` replaces its level), later layers replacing earlier ones path by path.

    Raises:
        VaryError: a path or distribution in the block is wrong.
    """
    from sim.scenario.grounding import evidence_ranges

    block = scenario.uncertainty
    own_level = block.level if block is not None else None
    level = level if level is not None else own_level
    layers: list[list[Variation]] = []
    if not pinned:
        layers.append([v for r in evidence_ranges(scenario)
                       for v in expand(r.path, r.dist, scenario)])
    if level:
        layers.append(level_variations(level, scenario))
    if block is not None:
        layers.append([v for path, dist in block.vary.items()
                       for v in expand(path, dist, scenario)])
    return merge(*layers)

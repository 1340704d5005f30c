"""How sure a scenario is of each number: a plausible range that follows the evidence.

A document rarely fixes a number. Unless the author writes a range in the scenario's
`uncertainty:` block, each party parameter varies from run to run by how it is grounded:

| grounding | spread (± utility) | multiplier (pace, sharpness, delay cost) |
| --- | --- | --- |
| a quote that states it firmly | 0.02 | × or ÷ 1.15 |
| a quote that hedges ("may", "could", "reportedly", "signals", ...), or a quote that an
  assumption turns into a number | 0.05 | × or ÷ 1.4 |
| the modeller's assumption | 0.10 | × or ÷ 2 |

Additive spreads apply to reservation values, budgets, salience (renormalised to sum to 1),
option values and ratification chances; multipliers to the pace exponent, the cost of delay
and the acceptance sharpness. Responsiveness, whose default is Parley's own assumption unless
the scenario grounds it, varies by the assumption's spread. Draws are clipped to the
parameter's range. `parley run` and `parley batch` draw every run's world this way; `--pinned`
plays the numbers exactly as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sim.scenario.schema import Assumption, Because, Quote, Scenario, evidence_list

FIRM, HEDGED, ASSUMED = "firm quote", "hedged quote", "assumption"
SPREAD = {FIRM: 0.02, HEDGED: 0.05, ASSUMED: 0.10}
"""± utility a parameter varies by, for each grounding."""
FACTOR = {FIRM: 1.15, HEDGED: 1.4, ASSUMED: 2.0}
"""× or ÷ factor a scale parameter varies by, for each grounding."""

HEDGES = re.compile(
    r"\b(may|might|could|would|reportedly|possibly|perhaps|likely|unlikely|expected|"
    r"suggest\w*|signal\w*|appear\w*|seem\w*|consider\w*|open to|hope\w*|reportedly|"
    r"according to|said to|believed|unclear|if)\b", re.IGNORECASE)
"""Words that make a quoted statement tentative."""


def grounding(because: Because | None) -> str:
    """How firmly `because` grounds a number: firm quote, hedged quote or assumption.

    Quotes alone are firm when any of them states the matter firmly. A quote that comes with
    an assumption counts as hedged: the words give the direction, and the modeller's
    assumption turns them into the number.
    """
    items = evidence_list(because)
    quotes = [item for item in items if isinstance(item, Quote)]
    if not quotes:
        return ASSUMED
    if any(isinstance(item, Assumption) for item in items):
        return HEDGED
    firm = any(q.firmness >= 0.7 if q.firmness is not None else not HEDGES.search(q.quote)
               for q in quotes)
    return FIRM if firm else HEDGED


@dataclass(frozen=True)
class Range:
    """One parameter's plausible range, and why."""

    path: str
    """Its path, as `--vary` writes it (e.g. `Russia.reservation`)."""
    dist: str
    """Its distribution, as `--vary` writes it (e.g. `around(0.05)`)."""
    why: str
    """The grounding that sets the width."""


def evidence_ranges(scenario: Scenario) -> list[Range]:
    """Every party parameter's range from its evidence (see the module text)."""
    out: list[Range] = []
    for name, party in scenario.parties.items():
        because = party.because

        def add(field: str, key: str, *, scale: bool = False, evidence: Because | None = None,
                name: str = name, because: dict[str, Because] = because) -> None:
            how = grounding(evidence if evidence is not None else because.get(key))
            dist = f"scale({FACTOR[how]:g})" if scale else f"around({SPREAD[how]:g})"
            out.append(Range(f"{name}.{field}", dist, how))

        add("reservation", "reservation")
        add("budget", "budget")
        add("pace", "budget", scale=True)
        if party.delay_cost > 0:
            add("delay_cost", "delay_cost", scale=True)
        add("responsiveness", "style")
        add("sharpness", "style", scale=True)
        if party.ratification is not None and party.ratification.probability < 1.0:
            add("ratification", "", evidence=party.ratification.because)
        for issue, weight in party.cares.items():
            if weight > 0:
                add(f"cares.{issue}", "cares")
        for issue in party.values:
            for option in scenario.issues[issue].option_names():
                add(f"values.{issue}.{option}", "values")
    return out

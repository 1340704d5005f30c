"""A party's parameters in words, each beside the quote or assumption it comes from.

Shared by `parley explain`, the classroom briefs and the instructor's key, so a student and
the teacher read the same sentences.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text

from sim.scenario.schema import Assumption, Because, Linear, Party, Quote, Scenario, evidence_list


def evidence_text(because: Because | None) -> Text:
    """Evidence as readable text: quotes with their place, assumptions marked."""
    out = Text()
    for k, ev in enumerate(evidence_list(because)):
        if k:
            out.append("\n")
        if isinstance(ev, Quote):
            out.append(f"“{ev.quote}”", style="italic")
            out.append(f"  {ev.seed} [{ev.span[0]}:{ev.span[1]}]", style="dim")
        elif isinstance(ev, Assumption):
            out.append("assumption: ", style="yellow")
            out.append(ev.assumption)
    return out


@dataclass(frozen=True)
class Parameter:
    """One of a party's parameters in words, with the evidence it rests on."""

    name: str
    """What it is: "cares about", "red line", "concession budget", ..."""
    value: str
    """Its value in words."""
    because: Because
    """The quotes or assumption behind it."""


STRATEGY_WORDS = {"time_based": "gives ground on its own schedule, faster when the others do",
                  "tit_for_tat": "gives as much ground as the others gave last round",
                  "hardliner": "holds out for most of the game, then gives ground"}
"""How a scripted side negotiates, in words (for every `Strategy`)."""


def pace_words(exponent: float) -> str:
    """A concession pace (its exponent) in words: how fast a side gives ground."""
    if exponent < 0.7:
        return "holds firm, gives ground late"
    if exponent > 1.5:
        return "gives ground early, then holds"
    return "gives ground evenly, round by round"


def party_parameters(party: Party) -> list[Parameter]:
    """Every parameter of `party` that carries evidence, in the order explanations show them.

    The one list behind the briefs, the instructor's key and `parley explain`'s chain.
    """
    out: list[Parameter] = []
    cares = ", ".join(f"{issue} {w:.0%}" for issue, w in
                      sorted(party.cares.items(), key=lambda kv: -kv[1]) if w > 0)
    out.append(Parameter("cares about", cares, party.because["cares"]))
    for line in party.red_lines:
        value = f"{line.kind}: {line.describe()}"
        if line.kind == "soft":
            value += f" (costs {line.cost:.2f})"
        if not line.public:
            value += " [private]"
        out.append(Parameter("red line", value, line.because))
    budget = (f"gives up at most {party.budget.total:.2f}, pace {party.budget.pace} "
              f"({pace_words(party.budget.exponent)})")
    out.append(Parameter("concession budget", budget, party.because["budget"]))
    out.append(Parameter("reservation value", f"{party.reservation:.2f}",
                         party.because["reservation"]))
    out.append(Parameter("strategy", f"{party.strategy.replace('_', ' ')} "
                         f"({STRATEGY_WORDS[party.strategy]})", party.because["strategy"]))
    if party.ratification is not None:
        rat = party.ratification
        out.append(Parameter("ratification", f"{rat.body}: needs ≥ {rat.min_utility:.2f}, "
                             f"passes {rat.probability:.0%}", rat.because))
    out.append(Parameter("utilities", "option values", party.because["values"]))
    return out


def public_parameters(party: Party) -> list[Parameter]:
    """What the public record says of `party`: its stated position, its public red lines
    (a soft one's cost stays private) and that a ratification step exists. What `parley
    explain` shows without `--private`, as a student's brief shows the other sides."""
    out: list[Parameter] = []
    if party.position and "position" in party.because:
        out.append(Parameter("public position", party.position, party.because["position"]))
    for line in party.red_lines:
        if not line.public:
            continue
        value = f"{line.kind}: {line.describe()}"
        if line.kind == "soft":
            value += " (it can bend, at a cost it keeps to itself)"
        out.append(Parameter("public red line", value, line.because))
    if party.ratification is not None:
        out.append(Parameter("ratification", f"a deal needs its {party.ratification.body}'s "
                             "approval", party.ratification.because))
    return out


def party_rows(party: Party) -> list[tuple[str, str, Text]]:
    """(parameter, value, evidence) rows explaining one party."""
    return [(p.name, p.value, evidence_text(p.because)) for p in party_parameters(party)]


def option_labels(scenario: Scenario) -> dict[str, dict[str, str]]:
    """Issue → option → readable label, for every issue of `scenario`."""
    return {name: {opt: issue.label(opt) for opt in issue.option_names()}
            for name, issue in scenario.issues.items()}


def option_values(scenario: Scenario, party: Party, issue: str) -> list[float]:
    """What each option of `issue` is worth to `party`, in option order (0 where unvalued)."""
    options = scenario.issues[issue].option_names()
    spec = party.values.get(issue)
    if spec is None:
        return [0.0] * len(options)
    if isinstance(spec, Linear):
        first, last = spec.linear
        step = (last - first) / max(len(options) - 1, 1)
        return [float(first + k * step) for k in range(len(options))]
    return [float(spec[opt]) for opt in options]


def outcome_sentence(kind: str, round_: int, deadline: int, walked_out: str | None,
                     voted_down: tuple[str, str, int] | None = None,
                     stage: str | None = None, ended_by_teacher: bool = False) -> str:
    """How a game ended, in one sentence; rounds as transcripts store them (from 0).

    Args:
        voted_down: (party, ratifying body, round) of a deal every side accepted that was then
            rejected in ratification, when no other deal followed (see
            `sim.transcript.ending.voted_down`).
        stage: in staged talks, the title of the stage the game ended in (`deadline` is
            that stage's).
        ended_by_teacher: a class host's teacher ended the game at a set time (as at its
            deadline, in round `round_`).
    """
    if kind == "never_opened":
        where = f"the {stage.lower()}" if stage else "an earlier stage"
        why = (f"{walked_out} walked out in round {round_ + 1}" if walked_out
               else f"the teacher ended it at the set time, in round {round_ + 1}"
               if ended_by_teacher else f"its {deadline} rounds ran out")
        return f"The talks never opened: {where} ended without agreement ({why})."
    if stage:
        return f"{stage}: " + outcome_sentence(kind, round_, deadline, walked_out, voted_down,
                                               ended_by_teacher=ended_by_teacher)
    if kind == "deal":
        return f"Deal in round {round_ + 1} of {deadline}."
    if kind == "walk_out":
        return f"Talks collapsed in round {round_ + 1}: {walked_out} walked out."
    if voted_down is not None:
        party, body, when = voted_down
        return (f"Agreed, then rejected in ratification: every side accepted a deal in round "
                f"{when + 1}, but {party}'s {body} voted it down, and no other deal came by the "
                f"deadline ({deadline} rounds).")
    if ended_by_teacher:
        return (f"No deal: the teacher ended the talks at the set time, in round {round_ + 1} "
                f"of {deadline}.")
    return f"No deal by the deadline ({deadline} rounds)."

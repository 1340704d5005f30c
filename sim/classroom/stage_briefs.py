"""What the briefs say about staged talks: the stages in the public record, each stage's own
numbers in a student's private instructions, and every carry-over in the instructor key.

Carry-over rules are public where the table can see them (an issue settled, a party left
out, a mediator admitted: the author's `label` says it in words); how they move a party's
private numbers is told only to that party, and to the instructor.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from sim.scenario.schema import NEUTRAL, Because, Carry, Scenario, Stage
from sim.scenario.staging import stage_numbers

Cite = Callable[[Because | None], str]
"""A brief's footnote maker (`Sources.cite`)."""


def _issue(name: str) -> str:
    return name.replace("_", " ")


def when_words(scenario: Scenario, rule: Carry) -> str:
    """The agreement a rule is about, in words: "before talks is *A verified ceasefire*"."""
    parts = []
    for issue, options in rule.when.items():
        labels = " or ".join(f"*{scenario.issues[issue].label(o)}*" for o in options)
        parts.append(f"{_issue(issue)} is {labels}")
    return " and ".join(parts)


def rule_words(scenario: Scenario, rule: Carry, *, private: bool = False) -> str:
    """What a rule does, in words: its label, else the public consequences; with `private`,
    also by how much it moves each party's numbers."""
    parts = [rule.label] if rule.label else []
    if not rule.label:
        parts += [f"{_issue(issue)} is settled at *{scenario.issues[issue].label(option)}*"
                  for issue, option in rule.fix.items()]
        parts += [f"{party} no longer sits at the table" for party in rule.leave]
        parts += [f"a deal no longer needs {party}'s yes" for party in rule.no_veto]
        if rule.mediator is not None:
            parts.append("a neutral mediator chairs the talks" if rule.mediator == NEUTRAL
                         else f"{rule.mediator} chairs the talks as mediator")
    if private:
        parts += shift_words(rule)
    return "; ".join(parts) or "the sides' positions change"


def shift_words(rule: Carry, party: str | None = None) -> list[str]:
    """How a rule moves the numbers of `party` (every party's when None), in words."""
    names = {"reservation": "what no deal is worth", "budget": "the concession budget",
             "delay_cost": "the cost of each round's delay"}
    out = []
    for who, shift in rule.shift.items():
        if party is not None and who != party:
            continue
        for key, words in names.items():
            by = float(getattr(shift, key))
            if by:
                owner = "your" if party is not None else f"{who}'s"
                what = words.replace("the ", f"{owner} ", 1) if words.startswith("the ") \
                    else f"{words} to {'you' if party is not None else who}"
                out.append(f"{what} {'rises' if by > 0 else 'falls'} by {abs(by):.3g}")
    return out


def stage_protocol_words(scenario: Scenario, stage: Stage) -> str:
    """How a stage's rounds go, in words."""
    from sim.classroom.briefs import protocol_words

    return protocol_words(scenario.model_copy(update={
        "protocol": stage.protocol or scenario.protocol}))


def stages_public(scenario: Scenario, cite: Cite) -> list[str]:
    """The stages as every side knows them, as Markdown lines."""
    stages = scenario.stages or []
    out = ["## The stages", "",
           f"These talks run in **{len(stages)} stages**, one after the other. Each stage "
           "settles its own issues; what it agrees stays settled in the stages after it, and "
           "can change who sits at the table. **A stage that ends without agreement ends the "
           "game: the talks never opened**, and every side is left with what no agreement "
           "in that stage is worth to it (each side's own brief gives its number).", ""]
    for k, stage in enumerate(stages):
        protocol = stage.protocol or scenario.protocol
        consent = stage.consent or scenario.consent
        cite_stage = cite(stage.because) if stage.because is not None else ""
        out += [f"### Stage {k + 1}: {stage.title}{cite_stage}", ""]
        if stage.summary.strip():
            out += [stage.summary.strip(), ""]
        issues = ", ".join(_issue(i) for i in stage.issues)
        out.append(f"- Issues: **{issues}**" + (
            "; every issue agreed in an earlier stage is shown settled." if k else "."))
        out.append(f"- {protocol.deadline} rounds. {stage_protocol_words(scenario, stage)}"
                   + (cite(protocol.because) if stage.protocol is not None
                      and protocol.because is not None else ""))
        out.append(f"- Its agreement needs the consent of: **{', '.join(consent.required)}**"
                   + (f" (and at least {consent.at_least} sides in all)" if consent.at_least
                      else "") + "." + (cite(consent.because) if stage.consent else ""))
        if stage.absent:
            out.append(f"- Not at this table: {', '.join(stage.absent)}.")
        for rule in stage.carry:
            out.append(f"- If it agrees that {when_words(scenario, rule)}: "
                       f"{rule_words(scenario, rule)}.{cite(rule.because)}")
        out.append("")
    return out


def stages_own(scenario: Scenario, side: str, cite: Cite) -> list[str]:
    """What a side's numbers are in each stage, for its student alone."""
    stages = scenario.stages or []
    out = ["### Stage by stage", "",
           f"Your numbers above are those of the last stage, {stages[-1].title.lower()}. "
           "In the stages before it:", ""]
    for k, stage in enumerate(stages[:-1]):
        reservation, budget, cares = stage_numbers(scenario, k, side)
        over = stage.parties.get(side)
        ev = over.because if over is not None else {}
        weights = ", ".join(f"{_issue(i)} {w:.0%}" for i, w in sorted(
            cares.items(), key=lambda kv: -kv[1]) if w > 0) or "none"
        out += [f"**{stage.title}.** What no agreement here is worth to you (the talks never "
                f"opening): **{reservation:.2f}**{cite(ev.get('reservation'))}; your "
                f"concession budget here: {budget.total:.2f}"
                f"{cite(ev.get('budget'))}. How much its issues count for you: {weights}"
                f"{cite(ev.get('cares'))}. An option's worth is as in your table above.", ""]
        for rule in stage.carry:
            mine = shift_words(rule, side)
            if mine:
                out += [f"- If it agrees that {when_words(scenario, rule)}, then in the "
                        f"stages after it {'; '.join(mine)}.{cite(rule.because)}"]
        out.append("")
    return out


def stages_key(scenario: Scenario) -> list[str]:
    """Every stage with every carry-over rule and its private effects, for the instructor."""
    stages: Sequence[Stage] = scenario.stages or []
    out = ["## Stages (what each agreement carries over, private effects included)", ""]
    for k, stage in enumerate(stages):
        protocol = stage.protocol or scenario.protocol
        out += [f"### Stage {k + 1}: {stage.title} (`{stage.id}`)", "",
                f"- Issues: {', '.join(stage.issues)}; {protocol.deadline} rounds, "
                f"{protocol.kind}."]
        if k < len(stages) - 1:
            numbers = "; ".join(
                f"{name} reservation {r:.2f}, budget {b.total:.2f}"
                for name in scenario.parties for r, b, _ in [stage_numbers(scenario, k, name)])
            out.append(f"- Numbers in this stage: {numbers}.")
        for rule in stage.carry:
            out.append(f"- If it agrees that {when_words(scenario, rule)}: "
                       f"{rule_words(scenario, rule, private=True)}.")
        out.append("")
    return out

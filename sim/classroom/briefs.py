"""Printable Markdown for a class: one side's private brief, and the instructor's key.

A student's brief holds the public record (the situation, the rules, the issues, every side's
stated position and public red lines, each with its source) and only its own side's private
numbers. The key holds everyone's numbers, the Pareto frontier and Nash point, and what
scripted players typically reach. Evidence is rendered by the same code `parley explain` uses.
"""

from __future__ import annotations

import numpy as np

from sim.analysis.statistics import wilson
from sim.negotiation.game import Game
from sim.report.baseline import Baseline
from sim.scenario.explain import evidence_text, option_values, party_rows
from sim.scenario.schema import Because, Scenario
from sim.transcript.recorder import game_frontier


def _because(because: Because | None) -> str:
    plain = evidence_text(because).plain
    return "; ".join(part.strip() for part in plain.splitlines() if part.strip())


def _cell(value: str) -> str:
    return value.replace("|", "\\|").replace("\n", " ")


def public_record(scenario: Scenario) -> list[str]:
    """The situation, rules, issues and every side's public stance, as Markdown lines."""
    s = scenario
    out = ["## The situation", "", s.summary.strip() or "(no summary)", ""]
    mediator = f", mediated by {s.protocol.mediator}" if s.protocol.mediator else ""
    out += ["## The rules", "",
            f"- Talks run for **{s.protocol.deadline} rounds** ({s.protocol.kind} "
            f"protocol{mediator}); with no deal by then, everyone gets their alternative.",
            f"- A deal needs the consent of: **{', '.join(s.consent.required)}**"
            + (f" (and at least {s.consent.at_least} parties in all)" if s.consent.at_least
               else "") + f". Source: {_because(s.consent.because)}"]
    out += [f"- {line}" for line in ratification_lines(s)]
    out += ["", "## The issues", ""]
    for name, issue in s.issues.items():
        out.append(f"### {name}: {issue.question}")
        out.append("")
        out += [f"- `{opt}`: {issue.label(opt)}" for opt in issue.option_names()]
        if issue.because is not None:
            out += ["", f"Source: {_because(issue.because)}"]
        out.append("")
    out += ["## The sides, as the record shows them", ""]
    for name, party in s.parties.items():
        out.append(f"### {name}")
        out.append("")
        if party.position:
            out.append(f"Public position: {party.position.strip()}")
            if "position" in party.because:
                out.append(f"Source: {_because(party.because['position'])}")
            out.append("")
        public = [line for line in party.red_lines if line.public]
        for line in public:
            cost = "" if line.kind == "hard" else " (a soft line: it can bend, at a cost)"
            out.append(f"- Red line: **{line.describe()}**{cost}. Source: {_because(line.because)}")
        out.append("")
    return out


def ratification_lines(scenario: Scenario) -> list[str]:
    """Every side's ratification step, as public knowledge (its chances stay private)."""
    return [f"A deal also needs the approval of **{name}'s {party.ratification.body}** "
            "(ratification): a deal every side accepts at the table can still be voted down "
            "there, and then the talks go on."
            for name, party in scenario.parties.items() if party.ratification is not None]


def _values_table(scenario: Scenario, name: str) -> list[str]:
    party = scenario.parties[name]
    rows = ["| issue | weight | option | worth to you |", "|---|---:|---|---:|"]
    for issue_name, issue in scenario.issues.items():
        weight = party.cares.get(issue_name, 0.0)
        values = option_values(scenario, party, issue_name)
        for k, (opt, value) in enumerate(zip(issue.option_names(), values, strict=True)):
            label = issue_name if k == 0 else ""
            shown = f"{weight:.0%}" if k == 0 else ""
            rows.append(f"| {label} | {shown} | {_cell(issue.label(opt))} | {value:.2f} |")
    return rows


def private_section(scenario: Scenario, name: str, heading: str) -> list[str]:
    """One side's private numbers with the evidence behind each."""
    party = scenario.parties[name]
    out = [heading, "", "| parameter | value | because |", "|---|---|---|"]
    for param, value, because in party_rows(party):
        out.append(f"| {param} | {_cell(value)} | {_cell(because.plain)} |")
    out += ["", "What each option is worth (a deal's worth is the weighted sum over issues, "
            "less the cost of any soft red line it crosses):", ""]
    out += _values_table(scenario, name)
    return [*out, ""]


def student_brief(scenario: Scenario, side: str, label: str, command: str) -> str:
    """The brief of the student `label` playing `side`."""
    out = [f"# {scenario.title}: brief for {label}", "",
           f"You negotiate for **{side}**. Everything under *Your instructions* is known to "
           "you alone; keep it to yourself.", "", "## Starting your game", "",
           "Run this command exactly; it records your game for the debrief:", "",
           f"```\n{command}\n```", ""]
    out += public_record(scenario)
    out += private_section(scenario, side, f"## Your instructions: {side} (private)")
    party = scenario.parties[side]
    out += ["Your reservation value is what no deal is worth to you: a deal worth less leaves "
            f"you worse off than walking away. Yours is **{party.reservation:.2f}**. Your "
            f"concession budget ({party.budget.total:.2f}) is how far below your best outcome "
            "your principals let you go.", ""]
    return "\n".join(out)


def instructor_key(scenario: Scenario, game: Game, baseline: Baseline) -> str:
    """The key: every side's private parameters, the frontier, and the scripted baseline."""
    out = [f"# {scenario.title}: instructor key", "",
           "Not for students: every side's private numbers are below.", ""]
    for name in scenario.parties:
        out += private_section(scenario, name, f"## {name}")
    out += frontier_lines(game)
    out += baseline_lines(game, baseline)
    if scenario.events:
        out += ["## Events (students are not told in advance)", ""]
        for ev in scenario.events:
            when = f"round {ev.at + 1}" if ev.at is not None else (
                f"a round from {ev.between[0] + 1} to {ev.between[1] + 1}" if ev.between else "")
            chance = "" if ev.chance >= 1 else f" with chance {ev.chance:.0%}"
            out.append(f"- {when}{chance}: {ev.kind.replace('_', ' ')} for {ev.party}"
                       f"{': ' + ev.headline if ev.headline else ''}")
        out.append("")
    return "\n".join(out)


def frontier_lines(game: Game, top: int = 10) -> list[str]:
    """The Nash point and the best Pareto-efficient outcomes by Nash product, as Markdown."""
    front = game_frontier(game)
    eff = game.effective
    out = ["## The Pareto frontier and the Nash point", "",
           f"{int(front.feasible.sum())} of {game.n_outcomes} outcomes cross no hard red line "
           f"of a party whose consent counts; {int(front.efficient.sum())} of them are "
           "Pareto-efficient.", ""]
    if front.nash is None:
        out += ["No outcome beats every side's reservation value: there is no zone of "
                "agreement, so the Nash point is undefined.", ""]
    gains = np.clip(eff - game.reservation[:, None], 0, None).prod(axis=0)
    idx = np.flatnonzero(front.efficient)
    idx = idx[np.argsort(-gains[idx], kind="stable")][:top]
    head = "| | " + " | ".join(game.issues) + " | " + " | ".join(game.parties) + " |"
    out += [f"The {len(idx)} efficient outcomes with the largest Nash product (first: the Nash "
            "point):", "", head, "|" + "---|" * (1 + len(game.issues) + len(game.parties))]
    for rank, o in enumerate(idx):
        mark = "Nash" if front.nash is not None and o == front.nash else str(rank + 1)
        deal = game.decode(int(o))
        utils = " | ".join(f"{eff[p, o]:.2f}" for p in range(len(game.parties)))
        out.append(f"| {mark} | " + " | ".join(deal[i] for i in game.issues) + f" | {utils} |")
    return [*out, ""]


def baseline_lines(game: Game, baseline: Baseline) -> list[str]:
    """What scripted players reach, as Markdown."""
    out = ["## What scripted players typically reach", "", f"Over {baseline.source}:", ""]
    if baseline.deals >= 0:
        rate = wilson(baseline.deals, baseline.runs)
        out.append(f"- Deal rate {rate.share:.0%} (95 % interval {rate.low:.0%} to "
                   f"{rate.high:.0%}).")
    out += ["", "| side | reservation | mean utility | median | share above reservation |",
            "|---|---:|---:|---:|---:|"]
    for p, name in enumerate(game.parties):
        u = baseline.utility[name]
        above = float(np.mean(u > game.reservation[p] + 1e-9))
        out.append(f"| {name} | {game.reservation[p]:.2f} | {u.mean():.3f} | "
                   f"{np.median(u):.3f} | {above:.0%} |")
    return [*out, ""]

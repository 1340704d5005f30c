"""Printable Markdown for a class: one side's private brief, and the instructor's key.

A student's brief holds the public record (the situation, the rules, the issues, every side's
stated position and public red lines, each with its source) and only its own side's private
numbers. The key holds everyone's numbers, the Pareto frontier and Nash point, and what
scripted players typically reach. Evidence is rendered by the same code `parley explain` uses.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sim.scenario.explain import (
    STRATEGY_WORDS,
    evidence_text,
    option_values,
    pace_words,
    party_rows,
)
from sim.scenario.schema import (
    PACE_EXPONENT,
    Because,
    Budget,
    Quote,
    RedLine,
    Scenario,
    evidence_list,
)

# A student's brief is written from the scenario alone (`parley play` shows one as its first
# screen): the instructor key's frontier and baseline import the engine where they need it.
if TYPE_CHECKING:
    from sim.classroom.pack import Settings
    from sim.negotiation.game import Game
    from sim.report.baseline import Baseline


def _because(because: Because | None) -> str:
    plain = evidence_text(because).plain
    return "; ".join(part.strip() for part in plain.splitlines() if part.strip())


def _cell(value: str) -> str:
    return value.replace("|", "\\|").replace("\n", " ")


class Sources:
    """The brief's footnotes: each quote or assumption once, numbered in order of first use,
    so the text reads on and the sources gather at the end."""

    def __init__(self) -> None:
        self.notes: list[str] = []

    def cite(self, because: Because | None) -> str:
        """Footnote marks (`[^3]`) for the evidence of one statement."""
        marks = []
        for ev in evidence_list(because):
            if isinstance(ev, Quote):
                text = f"“{ev.quote}” — {ev.seed} [{ev.span[0]}:{ev.span[1]}]"
            else:
                text = f"The modeller's assumption: {ev.assumption}"
            if text not in self.notes:
                self.notes.append(text)
            marks.append(f"[^{self.notes.index(text) + 1}]")
        return "".join(marks)

    def lines(self) -> list[str]:
        """The footnotes, as Markdown."""
        if not self.notes:
            return []
        return ["## Sources", "",
                "Every fact above cites the words it comes from (the seed file and the "
                "characters of the quote), or says it is the modeller's assumption.", "",
                *(f"[^{k}]: {text}" for k, text in enumerate(self.notes, start=1)), ""]


def rules_out(scenario: Scenario, line: RedLine) -> str:
    """The options a red line rules out, in words: "regions: *Ukraine keeps all four
    regions* or *The line is frozen where it stands*" (several issues: all together)."""
    parts = []
    for issue, options in line.condition.items():
        labels = " or ".join(f"*{scenario.issues[issue].label(o)}*" for o in options)
        parts.append(f"{issue.replace('_', ' ')}: {labels}")
    joined = "; together with ".join(parts)
    return joined if len(parts) == 1 else f"this combination — {joined}"


def protocol_words(scenario: Scenario) -> str:
    """How a round goes, in words."""
    p = scenario.protocol
    if p.kind == "mediated":
        who = p.mediator or "a neutral mediator"
        return (f"Each round the mediator ({who}) tables one text, one option per issue; every "
                "side accepts or rejects it, and the mediator reworks the text toward whoever "
                "objected.")
    return ("Each round one side tables an offer, one option per issue (who goes first is "
            "drawn at random, then the turn passes on); every other side accepts or rejects "
            "it.")


def public_record(scenario: Scenario, sources: Sources | None = None) -> list[str]:
    """The situation, rules, issues and every side's public stance, as Markdown lines, each
    fact with its source as a footnote."""
    s = scenario
    src = sources or Sources()
    out = ["## The situation", "", s.summary.strip() or "(no summary)", ""]
    rounds = (f"- Talks run in stages (below). In {s.stages[-1].title.lower()}, the last: "
              + protocol_words(s.model_copy(update={"protocol": s.stages[-1].protocol
                                                    or s.protocol}))
              if s.stages else
              f"- Talks run for **{s.protocol.deadline} rounds**. {protocol_words(s)}")
    out += ["## The rules", "", rounds,
            "- If no deal is made by then, every side gets what no deal is worth to it (its "
            "*reservation value*, see the glossary).",
            f"- A deal needs the consent of: **{', '.join(s.consent.required)}**"
            + (f" (and at least {s.consent.at_least} sides in all)" if s.consent.at_least
               else "") + f".{src.cite(s.consent.because)}"]
    out += [f"- {line}{src.cite(party.ratification.because)}"
            for line, party in zip(ratification_lines(s),
                                   [p for p in s.parties.values() if p.ratification],
                                   strict=True)
            if party.ratification is not None]
    if s.stages:
        from sim.classroom.stage_briefs import stages_public

        out += ["", *stages_public(s, src.cite)]
    out += ["", "## The issues", "",
            "Every deal settles each issue on one of its options.", ""]
    for name, issue in s.issues.items():
        cite = src.cite(issue.because) if issue.because is not None else ""
        out += [f"### {name.replace('_', ' ')}: {issue.question}{cite}", ""]
        out += [f"- {issue.label(opt)}" for opt in issue.option_names()]
        out.append("")
    out += ["## The sides, as the record shows them", ""]
    for name, party in s.parties.items():
        out += [f"### {name}", ""]
        if party.position:
            cite = src.cite(party.because["position"]) if "position" in party.because else ""
            out += [f"Public position: {party.position.strip()}{cite}", ""]
        for line in (x for x in party.red_lines if x.public):
            kind = ("a hard red line: it never accepts these" if line.kind == "hard" else
                    "a soft red line: it can bend, at a cost it keeps to itself")
            out.append(f"- Red line **{line.describe()}** ({kind}). It rules out "
                       f"{rules_out(s, line)}.{src.cite(line.because)}")
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


PLAYING_KEYS: tuple[tuple[str, str], ...] = (
    ("t", "Table the offer you built (when it is your turn to propose)"),
    ("a / r", "Accept / reject the offer on the table"),
    ("c", "Counter: reject, and load the offer on the table into your builder to rework"),
    ("i", "Reset your builder to your ideal offer"),
    ("x", "Walk out of the talks for good (it asks first)"),
    ("w", "Why? The reason behind the highlighted move in the log, as the table heard it"),
    ("f", "What if? How often talks end in a deal, and what you typically get, if scripted "
          "players took over from now"),
    ("b", "Your brief again"),
    ("s", "Save the game (resume with `parley play --resume FILE`; it keeps recording)"),
    ("?", "Help: how to play, and every key"),
    ("q", "Quit (it asks first during a game)"),
)
"""The keys a student plays with: the printed brief and the in-game help show the same."""

GLOSSARY: tuple[tuple[str, str], ...] = (
    ("utility", "How good an outcome is for one side, from 0 (its worst) to 1 (its best). A "
                "deal's utility to you is the sum, over the issues, of each option's worth to "
                "you times the weight of its issue, less the cost of any soft red line it "
                "crosses."),
    ("weight", "How much an issue counts for a side; the weights add up to 100 %."),
    ("reservation value", "What no deal is worth to a side (what it is left with if talks "
                          "fail). A deal worth less leaves it worse off than walking away."),
    ("concession budget", "How far below its best outcome a side's government lets its "
                          "negotiator go over the whole game, in utility."),
    ("red line", "Options a side will not accept. A hard line is never crossed: the game "
                 "refuses an offer across your own. A soft line can bend, at a cost in "
                 "utility. A private line is one the others do not know about."),
    ("consent", "The sides whose yes a deal needs."),
    ("ratification", "A second vote at home (a parliament, a referendum): a deal every side "
                     "accepted can still be voted down there, and then the talks go on."),
    ("round", "One turn of the talks: an offer is tabled and answered."),
    ("Pareto-efficient", "A deal no other outcome beats for one side without being worse for "
                         "another: no value left on the table."),
    ("Nash point", "The outcome with the largest product of every side's gain over no deal; "
                   "a common yardstick of a fair deal."),
    ("percentile", "In the debrief: the share of games of scripted players in which your side "
                   "did worse than you (ties count half)."),
    ("scripted side", "A side the computer plays, by the numbers in its own brief."),
)
"""Short definitions for the words the briefs and reports use."""

def pace_sentence(budget: Budget) -> str:
    """How fast a side's principals expect it to give ground, as advice to its negotiator."""
    words = {"holds firm, gives ground late": "hold firm and give ground late (what "
                                              "negotiators call a Boulware pace)",
             "gives ground early, then holds": "give ground early, then hold",
             "gives ground evenly, round by round": "give ground evenly, round by round"}
    return words[pace_words(budget.exponent)]


def keys_lines() -> list[str]:
    """The playing keys, as a Markdown table."""
    return ["| key | what it does |", "|---|---|",
            *(f"| `{key}` | {_cell(does)} |" for key, does in PLAYING_KEYS)]


def glossary_lines() -> list[str]:
    """The glossary, as a Markdown list."""
    return ["## Glossary", "", *(f"- **{word}**: {means}" for word, means in GLOSSARY), ""]


def own_instructions(scenario: Scenario, side: str, sources: Sources) -> list[str]:
    """One side's private numbers for the student who plays it, each explained in words."""
    party = scenario.parties[side]
    ev = party.because
    out = [f"## Your instructions: {side} (private)", "",
           "Only you know these numbers; the other sides have their own, which you do not "
           "see.", "",
           "| your numbers | value | what it means |", "|---|---:|---|",
           f"| reservation value | {party.reservation:.2f} | what no deal is worth to you: "
           f"refuse any deal worth less{sources.cite(ev.get('reservation'))} |",
           f"| concession budget | {party.budget.total:.2f} | the most you may give up from "
           f"your best outcome over the whole game{sources.cite(ev.get('budget'))} |", "",
           f"Your principals expect you to {pace_sentence(party.budget)}.", "",
           f"### What matters to you{sources.cite(ev.get('cares'))}", "",
           "How much each issue counts in a deal's worth to you:", "",
           "| issue | weight |", "|---|---:|"]
    for issue, weight in sorted(party.cares.items(), key=lambda kv: -kv[1]):
        out.append(f"| {issue.replace('_', ' ')} | {weight:.0%} |")
    out += ["", f"### What each option is worth to you{sources.cite(ev.get('values'))}", "",
            "From 0 (your worst option on that issue) to 1 (your best). A deal's worth to you "
            "adds these up, weighted as above, less the cost of any soft red line it "
            "crosses.", ""]
    out += _values_table(scenario, side)
    out += ["", "### Your red lines", ""]
    for line in party.red_lines:
        known = ("the others know it" if line.public
                 else "**private**: the others do not know it")
        kind = ("hard: you may never accept it" if line.kind == "hard" else
                f"soft: you may cross it, but a deal that does is worth {line.cost:.2f} less "
                "to you")
        out.append(f"- **{line.describe()}** ({kind}; {known}). It rules out "
                   f"{rules_out(scenario, line)}.{sources.cite(line.because)}")
    if not party.red_lines:
        out.append("- None.")
    if party.ratification is not None:
        rat = party.ratification
        out += ["", f"### Ratification{sources.cite(rat.because)}", "",
                f"The {rat.body} must approve any deal you reach: it always rejects a deal "
                f"worth less than {rat.min_utility:.2f} to you, and approves one worth more "
                f"{rat.probability:.0%} of the time."]
    if scenario.stages:
        from sim.classroom.stage_briefs import stages_own

        out += ["", *stages_own(scenario, side, sources.cite)]
    return [*out, ""]


def student_brief(scenario: Scenario, side: str, label: str, command: str,
                  settings: Settings | None = None, start: list[str] | None = None) -> str:
    """The brief of the student `label` playing `side`, as Markdown (see `brief_html` for the
    printable page); `start` replaces the section on starting the game (a class host's
    students join a table instead: `sim.classroom.pack.joining_lines`)."""
    sources = Sources()
    out = [f"# {scenario.title}: brief for {label}", "",
           f"You negotiate for **{side}**. Part 1 is the public record, which every side "
           f"has; Part 2 is for you alone: keep it to yourself. The glossary at the end "
           "explains the words negotiators use (utility, reservation value, concession "
           "budget, red line, ratification).", ""]
    out += start if start is not None else [
        "## Starting your game", "",
        "Run this command exactly, from the folder that holds the class pack; it records "
        "your game for the debrief:", "", f"```\n{command}\n```", ""]
    if settings is not None and settings.practice:
        out += ["This is a **practice** game: during play you will also see the other "
                "sides' private numbers, which a real delegation never does.", ""]
    out += ["## Playing", "",
            "Build your offer issue by issue; the screen shows what it is worth to you and "
            "how much of your concession budget it would use, and warns you before you "
            "cross a red line or give up too much.", "", *keys_lines(), ""]
    out += ["# Part 1: the public record", ""]
    out += public_record(scenario, sources)
    out += ["# Part 2: for you alone", ""]
    out += own_instructions(scenario, side, sources)
    out += glossary_lines()
    out += sources.lines()
    return "\n".join(out)


def brief_html(markdown: str, title: str) -> str:
    """A brief (or the key) as a printable HTML page: the same text, footnotes at the end."""
    from markdown_it import MarkdownIt
    from mdit_py_plugins.footnote import footnote_plugin

    from sim.report.html import page

    lines = markdown.splitlines()
    if lines and lines[0].startswith("# "):  # the page's own heading says it
        lines = lines[1:]
    md = MarkdownIt("commonmark").enable("table").use(footnote_plugin)
    # A source cited twice is shown as [5] both times, not [5] and [5:1].
    md.add_render_rule("footnote_caption",
                       lambda self, tokens, idx, options, env:
                       f"[{tokens[idx].meta['id'] + 1}]")
    body = md.render("\n".join(lines))
    return page(title, "", [f'<div class="brief">{body}</div>'],
                "Parley · sources are numbered footnotes at the end")


def instructor_key(scenario: Scenario, game: Game, baseline: Baseline,
                   settings: Settings | None = None) -> str:
    """The key: every side's private parameters, the frontier, and the scripted baseline."""
    out = [f"# {scenario.title}: instructor key", "",
           "Not for students: every side's private numbers are below. The words are "
           "explained in the glossary at the end.", ""]
    notes = settings.describe() if settings is not None else []
    out += ["## This class's settings", "",
            *(f"- {note.capitalize()}." for note in notes or ["the defaults: chance events "
                                                               "happen, no practice mode"]),
            ""]
    for name in scenario.parties:
        out += private_section(scenario, name, f"## {name}")
    if scenario.stages:
        from sim.classroom.stage_briefs import stages_key

        out += stages_key(scenario)
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
    out += glossary_lines()
    out += [f"- **pace**: how fast a side gives ground: {', '.join(sorted(PACE_EXPONENT))} "
            "(late, evenly, early).",
            "- **strategy**: how a scripted side negotiates: "
            + "; ".join(f"{k.replace('_', ' ')}: {v}" for k, v in STRATEGY_WORDS.items())
            + ".", ""]
    return "\n".join(out)


def frontier_lines(game: Game, top: int = 10) -> list[str]:
    """The Nash point and the best Pareto-efficient outcomes by Nash product, as Markdown."""
    import numpy as np

    from sim.transcript.recorder import game_frontier

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
    import numpy as np

    from sim.analysis.statistics import wilson

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

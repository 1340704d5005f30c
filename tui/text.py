"""Words the screens show: briefings, log lines and "Why?" answers, built from plain data.

Nothing here imports Textual, so the wording can be tested (and reused by reports) without a
terminal. Markdown is returned for the longer texts; Textual's `Markdown` widget renders it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from sim.classroom.briefs import pace_sentence, private_section, ratification_lines
from sim.scenario.explain import option_values
from sim.scenario.schema import Because, Party, Quote, Scenario, evidence_list
from sim.transcript.ending import VotedDown, ending_label
from sim.transcript.format import Record

# The briefing is `parley play`'s first screen and is written from the scenario alone, before
# the engine is imported: what tells the table's moves (`sim.transcript.public`, numpy) is
# imported where a move is told.
if TYPE_CHECKING:
    from sim.negotiation.game import Game
    from sim.play.seat import Seated


def option_label(scenario: Scenario, issue: str, option: str) -> str:
    """The readable label of one option."""
    return scenario.issues[issue].label(option)


def issue_title(issue: str) -> str:
    """An issue identifier as a heading: `regions` → `Regions`."""
    return issue.replace("_", " ").capitalize()


def evidence_markdown(because: Because | None) -> str:
    """Evidence as Markdown block quotes: the source's words, or the modeller's assumption."""
    parts = []
    for item in evidence_list(because):
        if isinstance(item, Quote):
            parts.append(f"> “{item.quote}” — *{item.seed}*")
        else:
            parts.append(f"> *Assumption:* {item.assumption}")
    return "\n>\n".join(parts) if parts else "> *No evidence given.*"


def _salience(party: Party) -> str:
    rows = sorted(party.cares.items(), key=lambda kv: -kv[1])
    lines = []
    for issue, weight in rows:
        bar = "█" * round(weight * 20)
        lines.append(f"| {issue_title(issue)} | `{bar:<20}` {weight:.2f} |")
    return "| Issue | Weight |\n|---|---|\n" + "\n".join(lines)


def _values(scenario: Scenario, party: Party) -> str:
    """Issue by issue, one option a line with its worth first, your best marked ★."""
    lines = []
    for issue in scenario.issues:
        if issue not in party.values:
            continue
        options = scenario.issues[issue].option_names()
        table = option_values(scenario, party, issue)
        best = max(table)
        lines.append(f"- **{issue_title(issue)}**")
        for option, value in zip(options, table, strict=True):
            mark = " ★" if value == best else ""
            lines.append(f"    - `{value:.2f}` {option_label(scenario, issue, option)}{mark}")
    return "\n".join(lines)


def _red_lines(party: Party, public_only: bool, costs: bool = True) -> str:
    """A party's red lines; `public_only` for another side's (as the public knows them),
    `costs` to show what bending a soft line costs (private: only its own side, or practice)."""
    lines = []
    for line in party.red_lines:
        if public_only and not line.public:
            continue
        kind = ("Hard" if line.kind == "hard" else f"Soft (costs {line.cost:.2f})" if costs
                else "Soft (it can bend, at a cost only it knows)")
        secret = "" if line.public else " — *private: the others do not know it*"
        lines.append(f"- **{kind}**: {line.describe()}{secret}\n\n"
                     + _indent(evidence_markdown(line.because)))
    return "\n".join(lines) if lines else "- *None.*"


def _indent(text: str) -> str:
    return "\n".join("  " + row for row in text.splitlines())


def briefing_markdown(scenario: Scenario, side: str, practice: bool = False) -> str:
    """The private brief of `side` and the public positions of the others (in a class's
    practice mode, the others' private numbers too)."""
    me = scenario.parties[side]
    ev = me.because
    budget = me.budget
    parts = [
        f"# {scenario.title}",
        scenario.summary.strip(),
        "### How a deal is made",
        "\n".join([f"- A deal needs the consent of: **{', '.join(scenario.consent.required)}**"
                   + (f" (and at least {scenario.consent.at_least} sides in all)."
                      if scenario.consent.at_least else "."),
                   *(f"- {line}" for line in ratification_lines(scenario))]),
        f"## Your brief: you speak for **{side}**",
        f"*Your public position:* {me.position or 'none stated'}",
        "### Your red lines",
        _red_lines(me, public_only=False),
        "### No deal is worth",
        f"**{me.reservation:.2f}** to you (your reservation value): refuse anything worth less.",
        evidence_markdown(ev.get("reservation")),
        "### Your concession budget",
        f"You may give up at most **{budget.total:.2f}** from your ideal over the whole game. "
        f"Your principals expect you to {pace_sentence(budget)}.",
        evidence_markdown(ev.get("budget")),
        "### What you care about",
        _salience(me),
        evidence_markdown(ev.get("cares")),
        "### What each option is worth to you",
        _values(scenario, me),
        evidence_markdown(ev.get("values")),
    ]
    if me.ratification is not None:
        rat = me.ratification
        parts += ["### Ratification",
                  f"The {rat.body} must approve any deal: never one worth less than "
                  f"{rat.min_utility:.2f} to you, and otherwise with chance "
                  f"{rat.probability:.0%}.", evidence_markdown(rat.because)]
    if scenario.stages:  # staged talks: the stages, and this side's numbers in each
        from sim.classroom.stage_briefs import stages_own, stages_public

        parts += ["\n".join(stages_public(scenario, _no_cite)),
                  "\n".join(stages_own(scenario, side, _no_cite))]
    parts.append("## The others, as the public knows them")
    for name, party in scenario.parties.items():
        if name == side:
            continue
        parts += [f"### {name}", party.position or "*No public position.*"]
        if party.ratification is not None:
            parts.append(f"*Ratification:* any deal must still be approved by {name}'s "
                         f"{party.ratification.body}, which can vote it down.")
        if "position" in party.because:
            parts.append(evidence_markdown(party.because["position"]))
        parts += ["Public red lines:", _red_lines(party, public_only=True, costs=practice)]
    if practice:
        parts += ["## Practice mode: the others' private numbers",
                  "*In a real negotiation no delegation sees these; your teacher has shown "
                  "them for practice.*"]
        for name in scenario.parties:
            if name != side:
                parts.append("\n".join(private_section(scenario, name, f"### {name}")))
    return "\n\n".join(parts)


def _no_cite(because: Because | None) -> str:
    """No footnotes on screen (the printed brief numbers its sources)."""
    return ""


def offer_markdown(scenario: Scenario, offer: Mapping[str, str]) -> str:
    """An offer as a Markdown list, one issue per line (in staged talks, the issues of the
    stage it was tabled in)."""
    return "\n".join(f"- **{issue_title(i)}**: {option_label(scenario, i, offer[i])}"
                     for i in scenario.issues if i in offer)


def move_line(record: Record, viewer: str, voted: VotedDown | None = None,
              public: bool = False) -> str | None:
    """One transcript record as a line of the table's log (None for records not shown);
    `voted` is the game's deal voted down in ratification, if any (for its last line);
    `public` words another side's rejection as the table hears it (no code that tells which
    private number decided)."""
    kind = record["type"]
    head = f"R{record.get('round', 0) + 1:>2} "
    party = record.get("party", "")
    if kind in ("stage", "stage_end"):
        return stage_line(record)
    if kind == "offer":
        worth = record.get("utilities", {}).get(viewer)
        tail = f" (worth {worth:.2f} to you)" if worth is not None else ""
        who = "You" if party == viewer else party
        # A mediator's note (no text avoids every red line) is said aloud: "Why?" has it all.
        note = " — it crosses the fewest red lines" if record.get("note") else ""
        return f"{head}{who} tabled an offer{tail}{note}{_stood_in(record)}"
    if kind == "answer":
        who = "You" if party == viewer else party
        verb = "accepted" if record["accept"] else "rejected"
        code = record.get("code", "")
        if public and party != viewer:
            from sim.transcript.public import public_code

            code = public_code(code).replace(" ", "_")
        why = "" if code in ("person", "accept", "") else f" — {code.replace('_', ' ')}"
        return f"{head}{who} {verb}{why}{_stood_in(record)}"
    if kind == "event":
        return f"{head}⚑ {_news(record)}"
    if kind == "walk_out":
        return f"{head}✖ {'You' if party == viewer else party} walked out"
    if kind == "ratification":
        return f"{head}{record['body']}: {'approves' if record['approved'] else 'rejects'}"
    if kind == "outcome":
        return f"{head}Game over: {ending_label(record['kind'], voted)}"
    return None


def _stood_in(record: Record) -> str:
    """A class host's stand-in made this move: the student's time ran out."""
    return " (by the stand-in: time ran out)" if record.get("stand_in") else ""


def _news(record: Record) -> str:
    """An event's headline, saying so when the teacher sent it."""
    if record.get("source") == "teacher":
        return f"News from your teacher: {record['headline']}"
    return str(record["headline"])


def _sent_by_teacher(record: Record) -> list[str]:
    """For news the teacher sent: who sent it and from when it acts."""
    if record.get("source") != "teacher":
        return []
    return [f"*News sent by your teacher during the class: it acts from round "
            f"{int(record.get('from_round', 0)) + 1}.*"]


def why_during_play(record: Record, session: Seated, viewer: str) -> str:
    """The "Why?" screen during play: what `viewer`'s delegation could know (everything, in a
    class's practice mode)."""
    hidden = None if session.practice else (session.game, session.records)
    return why_markdown(record, session.scenario, viewer, session.humans, hidden=hidden)


def notice_line(record: Record, session: Seated, viewer: str) -> str:
    """A pop-up notice of an event, a walk-out or a vote, as `viewer` may learn of it."""
    if record["type"] == "ratification" and record.get("party") != viewer \
            and not session.practice:
        from sim.transcript.public import public_ratification

        return public_ratification(record)
    if record.get("source") == "teacher":
        return _news(record)
    return str(record.get("headline") or record.get("reason")
               or f"{record['party']} walked out")


def why_markdown(record: Record, scenario: Scenario, viewer: str,
                 humans: tuple[str, ...],
                 hidden: tuple[Game, Sequence[Record]] | None = None) -> str:
    """The reason behind a move, for the "Why?" screen.

    Args:
        hidden: during play, the game and the transcript so far: another side's private
            numbers are then left out, and its answers given as the table hears them. None
            (replay, the debrief, practice mode): everything recorded.
    """
    kind = record["type"]
    party = record.get("party", "")
    round_ = record.get("round", 0) + 1
    mine = party == viewer
    if kind in ("stage", "stage_end"):  # public: who sits at the table, what was agreed
        return stage_markdown(record, scenario)
    if hidden is not None and not mine:
        return _why_public(record, scenario, viewer, hidden)
    if kind == "offer":
        utilities = record.get("utilities", {})
        lines = [f"## {party}'s offer in round {round_}", offer_markdown(scenario,
                                                                         record["outcome"])]
        if viewer in utilities:
            lines.append(f"Worth **{utilities[viewer]:.2f}** to you.")
        if party in utilities and party not in humans:
            lines.append(f"Worth **{utilities[party]:.2f}** to {party}, by its own reckoning: "
                         "a scripted side tables what comes closest to the utility it aims "
                         "for this round, avoiding the red lines it knows of.")
        lines += _offer_note(record)
        return "\n\n".join(lines)
    if kind in ("answer", "ratification"):
        lines = [f"## {party} in round {round_}", record["reason"]]
        if "utility" in record and party not in humans:
            lines.append(f"Utility of the offer to {party}: **{record['utility']:.2f}**")
        if "wanted" in record:
            lines.append(f"It wanted at least **{record['wanted']:.2f}** this round.")
        return "\n\n".join(lines)
    if kind == "event":
        text = [f"## {record['headline']}", f"Round {round_}: {_event_effect(record)}",
                *_sent_by_teacher(record)]
        for spec in scenario.events:
            if spec.party == party and spec.kind == record["kind"] and (
                    spec.headline or spec.kind.replace("_", " ")) == record["headline"]:
                text.append(evidence_markdown(spec.because))
                break
        return "\n\n".join(text)
    if kind == "walk_out":
        return f"## {party} left the table in round {round_}"
    return "Nothing was recorded for this line."


def _why_public(record: Record, scenario: Scenario, viewer: str,
                hidden: tuple[Game, Sequence[Record]]) -> str:
    """Another side's move as `viewer`'s delegation sees it: its words, no private number."""
    from sim.transcript.public import public_event_effect, public_ratification, public_reason

    game, records = hidden
    kind = record["type"]
    party = record.get("party", "")
    round_ = record.get("round", 0) + 1
    if kind == "offer":
        lines = [f"## {party}'s offer in round {round_}",
                 offer_markdown(scenario, record["outcome"])]
        worth = record.get("utilities", {}).get(viewer)
        if worth is not None:
            lines.append(f"Worth **{worth:.2f}** to you.")
        lines.append(f"What it is worth to {party} is {party}'s secret; its public position "
                     "and red lines are in your brief (b).")
        return "\n\n".join(lines + _offer_note(record))
    if kind == "answer":
        return "\n\n".join([f"## {party} in round {round_}",
                             public_reason(record, records, game),
                             "*What the text is worth to it, and what it hoped for, are "
                             "its own secret: they appear in the debrief after the game.*"])
    if kind == "ratification":
        return f"## {party} in round {round_}\n\n{public_ratification(record)}"
    if kind == "event":
        text = [f"## {record['headline']}", f"Round {round_}: {public_event_effect(record)}",
                *_sent_by_teacher(record)]
        return "\n\n".join(text + _event_evidence(record, scenario))
    if kind == "walk_out":
        return f"## {party} left the table in round {round_}"
    return "Nothing was recorded for this line."


def _offer_note(record: Record) -> list[str]:
    """What a mediator said with its text, if anything (that no text avoids every public red
    line, and which ones this one crosses): the whole table hears it."""
    note = record.get("note")
    return [f"**{record.get('party', '')} says:** {note}"] if note else []


def _event_evidence(record: Record, scenario: Scenario) -> list[str]:
    for spec in scenario.events:
        if spec.party == record.get("party") and spec.kind == record["kind"] and (
                spec.headline or spec.kind.replace("_", " ")) == record["headline"]:
            return [evidence_markdown(spec.because)]
    return []


def _event_effect(record: Record) -> str:
    party, by = record.get("party", ""), record.get("by")
    if record["kind"] == "shift_reservation":
        return f"what no deal is worth to {party} changes by {by:+.2f}."
    if record["kind"] == "shift_budget":
        return f"{party}'s concession budget changes by {by:+.2f}."
    if record["kind"] == "shift_value":
        return (f"{party} values {record.get('option')} on {record.get('issue')} "
                f"by {by:+.2f} differently.")
    return f"{party} walks out."


def stage_line(record: Record) -> str:
    """A stage of staged talks opening or ending, as a line of the log."""
    if record["type"] == "stage":
        return f"── Stage {record['number']}/{record['of']}: {record['title']} ──"
    if record.get("kind") == "deal":
        return f"R{int(record['round']) + 1:>2} ✔ {record['stage']} agreed"
    return f"R{min(int(record['round']), 99):>2} ✖ {record['stage']}: no agreement"


def stage_words(record: Record) -> list[str]:
    """What a `stage` record tells every side: who sits at the table, who chairs, what is
    settled already and what earlier stages carried over (in the scenario's words; how an
    agreement moves a side's private numbers stays with that side)."""
    out = [f"{record['deadline']} rounds, {record['protocol']} protocol"
           + (f", chaired by {record['mediator']}" if record.get("mediator") else "") + ".",
           f"At the table: {', '.join(record.get('parties') or [])}."]
    if record.get("absent"):
        out.append(f"Not at the table: {', '.join(record['absent'])}.")
    out += [f"Carried over from {note['from']}: {note['label']}."
            for note in record.get("carried") or ()]
    return out


def stage_markdown(record: Record, scenario: Scenario) -> str:
    """The "Why?" screen of a stage opening or ending."""
    if record["type"] == "stage_end":
        if record.get("deal"):
            return "\n\n".join([f"## {record['stage']} agreed in round {record['round'] + 1}",
                                 offer_markdown(scenario, record["deal"]),
                                 "What it agreed stays settled in the stages after it."])
        return (f"## {record['stage']} ended without agreement\n\nA stage that ends without "
                "agreement ends the game: the talks never opened.")
    lines = [f"## Stage {record['number']} of {record['of']}: {record['title']}",
             *stage_words(record)]
    if record.get("fixed"):
        lines += ["Settled before this stage:", offer_markdown(scenario, record["fixed"])]
    return "\n\n".join(lines)

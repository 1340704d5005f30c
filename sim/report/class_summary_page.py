"""A class's games as one self-contained HTML page."""

from __future__ import annotations

from collections import Counter

from sim import __version__
from sim.report import charts
from sim.report.class_summary import ClassSummary, Played
from sim.report.html import esc, page, paragraph, section, table
from sim.transcript.ending import ENDINGS, LABELS, counted, without_deal

ALWAYS_COUNTED = ENDINGS[:4]
"""Endings the header counts even when no game had them (deal, walk-out, ratification,
time); the others (the teacher's set end, talks that never opened) only when some game did."""


def render_summary(s: ClassSummary) -> str:
    """The class summary page of `s`."""
    endings = Counter(g.ending for g in s.games)
    counts = [counted(e, endings[e]) for e in ENDINGS if e in ALWAYS_COUNTED or endings[e]]
    subtitle = " · ".join([esc(s.title), f"{len(s.games)} games", *counts])
    body = [_prompts(s), _deals(s), _distribution(s), _sides(s)]
    if s.dry_run:
        body.insert(0, '<div class="headline" id="dry-run"><b>Dry run:</b> every game below was '
                    "played by a simulated student, not a person.</div>")
    if s.roster is not None:
        body.append(_roster(s))
    if s.skipped:
        body.append(_skipped(s))
    alerts = _alerts(s)
    if alerts:
        body.insert(0, alerts)
    footer = (f"Parley {esc(__version__)} · baseline: {esc(s.baseline.source)} · "
              "rounds are counted from 1 · this file needs no network")
    return page("Class summary", subtitle, body, footer)


def _prompts(s: ClassSummary) -> str:
    items = "".join(f"<li>{esc(p)}</li>" for p in s.prompts)
    return section("Three questions for the discussion", f'<ol class="prompts">{items}</ol>',
                   anchor="prompts")


def _deals(s: ClassSummary) -> str:
    rows = []
    for g in s.games:
        if g.kind == "deal":
            outcome = f"deal, round {g.round + 1}"
        elif g.kind == "walk_out":
            who = esc(g.walked_out)
            outcome = f'<span class="bad">{who} walked out, round {g.round + 1}</span>'
        elif g.kind == "never_opened":
            # A first stage that failed: the settlement was never played.
            where = f"the {esc(g.stage.lower())}" if g.stage else "an earlier stage"
            why = (f"{esc(g.walked_out)} walked out of {where}" if g.walked_out
                   else f"{where} {LABELS['deadline']}")
            outcome = (f'<span class="bad">{without_deal(g.ending)} ({why}, '
                       f"round {g.round + 1})</span>")
        elif g.voted_down is not None:
            v = g.voted_down
            outcome = (f'<span class="bad">{g.ending} ({esc(v.words())}, '
                       f"round {v.round + 1})</span>")
        elif g.ended_by_teacher:
            outcome = f'<span class="bad">{without_deal(g.ending)}, round {g.round + 1}</span>'
        else:
            outcome = f'<span class="bad">{without_deal(g.ending)}</span>'
        # Option names, not the long labels: eight issues of labels would not fit a row.
        cells = [esc(g.deal[i].replace("_", " ")) if g.deal else "—" for i in s.issues]
        mine = "; ".join(f"{g.utilities[side]:.2f}" + (
            ' <span class="bad">(overspent its budget)</span>' if side in g.overspent else "")
            for side in g.sides) or "—"
        sides = esc(", ".join(g.sides) + (" (simulated student)" if g.simulated else "")
                    if g.sides else "scripted")
        sides += _hand(g)
        rows.append([esc(g.name), sides, outcome, *cells, mine])
    # A compact table (class "deals") that stays within the page's column with an issue
    # per column: issue names break between words, a teacher's long notes anywhere.
    return section("The deals side by side", table(
        ["game", "played", "outcome", *(i.replace("_", " ") for i in s.issues),
         "player's utility"], rows, numeric=(3 + len(s.issues),), cls="deals"),
        anchor="deals")


def _hand(g: Played) -> str:
    """A class host's marks on a game: the stand-in's moves, a side abandoned, the news the
    teacher sent."""
    notes = []
    for side in g.abandoned:
        notes.append(f'<span class="bad">{esc(side)} abandoned by its student</span>')
    if g.stand_ins:
        notes.append("moves by the stand-in (time ran out): " + ", ".join(
            f"{esc(side)} {n}" for side, n in g.stand_ins.items()))
    if g.injects:
        notes.append("news from the teacher: " + "; ".join(esc(h) for h in g.injects))
    return "".join(f"<br><small>{note}</small>" for note in notes)


def _alerts(s: ClassSummary) -> str:
    """What the teacher should know before reading on: missing, mismatched or left-out games."""
    notes = []
    r = s.roster
    if r is not None and r.missing:
        notes.append(f"{len(r.missing)} of {r.students} students on the roster have no game "
                     "in this summary")
    if r is not None and r.problems:
        notes.append(f"{len(r.problems)} game{'s' if len(r.problems) != 1 else ''} do"
                     f"{'' if len(r.problems) != 1 else 'es'} not match the roster")
    if s.skipped:
        notes.append(f"{len(s.skipped)} file{'s' if len(s.skipped) != 1 else ''} left out")
    if not notes:
        return ""
    return ('<div class="headline bad" id="alerts"><b>Before the discussion:</b> '
            + esc("; ".join(notes)) + ". The details are at the end of the page.</div>")


def _roster(s: ClassSummary) -> str:
    r = s.roster
    assert r is not None
    parts = [paragraph(f"The class&#x27;s roster ({esc(r.source)}) lists {r.students} "
                       f"students; {len(s.games)} games are summarised above.")]
    if r.missing:
        parts.append("<h3>Students with no game</h3>")
        parts.append(table(["student", "side", "why"],
                           [[esc(a), esc(b), esc(c)] for a, b, c in r.missing]))
    if r.problems:
        parts.append("<h3>Games that do not match the roster</h3>")
        parts.append(paragraph("Each student's command sets the side, the seed and the class's "
                               "settings; these games were played otherwise, so they may not "
                               "be comparable with the rest.", "muted"))
        parts.append(table(["game", "what differs"],
                           [[esc(a), esc(b)] for a, b in r.problems]))
    if not r.missing and not r.problems:
        parts.append(paragraph("Every student on the roster has a game, played as their "
                               "command sets it."))
    return section("The roster", *parts, anchor="roster")


def _skipped(s: ClassSummary) -> str:
    rows = [[esc(name), esc(why)] for name, why in s.skipped]
    return section("Transcripts left out", paragraph(
        "These files were given but are not in the summary above, each with the whole reason "
        "(and the line at fault, where there is one):"),
        table(["file", "why"], rows), anchor="skipped")


def _distribution(s: ClassSummary) -> str:
    figures = [charts.option_shares(issue, s.distribution[issue], len(s.games))
               for issue in s.issues]
    return section("How each issue was settled", paragraph(
        "One bar per issue: how many games settled it on each option; greys, games without "
        "a deal, one grey for each way they ended.", "muted"), *figures, anchor="distribution")


def _sides(s: ClassSummary) -> str:
    if not s.sides:
        return section("Who did best per side",
                       paragraph("No side was played by a person in these games."),
                       anchor="sides")
    rows = [[esc(r.side), str(r.players), f"{r.class_mean:.3f}", f"{r.baseline_mean:.3f}",
             f"{r.class_margin:+.3f}",
             esc(", ".join(r.best)) + (f" (tied, {len(r.best)})" if len(r.best) > 1 else ""),
             f"{r.best_utility:.3f}", f"{r.margin:+.3f}", f"{r.best_percentile:.0f}"]
            for r in s.sides]
    scores = {r.side: [(g.name, g.utilities[r.side]) for g in s.games if r.side in g.sides]
              for r in s.sides}
    strip = charts.class_strip(s.parties, scores,
                               {p: s.baseline.mean(p) for p in s.parties}, s.reservations)
    used = paragraph(f"<b>Baseline used:</b> {esc(s.baseline.source)}.", "baseline")
    note = paragraph("Each dot is a student; their names and results are in <i>The deals side "
                     "by side</i> above.", "muted")
    return section("Who did best per side", used, note, table(
        ["side", "students", "class mean", "scripted mean", "class over scripted", "best",
         "best utility", "best over scripted", "best percentile"], rows,
        numeric=(1, 2, 3, 4, 6, 7, 8)), strip, anchor="sides")

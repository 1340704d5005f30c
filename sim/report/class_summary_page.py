"""A class's games as one self-contained HTML page."""

from __future__ import annotations

from sim import __version__
from sim.report import charts
from sim.report.class_summary import ClassSummary
from sim.report.html import esc, page, paragraph, section, table
from sim.transcript.ending import RATIFICATION_REJECTED


def render_summary(s: ClassSummary) -> str:
    """The class summary page of `s`."""
    walked = sum(1 for g in s.games if g.kind == "walk_out")
    rejected = sum(1 for g in s.games if g.ending == RATIFICATION_REJECTED)
    late = len(s.games) - s.deals - walked - rejected
    subtitle = (f"{esc(s.title)} · {len(s.games)} games · {s.deals} deals · "
                f"{walked} walk-outs · {rejected} {RATIFICATION_REJECTED} · "
                f"{late} ran out of time")
    body = [_prompts(s), _deals(s), _distribution(s), _sides(s)]
    if s.dry_run:
        body.insert(0, '<div class="headline" id="dry-run"><b>Dry run:</b> every game below was '
                    "played by a simulated student, not a person.</div>")
    if s.skipped:
        body.append(_skipped(s))
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
        elif g.voted_down is not None:
            v = g.voted_down
            outcome = (f'<span class="bad">{RATIFICATION_REJECTED} ({esc(v.words())}, '
                       f"round {v.round + 1})</span>")
        else:
            outcome = '<span class="bad">no deal: ran out of time</span>'
        # Option names, not the long labels: eight issues of labels would not fit a row.
        cells = [esc(g.deal[i].replace("_", " ")) if g.deal else "—" for i in s.issues]
        mine = "; ".join(f"{g.utilities[side]:.2f}" for side in g.sides) or "—"
        sides = ", ".join(g.sides) + (" (simulated student)" if g.simulated else "")
        rows.append([esc(g.name), esc(sides if g.sides else "scripted"),
                     outcome, *cells, mine])
    return section("The deals side by side", table(
        ["game", "played", "outcome", *s.issues, "player's utility"], rows,
        numeric=(3 + len(s.issues),)), anchor="deals")


def _skipped(s: ClassSummary) -> str:
    rows = [[esc(name), esc(why)] for name, why in s.skipped]
    return section("Transcripts left out", paragraph(
        "These files were given but are not in the summary above:"),
        table(["file", "why"], rows), anchor="skipped")


def _distribution(s: ClassSummary) -> str:
    figures = [charts.option_shares(issue, s.distribution[issue], len(s.games))
               for issue in s.issues]
    return section("How each issue was settled", paragraph(
        "One bar per issue: how many games settled it on each option; grey, games without "
        "a deal.", "muted"), *figures, anchor="distribution")


def _sides(s: ClassSummary) -> str:
    if not s.sides:
        return section("Who did best per side",
                       paragraph("No side was played by a person in these games."),
                       anchor="sides")
    rows = [[esc(r.side), str(r.players), f"{r.class_mean:.3f}", f"{r.baseline_mean:.3f}",
             f"{r.class_margin:+.3f}", esc(r.best), f"{r.best_utility:.3f}", f"{r.margin:+.3f}",
             f"{r.best_percentile:.0f}"] for r in s.sides]
    scores = {r.side: [(g.name, g.utilities[r.side]) for g in s.games if r.side in g.sides]
              for r in s.sides}
    strip = charts.class_strip(s.parties, scores,
                               {p: s.baseline.mean(p) for p in s.parties}, s.reservations)
    used = paragraph(f"<b>Baseline used:</b> {esc(s.baseline.source)}.", "baseline")
    return section("Who did best per side", used, table(
        ["side", "students", "class mean", "scripted mean", "class over scripted", "best",
         "best utility", "best over scripted", "best percentile"], rows,
        numeric=(1, 2, 3, 4, 6, 7, 8)), strip, anchor="sides")

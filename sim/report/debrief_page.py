"""One game's debrief as a self-contained HTML page."""

from __future__ import annotations

from sim import __version__
from sim.report import charts
from sim.report.debrief import Debrief
from sim.report.html import esc, page, paragraph, section, table


def render_debrief(d: Debrief) -> str:
    """The debrief page of `d`."""
    who = "a simulated student (a dry run, not a person)" if d.simulated else "a person"
    played = (f"played by {who}: <b>{esc(', '.join(d.humans))}</b>" if d.humans
              else "all sides scripted")
    subtitle = (f"{esc(d.title)} · transcript {esc(d.name)} · seed {d.seed} · "
                f"{esc(d.protocol)} protocol · {d.deadline} rounds · {played}")
    body = [_headline(d), *([_stages(d)] if d.stages else []), _outcome(d), _percentiles(d),
            _timeline(d), _concessions(d), _frontier(d), _red_lines(d), _moves(d)]
    footer = (f"Parley {esc(__version__)} · baseline: {esc(d.baseline.source)} · "
              "rounds are counted from 1 · this file needs no network")
    return page(f"Debrief: {d.name}", subtitle, body, footer)


def _headline(d: Debrief) -> str:
    lines = [esc(d.outcome_sentence())]
    if d.simulated:
        lines.insert(0, f"<b>Dry run:</b> a simulated student played {esc(', '.join(d.humans))}"
                     " in this game, not a person.")
    for side in d.focus:
        r = d.result(side)
        lines.append(f"<b>{esc(side)}</b> ended with utility {r.utility:.2f} "
                     f"(reservation {r.reservation:.2f}): percentile "
                     f"<b class=\"percentile\" data-party=\"{esc(side)}\">{r.percentile:.0f}</b> "
                     "among scripted players of the same side.")
    cls = "headline" if d.kind == "deal" else "headline bad"
    opening = f'<div class="{cls}" id="outcome" data-kind="{esc(d.kind)}">'
    return opening + "<br>".join(lines) + "</div>"


def _stages(d: Debrief) -> str:
    """Staged talks: each stage, who sat at its table, how it ended, what it carried over."""
    rows = []
    for st in d.stages:
        if st.round < 0:
            rows.append([f"{st.number}. {esc(st.title)}", "—", "—",
                         '<span class="muted">never reached</span>', "—", "—"])
            continue
        ended = (f"agreed in round {st.round + 1} of {st.deadline}" if st.kind == "deal"
                 else f"no agreement ({esc(st.kind.replace('_', ' '))})")
        agreed = "; ".join(f"{esc(issue)}: {esc(d.labels[issue][option])}"
                           for issue, option in (st.deal or {}).items()) or "—"
        chair = f" (chaired by {esc(st.mediator)})" if st.mediator else ""
        rows.append([f"{st.number}. {esc(st.title)}", esc(", ".join(st.at_table)),
                     esc(st.protocol) + chair,
                     f'<span class="{"good" if st.kind == "deal" else "bad"}">{ended}</span>',
                     agreed, esc("; ".join(st.carried)) or "—"])
    note = paragraph("The talks ran in stages: a stage that ends without agreement ends the "
                     "game (the talks never opened); what a stage agreed stays settled in the "
                     "next, and can change who sits at the table and what no deal is worth. "
                     "Rounds below are counted on from stage to stage.", "muted")
    return section("Stages", table(["stage", "at the table", "protocol", "how it ended",
                                    "what it agreed", "carried into it"], rows), note,
                   anchor="stages")


def _outcome(d: Debrief) -> str:
    parts = []
    if d.deal is not None:
        rows = []
        for issue in d.issues:
            option = d.deal[issue]
            nash = d.nash_point[issue] if d.nash_point else ""
            same = "" if nash == option else ' class="muted"'
            rows.append([esc(issue), esc(d.labels[issue][option]),
                         f"<span{same}>{esc(d.labels[issue].get(nash, '—'))}</span>"])
        parts.append(table(["issue", "the deal", "Nash point"], rows))
        eff = "on the Pareto frontier" if d.pareto_efficient else (
            f"not Pareto-efficient: some other outcome is better for someone and worse for no "
            f"one (distance to the frontier {d.distance_to_frontier or 0:.3f})")
        parts.append(paragraph(f"The deal is {esc(eff)}."))
    player = " (simulated student)" if d.simulated else " (person)"
    rows = [[esc(r.name) + (player if r.human else ""), f"{r.utility:.3f}",
             f"{r.reservation:.3f}",
             '<span class="good">above</span>' if r.above_reservation
             else '<span class="bad">not above</span>',
             _spent(r.budget_spent, r.budget), str(r.pressed), str(r.soft_pressed),
             f"{r.baseline_mean:.3f}", f"{r.percentile:.0f}"] for r in d.results]
    parts.append(table(["party", "utility", "no deal (reservation)", "vs no deal",
                        "budget spent (of its budget)", "offers crossing its hard red lines",
                        "offers crossing its soft red lines", "scripted mean", "percentile"],
                       rows, numeric=(1, 2, 4, 5, 6, 7, 8)))
    over = [r.name for r in d.results if r.overspent]
    if over:
        parts.append(paragraph(
            f'<span class="bad">Overspent:</span> {esc(", ".join(over))} gave up more than '
            "the concession budget allowed (what it offered or accepted fell further below "
            "its ideal than its principals let it go)."))
    parts.append(charts.utility_bars(
        d.parties, {r.name: r.utility for r in d.results},
        {r.name: r.reservation for r in d.results},
        {r.name: r.baseline_mean for r in d.results}))
    return section("Outcome: utility against reservation value", *parts, anchor="result")


def _spent(spent: float, budget: float) -> str:
    text = f"{spent:.3f} of {budget:.3f}"
    if spent > budget + 1e-9:
        return f'<span class="bad">{text}: overspent</span>'
    return text


def _percentiles(d: Debrief) -> str:
    b = d.baseline
    rate = (f"{b.deals} of {b.runs} scripted games ended in a deal." if b.deals >= 0
            else f"{b.runs} scripted runs.")
    intro = paragraph(
        "How the result compares with scripted players of the same side, over "
        f"{esc(b.source)}. {esc(rate)} The percentile is the share of those runs in which the "
        "side did worse (ties count half); a run without a deal counts at the reservation "
        "value.")
    used = paragraph(f"<b>Baseline used:</b> {esc(b.source)}.", "baseline")
    figures = [charts.percentile_histogram(side, b.utility[side], d.result(side).utility,
                                           d.result(side).percentile, d.parties.index(side))
               for side in d.focus]
    return section("Against scripted players", intro, used,
                   '<div class="charts">' + "".join(figures) + "</div>", anchor="percentile")


def _timeline(d: Debrief) -> str:
    marks = [charts.Mark(m.round, m.party, m.kind, f"round {m.round + 1}: {m.text}")
             for m in d.moves]
    note = paragraph("Each lane is a party. Every mark is also listed, with its reason, in "
                     "<i>Move by move</i> below.", "muted")
    return section("Timeline", charts.timeline(d.parties, d.deadline, marks, d.end_round,
                                               d.kind, d.ending), note, anchor="timeline")


def _concessions(d: Debrief) -> str:
    note = paragraph("Each line follows what a party's own offers were worth to itself. A "
                     "line that falls early is a party conceding early; a flat line is a party "
                     "holding out.", "muted")
    if d.stages:
        note += paragraph("Staged talks: the curves follow the stage the game ended in, "
                          "whose numbers are on its own scale.", "muted")
    return section("Concession curves", charts.concession(
        d.parties, {r.name: r.offers for r in d.results},
        {r.name: r.reservation for r in d.results}, d.stage_deadline or d.deadline), note,
        anchor="concessions")


def _frontier(d: Debrief) -> str:
    focal = d.focus[0]
    reservations = {r.name: r.reservation for r in d.results}
    note = paragraph(
        f"Every outcome that no party's hard red line rules out, placed by what it is worth to "
        f"{esc(focal)} (across) and to each other side (up). Blue outcomes are Pareto-efficient "
        "across all sides: no other outcome is better for one side without being worse for "
        "another. The star is the Nash point: the outcome with the largest product of every "
        "side's gain over no deal.", "muted")
    chart = charts.frontier_panels(focal, d.parties, d.effective, d.feasible, d.efficient,
                                   d.nash, d.deal_outcome, reservations)
    if d.deal_outcome is None:
        note += paragraph("There was no deal, so no ring marks one.", "muted")
    return section("The deal, the Pareto frontier and the Nash point", chart, note,
                   anchor="frontier")


def _red_lines(d: Debrief) -> str:
    if not d.red_lines:
        return section("Red lines pressed", paragraph("No offer crossed any red line."),
                       anchor="red-lines")
    rows = [[esc(u.party), esc(u.line), esc(u.kind) + ("" if u.public else " (private)"),
             str(u.offers), esc(", ".join(u.by)) or "—",
             '<span class="bad">yes</span>' if u.in_deal else "no"] for u in d.red_lines]
    return section("Red lines pressed", table(
        ["whose line", "red line", "kind", "offers crossing it", "tabled by", "in the deal"],
        rows, numeric=(3,)), anchor="red-lines")


def _moves(d: Debrief) -> str:
    rows = [[str(m.round + 1), esc(m.party), f'<span class="tag {esc(m.kind)}">'
             f"{esc(m.kind.replace('_', ' '))}</span>", esc(m.text)] for m in d.moves]
    head = ["round", "who", "what", "detail"]
    if d.stages:
        head.insert(1, "stage")
        for row, m in zip(rows, d.moves, strict=True):
            row.insert(1, esc(m.stage))
    return section("Move by move", table(head, rows, numeric=(0,), cls="moves"),
                   anchor="moves")

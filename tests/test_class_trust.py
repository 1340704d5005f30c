"""What a teacher relies on in the reports: dry runs never pass for a person's play, scores
are fair, and every number shown is what the game gives."""

from __future__ import annotations

import re
from html import escape
from pathlib import Path

import pytest

from sim.actors.human import Decision
from sim.classroom.stand_in import play_student
from sim.play.session import PlaySession
from sim.report.build import debrief, summary
from sim.report.class_summary_page import render_summary
from sim.report.debrief_page import render_debrief
from sim.transcript.format import write_transcript

SETTLEMENT = "brussels_2026_settlement"
"""The seed's settlement table (one stage): what these tests play."""


def person_game(path: Path, side: str = "Russia", seed: int = 6) -> Path:
    """A game as a person plays it through `PlaySession`: table the ideal, reject the rest."""
    session = PlaySession(SETTLEMENT, seed=seed, humans=[side])
    request = session.advance()
    while request is not None:
        request = session.decide(Decision.reject() if request.kind == "respond"
                                 else Decision.propose(session.ideal_offer(request.party)))
    write_transcript(session.records, path)
    return path


@pytest.fixture(scope="module")
def games(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("games")
    simulated = folder / "student-01.jsonl"
    play_student(SETTLEMENT, "EU", seed=1, student_seed=1, transcript=simulated)
    return {"real": person_game(folder / "student-02.jsonl"), "simulated": simulated}


def test_a_dry_runs_debrief_never_says_a_person_played(games: dict[str, Path]) -> None:
    html = render_debrief(debrief(games["simulated"], runs=50))
    assert "played by a person" not in html and "(person)" not in html
    assert "a simulated student (a dry run, not a person)" in html
    assert "(played by a simulated student)" in html
    real = render_debrief(debrief(games["real"], runs=50))
    assert "played by a person" in real and "simulated" not in real


def test_simulated_games_never_stand_beside_real_ones_in_a_summary(
        games: dict[str, Path]) -> None:
    both = summary([games["real"], games["simulated"]], runs=50)
    assert [g.name for g in both.games] == ["student-02"]
    assert both.skipped == (("student-01", "played by a simulated student (a dry run), not a "
                             "person"),)
    html = render_summary(both)
    assert "Transcripts left out" in html and 'id="dry-run"' not in html
    dry = summary([games["simulated"]], runs=50)
    assert dry.dry_run and 'id="dry-run"' in render_summary(dry)


def test_a_player_who_ties_scripted_players_counts_half_whatever_the_float_noise() -> None:
    import numpy as np

    from sim.analysis.statistics import percentile_of

    # As a baseline computes them, and as a transcript stores them (six decimals).
    sample = np.array([0.5075000000000001, 0.5075, 0.3, 0.39999999999999997, 0.9])
    assert percentile_of(0.5075, sample) == 60.0  # 2 below, 2 ties counting half, of 5
    assert percentile_of(0.4, sample) == 30.0  # 0.39999999999999997 is a tie, not below
    assert percentile_of(0.5075000000000001, sample) == percentile_of(0.5075, sample)


def test_a_deal_voted_down_in_ratification_is_named_so_everywhere(tmp_path: Path) -> None:
    from sim.transcript.ending import voted_down
    from tui.screens.debrief import headline
    from tui.text import move_line

    path = tmp_path / "student-04.jsonl"
    # Every side accepts a deal in round 21; Ukraine's Rada votes it down; none follows.
    records = play_student(SETTLEMENT, "EU", seed=4, student_seed=4, transcript=path)
    assert records[-1]["kind"] == "deadline"
    said = ("Agreed, then rejected in ratification: every side accepted a deal in round 21, "
            "but Ukraine's Verkhovna Rada voted it down")
    d = debrief(path, runs=50)
    assert d.outcome_sentence().startswith(said)
    page = render_debrief(d)
    assert escape(said) in page and "No deal by the deadline" not in page
    assert said in headline(records, 24)
    assert move_line(records[-1], "EU", voted_down(records)) == (
        "R25 Game over: agreed, then rejected in ratification")
    s = summary([path], runs=50)
    html = render_summary(s)
    assert "1 agreed, then rejected in ratification · 0 ran out of time" in html
    assert "agreed, then rejected in ratification (Ukraine&#x27;s Verkhovna Rada, round 21)" in html
    assert any("Verkhovna Rada then voted down" in p for p in s.prompts)


def test_every_sides_brief_says_a_ratification_step_exists(tmp_path: Path) -> None:
    from sim.classroom.pack import write_pack
    from sim.scenario.library import resolve_scenario
    from sim.scenario.loader import load_scenario
    from tui.text import briefing_markdown

    write_pack(SETTLEMENT, students=4, seed=1, folder=tmp_path, baseline_runs=20)
    for brief in (tmp_path / "briefs").glob("*.md"):
        assert "approval of **Ukraine's Verkhovna Rada** (ratification)" in brief.read_text()
    scenario = load_scenario(resolve_scenario(SETTLEMENT))
    for side in ("EU", "Russia", "US"):
        assert "Ukraine's Verkhovna Rada" in briefing_markdown(scenario, side)


def _edit(path: Path, out: Path, line: int, **fields: object) -> Path:
    import json

    lines = path.read_text(encoding="utf-8").splitlines()
    k = line - 1 if line > 0 else len(lines) + line
    record = json.loads(lines[k])
    for key, value in fields.items():
        if callable(value):
            value = value(record[key])
        record[key] = value
    lines[k] = json.dumps(record, ensure_ascii=False, separators=(", ", ": "))
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return out


def test_an_edited_transcript_is_refused_naming_the_line(games: dict[str, Path],
                                                        tmp_path: Path) -> None:
    from sim.report.verify import TamperedTranscript

    real = games["real"]
    n = len(real.read_text().splitlines())
    top = _edit(real, tmp_path / "top.jsonl", -1,
                utilities=lambda u: dict.fromkeys(u, 0.99))
    with pytest.raises(TamperedTranscript, match=rf"top.jsonl:{n}: the outcome record's "
                       r"'utilities' is .* but the game gives .*first at 'EU'"):
        debrief(top, runs=20)
    left = _edit(real, tmp_path / "left.jsonl", -1, kind="walk_out", walked_out="EU")
    with pytest.raises(TamperedTranscript, match=rf"left.jsonl:{n}: the outcome record's "
                       "'kind' is \"walk_out\", but the game gives \"deadline\""):
        debrief(left, runs=20)
    s = summary([left, real], runs=20)  # a class summary leaves it out, and says why
    assert [g.name for g in s.games] == ["student-02"]
    assert s.skipped[0][0] == "left" and f"left.jsonl:{n}: the outcome" in s.skipped[0][1]
    # A scripted side's answer turned round: the game would not have gone that way.
    records = real.read_text().splitlines()
    line = next(k for k, text in enumerate(records, start=1)
                if '"type": "answer"' in text and '"party": "EU"' in text)
    said = _edit(real, tmp_path / "said.jsonl", line, accept=True)
    with pytest.raises(TamperedTranscript, match=rf"said.jsonl:{line}: the answer record's "
                       "'accept' is true, but the game gives false"):
        debrief(said, runs=20)


def test_a_transcript_of_other_rules_is_refused_with_the_reason(games: dict[str, Path],
                                                                tmp_path: Path) -> None:
    from sim import RULES
    from sim.transcript.format import TranscriptError

    old = _edit(games["real"], tmp_path / "old.jsonl", 1, rules=RULES - 1)
    with pytest.raises(TranscriptError, match="played under Parley's rules"):
        debrief(old, runs=20)


def test_genuine_games_of_every_kind_replay_and_are_graded(tmp_path: Path) -> None:
    from parley.cli import main

    scripted = tmp_path / "run.jsonl"  # all scripted, in a world drawn from the ranges
    assert main(["run", SETTLEMENT, "--seed", "3", "--transcript", str(scripted)]) == 0
    assert debrief(scripted, runs=20).humans == ()
    quiet = PlaySession(SETTLEMENT, seed=5, humans=["Ukraine"], random_events=False)
    request = quiet.advance()
    while request is not None:
        request = quiet.decide(Decision.reject() if request.kind == "respond"
                               else Decision.propose(quiet.ideal_offer(request.party)))
    assert quiet.records[0]["random_events"] is False
    write_transcript(quiet.records, tmp_path / "quiet.jsonl")
    assert debrief(tmp_path / "quiet.jsonl", runs=20).humans == ("Ukraine",)


def test_a_teacher_can_switch_chance_events_off_for_a_class(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import json

    from parley.cli import main
    from sim.transcript.format import read_transcript
    from tui.app import ParleyApp

    pack = tmp_path / "pack"
    assert main(["class", SETTLEMENT, "--students", "2", "--seed", "3", "-o", str(pack),
                 "--no-random-events", "--simulate"]) == 0
    manifest = json.loads((pack / "class.json").read_text())
    assert manifest["settings"] == {"random_events": False, "practice": False}
    for game in sorted((pack / "simulated").glob("*.jsonl")):
        assert read_transcript(game)[0]["random_events"] is False
        assert debrief(game, runs=20).baseline.source.endswith(
            "chance events off, as in the game)")
    seen: list[PlaySession] = []

    def run(app: ParleyApp) -> None:  # the game as the student's command sets it up
        assert app.session is not None
        seen.append(app.session)

    monkeypatch.setattr(ParleyApp, "run", run)
    student = manifest["students"][0]
    main(["play", SETTLEMENT, "--side", student["side"], "--seed", str(student["seed"]),
          "--transcript", student["transcript"]])
    assert seen and seen[0].random_events is False and seen[0].practice is False
    seen[0].advance()
    assert seen[0].records[0]["random_events"] is False


def _rejecting_game(side: str = "Russia", seed: int = 6, practice: bool = False) -> PlaySession:
    session = PlaySession(SETTLEMENT, seed=seed, humans=[side], practice=practice)
    request = session.advance()
    while request is not None:
        request = session.decide(Decision.reject() if request.kind == "respond"
                                 else Decision.propose(session.ideal_offer(request.party)))
    return session


NUMBER = r"\b[01]\.\d\d\b"


def test_during_play_no_other_sides_private_number_shows_in_why_or_the_log() -> None:
    import re

    from tui.text import move_line, why_during_play

    session = _rejecting_game()
    others = [r for r in session.records if r.get("party") not in ("Russia", None)
              and r["type"] in ("answer", "ratification", "event")]
    assert others
    for record in others:
        text = why_during_play(record, session, "Russia")
        assert not re.search(NUMBER, text), text
        line = move_line(record, "Russia", public=True) or ""
        assert not re.search(r"reservation|target|budget", line)
    offers = [r for r in session.records if r["type"] == "offer" and r["party"] != "Russia"]
    text = why_during_play(offers[0], session, "Russia")
    mine = f"{offers[0]['utilities']['Russia']:.2f}"
    assert re.findall(NUMBER, text) == [mine]  # what it is worth to Russia, and nothing else


def test_the_in_game_brief_keeps_the_other_sides_soft_line_costs_private() -> None:
    from sim.scenario.library import resolve_scenario
    from sim.scenario.loader import load_scenario
    from tui.text import briefing_markdown

    scenario = load_scenario(resolve_scenario(SETTLEMENT))
    brief = briefing_markdown(scenario, "EU")
    own, others = brief.split("## The others, as the public knows them")
    assert "Soft (costs 0.15)" in own  # its own cost: the EU knows it
    assert "costs" not in others and "Soft (it can bend, at a cost only it knows)" in others
    practice = briefing_markdown(scenario, "EU", practice=True)
    assert "## Practice mode: the others' private numbers" in practice
    assert "reservation value | 0.35" in practice  # Russia's, shown only in practice mode


def test_what_if_does_not_reveal_the_likely_deal_except_in_practice_mode() -> None:
    from tui.screens.whatif import whatif_markdown

    for practice in (False, True):
        session = PlaySession(SETTLEMENT, seed=6, humans=["Russia"], practice=practice)
        session.advance()
        text = whatif_markdown(session, "Russia", session.what_if(runs=60, seed=6))
        assert ("The most common deal" in text) is practice
        assert "Deal rate" in text


def test_parley_explain_hides_private_parameters_unless_asked(
        capsys: pytest.CaptureFixture[str]) -> None:
    from parley.cli import main

    assert main(["explain", SETTLEMENT, "--party", "Russia"]) == 0
    public = capsys.readouterr().out
    assert "public red line" in public and "--private shows them" in public
    flat = " ".join(public.split())
    for private in ("reservation value: 0.", "concession budget: gives", "cares about:",
                    "costs 0.", "How Russia's numbers vary"):
        assert private not in flat
    assert main(["explain", SETTLEMENT, "--party", "Russia", "--private"]) == 0
    everything = " ".join(capsys.readouterr().out.split())
    assert "reservation value: 0." in everything and "concession budget: gives" in everything


def test_a_walk_out_event_never_takes_the_decision_of_the_side_a_student_plays(
        tmp_path: Path) -> None:
    from sim.negotiation.engine import Negotiation

    game = PlaySession(SETTLEMENT, seed=15).game
    scripted = Negotiation(game, 15)  # all scripted, a chance event takes Moscow out
    scripted.run()
    assert any(r["type"] == "walk_out" and r["party"] == "Russia"
               for r in scripted.recorder.records)
    path = person_game(tmp_path / "student-09.jsonl", side="Russia", seed=15)
    s = summary([path], runs=20)
    assert s.games[0].kind != "walk_out" and s.games[0].walked_out is None
    assert not any("walked out" in p for p in s.prompts)


def test_the_roster_lists_students_with_no_game_and_games_played_otherwise(
        tmp_path: Path) -> None:
    import json

    from sim.classroom.pack import write_pack

    pack = tmp_path / "pack"
    write_pack(SETTLEMENT, students=4, seed=2, folder=pack, baseline_runs=20)
    roster = json.loads((pack / "class.json").read_text())["students"]
    first, second = roster[0], roster[1]
    person_game(pack / "transcripts" / "student-01.jsonl", first["side"], first["seed"])
    # student-02 typed another seed (and so faced another game)
    person_game(pack / "transcripts" / "student-02.jsonl", second["side"], second["seed"] + 1)
    s = summary(sorted((pack / "transcripts").glob("*.jsonl")), runs=20)
    assert s.roster is not None and s.roster.students == 4
    assert [m[0] for m in s.roster.missing] == ["student-03", "student-04"]
    assert s.roster.problems == (("student-02", f"played seed {second['seed'] + 1}, the "
                                  f"roster says {second['seed']}"),)
    html = render_summary(s)
    assert "2 of 4 students on the roster have no game" in html
    assert "Students with no game" in html and "student-04" in html


def test_one_damaged_transcript_is_left_out_with_its_line_and_reason_not_blocking_the_rest(
        games: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from parley.cli import main

    lines = games["real"].read_text(encoding="utf-8").splitlines()
    lines[4] = lines[4][: len(lines[4]) // 2]  # cut in half, as a crash leaves it
    broken = tmp_path / "student-07.jsonl"
    broken.write_text("\n".join(lines) + "\n", encoding="utf-8")
    good = tmp_path / "student-08.jsonl"
    good.write_bytes(games["real"].read_bytes())
    out = tmp_path / "summary.html"
    assert main(["class-summary", str(broken), str(good), "-o", str(out),
                 "--baseline-runs", "20"]) == 0
    printed = " ".join(capsys.readouterr().out.split())
    assert f"left out student-07: {broken}:5: damaged record" in printed
    html = out.read_text(encoding="utf-8")
    assert "<td>student-08</td>" in html and "Transcripts left out" in html
    assert f"{broken}:5: damaged record" in html


def test_replay_refuses_what_report_refuses(games: dict[str, Path], tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    from parley.cli import main

    real = games["real"]
    cut = tmp_path / "cut.jsonl"
    cut.write_text("".join(real.read_text().splitlines(True)[:10]), encoding="utf-8")
    edited = _edit(real, tmp_path / "edited.jsonl", -1,
                   utilities=lambda u: dict.fromkeys(u, 0.99))
    for bad, why in ((cut, "the game was not finished"),
                     (edited, "the outcome record's 'utilities'")):
        assert main(["replay", str(bad)]) == 2
        assert main(["report", str(bad), "-o", str(tmp_path / "x.html")]) == 2
        err = capsys.readouterr().err
        assert err.count(why) == 2, err


def test_the_debrief_counts_soft_lines_flags_overspending_and_needs_no_hover(
        tmp_path: Path) -> None:
    path = tmp_path / "student-05.jsonl"  # a student who gives up more than the EU's budget
    play_student(SETTLEMENT, "EU", seed=5, student_seed=5, transcript=path)
    d = debrief(path, runs=20)
    assert d.result("EU").overspent and not d.result("Russia").overspent
    html = render_debrief(d)
    assert "offers crossing its soft red lines" in html
    assert "offers crossing its hard red lines" in html
    assert '0.522 of 0.500: overspent</span>' in html and "Overspent:</span> EU" in html
    assert "Hover" not in html and "hover" not in html
    s = render_summary(summary([path], runs=20))
    assert "(overspent its budget)" in s


def test_timeline_marks_keep_party_colours_for_parties_and_every_mark_has_a_legend() -> None:
    import re

    from sim.report import charts, svg

    kinds = ("offer", "accept", "reject", "event", "walk_out", "ratification")
    marks = [charts.Mark(k, "B", kind, f"{kind} tip") for k, kind in enumerate(kinds)]
    chart = charts.timeline(["A", "B"], 8, marks, 7, "deal", "deal")
    for kind in kinds[1:]:  # answers, events, walk-outs and votes: ink, never a party colour
        drawn = charts._mark(0, 0, charts.Mark(0, "B", kind, "t"), svg.colour(1))
        assert not set(re.findall(r"#[0-9a-f]{6}", drawn)) & set(svg.PALETTE), kind
    for _, label in charts.TIMELINE_KEY:
        assert f">{escape(label)}</text>" in chart
    assert ">deal</text>" in chart


def test_every_pareto_panel_has_its_axes_and_long_option_labels_are_never_cut() -> None:
    import numpy as np

    from sim.report import charts

    effective = np.random.default_rng(1).uniform(0, 1, (3, 20))
    panels = charts.frontier_panels("A", ["A", "B", "C"], effective, np.ones(20, bool),
                                    np.zeros(20, bool), 3, 4, {"A": .2, "B": .3, "C": .1})
    assert panels.count(">utility to A</text>") == 2
    assert ">utility to B</text>" in panels and ">utility to C</text>" in panels
    assert "reservation value" in panels
    long = "Ukraine withdraws from Donetsk and Luhansk only, with the line of contact frozen"
    shares = charts.option_shares("regions", [(long, 9), ("short", 1), ("no deal", 0)], 10)
    assert "…" not in shares
    text = " ".join(re.sub(r"<[^>]+>", " ", shares).split())
    assert f"{long}: 9 of 10" in text


def test_who_did_best_names_every_student_who_tied() -> None:
    import numpy as np

    from sim.report.baseline import Baseline
    from sim.report.class_summary import Played, _side_result

    def game(name: str, u: float) -> Played:
        return Played(name, ("EU",), "deal", 3, None, {"EU": u}, {"EU": 0.3}, True, None, ())

    base = Baseline({"EU": np.array([0.4, 0.5])}, 2, 2, "test")
    best = _side_result("EU", [game("student-03", 0.6), game("student-01", 0.6000000001),
                               game("student-02", 0.5)], base)
    assert best.best == ("student-01", "student-03")

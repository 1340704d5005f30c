"""Staged talks everywhere a game goes: run output, transcripts that replay, reports, class
summaries, saved games and the What if? panel (issue 16)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from parley.cli import main
from sim.actors.human import Decision
from sim.play.session import PlaySession
from sim.report.build import checked, debrief, summary
from sim.report.verify import TamperedTranscript
from sim.transcript.format import read_transcript
from tests.scenario_factory import WHY, party, stage


def staged_yaml() -> dict[str, Any]:
    """Three parties; pre-talks on one precondition that either leaves C out of the
    settlement or makes C its mediator (and fixes an issue, and moves A's no-deal value)."""
    issues = {"pre": {"question": "Which format?", "options": ["a", "b"]},
              "x": {"question": "Issue X?", "options": ["x0", "x1", "x2"]},
              "y": {"question": "Issue Y?", "options": ["y0", "y1"]}}
    a = party({"pre": 0.2, "x": 0.5, "y": 0.3}, {"pre": {"a": 1, "b": 0.4},
              "x": {"x0": 1, "x1": .5, "x2": 0}, "y": {"y0": 1, "y1": 0}},
              reservation=0.2, budget=0.6)
    b = party({"pre": 0.2, "x": 0.5, "y": 0.3}, {"pre": {"a": 0.4, "b": 1},
              "x": {"x0": 0, "x1": .5, "x2": 1}, "y": {"y0": 0, "y1": 1}},
              reservation=0.2, budget=0.6)
    c = party({"pre": 0.5, "x": 0.25, "y": 0.25}, {"pre": {"a": .5, "b": .5},
              "x": {"x0": .5, "x1": 1, "x2": .5}, "y": {"y0": .5, "y1": .5}},
              reservation=0.1, budget=0.6)
    stages = [stage("pre_talks", ["pre"], deadline=6, carry=[
        {"when": {"pre": ["a"]}, "leave": ["C"], "label": "C is left out"},
        {"when": {"pre": ["b"]}, "mediator": "C", "fix": {"y": "y1"},
         "shift": {"A": {"reservation": 0.05}}, "label": "C chairs; y is settled"}]),
        stage("main", ["x", "y"])]
    stages[0]["title"], stages[1]["title"] = "Talks about talks", "The settlement"
    return {"title": "Staged test", "protocol": {"kind": "alternating", "deadline": 10},
            "consent": {"required": ["A", "B", "C"], "because": WHY}, "issues": issues,
            "parties": {"A": a, "B": b, "C": c}, "stages": stages}


@pytest.fixture()
def scenario_file(tmp_path: Path) -> Path:
    path = tmp_path / "staged.yaml"
    path.write_text(yaml.safe_dump(staged_yaml(), sort_keys=False), encoding="utf-8")
    return path


def run(scenario_file: Path, seed: int, out: Path) -> list[dict[str, Any]]:
    assert main(["run", str(scenario_file), "--seed", str(seed), "--quiet",
                 "--transcript", str(out)]) == 0
    return read_transcript(out)


def test_parley_run_prints_the_stages_and_writes_a_transcript_that_replays(
        scenario_file, tmp_path, capsys) -> None:
    assert main(["run", str(scenario_file), "--seed", "1",
                 "--transcript", str(tmp_path / "t.jsonl")]) == 0
    out = capsys.readouterr().out
    assert "Stage 1 of 2: Talks about talks" in out and "Stage 2 of 2" in out
    records = read_transcript(tmp_path / "t.jsonl")
    assert records[0]["stages"] == ["pre_talks", "main"]
    assert records[0]["numbers"] == "drawn"
    checked(tmp_path / "t.jsonl", scenario_file)  # form, fit and replay


def test_a_game_whose_talks_never_open_says_so_in_run_report_and_summary(
        scenario_file, tmp_path, capsys) -> None:
    never = next(seed for seed in range(40)
                 if run(scenario_file, seed, tmp_path / f"{seed}.jsonl")[-1]["kind"]
                 == "never_opened")
    capsys.readouterr()
    main(["run", str(scenario_file), "--seed", str(never), "--quiet"])
    assert "The talks never opened: the talks about talks ended without agreement" in \
        " ".join(capsys.readouterr().out.split())
    d = debrief(tmp_path / f"{never}.jsonl", scenario_file, runs=50)
    assert d.kind == "never_opened" and d.deal is None
    assert d.ending == "talks never opened"
    assert [st.kind for st in d.stages] == [d.stages[0].kind, "not played"]
    opened = next(seed for seed in range(40) if seed != never and
                  read_transcript(tmp_path / f"{seed}.jsonl")[-1]["kind"] == "deal")
    s = summary([tmp_path / f"{never}.jsonl", tmp_path / f"{opened}.jsonl"], scenario_file,
                runs=50)
    assert any("the talks never opened" in prompt for prompt in s.prompts)
    assert {g.ending for g in s.games} >= {"talks never opened"}


def test_a_staged_debrief_shows_each_stage_and_what_carried_over(scenario_file,
                                                                 tmp_path) -> None:
    for seed in range(40):
        records = run(scenario_file, seed, tmp_path / "t.jsonl")
        stages = [r for r in records if r["type"] == "stage"]
        if len(stages) == 2 and stages[1]["carried"] and records[-1]["kind"] == "deal":
            break
    d = debrief(tmp_path / "t.jsonl", scenario_file, runs=50)
    first, second = d.stages
    assert first.kind == "deal" and first.deal == {"pre": records[-1]["deal"]["pre"]}
    assert second.carried and second.carried[0] in ("C is left out", "C chairs; y is settled")
    assert d.moves[0].stage == "Talks about talks"
    assert d.moves[-1].stage == "The settlement"
    assert d.moves[-1].round > first.round  # rounds run on from stage to stage
    assert d.deal_outcome is not None and d.deal == records[-1]["deal"]


def test_an_edited_staged_transcript_is_refused(scenario_file, tmp_path) -> None:
    records = run(scenario_file, 1, tmp_path / "t.jsonl")
    stage_line = next(k for k, r in enumerate(records) if r["type"] == "stage" and
                      r["number"] == 2)
    edited = [dict(r) for r in records]
    edited[stage_line]["absent"] = []
    (tmp_path / "e.jsonl").write_text("".join(json.dumps(r) + "\n" for r in edited))
    with pytest.raises(TamperedTranscript, match=f":{stage_line + 1}: "):
        checked(tmp_path / "e.jsonl", scenario_file)


def test_a_person_plays_both_stages_saves_resumes_and_asks_what_if(scenario_file,
                                                                   tmp_path) -> None:
    session = PlaySession(scenario_file, seed=4, humans=("A",))
    request = session.advance()
    assert request is not None and session.stage is not None
    assert session.stage.stage.id == "pre_talks" and session.game.issues == ("pre",)
    seen = set()
    while request is not None:
        seen.add(session.stage.stage.id)
        if len(session.decisions) == 3:
            session.save(tmp_path / "save.json")
            resumed = PlaySession.load(tmp_path / "save.json")
            assert resumed.records == session.records
            what = session.what_if(30, seed=1)
            assert len(what.kind) == 30 and what.stage_kind.shape == (30, 2)
        if request.kind == "propose":
            decision = Decision.propose(session.ideal_offer("A"))
        else:
            decision = Decision.accept() if session.assess(
                "A", request.offer or {}).utility >= 0.3 else Decision.reject()
        request = session.decide(decision)
    assert session.finished and session.outcome is not None
    assert "main" in seen or session.outcome_kind() == "never_opened"
    (tmp_path / "game.jsonl").write_text("".join(json.dumps(r) + "\n"
                                                 for r in session.records))
    checked(tmp_path / "game.jsonl", scenario_file)


def test_briefs_explain_both_stages_and_keep_private_effects_private(scenario_file) -> None:
    from sim.classroom.briefs import instructor_key, student_brief
    from sim.negotiation.game import compile_game
    from sim.report.baseline import computed_baseline
    from sim.scenario.loader import load_scenario

    s = load_scenario(scenario_file)
    brief_a = student_brief(s, "A", "student-01", "parley play ...")
    brief_b = student_brief(s, "B", "student-02", "parley play ...")
    for brief in (brief_a, brief_b):
        assert "## The stages" in brief and "the talks never opened" in brief
        assert "### Stage 1: Talks about talks" in brief and "### Stage 2: The settlement" in brief
        assert "C is left out" in brief and "C chairs; y is settled" in brief
    # A's own numbers move when the pre-talks agree `b`: only A's brief says by how much.
    assert "what no deal is worth to you rises by 0.05" in brief_a
    assert "rises by 0.05" not in brief_b
    game = compile_game(s)
    key = instructor_key(s, game, computed_baseline(game, runs=30))
    assert "what no deal is worth to A rises by 0.05" in key

"""Batches of staged talks (issue 16): rows equal single games, per-stage columns, the same rows
for any chunking and on worker processes, and a summary of how often the talks open and what
the preconditions do to the final deal."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from parley.cli import main
from sim.batch.drive import identity, run_batch
from sim.batch.parquet import read_results
from sim.batch.stages import staged_job
from sim.batch.summary import summarise
from sim.negotiation import randomness as rnd
from sim.negotiation.results import Outcome
from sim.negotiation.stages import Drawn, StagedNegotiation, StagedPlan
from sim.play.session import PlaySession
from sim.scenario.loader import load_scenario
from tests.test_stages_reports import staged_yaml

VARY = ("A.reservation=uniform(0.1, 0.3)", "*.strategy=choice(time_based, hardliner)")


@pytest.fixture()
def scenario_file(tmp_path: Path) -> Path:
    path = tmp_path / "staged.yaml"
    path.write_text(yaml.safe_dump(staged_yaml(), sort_keys=False), encoding="utf-8")
    return path


def rows_of(scenario_file: Path, tmp_path: Path, runs: int, **kw: object) -> list[dict]:
    plan = StagedPlan(load_scenario(scenario_file))
    job = staged_job(plan, 5, level=0.05, vary=VARY)
    folder = tmp_path / f"out-{kw.get('chunk_size')}-{kw.get('jobs', 1)}"
    run_batch(job, runs, folder, identity(job, runs, str(scenario_file)), **kw)  # type: ignore[arg-type]
    return read_results(folder).to_pylist()


def test_every_row_is_the_staged_game_its_seed_gives_alone(scenario_file, tmp_path) -> None:
    rows = rows_of(scenario_file, tmp_path, 400, chunk_size=150)
    plan = StagedPlan(load_scenario(scenario_file))
    whole = plan.whole
    kinds = {r["outcome"] for r in rows}
    assert {"deal", "never_opened"} <= kinds
    numbers = Drawn(level=0.05, vary=VARY, worlds=rnd.world_keys(5, 64))
    for row in rows[::23]:
        game = StagedNegotiation(plan, int(row["seed"]), numbers=numbers, record=False)
        alone = game.run()
        assert row["outcome"] == Outcome(int(alone.kind[0])).label
        assert row["round"] == int(alone.round[0])
        if row["outcome"] == "deal":
            assert {i: row[f"deal.{i}"] for i in whole.issues} == whole.decode(
                int(alone.deal[0]))
        for p, name in enumerate(whole.parties):
            assert row[f"utility.{name}"] == alone.utility[0, p]
            assert row[f"pressed.{name}"] == alone.pressed[0, p]
        assert row["stage.pre_talks.outcome"] == Outcome(int(alone.stage_kind[0, 0])).label
        assert row["stage.pre_talks.round"] == int(alone.stage_round[0, 0])
        if row["stage.pre_talks.outcome"] == "deal":
            assert row["stage.pre_talks.pre"] == game.tables[1].fixed["pre"]
            assert row["stage.main.outcome"] in ("deal", "deadline", "walk_out")
        else:
            assert row["outcome"] == "never_opened"
            assert row["stage.pre_talks.pre"] is None and row["stage.main.outcome"] is None


def test_the_rows_do_not_depend_on_chunking(scenario_file, tmp_path) -> None:
    assert rows_of(scenario_file, tmp_path, 300, chunk_size=300) == \
        rows_of(scenario_file, tmp_path, 300, chunk_size=70)


@pytest.mark.slow
def test_the_rows_are_the_same_on_two_processes(scenario_file, tmp_path) -> None:
    assert rows_of(scenario_file, tmp_path, 600, chunk_size=200) == \
        rows_of(scenario_file, tmp_path, 600, chunk_size=200, jobs=2)


def test_the_summary_says_how_often_talks_open_and_what_preconditions_do(
        scenario_file, tmp_path, capsys) -> None:
    assert main(["batch", str(scenario_file), "-n", "3000", "--seed", "2",
                 "--out", str(tmp_path / "out")]) == 0
    s = summarise(tmp_path / "out")
    assert s.opened is not None and 0 < s.opened.share < 1
    assert s.outcomes["never_opened"] == s.runs - s.opened.count
    assert [st.id for st in s.stages] == ["pre_talks", "main"]
    assert s.stages[0].reached == s.runs and s.stages[1].reached == s.opened.count
    by_option = {c.option: c for c in s.preconditions}
    assert set(by_option) == {"a", "b"}
    assert sum(c.runs for c in s.preconditions) == s.opened.count
    # Agreeing `a` leaves C out of the settlement and `b` gives A the higher no-deal value:
    # the preconditions move who does well in the final deal.
    assert by_option["a"].utility["A"] > by_option["b"].utility["A"]
    assert any(item.column == "pre_talks: pre" for item in s.sensitivity)
    assert s.opening and s.facts.outcome_rates["never_opened"] == pytest.approx(
        1 - s.opened.share)
    out = " ".join(capsys.readouterr().out.split())
    assert "the talks opened in" in out and "never opened" in out
    assert "pre = a" in out and "pre = b" in out


def test_a_staged_batch_refuses_to_continue_a_save_in_one_line(scenario_file, tmp_path,
                                                              capsys) -> None:
    session = PlaySession(scenario_file, seed=1, humans=("A",))
    session.advance()
    session.save(tmp_path / "save.json")
    assert main(["batch", "-n", "10", "--from", str(tmp_path / "save.json"),
                 "--out", str(tmp_path / "o")]) != 0
    err = capsys.readouterr().err.strip()
    assert "--from continues one-table games only" in err and len(err.splitlines()) == 1
    assert not (tmp_path / "o").exists()


@pytest.mark.slow
def test_the_seed_scenario_summary_says_how_often_talks_open_and_how_preconditions_move_the_deal(
        tmp_path, capsys) -> None:
    """`parley batch brussels_2026 -n 10000` with default settings, then `parley summary`."""
    assert main(["batch", "brussels_2026", "-n", "10000", "--seed", "1",
                 "--out", str(tmp_path / "out")]) == 0
    capsys.readouterr()
    assert main(["summary", str(tmp_path / "out")]) == 0
    out = " ".join(capsys.readouterr().out.split())
    s = summarise(tmp_path / "out")
    assert s.opened is not None and 0.2 < s.opened.share < 0.95
    assert f"the talks opened in {s.opened.share:.1%} of runs" in out
    assert s.stages[0].reached == 10_000 and s.stages[1].reached == s.opened.count
    # Runs whose talks about talks agreed different things end in different final deals.
    europe = {c.option: c for c in s.preconditions if c.issue == "europe"}
    before = {c.option: c for c in s.preconditions if c.issue == "concession"}
    assert len(europe) >= 2 and len(before) >= 2
    assert europe["consent_required"].utility["EU"] > europe["consulted"].utility["EU"] + 0.05
    assert max(c.deal.share for c in before.values()) - min(
        c.deal.share for c in before.values() if c.runs >= 100) > 0.03
    assert "consent_required" in out and "The final deals, by what the earlier" in out
    assert any(item.column.startswith("pre_talks: ") for item in s.sensitivity)

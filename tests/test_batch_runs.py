"""Batches: rows equal single games, the same rows on any executor, resumable after a kill."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pyarrow.parquet as pq
import pytest

from parley.cli import main
from sim.batch.drive import BatchError, identity, run_batch
from sim.batch.job import BatchJob
from sim.batch.parquet import read_results
from sim.batch.perturb import draw
from sim.batch.summary import summarise
from sim.negotiation import randomness as rnd
from sim.negotiation.engine import Negotiation
from sim.negotiation.game import compile_game
from sim.negotiation.results import Outcome
from sim.scenario.uncertainty import level_variations, merge, parse_vary

SETTLEMENT = "brussels_2026_settlement"
"""The seed's settlement table (one stage): what these tests play."""

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def game(brussels):
    return compile_game(brussels)


@pytest.fixture(scope="module")
def job(brussels, game) -> BatchJob:
    variations = merge(level_variations(0.05, brussels),
                       parse_vary("Russia.strategy=choice(time_based, hardliner)", brussels),
                       parse_vary("EU.cares.europe=uniform(0.15, 0.35)", brussels))
    return BatchJob(game, 11, tuple(variations))


def batch(job: BatchJob, runs: int, folder: Path, **kw) -> object:
    return run_batch(job, runs, folder, identity(job, runs, SETTLEMENT), **kw)


def test_every_row_of_a_batch_is_the_game_its_seed_and_parameters_give_alone(job, game,
                                                                            tmp_path) -> None:
    batch(job, 600, tmp_path / "out", chunk_size=250)
    rows = read_results(tmp_path / "out").to_pylist()
    assert [r["run"] for r in rows] == list(range(600))
    for row in rows[::37]:
        seed = int(row["seed"])
        params = draw(game, list(job.variations), rnd.seed_keys([seed]),
                      worlds=rnd.world_keys(job.seed, job.worlds)).params
        alone = Negotiation(game, seed, params=params).run()
        assert row["outcome"] == Outcome(int(alone.kind[0])).label
        assert row["round"] == int(alone.round[0])
        if row["outcome"] == "deal":
            assert {i: row[f"deal.{i}"] for i in game.issues} == game.decode(int(alone.deal[0]))
        for p, name in enumerate(game.parties):
            assert row[f"utility.{name}"] == alone.utility[0, p]
            assert row[f"spent.{name}"] == alone.spent[0, p]
            assert row[f"pressed.{name}"] == alone.pressed[0, p]
        assert row["drawn.Russia.strategy"] in ("time_based", "hardliner")


@pytest.mark.slow
def test_the_same_seed_gives_the_same_rows_with_one_or_two_processes_and_on_dask(
        job, tmp_path) -> None:
    batch(job, 3000, tmp_path / "one", jobs=1)
    batch(job, 3000, tmp_path / "two", jobs=2, chunk_size=400)
    batch(job, 3000, tmp_path / "dask", jobs=2, dask="local", chunk_size=700)
    one = read_results(tmp_path / "one")
    assert one.equals(read_results(tmp_path / "two"))
    assert one.equals(read_results(tmp_path / "dask"))


@pytest.mark.slow
def test_a_real_local_cluster_runs_the_chunks_of_a_batch(job, tmp_path) -> None:
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        batch(job, 1200, tmp_path / "cluster", dask=client.scheduler.address, chunk_size=300)
        assert len(client.scheduler_info()["workers"]) == 2
    batch(job, 1200, tmp_path / "inline")
    assert read_results(tmp_path / "cluster").equals(read_results(tmp_path / "inline"))


def test_a_results_folder_is_never_overwritten_or_resumed_into_by_another_batch(
        job, brussels, game, tmp_path) -> None:
    batch(job, 100, tmp_path / "out")
    with pytest.raises(BatchError, match="already holds batch results; pass --resume"):
        batch(job, 100, tmp_path / "out")
    other = BatchJob(game, 12, job.variations)
    with pytest.raises(BatchError, match="different batch \\(seed: 11 there, 12 now\\)"):
        batch(other, 100, tmp_path / "out", resume=True)


def cli_batch(out: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "parley", "batch", SETTLEMENT, "-n", "80000",
            "--seed", "5", "--uncertainty", "0.05", "--out", str(out), "--chunk-size", "2000",
            *extra]


@pytest.mark.slow
def test_a_batch_killed_with_sigkill_and_resumed_writes_exactly_the_uninterrupted_rows(
        tmp_path) -> None:
    killed = tmp_path / "killed"
    proc = subprocess.Popen(cli_batch(killed), cwd=ROOT, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while len(list(killed.glob("part-*.parquet"))) < 3 and time.monotonic() < deadline:
        time.sleep(0.01)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    kept = len(list(killed.glob("part-*.parquet")))
    assert 3 <= kept < 40, "the kill should land part-way"
    for part in killed.glob("part-*.parquet"):
        pq.read_table(part)  # every part left behind is whole
    (killed / ".part-00039.parquet.tmp").write_bytes(b"half a chunk")
    assert main(cli_batch(killed, "--resume")[3:]) == 0
    assert not list(killed.glob(".*.tmp"))
    assert main(cli_batch(tmp_path / "whole")[3:]) == 0
    assert read_results(killed).equals(read_results(tmp_path / "whole"))


@pytest.mark.slow
def test_ctrl_c_stops_a_batch_keeping_its_finished_chunks_and_resume_completes_it(
        tmp_path) -> None:
    out = tmp_path / "out"
    proc = subprocess.Popen(cli_batch(out, "--jobs", "2"), cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while len(list(out.glob("part-*.parquet"))) < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "--resume" in err and "Traceback" not in err
    kept = len(list(out.glob("part-*.parquet")))
    assert 2 <= kept < 40
    assert main(cli_batch(out, "--resume")[3:]) == 0
    assert read_results(out).num_rows == 80000
    assert np.array_equal(read_results(out, ["run"])["run"].to_numpy(), np.arange(80000))


@pytest.mark.slow
def test_an_interrupted_batch_counts_the_runs_on_disk(tmp_path) -> None:
    """A stop that lands after a part file is in place but before the batch counted it (here
    while its log line waits: the log is a pipe no one reads yet) still counts that part as
    kept; it used to say "0 of 4,000 runs are kept" with 2,000 on disk."""
    out = tmp_path / "out"
    small = ["--seed", "5", "--out", str(out), "--chunk-size", "2000"]
    assert main(["batch", SETTLEMENT, "-n", "4000", *small]) == 0
    for part in out.glob("part-*.parquet"):
        part.unlink()
    (out / "_parts.jsonl").unlink()
    os.mkfifo(out / "_parts.jsonl")  # opening it to log the first part blocks
    proc = subprocess.Popen([sys.executable, "-m", "parley", "batch", SETTLEMENT, "-n", "4000",
                             *small, "--jobs", "2", "--resume"], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while not list(out.glob("part-*.parquet")) and time.monotonic() < deadline:
        time.sleep(0.01)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err
    assert len(list(out.glob("part-*.parquet"))) == 1
    assert "interrupted; 2,000 of 4,000 runs are kept" in err and "Traceback" not in err


def _in_pool_shutdown(thread: threading.Thread) -> bool:
    """Whether `thread` is waiting in a process pool's shutdown (for its running chunks)."""
    frame = sys._current_frames().get(thread.ident or -1)
    while frame is not None:
        if frame.f_code.co_name == "shutdown" and "concurrent" in frame.f_code.co_filename:
            return True
        frame = frame.f_back
    return False


@pytest.mark.slow
def test_a_second_ctrl_c_while_the_workers_stop_still_counts_the_runs_kept(job,
                                                                          tmp_path) -> None:
    """The first Ctrl+C lands once a chunk is on disk; the second while the batch waits for
    the chunks still running (each takes seconds): it used to end the batch with no word of
    what was kept."""
    out, main_thread = tmp_path / "out", threading.main_thread()
    finished, landed = threading.Event(), threading.Event()

    def second_ctrl_c() -> None:
        while not _in_pool_shutdown(main_thread):
            if finished.wait(0.001):
                return  # the workers stopped before it could land: the test says so below
        landed.set()
        signal.pthread_kill(main_thread.ident or 0, signal.SIGINT)

    def first_ctrl_c(runs: int) -> None:
        threading.Thread(target=second_ctrl_c, daemon=True).start()
        signal.raise_signal(signal.SIGINT)

    try:
        run = batch(job, 200_000, out, jobs=2, chunk_size=50_000, progress=first_ctrl_c)
    finally:
        finished.set()
    assert landed.is_set(), "the second Ctrl+C came after the workers had stopped"
    assert run.interrupted  # and no KeyboardInterrupt escaped
    on_disk = read_results(out, ["run"]).num_rows
    assert run.done == on_disk and 50_000 <= on_disk < 200_000


def test_the_summary_ranks_the_parameter_that_decides_the_deal_first(tmp_path, capsys) -> None:
    out = tmp_path / "out"
    code = main(["batch", SETTLEMENT, "-n", "4000", "--seed", "2", "--out", str(out),
                 "--pinned", "--vary", "Russia.budget=uniform(0.3, 0.7)",
                 "--vary", "US.pace=uniform(2.5, 3.5)", "--plot", str(tmp_path / "c.svg")])
    assert code == 0
    s = summarise(out)
    assert [x.column for x in s.sensitivity] == ["Russia.budget", "US.pace"]
    assert s.sensitivity[0].correlation > 0.2 and s.sensitivity[0].swing > 0.3
    assert s.deal.low < s.deal.share < s.deal.high
    assert sum(s.outcomes.values()) == 4000
    assert (tmp_path / "c.svg").read_text().startswith("<?xml")
    printed = capsys.readouterr().out
    assert "What moves the deal rate" in printed and "95% CI" in printed
    assert main(["summary", str(out)]) == 0
    assert "Russia.budget" in capsys.readouterr().out


@pytest.mark.parametrize(("argv", "message"), [
    (["--vary", "Rusia.budget=uniform(0, 1)"], "unknown party 'Rusia' (did you mean 'Russia'?)"),
    (["--vary", "Russia.budget=beta(1, 2)"], "unknown distribution 'beta'"),
    (["--uncertainty", "0.9"], "uncertainty level 0.9 must lie between 0 and 0.5"),
    (["--plot", "chart.pdf"], "must end in .png or .svg"),
    (["--jobs", "0"], "--jobs must be at least 1"),
])
def test_batch_mistakes_are_one_line_errors(argv: list[str], message: str, tmp_path,
                                            capsys) -> None:
    code = main(["batch", "-n", "10", "--out", str(tmp_path / "o"), *argv])
    err = capsys.readouterr().err
    assert code == 2 and message in err and "Traceback" not in err


def test_a_batch_too_small_to_rank_says_so_instead_of_nothing_was_drawn(tmp_path,
                                                                        capsys) -> None:
    # Evidence ranges are drawn by default, so "nothing was drawn" would be false here.
    assert main(["batch", "brussels_2026", "-n", "12", "--out", str(tmp_path / "o")]) == 0
    printed = " ".join(capsys.readouterr().out.split())
    assert "12 runs are too few to rank what was drawn: the ranking needs 100 or more" in printed
    assert "nothing was drawn" not in printed
    assert summarise(tmp_path / "o").sensitivity == []


def test_a_batch_continues_a_saved_game_like_the_what_if_panel(tmp_path, capsys) -> None:
    from sim.actors.human import Decision
    from sim.play.session import PlaySession

    session = PlaySession(SETTLEMENT, seed=5, humans=["Ukraine"])
    request = session.advance()
    while request is not None and request.round < 5:
        request = session.decide(Decision.reject() if request.kind == "respond"
                                 else Decision.propose(session.ideal_offer("Ukraine")))
    session.save(tmp_path / "game.json")
    out = tmp_path / "out"
    assert main(["batch", "--from", str(tmp_path / "game.json"), "-n", "300", "--seed", "4",
                 "--out", str(out)]) == 0
    rows = read_results(out)
    panel = PlaySession.load(tmp_path / "game.json").what_if(runs=300, seed=4)
    assert np.array_equal(rows["round"].to_numpy(), panel.round)
    assert np.array_equal(rows["utility.EU"].to_numpy(), panel.utility[:, 0])
    assert os.path.exists(out / "_batch.json")


def test_preferences_are_drawn_per_world_and_the_summary_ranks_them(job, tmp_path) -> None:
    batch(job, 600, tmp_path / "out", chunk_size=250)
    columns = read_results(tmp_path / "out").column_names
    assert "world" in columns and "drawn.EU.cares.europe" not in columns
    s = summarise(tmp_path / "out")
    europe = next(item for item in s.sensitivity if item.column == "EU.cares.europe")
    assert sum(count for _, _, count in europe.bins) == 600

"""The debrief report: what it says, read back from the HTML file, and the files it refuses."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from parley.cli import main
from sim.classroom.stand_in import play_student
from sim.report.baseline import BatchFileError, computed_baseline, read_batch
from sim.report.build import debrief
from sim.report.source import ScenarioMismatch, scenario_for
from sim.transcript.format import read_transcript

PARTIES = ("EU", "Russia", "Ukraine", "US")


@pytest.fixture(scope="module")
def russia_game(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A simulated student's game as Russia that ends in a deal (seed checked below)."""
    path = tmp_path_factory.mktemp("games") / "student-02.jsonl"
    play_student("brussels_2026", "Russia", seed=101, student_seed=1, transcript=path)
    return path


def test_the_report_names_the_parties_the_outcome_and_the_players_percentile(
        russia_game: Path, tmp_path: Path) -> None:
    out = tmp_path / "debrief.html"
    assert main(["report", str(russia_game), "-o", str(out), "--baseline-runs", "300"]) == 0
    html = out.read_text(encoding="utf-8")
    outcome = read_transcript(russia_game)[-1]
    assert outcome["kind"] == "deal"
    for party in PARTIES:
        assert f">{party}<" in html
    assert f"Deal in round {outcome['round'] + 1} of 24." in html
    game = scenario_for(read_transcript(russia_game)[0]).game
    baseline = computed_baseline(game, runs=300)
    expected = baseline.percentile("Russia", outcome["utilities"]["Russia"])
    shown = re.search(r'class="percentile" data-party="Russia">(\d+)<', html)
    assert shown is not None and int(shown.group(1)) == round(expected)
    assert "<svg" in html and html.count("<svg") >= 5


def test_the_report_is_one_file_that_needs_no_network(russia_game: Path, tmp_path: Path) -> None:
    out = tmp_path / "debrief.html"
    main(["report", str(russia_game), "-o", str(out), "--baseline-runs", "50"])
    html = out.read_text(encoding="utf-8")
    assert "<script" not in html
    external = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert external == []
    urls = set(re.findall(r"https?://[^\s\"'<>]*", html))
    assert urls == {"http://www.w3.org/2000/svg"}  # the SVG namespace names, never fetches


def test_the_same_transcript_gives_the_same_report_bytes(russia_game: Path) -> None:
    from sim.report.debrief_page import render_debrief

    first = render_debrief(debrief(russia_game, runs=100))
    assert first == render_debrief(debrief(russia_game, runs=100))


def test_a_damaged_transcript_is_refused_naming_its_line(
        russia_game: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lines = russia_game.read_text(encoding="utf-8").splitlines()
    lines[4] = lines[4][: len(lines[4]) // 2]  # a record cut in half, as a crash leaves it
    broken = tmp_path / "broken.jsonl"
    broken.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["report", str(broken), "-o", str(tmp_path / "x.html")]) == 2
    err = capsys.readouterr().err
    assert f"{broken}:5: damaged record" in err
    assert "Traceback" not in err
    assert not (tmp_path / "x.html").exists()


def test_an_unfinished_game_is_refused(russia_game: Path, tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    cut = tmp_path / "cut.jsonl"
    cut.write_text("".join(russia_game.read_text().splitlines(True)[:10]), encoding="utf-8")
    assert main(["report", str(cut), "-o", str(tmp_path / "x.html")]) == 2
    assert "the game was not finished" in capsys.readouterr().err


def test_a_transcript_of_an_unknown_scenario_asks_for_its_file(russia_game: Path) -> None:
    header = dict(read_transcript(russia_game)[0], scenario_hash="0" * 16)
    with pytest.raises(ScenarioMismatch, match=r"no built-in scenario matches .* --scenario"):
        scenario_for(header)


def test_the_percentile_can_come_from_a_batch_file(russia_game: Path, tmp_path: Path) -> None:
    game = scenario_for(read_transcript(russia_game)[0]).game
    runs = computed_baseline(game, runs=200, seed=7)
    batch = tmp_path / "results.parquet"
    columns = {f"utility_{p}": runs.utility[p] for p in PARTIES}
    columns["outcome"] = np.array(["deal"] * runs.deals + ["deadline"] * (200 - runs.deals))
    pq.write_table(pa.table(columns), batch)
    from_file = debrief(russia_game, batch=batch)
    assert from_file.baseline.runs == 200 and from_file.baseline.deals == runs.deals
    u = from_file.result("Russia").utility
    assert from_file.result("Russia").percentile == runs.percentile("Russia", u)
    assert "200 runs from results.parquet" in from_file.baseline.source


def test_a_batch_file_without_a_sides_utility_is_refused(russia_game: Path,
                                                         tmp_path: Path) -> None:
    game = scenario_for(read_transcript(russia_game)[0]).game
    batch = tmp_path / "results.parquet"
    pq.write_table(pa.table({"utility_EU": [0.5], "utility_Russia": [0.4]}), batch)
    with pytest.raises(BatchFileError, match="no utility column for party 'Ukraine'"):
        read_batch(batch, game)


@pytest.mark.slow
def test_the_percentile_can_come_from_a_parley_batch_results_folder(
        russia_game: Path, tmp_path: Path) -> None:
    folder = tmp_path / "results.parquet"
    assert main(["batch", "brussels_2026", "--runs", "300", "--out", str(folder)]) == 0
    table = pq.read_table(folder)
    from_folder = debrief(russia_game, batch=folder)
    u = from_folder.result("Russia").utility
    expected_sample = table.column("utility.Russia").to_numpy()
    assert from_folder.baseline.runs == 300
    assert from_folder.baseline.deals == table.column("outcome").to_pylist().count("deal")
    from sim.analysis.statistics import percentile_of

    assert from_folder.result("Russia").percentile == percentile_of(u, expected_sample)

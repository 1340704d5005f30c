"""The class summary as a teacher meets it after a QA pass (issues 11 and 13): every ending
named as it happened, each game counted once, and every file left out said in words."""

from __future__ import annotations

from pathlib import Path

import pytest

from parley.cli import main

STAGED = "brussels_2026"
"""Talks about talks, then the settlement: a first stage that fails means the talks never
opened."""

SEEDS = {"opened_late": 0, "walked_out_early": 2, "deal": 3, "walk_out": 10}
"""Scripted games of brussels_2026 (`parley run --seed`): the talks about talks run out of
time (0) or Russia walks out of them (2); a deal (3); Russia walks out of the settlement
(10)."""


@pytest.fixture(scope="module")
def staged_games(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("staged")
    games = {}
    for name, seed in SEEDS.items():
        path = folder / f"{name}.jsonl"
        assert main(["run", STAGED, "--seed", str(seed), "--quiet", "--transcript",
                     str(path)]) == 0
        games[name] = path
    return games


def _summary(tmp_path: Path, *transcripts: Path) -> str:
    out = tmp_path / "summary.html"
    assert main(["class-summary", *map(str, transcripts), "-o", str(out),
                 "--baseline-runs", "20"]) == 0
    return out.read_text(encoding="utf-8")


def test_talks_that_never_opened_are_named_so_in_the_counts_the_table_and_the_charts(
        staged_games: dict[str, Path], tmp_path: Path) -> None:
    html = _summary(tmp_path, *staged_games.values())
    assert ("4 games · 1 deal · 1 walk-out · 0 agreed, then rejected in ratification · "
            "0 ran out of time · 2 talks never opened") in html
    assert "no deal: ran out of time" not in html
    assert ("no deal: talks never opened (Russia walked out of the talks about talks, round"
            in html)
    assert "no deal: talks never opened (the talks about talks ran out of time, round" in html
    assert "Russia walked out, round" in html  # of the settlement: a walk-out
    # Each issue's bar keys the games without a deal by how they ended.
    assert html.count("no deal: talks never opened: 2 of 4") == 7
    assert html.count("no deal: walk-out: 1 of 4") == 7


def test_a_game_given_twice_by_any_path_or_as_a_copy_is_counted_once_and_the_rest_said(
        staged_games: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(staged_games["deal"].parent)
    copy = tmp_path / "student-09.jsonl"
    copy.write_bytes(staged_games["deal"].read_bytes())
    html = _summary(tmp_path, Path("deal.jsonl"), Path("walk_out.jsonl"), Path("deal.jsonl"),
                    staged_games["walk_out"], copy)
    printed = " ".join(capsys.readouterr().out.split())
    assert "class summary of 2 games" in printed
    assert ("left out deal: deal.jsonl: the same file as deal.jsonl, named twice; its game is "
            "counted once") in printed
    assert (f"left out walk_out: {staged_games['walk_out']}: the same file as walk_out.jsonl, "
            "named twice") in printed
    assert (f"left out student-09: {copy}: the same game as deal.jsonl, record for record (a "
            "copy); it is counted once") in printed
    assert "2 games · 1 deal · 1 walk-out" in html and "3 files left out" in html


def test_the_roster_is_an_input_never_replaced_by_the_page_even_with_force(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pack = tmp_path / "pack"
    assert main(["class", "brussels_2026_settlement", "--students", "2", "--seed", "3", "-o",
                 str(pack), "--simulate"]) == 0
    roster = pack / "class.json"
    before = roster.read_bytes()
    games = sorted(map(str, (pack / "simulated").glob("*.jsonl")))
    capsys.readouterr()
    for named in (["--roster", str(roster)], []):  # named, or found beside the games
        assert main(["class-summary", *games, *named, "-o", str(roster), "--force",
                     "--baseline-runs", "20"]) == 1
        said = capsys.readouterr().err
        assert f"{roster} is also an input of this command" in " ".join(said.split())
        assert roster.read_bytes() == before


def test_a_damaged_transcript_is_left_out_with_its_line_and_a_reason_a_teacher_understands(
        staged_games: dict[str, Path], tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    lines = staged_games["deal"].read_text(encoding="utf-8").splitlines()
    garbled = tmp_path / "student-01.jsonl"
    garbled.write_text("\n".join([*lines[:2], "Expecting value", *lines[3:]]) + "\n",
                       encoding="utf-8")
    cut = tmp_path / "student-02.jsonl"
    cut.write_text("\n".join([*lines[:2], lines[2][:40]]) + "\n", encoding="utf-8")
    _summary(tmp_path, garbled, cut, staged_games["walk_out"])
    printed = " ".join(capsys.readouterr().out.split())
    assert "class summary of 1 game written" in printed
    assert (f"left out student-01: {garbled}:3: damaged record: line 3 is not a JSON record "
            "(cut short or edited?); a record begins with {, this line with 'Expecting "
            "value'") in printed
    assert (f"left out student-02: {cut}:3: damaged record: line 3 is not a JSON record (cut "
            "short or edited?); it stops part-way through a record, after 40 characters"
            ) in printed

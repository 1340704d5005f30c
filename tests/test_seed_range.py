"""Every command's `--seed` takes the same seeds, 0 to 2**64 - 1 (`sim.MAX_SEED`), and
refuses any other, or anything that is no whole number, with the same one line naming the
option and the range.

`parley play` is driven through `main` with the TUI replaced by a stand-in that plays the
session directly, as `tests/test_games_never_lost.py` does.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from parley.cli import main
from sim import MAX_SEED, check_seed
from sim.play.session import PlaySession
from sim.transcript.format import read_transcript, to_jsonl
from tests.conftest import parley
from tests.stand_in import play_out, stand_in
from tui.app import ParleyApp

SETTLEMENT = "brussels_2026_settlement"

COMMANDS: dict[str, Callable[[Path], list[str]]] = {
    "run": lambda tmp: ["run", SETTLEMENT, "--quiet"],
    "batch": lambda tmp: ["batch", SETTLEMENT, "-n", "3", "--out", str(tmp / "runs.parquet")],
    "class": lambda tmp: ["class", SETTLEMENT, "--students", "2", "-o", str(tmp / "pack")],
    "play": lambda tmp: ["play", SETTLEMENT, "--side", "EU"],
}
"""Each command that takes `--seed`, called as a user would (the seed is added after)."""


@pytest.fixture(autouse=True)
def no_screens(monkeypatch: pytest.MonkeyPatch) -> None:
    """`parley play` must refuse a bad seed before its screen opens."""
    def never(app: ParleyApp) -> None:
        raise AssertionError("the game must not start")

    monkeypatch.setattr(ParleyApp, "run", never)


@pytest.mark.parametrize("seed, shown", [("-1", "-1"), (str(MAX_SEED + 1), str(MAX_SEED + 1)),
                                         ("abc", "'abc'"), ("1.5", "'1.5'"), ("", "''")])
@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_a_seed_out_of_range_or_not_a_number_is_refused_in_one_line_naming_the_range(
        command: str, seed: str, shown: str, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    code = main([*COMMANDS[command](tmp_path), "--seed", seed])
    out, err = capsys.readouterr()
    assert code == 2
    assert err == f"parley: --seed must be a whole number from 0 to 2**64 - 1, not {shown}\n"
    assert out == "" and list(tmp_path.iterdir()) == []  # nothing was written


def test_the_refusal_is_one_line_with_no_traceback_in_a_real_process() -> None:
    proc = parley("class", SETTLEMENT, "--students", "2", "-o", "never", "--seed", "-1")
    assert proc.returncode == 2
    assert proc.stderr == "parley: --seed must be a whole number from 0 to 2**64 - 1, not -1\n"


def test_run_plays_the_largest_seed(tmp_path: Path) -> None:
    transcript = tmp_path / "game.jsonl"
    assert main([*COMMANDS["run"](tmp_path), "--seed", str(MAX_SEED),
                 "--transcript", str(transcript)]) == 0
    assert read_transcript(transcript)[0]["seed"] == MAX_SEED


def test_batch_plays_the_largest_seed(tmp_path: Path) -> None:
    assert main([*COMMANDS["batch"](tmp_path), "--seed", str(MAX_SEED)]) == 0
    assert json.loads((tmp_path / "runs.parquet" / "_batch.json").read_text())["seed"] == MAX_SEED


def test_class_takes_the_largest_seed(tmp_path: Path) -> None:
    assert main([*COMMANDS["class"](tmp_path), "--seed", str(MAX_SEED)]) == 0
    manifest = json.loads((tmp_path / "pack" / "class.json").read_text())
    assert manifest["seed"] == MAX_SEED
    assert all(check_seed(s["seed"]) == s["seed"] for s in manifest["students"])


def test_play_plays_saves_and_resumes_the_largest_seed(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Above 2**63 - 1 too, which `parley play` and its save files used to refuse.
    transcript, save = tmp_path / "game.jsonl", tmp_path / "game.json"
    monkeypatch.setattr(ParleyApp, "run", stand_in(moves=3, save=save))
    assert main([*COMMANDS["play"](tmp_path), "--seed", str(MAX_SEED),
                 "--transcript", str(transcript)]) == 1  # not finished: saved instead
    assert json.loads(save.read_text())["seed"] == MAX_SEED
    monkeypatch.setattr(ParleyApp, "run", stand_in())
    assert main(["play", "--resume", str(save)]) == 0
    whole = PlaySession(SETTLEMENT, seed=MAX_SEED, humans=["EU"])
    play_out(whole)
    assert to_jsonl(read_transcript(transcript)) == to_jsonl(whole.records)


@pytest.mark.parametrize("value", [0, 7, MAX_SEED, "0", "42", str(MAX_SEED)])
def test_check_seed_takes_every_seed_in_range(value: int | str) -> None:
    assert check_seed(value) == int(value)


@pytest.mark.parametrize("value", [-1, MAX_SEED + 1, True, 1.0, None, "1e3", "9" * 5000])
def test_check_seed_refuses_the_rest_naming_the_range(value: object) -> None:
    with pytest.raises(ValueError, match=r"^seed must be a whole number from 0 to 2\*\*64 - 1, "
                                         r"not .{1,40}$"):
        check_seed(value)

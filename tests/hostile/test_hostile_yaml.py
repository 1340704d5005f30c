"""Issue 13: scenario files that would hang, eat memory or be silently misread."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from parley.cli import main
from sim.scenario.library import resolve_scenario
from sim.scenario.loader import ScenarioError, load_scenario
from tests.hang_guard import no_hang
from tests.hostile.conftest import BRUSSELS, edited_brussels

BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{b}: &{b} [{', '.join([f'*{a}'] * 9)}]\n"
    for a, b in zip("abcdefgh", "bcdefghi", strict=True))
"""Ten lines that expand to 9**9 (387 million) values."""


def _refused(path: Path, *needles: str) -> str:
    with no_hang(f"loading {path.name}", limit=60), pytest.raises(ScenarioError) as info:
        load_scenario(path)
    text = str(info.value)
    for needle in needles:
        assert needle in text, text
    return text


def test_an_alias_bomb_is_refused_at_once(tmp_path: Path) -> None:
    path = tmp_path / "bomb.yaml"
    path.write_text(BOMB + "title: *i\n", encoding="utf-8")
    _refused(path, "alias")


def test_an_alias_that_contains_itself_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "loop.yaml"
    path.write_text("a: &a [1, *a]\ntitle: loop\n", encoding="utf-8")
    _refused(path, "refers to the value that contains it")


def test_deep_nesting_is_refused_not_a_recursion_error(tmp_path: Path) -> None:
    path = tmp_path / "deep.yaml"
    path.write_text("title: " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    _refused(path, "nest")


def test_small_aliases_still_work_and_merge_keys_may_override(tmp_path: Path) -> None:
    # Anchors are YAML: a scenario may reuse a block, and `<<:` keys beside a merge win.
    text = BRUSSELS.read_text(encoding="utf-8")
    path = tmp_path / "anchors.yaml"
    path.write_text(text.replace("title: Brussels", "x-defaults: &d {a: 1}\n"
                                 "x-use: {<<: *d, a: 2}\ntitle: Brussels"), encoding="utf-8")
    text = _refused(path, "unknown field 'x-defaults'")  # for the unknown fields only
    assert "written" not in text


def keys_file(path: Path, count: int) -> Path:
    """A scenario file of `count` unknown keys (the benchmark reads the same files)."""
    with open(path, "w", encoding="utf-8") as handle:
        handle.write("title: keys\n")
        handle.writelines(f"k{i}: 1\n" for i in range(count))
    return path


@pytest.mark.slow
def test_many_unknown_keys_are_reported_on_a_page(tmp_path: Path, capsys) -> None:
    path = keys_file(tmp_path / "keys.yaml", 95_000)
    with no_hang("validating 95,000 unknown keys", limit=150):  # quadratic once: hours
        assert main(["validate", str(path)]) == 1
    out = capsys.readouterr().out
    assert "95,004 problems" in out and "more" in out and out.count("\n") < 120


def test_millions_of_unknown_keys_are_refused_unread(tmp_path: Path) -> None:
    _refused(keys_file(tmp_path / "keys.yaml", 150_000), "more than 200,000 values")
    _refused(keys_file(tmp_path / "keys.yaml", 3_500_000), "larger than")


def test_duplicate_keys_are_refused_with_both_lines(tmp_path: Path) -> None:
    path = edited_brussels(tmp_path, "    reservation: 0.35\n",
                           "    reservation: 0.35\n    reservation: 0.9\n")
    line = next(k for k, text in enumerate(path.read_text().splitlines(), 1)
                if "reservation: 0.35" in text)
    _refused(path, f"lines {line} and {line + 1}", "reservation")


def test_a_party_written_twice_is_refused(tmp_path: Path) -> None:
    text = BRUSSELS.read_text(encoding="utf-8")
    start = text.index("\n  Russia:\n") + 1
    end = text.index("\n  Ukraine:\n") + 1
    path = tmp_path / "twice.yaml"
    path.write_text(text[:end] + text[start:end] + text[end:], encoding="utf-8")
    _refused(path, "Russia: written on lines")


def test_a_path_with_a_folder_is_never_a_built_in_name(tmp_path: Path, capsys) -> None:
    with pytest.raises(FileNotFoundError, match="a name with a folder in it is a path"):
        resolve_scenario(str(tmp_path / "scenarioz" / "brussels_2026.yaml"))
    with pytest.raises(FileNotFoundError, match="a name with a folder in it is a path"):
        resolve_scenario("./brussels_2026.yaml")
    assert resolve_scenario("brussels_2026.yaml").stem == "brussels_2026"
    assert main(["run", "./scenarioz/brussels_2026.yaml"]) == 2
    assert "./scenarioz/brussels_2026.yaml" in capsys.readouterr().err


def test_a_device_pipe_or_folder_is_not_read_as_a_scenario(tmp_path: Path, capsys) -> None:
    pipe = tmp_path / "pipe.yaml"
    os.mkfifo(pipe)
    for name in (str(pipe), "/dev/zero", str(tmp_path)):
        with no_hang(f"validating {name}", limit=60):  # reading /dev/zero would never end
            assert main(["validate", name]) == 1
        out = capsys.readouterr().out
        assert "not a regular file" in out or "folder" in out, out

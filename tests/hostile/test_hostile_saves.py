"""Issue 13: a save file edited by hand is refused with a reason a person can act on."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from sim.play.saves import SaveFileError, read_save
from sim.play.session import PlaySession


@pytest.fixture(scope="module")
def save(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    session = PlaySession("brussels_2026", seed=3, humans=["EU"])
    session.advance()
    path = tmp_path_factory.mktemp("save") / "game.json"
    session.save(path)
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


@pytest.mark.parametrize("change, message", [
    ({"version": "1"}, 'version "1" is not supported: the version must be the number 1'),
    ({"version": True}, "version true is not supported: the version must be the number 1"),
    ({"version": 2}, "version 2 is not supported (this Parley reads version 1)"),
    ({"seed": -1}, "seed must be a whole number from 0 to 2**64 - 1, not -1"),
    ({"seed": 2**64}, "seed must be a whole number from 0 to 2**64 - 1, not 1844"),
    ({"seed": True}, "field 'seed' missing or wrong"),
    ({"humans": ["EU", "EU"]}, "humans must name each side played once"),
    ({"humans": [7]}, "humans must name each side played once"),
    ({"protocol": 5}, "field 'protocol' is wrong"),
])
def test_an_edited_save_is_refused_with_its_reason(save: dict[str, Any], tmp_path: Path,
                                                   change: dict[str, Any], message: str) -> None:
    path = tmp_path / "edited.json"
    path.write_text(json.dumps({**save, **change}), encoding="utf-8")
    with pytest.raises(SaveFileError) as info:
        PlaySession.load(path)
    assert message in str(info.value)
    assert "uint64" not in str(info.value)


def test_a_save_that_is_a_pipe_or_deeply_nested_is_refused(tmp_path: Path) -> None:
    import os

    pipe = tmp_path / "pipe.json"
    os.mkfifo(pipe)
    with pytest.raises(SaveFileError, match="not a regular file"):
        read_save(pipe)
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    with pytest.raises(SaveFileError, match="damaged"):
        read_save(deep)

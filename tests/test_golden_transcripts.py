"""Golden transcripts guard `sim.RULES`: the same scenario and seed must give the same bytes.

Each game of `tests/golden.py` is played again in memory and compared with its stored file.
A mismatch means how games play out changed: intended changes bump `RULES` in
sim/__init__.py and regenerate the files with `python tests/golden.py`; anything else broke
reproducibility.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sim import RULES
from tests.conftest import parley
from tests.golden import GOLDEN, GoldenGame, first_difference, golden_games, header

GAMES = golden_games()
REGENERATE = "python tests/golden.py"


def _explain(game: GoldenGame, stored: str, fresh: str, what: str) -> str:
    """Why `fresh` differs from the stored golden file, and what to do about it."""
    path = game.path.relative_to(GOLDEN.parents[2])
    old, new = header(stored), header(fresh)
    if old.get("rules") != RULES:
        return (f"{path} was written under rules v{old.get('rules')}, but sim.RULES is now "
                f"{RULES}: the golden files are from other rules and must be regenerated "
                f"with `{REGENERATE}` (then commit tests/data/golden/).")
    if old.get("scenario_hash") != new.get("scenario_hash"):
        lines = [f"The scenario's content hash changed since {path} was written "
                 f"({old.get('scenario_hash')} -> {new.get('scenario_hash')}): the scenario "
                 "file, or what Parley reads from it, changed. If that is intended, regenerate "
                 f"with `{REGENERATE}`."]
        moves = first_difference(stored, fresh, skip=1)
        if moves is None:
            lines.append("The moves themselves are unchanged.")
        else:
            lines.append("The moves differ too, so check that the scenario change explains "
                         "them; a change to how games play out needs RULES bumped in "
                         "sim/__init__.py.")
            lines.append(_show(moves))
        return "\n".join(lines)
    diff = first_difference(stored, fresh)
    if diff is not None and diff[0] == 1 and first_difference(stored, fresh, skip=1) is None:
        return (f"Only the header of {path} differs (Parley's version or another header "
                f"field); the moves are unchanged, so regenerate with `{REGENERATE}`.\n"
                + _show(diff))
    return (f"{what} no longer matches {path} byte for byte, although sim.RULES is still "
            f"{RULES} and the scenario is unchanged.\n"
            f"- If this change to how games play out was intended, bump RULES in "
            f"sim/__init__.py (to {RULES + 1}) and regenerate with `{REGENERATE}`.\n"
            "- If it was not, the change broke reproducibility: the same scenario and seed "
            "must play out exactly as before.\n"
            f"- (If only the transcript format changed, not how games play, regenerate with "
            f"`{REGENERATE} --force`.)\n"
            + (_show(diff) if diff else ""))


def _show(diff: tuple[int, str, str]) -> str:
    number, golden, now = diff
    return (f"First differing line, line {number}:\n"
            f"  golden: {golden}\n"
            f"  now:    {now}")


def _stored(game: GoldenGame) -> str:
    if not game.path.exists():
        pytest.fail(f"no golden file {game.path.name} in tests/data/golden/: write it with "
                    f"`{REGENERATE}` and commit it")
    return game.path.read_bytes().decode("utf-8")


@pytest.mark.parametrize("game", GAMES, ids=[g.name for g in GAMES])
def test_game_plays_out_as_its_golden_transcript(game: GoldenGame) -> None:
    stored = _stored(game)
    fresh = game.play()
    if fresh != stored:
        pytest.fail(_explain(game, stored, fresh, f"Playing {game.name} again"),
                    pytrace=False)


def test_golden_files_are_from_the_current_rules() -> None:
    stale = [f"{g.path.name} (rules v{rules})" for g in GAMES
             if (rules := header(_stored(g)).get("rules")) != RULES]
    if stale:
        pytest.fail(f"golden files from other rules than sim.RULES = {RULES}: "
                    f"{', '.join(stale)}; they must be regenerated with `{REGENERATE}`",
                    pytrace=False)


def test_no_stray_golden_files() -> None:
    expected = {g.path.name for g in GAMES}
    stray = sorted(p.name for p in GOLDEN.glob("*.jsonl") if p.name not in expected)
    assert not stray, (f"golden files no game writes any more: {stray}; "
                       f"`{REGENERATE}` removes them")


def test_parley_run_writes_the_golden_transcript(tmp_path: Path) -> None:
    """The command line and the library agree: `parley run --transcript` gives the same bytes."""
    game = next(g for g in GAMES if g.command is not None)
    assert game.command is not None
    out = tmp_path / "run.jsonl"
    result = parley(*game.command, "--transcript", str(out))
    assert result.returncode == 0, result.stderr
    written = out.read_bytes().decode("utf-8")
    stored = _stored(game)
    if written == stored:
        return
    command = f"`parley {' '.join(game.command)} --transcript FILE`"
    if game.play() == stored:  # the library still plays the golden game: the command differs
        diff = first_difference(stored, written)
        pytest.fail(f"{command} writes other bytes than the library's transcript of the same "
                    "game (which still matches the golden file): the command line and "
                    "sim.negotiation / sim.transcript disagree.\n" + (_show(diff) if diff else ""),
                    pytrace=False)
    pytest.fail(_explain(game, stored, written, command), pytrace=False)

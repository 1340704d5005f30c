"""A person's finished game is never replaced without asking (QA of issues 11 and 13):
`parley play --transcript` over a student's game, a resumed save whose transcript is already
a finished game, `parley run --transcript` over a person's game; and a refusal says what the
file in the way is."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from parley.cli import main
from sim.actors.human import Decision
from sim.play.session import PlaySession
from sim.transcript.format import write_transcript

SETTLEMENT = "brussels_2026_settlement"


def _finish(session: PlaySession) -> None:
    request = session.advance()
    while request is not None:
        request = session.decide(Decision.reject() if request.kind == "respond"
                                 else Decision.propose(session.ideal_offer(request.party)))


def person_game(path: Path, save: Path | None = None) -> Path:
    """Russia's game as `parley play` records it (saved after the first move, if `save`)."""
    session = PlaySession(SETTLEMENT, seed=6, humans=["Russia"], transcript=path)
    if save is not None:
        request = session.advance()
        assert request is not None
        session.decide(Decision.reject() if request.kind == "respond"
                       else Decision.propose(session.ideal_offer(request.party)))
        session.advance()
        session.save(save)
    _finish(session)
    write_transcript(session.records, path)
    return path


def _play(*args: str) -> subprocess.CompletedProcess[str]:
    # A process of its own: were the refusal missing, the game's screen would open (and the
    # hang guard's timeout end it), never the test run.
    return subprocess.run([sys.executable, "-m", "parley", "play", *args],
                          capture_output=True, text=True, stdin=subprocess.DEVNULL,
                          timeout=120, check=False)


def _said(err: str) -> str:
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and "Traceback" not in err, err
    return lines[0]


def test_play_refuses_a_students_finished_game_before_the_game_starts(tmp_path: Path) -> None:
    game = person_game(tmp_path / "student-07.jsonl")
    before = game.read_bytes()
    proc = _play(SETTLEMENT, "--side", "EU", "--seed", "1", "--transcript", str(game))
    assert proc.returncode == 1
    said = _said(proc.stderr)
    assert (f"{game} holds a person's finished game as Russia, seed 6, of "
            "'Brussels wants concessions before peace talks (the settlement only)'") in said
    assert f"to keep both, name another file (such as {tmp_path / 'student-07-1.jsonl'})" in said
    assert "or pass --force to replace it" in said
    assert game.read_bytes() == before


def test_a_resumed_save_never_plays_over_the_finished_game_its_transcript_holds(
        tmp_path: Path) -> None:
    save = tmp_path / "game.json"
    game = person_game(tmp_path / "student-07.jsonl", save=save)
    before = game.read_bytes()
    proc = _play("--resume", str(save))
    assert proc.returncode == 1
    assert f"{game} holds a person's finished game as Russia" in _said(proc.stderr)
    assert game.read_bytes() == before


def test_run_never_replaces_a_persons_game_but_replaces_its_own(tmp_path: Path,
                                                                 capsys) -> None:
    game = person_game(tmp_path / "student-07.jsonl")
    before = game.read_bytes()
    assert main(["run", SETTLEMENT, "--seed", "2", "--quiet", "--transcript", str(game)]) == 1
    assert "holds a person's finished game" in _said(capsys.readouterr().err)
    assert game.read_bytes() == before
    assert main(["run", SETTLEMENT, "--seed", "2", "--quiet", "--transcript", str(game),
                 "--force"]) == 0
    scripted = tmp_path / "scripted.jsonl"
    for _ in range(2):  # a scripted game Parley wrote is replaced without asking
        assert main(["run", SETTLEMENT, "--seed", "2", "--quiet", "--transcript",
                     str(scripted)]) == 0


def test_a_refusal_says_what_the_file_in_the_way_is(tmp_path: Path, capsys) -> None:
    scripted = tmp_path / "scripted.jsonl"
    assert main(["run", SETTLEMENT, "--seed", "2", "--quiet", "--transcript",
                 str(scripted)]) == 0
    pack = tmp_path / "pack"
    assert main(["class", SETTLEMENT, "--students", "2", "--seed", "1", "-o", str(pack)]) == 0
    capsys.readouterr()
    for target, words in ((tmp_path / "other.jsonl", "is a game's transcript, not a Parley "
                           "page (a debrief or a class summary)"),
                          (pack / "class.json", "is a class pack's roster (class.json), not "
                           "a Parley page"),
                          (pack / "roster.csv", f"is the roster of the class pack in {pack}, "
                           "not a Parley page")):
        if not target.exists():
            target.write_bytes(scripted.read_bytes())
        before = target.read_bytes()
        assert main(["report", str(scripted), "-o", str(target),
                     "--baseline-runs", "20"]) == 1
        said = _said(capsys.readouterr().err)
        assert f"{target} already exists and {words}" in said
        assert "not written by Parley" not in said and "--force" in said
        assert target.read_bytes() == before

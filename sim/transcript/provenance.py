"""Who played a game's human sides: a person, or a simulated student in a teacher's dry run.

A dry run (`parley class --simulate`) plays every student's game with a scripted stand-in.
Its transcripts say so in their header (`"simulated": true`) and in the reason of every
answer the stand-in gave, so no report ever presents them as a person's play.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable

from sim.transcript.format import SIGNATURE, Record

FIELD = "simulated"
"""The header field that marks a dry run's game."""

PERSON = "(played by a person)."
SIMULATED = "(played by a simulated student)."


def is_simulated(header: Record) -> bool:
    """Whether the game of transcript header `header` was played by a simulated student."""
    return header.get(FIELD) is True


def player_word(header: Record) -> str:
    """Who played the human sides, in words: "a person" or "a simulated student"."""
    return "a simulated student" if is_simulated(header) else "a person"


def mark_simulated(records: Iterable[Record]) -> list[Record]:
    """A dry run's transcript: the header marked as simulated, and every answer the stand-in
    gave saying so instead of "played by a person". The records given are not changed."""
    out: list[Record] = []
    for record in records:
        if record["type"] == "header":
            record = {**record, FIELD: True}
        elif record["type"] == "answer" and record.get("code") == "person":
            record = {**record, "reason": str(record["reason"]).replace(PERSON, SIMULATED)}
        out.append(record)
    return out


LINE_LIMIT = 1 << 20
"""Most of a transcript's first line read to recognise it (a header is a few hundred bytes)."""


def persons_game(path: str | os.PathLike[str]) -> str | None:
    """The finished game of a person that the file at `path` holds, in words ("a person's
    finished game as Russia, seed 6, of 'Brussels ...'"); None when it holds none (not a
    transcript, a game not finished, all sides scripted, or a dry run's simulated student).

    Only the first and last lines are read: a writer asks this of any file it would replace.
    """
    try:
        with open(path, "rb") as handle:
            first = handle.readline(LINE_LIMIT)
            if not first.startswith(SIGNATURE):
                return None
            size = handle.seek(0, os.SEEK_END)
            handle.seek(max(0, size - LINE_LIMIT))
            last = handle.read().rstrip(b"\n").rsplit(b"\n", 1)[-1]
        header, outcome = json.loads(first), json.loads(last)
    except (OSError, ValueError):
        return None
    if not isinstance(header, dict) or not isinstance(outcome, dict):
        return None
    humans = header.get("humans")
    if (outcome.get("type") != "outcome" or not isinstance(humans, list) or not humans
            or is_simulated(header)):
        return None
    return (f"a person's finished game as {', '.join(map(str, humans))}, seed "
            f"{header.get('seed')}, of '{header.get('scenario')}'")


STAND_IN_MOVES = ("offer", "answer", "walk_out")
"""The records of a side's own moves (a stand-in takes these for a student out of time)."""


def stand_in_moves(records: Iterable[Record]) -> dict[str, int]:
    """Side → how many of its moves a class host's stand-in made (its student's time ran
    out), for the sides where it made any."""
    out: dict[str, int] = {}
    for record in records:
        if record.get("stand_in") is True and record.get("type") in STAND_IN_MOVES:
            side = str(record.get("party"))
            out[side] = out.get(side, 0) + 1
    return out


def abandoned_sides(records: list[Record], sides: Iterable[str], after: int = 3) -> list[str]:
    """The sides of `sides` whose last `after` moves the stand-in made: their student seems
    to have left the game."""
    out = []
    for side in sides:
        moves = [r for r in records if r.get("party") == side
                 and r.get("type") in STAND_IN_MOVES]
        last = moves[-after:]
        if len(last) == after and all(r.get("stand_in") is True for r in last):
            out.append(side)
    return out


"""Who played a game's human sides: a person, or a simulated student in a teacher's dry run.

A dry run (`parley class --simulate`) plays every student's game with a scripted stand-in.
Its transcripts say so in their header (`"simulated": true`) and in the reason of every
answer the stand-in gave, so no report ever presents them as a person's play.
"""

from __future__ import annotations

from collections.abc import Iterable

from sim.transcript.format import Record

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

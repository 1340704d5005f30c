"""Transcripts: every offer, answer and event of one game as JSON Lines, byte-reproducible.

The first line is a header with what replaying and grading need (Parley's version, the
scenario's content hash, the seed, the protocol, which sides were human). Each later line is
one record with a `type`. Floats are rounded to six places and keys keep a fixed order, so
the same scenario and seed give the same bytes.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from sim.actors.base import Reason
from sim.files import write_atomic

Record = dict[str, Any]

RECORD_TYPES = ("header", "event", "offer", "answer", "walk_out", "ratification", "outcome")


def _clean(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, 6) + 0.0  # + 0.0 turns -0.0 into 0.0
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    return value


def dumps(record: Record) -> str:
    """One record as a JSON line (no newline)."""
    return json.dumps(_clean(record), ensure_ascii=False, separators=(", ", ": "))


def to_jsonl(records: Iterable[Record]) -> str:
    """A whole transcript as JSON Lines text."""
    return "".join(dumps(r) + "\n" for r in records)


def write_transcript(records: Iterable[Record], path: str | os.PathLike[str]) -> None:
    """Write a transcript, replacing the file only once it is complete."""
    write_atomic(path, to_jsonl(records))


class TranscriptError(Exception):
    """A transcript file that cannot be read, naming the line at fault."""


def read_transcript(path: str | os.PathLike[str]) -> list[Record]:
    """Read and check a transcript.

    Raises:
        TranscriptError: naming the file and line of the first damaged record.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise TranscriptError(f"{path}: cannot read transcript ({exc})") from None
    records: list[Record] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise TranscriptError(f"{path}:{number}: damaged record ({exc.msg})") from None
        if not isinstance(record, dict) or record.get("type") not in RECORD_TYPES:
            raise TranscriptError(f"{path}:{number}: not a Parley transcript record")
        if not records and record["type"] != "header":
            raise TranscriptError(f"{path}:{number}: a transcript starts with its header")
        records.append(record)
    if not records:
        raise TranscriptError(f"{path}: empty transcript")
    return records


def reason_text(party: str, reason: int, utility: float, wanted: float, *,
                reservation: float, budget: float, ideal: float, line: str | None) -> str:
    """An answer's reason in words a student can read."""
    if reason == Reason.ACCEPT:
        return (f"{party} accepts: the offer is worth {utility:.2f} to it, "
                f"and it wanted {wanted:.2f}.")
    if reason == Reason.RED_LINE:
        return f"{party} rejects: the offer crosses its red line \"{line}\"."
    if reason == Reason.RESERVATION:
        return (f"{party} rejects: the offer is worth {utility:.2f} to it, less than no deal "
                f"({reservation:.2f}).")
    if reason == Reason.BUDGET:
        return (f"{party} rejects: accepting would give up {ideal - utility:.2f} from its ideal, "
                f"more than its concession budget of {budget:.2f}.")
    if reason == Reason.TARGET:
        return (f"{party} rejects: the offer is worth {utility:.2f} to it; this round it wants "
                f"at least {wanted:.2f}.")
    return f"{party} decided."

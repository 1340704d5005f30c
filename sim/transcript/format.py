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

from sim import MAX_SEED, SEEDS
from sim.files import ReadError, read_regular, write_atomic

Record = dict[str, Any]

RECORD_TYPES = ("header", "event", "offer", "answer", "walk_out", "ratification", "outcome",
                "stage", "stage_end")
"""Every record type; `stage` and `stage_end` open and close each stage of staged talks."""

NEUTRAL_MEDIATOR = "mediator"
"""Who an offer's `party` names when a neutral broker (no party) tabled it."""

SIGNATURE = b'{"type": "header", "parley": '
"""How every transcript Parley writes begins (keys keep a fixed order): how `parley run
--transcript` and the others recognise a file they may replace."""


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


MAX_TRANSCRIPT_BYTES = 64 * 1024 * 1024
"""Largest transcript read (a game's is tens of kB)."""


class TranscriptError(Exception):
    """A transcript file that cannot be read, naming the line at fault."""


def read_transcript(path: str | os.PathLike[str]) -> list[Record]:
    """Read and check a transcript.

    Raises:
        TranscriptError: naming the file and line of the first damaged record.
    """
    path = Path(path)
    try:
        text = read_regular(path, MAX_TRANSCRIPT_BYTES, "transcript").decode("utf-8")
    except ReadError as exc:
        raise TranscriptError(f"{path}: {exc}") from None
    except UnicodeDecodeError as exc:
        raise TranscriptError(f"{path}: cannot read transcript (not UTF-8 text: {exc.reason} "
                              f"at byte {exc.start})") from None
    records: list[Record] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise TranscriptError(f"{path}:{number}: damaged record: line {number} is not a "
                                  f"JSON record (cut short or edited?); {_damage(line, exc)}"
                                  ) from None
        except ValueError:  # an integer of more digits than Python converts
            raise TranscriptError(f"{path}:{number}: damaged record (a number too long to "
                                  "read)") from None
        if not isinstance(record, dict) or record.get("type") not in RECORD_TYPES:
            raise TranscriptError(f"{path}:{number}: not a Parley transcript record")
        if not records and record["type"] != "header":
            raise TranscriptError(f"{path}:{number}: a transcript starts with its header")
        if record["type"] == "header":
            _check_seed(record, path, number)
        records.append(record)
    if not records:
        raise TranscriptError(f"{path}: empty transcript")
    return records


def _damage(line: str, exc: json.JSONDecodeError) -> str:
    """What is wrong with a line that is not JSON, in words a teacher can act on (the JSON
    parser's own words, "Expecting value", say nothing to them)."""
    text = line.strip()
    if not text.startswith("{"):
        return f"a record begins with {{, this line with {text[:24]!r}"
    if exc.msg == "Extra data":
        return f"something follows the record's end at column {exc.colno}"
    if not text.endswith("}") or exc.pos >= len(line.rstrip()) - 1:
        return f"it stops part-way through a record, after {len(text)} characters"
    return f"its JSON goes wrong at column {exc.colno} ({exc.msg.lower()})"


def _check_seed(header: Record, path: Path, number: int) -> None:
    """Refuse a header whose seed no game can have been played with (the engine would fail
    on it half-way through a replay)."""
    seed = header.get("seed")
    # A seed that is no number at all is `check.check_records`' to name, with the record.
    if isinstance(seed, int) and not isinstance(seed, bool) and not 0 <= seed <= MAX_SEED:
        raise TranscriptError(f"{path}:{number}: header field 'seed': {_shown(seed)} is out "
                              f"of range ({SEEDS})")


def _shown(value: Any) -> str:
    """A value as a message quotes it, cut short when long."""
    text = json.dumps(value)
    return text if len(text) <= 40 else text[:37] + "..."

"""Who a join code seats, the teacher's code, and slowing down whoever keeps guessing.

Codes come from the pack's `codes.json` (written by `parley class --per-table`, mode 600).
A code opens exactly one seat: its student's side at its student's table. Wrong codes cost
time: after a few from one address, each further try from it waits, longer and longer, before
it is even checked, so guessing 49-bit codes stays hopeless even for a patient program.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sim.classroom.pack import CODES
from sim.classroom.seating import normal_code


@dataclass(frozen=True)
class Seat:
    """What one join code opens."""

    table: str
    """The table's label (`table-02`)."""
    side: str
    student: str
    """The student's label (`student-07`)."""


class CodesError(ValueError):
    """The pack has no usable codes (not a pack with tables, or a damaged codes file)."""


@dataclass(frozen=True)
class Codes:
    """The pack's join codes."""

    teacher: str
    seats: dict[str, Seat]

    @classmethod
    def of_pack(cls, folder: Path, manifest: dict[str, Any]) -> Codes:
        """Read `codes.json` and match each student's code to their seat in `manifest`.

        Raises:
            CodesError: saying what is missing.
        """
        path = folder / CODES
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            teacher = str(data["teacher"])
            codes = {str(k): str(v) for k, v in data["students"].items()}
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            raise CodesError(f"{path}: cannot read the join codes ({exc}); write the pack "
                             "again with `parley class ... --per-table K`") from None
        seats = {}
        for student in manifest.get("students", []):
            label = str(student.get("label"))
            if label not in codes or not student.get("table"):
                raise CodesError(f"{path}: no join code or table for {label}")
            seats[normal_code(codes[label])] = Seat(str(student["table"]),
                                                    str(student["side"]), label)
        return cls(normal_code(teacher), seats)

    def seat(self, typed: str) -> Seat | None:
        """The seat `typed` opens, if any (however it was typed)."""
        return self.seats.get(normal_code(typed))

    def is_teacher(self, typed: str) -> bool:
        """Whether `typed` is the teacher's code."""
        return bool(typed) and normal_code(typed) == self.teacher


FREE_TRIES = 3
"""Wrong codes one address may try without waiting."""
LONGEST_WAIT = 30.0
"""The most a try waits, in seconds."""
FORGET_AFTER = 600.0
"""Seconds after an address's last wrong code when its count starts again."""


@dataclass
class Gate:
    """Slows down repeated wrong codes, per address: after `FREE_TRIES`, every try waits 1, 2,
    4, ... seconds (at most `LONGEST_WAIT`) before its code is checked."""

    clock: Callable[[], float] = time.monotonic
    wrong: dict[str, tuple[int, float]] = field(default_factory=dict)

    def wait(self, source: str) -> float:
        """Seconds the next try from `source` waits before it is checked."""
        count, last = self.wrong.get(source, (0, 0.0))
        if count and self.clock() - last > FORGET_AFTER:
            del self.wrong[source]
            return 0.0
        extra = count - FREE_TRIES
        return 0.0 if extra < 0 else min(2.0 ** extra, LONGEST_WAIT)

    def failed(self, source: str) -> None:
        """A wrong code came from `source`."""
        count, _ = self.wrong.get(source, (0, 0.0))
        self.wrong[source] = (count + 1, self.clock())

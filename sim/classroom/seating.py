"""Tables of a class played at a host (`parley host`): who sits where, and each seat's code.

A pack with tables deals its students to tables of `per_table` students. At each table the
sides played by people (every side, unless the teacher names some) take the students in
turn, so a table of six at a four-sided scenario seats teams of two on the first two sides,
and a table of two leaves the last two sides to scripted players. A side no student holds is
scripted. Every table plays one game with its own seed, drawn from the class seed.

Each student gets a join code, and the teacher one more. Codes come from `secrets`, never
from the class seed: the same command gives the same tables and seeds, but new codes (a
printed brief's code must not be guessable from the command that made it).
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
"""Join codes use digits and capitals that cannot be misread (no 0/O, 1/I/L)."""
CODE_LENGTH = 10
"""Characters in a code: 31**10 is about 8 * 10**14 codes (49 bits)."""
SEED_RANGE = 1_000_000
"""Table seeds are drawn below this, as students' game seeds are."""


def new_code() -> str:
    """A fresh join code such as `K7QM4-XPD2R` (from `secrets`: unguessable)."""
    body = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    half = CODE_LENGTH // 2
    return f"{body[:half]}-{body[half:]}"


def normal_code(typed: str) -> str:
    """A code as typed (any case, spaces or dashes anywhere) in its printed form."""
    body = "".join(ch for ch in typed.upper() if ch.isalnum())
    half = CODE_LENGTH // 2
    return f"{body[:half]}-{body[half:]}" if len(body) == CODE_LENGTH else body


@dataclass(frozen=True)
class Layout:
    """How a class sits at a host, as the teacher asked for it."""

    per_table: int
    """Students at each table (the last table may have fewer)."""
    people: tuple[str, ...] = ()
    """Sides played by people (empty: every side); the others are scripted."""


@dataclass(frozen=True)
class Table:
    """One game at the host."""

    number: int
    """From 1."""
    seed: int
    """The game's run seed."""
    seats: tuple[tuple[str, tuple[int, ...]], ...]
    """Each side held by people, in the scenario's order, with its students' numbers."""
    scripted: tuple[str, ...]
    """Sides no student holds: scripted players take them."""

    @property
    def label(self) -> str:
        """`table-02`."""
        return f"table-{self.number:02d}"

    @property
    def people(self) -> tuple[str, ...]:
        """Sides played by people, in the scenario's order (the game's `humans`)."""
        return tuple(side for side, _ in self.seats)

    def transcript(self, pack: Path, games: str) -> Path:
        """Where the table's finished game is written (`games`: the pack's games folder)."""
        return pack / games / f"{self.label}.jsonl"


@dataclass(frozen=True)
class Placed:
    """A student's place: the table, the side, and the team-mates on that side."""

    number: int
    table: int
    side: str
    mates: tuple[int, ...]


def seat_tables(sides: Sequence[str], students: int, seed: int,
                layout: Layout) -> tuple[list[Table], list[Placed]]:
    """Deal `students` students to tables of `layout.per_table`, each table's people sides
    taking its students in turn.

    Raises:
        ValueError: no students, a table size below 1, or a people side the scenario lacks.
    """
    if students < 1:
        raise ValueError("a class needs at least one student")
    if layout.per_table < 1:
        raise ValueError("a table needs at least one student")
    unknown = [s for s in layout.people if s not in sides]
    if unknown:
        raise ValueError(f"unknown side {unknown[0]!r}; sides: {', '.join(sides)}")
    people = [s for s in sides if s in layout.people] if layout.people else list(sides)
    count = -(-students // layout.per_table)
    seeds = np.random.SeedSequence(seed).generate_state(count, dtype=np.uint64)
    tables: list[Table] = []
    placed: list[Placed] = []
    for t in range(count):
        first = t * layout.per_table + 1
        numbers = range(first, min(first + layout.per_table, students + 1))
        held: dict[str, list[int]] = {}
        for k, number in enumerate(numbers):
            held.setdefault(people[k % len(people)], []).append(number)
        seats = tuple((side, tuple(held[side])) for side in sides if side in held)
        tables.append(Table(t + 1, int(seeds[t] % SEED_RANGE), seats,
                            tuple(side for side in sides if side not in held)))
        for side, team in seats:
            placed += [Placed(n, t + 1, side, tuple(m for m in team if m != n)) for n in team]
    placed.sort(key=lambda p: p.number)
    return tables, placed

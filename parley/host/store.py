"""Every decision made at the host, in SQLite, committed before it takes effect.

The pack's `host.sqlite` holds one row per decision (table, its number at that table, kind,
offer, the student who made it, or the stand-in's mark, when), and one per action of the
teacher (`actions`: pacing, injects, ending a table, the class's switches; each with the
number of decisions its table had made, so a replay puts it back among them). It is
written in WAL mode with full synchronisation, and `record` returns only once the row is
committed: the engine applies a decision, and any client hears of it, only after that. A
host killed at any moment and started again replays each table's decisions from its seed
and is back at the same move, because the same scenario, seed and decisions always give the
same game.

The store also keeps the pack's fingerprint (scenario and tables). A store written for other
tables is refused instead of replayed into the wrong games.
"""

from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path
from typing import Any

from sim.actors.human import Decision

SCHEMA = """
CREATE TABLE IF NOT EXISTS decisions (
    tab TEXT NOT NULL, n INTEGER NOT NULL, kind TEXT NOT NULL, offer TEXT,
    student TEXT NOT NULL, at REAL NOT NULL, PRIMARY KEY (tab, n));
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS actions (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, tab TEXT, n INTEGER, kind TEXT NOT NULL,
    data TEXT NOT NULL, at REAL NOT NULL);
"""


class StoreError(Exception):
    """The store cannot be used for this pack; the message says why and what to do."""


class Store:
    """The host's decisions, in `path`.

    Args:
        path: the database file (created if missing).
        fingerprint: what identifies the pack's games (scenario, tables and their seeds);
            a store written for another fingerprint is refused.

    Raises:
        StoreError: the file is not a database, cannot be written, or belongs to other games.
    """

    def __init__(self, path: Path, fingerprint: dict[str, Any]) -> None:
        self.path = path
        try:
            self.db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=FULL")
            self.db.executescript(SCHEMA)
            mark = json.dumps(fingerprint, sort_keys=True)
            row = self.db.execute("SELECT value FROM meta WHERE key='pack'").fetchone()
            if row is None:
                with self.db:
                    self.db.execute("BEGIN IMMEDIATE")
                    self.db.execute("INSERT INTO meta VALUES ('pack', ?)", (mark,))
            elif row[0] != mark:
                raise StoreError(f"{path} records games of other tables (the pack was written "
                                 "again since): move it out of the pack to start afresh; its "
                                 "moves are kept in it")
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{path}: cannot use the host's record ({exc})") from None

    def record(self, table: str, number: int, decision: Decision, student: str) -> None:
        """Commit decision `number` (from 0) of `table`; returns once it is on disk.

        Raises:
            sqlite3.Error: it could not be written (the caller refuses the decision).
        """
        offer = json.dumps(decision.offer, sort_keys=True) if decision.offer is not None else None
        with self.db:
            self.db.execute("BEGIN IMMEDIATE")
            self.db.execute("INSERT INTO decisions VALUES (?, ?, ?, ?, ?, ?)",
                            (table, number, decision.kind, offer, student, time.time()))

    def decisions(self, table: str) -> list[Decision]:
        """The decisions of `table`, in order."""
        return [decision for decision, _ in self.moves(table)]

    def moves(self, table: str) -> list[tuple[Decision, str]]:
        """The decisions of `table`, in order, each with who made it (a student's label, or
        the stand-in's mark)."""
        rows = self.db.execute("SELECT n, kind, offer, student FROM decisions WHERE tab = ? "
                               "ORDER BY n", (table,)).fetchall()
        if [row[0] for row in rows] != list(range(len(rows))):
            raise StoreError(f"{self.path}: the moves of {table} have a gap; it cannot be "
                             "replayed")
        return [(Decision(kind, json.loads(offer) if offer is not None else None), student)
                for _, kind, offer, student in rows]

    def act(self, kind: str, data: dict[str, Any], table: str | None = None,
            number: int | None = None) -> None:
        """Commit one of the teacher's actions (on `table`, made when it had `number`
        decisions; or on the class); returns once it is on disk.

        Raises:
            sqlite3.Error: it could not be written (the action is not taken).
        """
        with self.db:
            self.db.execute("BEGIN IMMEDIATE")
            self.db.execute("INSERT INTO actions (tab, n, kind, data, at) VALUES (?, ?, ?, ?, ?)",
                            (table, number, kind, json.dumps(data, sort_keys=True),
                             time.time()))

    def actions(self) -> list[tuple[str | None, int | None, str, dict[str, Any]]]:
        """The teacher's actions in the order taken: (table or None for the class, its
        decisions then, kind, data)."""
        rows = self.db.execute("SELECT tab, n, kind, data FROM actions ORDER BY seq").fetchall()
        return [(tab, n, kind, json.loads(data)) for tab, n, kind, data in rows]

    def close(self) -> None:
        """Close the database."""
        self.db.close()

"""A class pack: who plays which side with which seed, and the files a teacher hands out.

`parley class` writes, under the pack folder: one brief per student (`briefs/`), the
instructor key, a roster (`roster.csv`) with each student's exact command, a manifest
(`class.json`) that later commands read, and an empty `transcripts/` folder where each game
records itself. Seeds come from one class seed, so the same command gives the same pack.

A pack with tables (`--per-table`, `sim.classroom.seating`) is played at a class host
(`parley host`): students sit at tables, one game per table, each with a join code on their
brief; the codes (and the teacher's) are in `codes.json`, which only the teacher and the host
read. Each table's game is recorded as `transcripts/table-NN.jsonl`.

A pack whose `transcripts/` holds games is never written over: those are the students' work.
A dry run (`--simulate`) writes its games to `simulated/`, apart from the real ones, each
marked as simulated in its header.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import secrets
import shlex
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sim.classroom.briefs import brief_html, instructor_key, student_brief
from sim.files import (
    PARTIAL_SUFFIX,
    OutputError,
    describe_os_error,
    sync_folder,
    write_atomic,
)
from sim.scenario.library import resolve_scenario, scenarios_dir
from sim.scenario.loader import load_scenario, scenario_hash

# `parley play` reads a pack's settings before its first screen: writing a pack (the game's
# tables, the baseline, seats) imports the engine where it does.
if TYPE_CHECKING:
    from sim.classroom.seating import Layout, Table

MANIFEST = "class.json"
GAMES = "transcripts"
"""The folder of the students' games."""
SIMULATED = "simulated"
"""The folder of a dry run's games, played by simulated students."""
SEED_RANGE = 1_000_000
"""Game seeds are drawn below this, so the commands students type stay short."""
CODES = "codes.json"
"""A pack with tables: every student's join code and the teacher's (secret: never served)."""
HOST_DB = "host.sqlite"
"""A pack with tables: the host's record of every decision made at its tables."""


@dataclass(frozen=True)
class Student:
    """One seat in the class."""

    number: int
    """From 1."""
    side: str
    seed: int
    """The game's run seed."""
    table: int = 0
    """The student's table at a class host (0: a game of their own, on their machine)."""
    code: str = ""
    """At a host: the student's join code."""

    @property
    def label(self) -> str:
        """`student-07`."""
        return f"student-{self.number:02d}"

    @property
    def table_label(self) -> str:
        """`table-02` (a student at a host)."""
        return f"table-{self.table:02d}"

    def transcript(self, pack: Path) -> Path:
        """Where the student's game writes its transcript (at a host: the table's game)."""
        name = self.table_label if self.table else self.label
        return pack / GAMES / f"{name}.jsonl"

    def simulated(self, pack: Path) -> Path:
        """Where a simulated student's game of this seat goes (a dry run), apart from the
        student's own."""
        return pack / SIMULATED / f"{self.label}.jsonl"

    def command(self, scenario_ref: str, pack: Path) -> str:
        """The exact command that starts the student's game (at a host: joins their seat)."""
        if self.table:
            return f"parley join ADDRESS {self.code}"
        return shlex.join(["parley", "play", scenario_ref, "--side", self.side, "--seed",
                           str(self.seed), "--transcript", str(self.transcript(pack))])


def assign(sides: list[str], students: int, seed: int) -> list[Student]:
    """Sides in turn (so every side is played about equally), each game with its own seed."""
    if students < 1:
        raise ValueError("a class needs at least one student")
    import numpy as np

    seeds = np.random.SeedSequence(seed).generate_state(students, dtype=np.uint64)
    return [Student(k + 1, sides[k % len(sides)], int(seeds[k] % SEED_RANGE))
            for k in range(students)]


def scenario_reference(path: Path) -> str:
    """How a command names the scenario: a built-in by name, any other file by its path."""
    if path.resolve().parent == scenarios_dir().resolve():
        return path.stem
    return str(path)


@dataclass(frozen=True)
class Settings:
    """How a class plays, chosen by the teacher when writing the pack (`class.json`).

    `parley play` reads them from the pack its `--transcript` lies in, so every student's
    game follows them without a flag to type (or forget).
    """

    random_events: bool = True
    """Whether events left to chance (a chance below 1, a round drawn at random) happen.
    Scheduled events always do."""
    practice: bool = False
    """Practice mode: during play the screens show the other sides' private numbers (their
    answers' reasons in numbers, their soft lines' costs, the likely deal)."""
    what_if: bool = True
    """Whether students may ask "What if?" during play (at a class host)."""
    difficulty: str = "written"
    """How hard the scripted sides bargain (`sim.classroom.difficulty`)."""

    def as_json(self) -> dict[str, bool | str]:
        """The `settings` object of `class.json` (the newer switches only when set)."""
        out: dict[str, bool | str] = {"random_events": self.random_events,
                                      "practice": self.practice}
        if not self.what_if:
            out["what_if"] = False
        if self.difficulty != "written":
            out["difficulty"] = self.difficulty
        return out

    @classmethod
    def from_json(cls, data: object) -> Settings:
        """Read the `settings` object of `class.json` (missing or odd values: the defaults)."""
        if not isinstance(data, dict):
            return cls()
        from sim.classroom.difficulty import DIFFICULTIES

        difficulty = data.get("difficulty")
        return cls(random_events=data.get("random_events", True) is not False,
                   practice=data.get("practice") is True,
                   what_if=data.get("what_if", True) is not False,
                   difficulty=difficulty if difficulty in DIFFICULTIES else "written")

    def describe(self) -> list[str]:
        """What is not the default, in words."""
        out = []
        if not self.random_events:
            out.append("chance events are switched off")
        if self.practice:
            out.append("practice mode: the other sides' private numbers show during play")
        if not self.what_if:
            out.append("What if? is switched off")
        if self.difficulty != "written":
            from sim.classroom.difficulty import WORDS

            out.append(f"the scripted sides bargain {WORDS[self.difficulty]} (at the "
                       f"{'firm' if self.difficulty == 'hard_line' else 'soft'} end of "
                       "their evidence's ranges)")
        return out


def pack_of(transcript: str | os.PathLike[str]) -> tuple[Path, dict[str, Any]] | None:
    """The pack folder a transcript path lies in (`PACK/transcripts/NAME.jsonl`, or a dry
    run's `PACK/simulated/NAME.jsonl`, beside `PACK/class.json`), with its manifest; None
    outside a pack or if the manifest is damaged."""
    folder = Path(transcript).absolute().parent
    if folder.name not in (GAMES, SIMULATED):
        return None
    data = read_manifest(folder.parent / MANIFEST)
    return (folder.parent, data) if data is not None else None


def read_manifest(path: str | os.PathLike[str]) -> dict[str, Any] | None:
    """A pack's `class.json`, or None if it cannot be read as one."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return None
    return data if isinstance(data, dict) and isinstance(data.get("students"), list) else None


def settings_for(transcript: str | os.PathLike[str]) -> Settings | None:
    """The class settings that apply to a game recorded at `transcript`, if it is a pack's."""
    found = pack_of(transcript)
    return Settings.from_json(found[1].get("settings")) if found else None


class PackError(ValueError):
    """A pack that cannot be written where asked; the message says why."""


def games_in(folder: Path) -> list[Path]:
    """The students' games already recorded in the pack at `folder`."""
    games = folder / GAMES
    return sorted(games.glob("*.jsonl")) if games.is_dir() else []


def _clear_old_pack(folder: Path, keep: set[str]) -> None:
    """Remove what an earlier pack in `folder` left that the new one does not write: briefs of
    other students or sides, and an earlier dry run's games and reports."""
    briefs = folder / "briefs"
    if briefs.is_dir():
        for old in [*briefs.glob("student-*.md"), *briefs.glob("student-*.html")]:
            if old.name not in keep:
                old.unlink()
    simulated = folder / SIMULATED
    if simulated.is_dir():
        for old in [*simulated.glob("student-*.jsonl"), *simulated.glob("table-*.jsonl")]:
            old.unlink()
    (folder / CODES).unlink(missing_ok=True)  # old codes must not open the new pack's seats


@dataclass(frozen=True)
class Pack:
    """A written class pack."""

    folder: Path
    scenario_ref: str
    students: list[Student]
    settings: Settings = Settings()
    tables: list[Table] = field(default_factory=list)
    """At a host: the tables (empty: every student plays a game of their own)."""
    teacher_code: str = ""
    """At a host: the code of the teacher's actions."""


def write_pack(scenario: str | os.PathLike[str], students: int, seed: int,
               folder: str | os.PathLike[str], baseline_runs: int = 1000,
               settings: Settings | None = None, layout: Layout | None = None) -> Pack:
    """Write the pack for `students` students of `scenario` into `folder`, with the class's
    `settings` (default: chance events on, no practice mode) and, for a class host, its
    `layout` of tables (None: every student plays a game of their own).

    Raises:
        PackError: `folder` already holds students' games (they are never written over), or
            a host's record of games under way; or the layout names an unknown side.
    """
    pack = Path(folder)
    played = games_in(pack)
    if played:
        names = ", ".join(p.name for p in played[:3]) + (", ..." if len(played) > 3 else "")
        raise PackError(f"{pack} already holds {len(played)} students' "
                        f"game{'s' if len(played) != 1 else ''} in {pack / GAMES} ({names}); a "
                        "pack with games is never written over: choose another folder for "
                        "the new pack (or the dry run), or move the games out first")
    if (pack / HOST_DB).exists():
        raise PackError(f"{pack} has been played at a class host ({pack / HOST_DB} records "
                        "its tables' moves); a pack with games is never written over: choose "
                        "another folder, or move that file out first")
    from sim.classroom.seating import new_code, seat_tables
    from sim.negotiation.game import compile_game
    from sim.report.baseline import computed_baseline

    path = resolve_scenario(scenario)
    loaded = load_scenario(path)
    game = compile_game(loaded)
    ref = scenario_reference(path)
    tables: list[Table] = []
    if layout is None:
        roster = assign(list(loaded.parties), students, seed)
    else:
        try:
            tables, placed = seat_tables(list(loaded.parties), students, seed, layout)
        except ValueError as exc:
            raise PackError(str(exc)) from None
        roster = [Student(p.number, p.side, tables[p.table - 1].seed, p.table, new_code())
                  for p in placed]
    # The whole pack is made in memory, written into a folder beside PACK and only then
    # moved into place: a full disk or a read-only folder leaves PACK as it was (nothing
    # that blocks a retry), and an earlier pack is never half replaced by a new one.
    files: dict[str, str] = {}
    settings = settings or Settings()
    by_number = {s.number: s for s in roster}
    for s in roster:
        start = None
        if s.table:
            mates = [by_number[n].label for n in dict(tables[s.table - 1].seats)[s.side]
                     if n != s.number]
            start = joining_lines(s, mates)
        brief = student_brief(loaded, s.side, s.label, s.command(ref, pack), settings, start)
        name = f"briefs/{s.label}-{s.side}"
        files[f"{name}.md"] = brief
        files[f"{name}.html"] = brief_html(brief, f"{loaded.title}: brief for {s.label} "
                                                  f"({s.side})")
    baseline = computed_baseline(game, runs=baseline_runs,
                                 random_events=settings.random_events)
    key = instructor_key(loaded, game, baseline, settings)
    files["instructor-key.md"] = key
    files["instructor-key.html"] = brief_html(key, f"{loaded.title}: instructor key")
    files["roster.csv"] = _roster_csv(pack, ref, roster)
    manifest: dict[str, Any] = {
        "scenario": ref, "scenario_hash": scenario_hash(loaded), "seed": seed,
        "settings": settings.as_json(),
        "students": [{"label": s.label, "side": s.side, "seed": s.seed,
                      "transcript": str(s.transcript(pack)),
                      **({"table": s.table_label} if s.table else {})} for s in roster]}
    teacher = ""
    if tables:
        manifest["tables"] = [_table_json(t, by_number, pack) for t in tables]
        teacher = new_code()
        codes = {"teacher": teacher, "students": {s.label: s.code for s in roster}}
        files[CODES] = json.dumps(codes, indent=2) + "\n"
    files[MANIFEST] = json.dumps(manifest, indent=2) + "\n"
    keep = {f"{s.label}-{s.side}{ext}" for s in roster for ext in (".md", ".html")}
    put_in_place(pack, files, lambda: _clear_old_pack(pack, keep))
    return Pack(pack, ref, roster, settings, tables, teacher)


def _roster_csv(pack: Path, ref: str, roster: list[Student]) -> str:
    tables = any(s.table for s in roster)
    rows = io.StringIO()
    out = csv.writer(rows)
    out.writerow(["student", "side", "seed", "transcript", "command",
                  *(["table", "code"] if tables else [])])
    for s in roster:
        out.writerow([s.label, s.side, s.seed, s.transcript(pack), s.command(ref, pack),
                      *([s.table_label, s.code] if tables else [])])
    return rows.getvalue()


SECRET = {CODES}
"""Files of a pack only the teacher may read: the codes open the seats."""


def put_in_place(pack: Path, files: dict[str, str], clear: Callable[[], None]) -> None:
    """Write `files` (path in the pack → text) as the pack at `pack`: into a hidden folder
    beside it first, then renamed into place (a new or empty `pack`) or moved file by file
    over an earlier pack, after `clear` has removed what the new pack does not write.

    Raises:
        OutputError: a file could not be written (a full disk, a read-only folder), in one
            line naming it; `pack` is then as it was, and nothing this call made is left.
    """
    made = [p for p in (pack.parent, *pack.parent.parents) if not p.exists()]
    staging = pack.with_name(f".{pack.name}.{secrets.token_hex(4)}{PARTIAL_SUFFIX}")
    writing, replacing = staging, False
    try:
        pack.parent.mkdir(parents=True, exist_ok=True)
        for sub in ("", "briefs", GAMES):
            (staging / sub).mkdir(exist_ok=True)
        for name, text in files.items():
            writing = staging / name
            write_atomic(writing, text)
            if name in SECRET:
                os.chmod(writing, 0o600)
        writing = pack
        if not pack.exists() or (pack.is_dir() and not any(pack.iterdir())):
            os.replace(staging, pack)
        else:
            replacing = True  # renames over an earlier pack: they need no space
            clear()
            for sub in ("briefs", GAMES):
                (pack / sub).mkdir(exist_ok=True)
            for name in files:
                writing = pack / name
                os.replace(staging / name, pack / name)
    except OSError as exc:
        shown = (pack / writing.relative_to(staging) if writing.is_relative_to(staging)
                 else writing)
        left = ("the pack there may now be part old, part new: run the same command again"
                if replacing else "nothing of the new pack was left behind, so the same "
                "command can simply be run again")
        raise OutputError(f"cannot write the class pack {pack}: {describe_os_error(exc)} "
                          f"(writing {shown}); {left}") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        for parent in made:  # folders made for a pack that was not written
            if not pack.exists():
                with contextlib.suppress(OSError):
                    parent.rmdir()
    sync_folder(pack.parent)


def _table_json(table: Table, students: dict[int, Student], pack: Path) -> dict[str, Any]:
    """A table in `class.json`: its seed, who holds which side, which sides are scripted."""
    return {"label": table.label, "seed": table.seed,
            "people": {side: [students[n].label for n in team] for side, team in table.seats},
            "scripted": list(table.scripted),
            "transcript": str(table.transcript(pack, GAMES))}


def joining_lines(student: Student, mates: list[str]) -> list[str]:
    """How a student at a class host joins their table: the brief's opening section."""
    team = (f" with {' and '.join(mates)}: you are a team, and any of you may make "
            f"{student.side}'s move" if mates else "")
    return ["## Joining your table", "",
            f"You sit at **{student.table_label}** for **{student.side}**{team}.", "",
            f"Your join code is **{student.code}**. It is yours alone: it opens your seat and "
            "this brief, nothing else. Do not show it to the other sides.", "",
            "When your teacher starts the class host, they give you its address (such as "
            "`http://192.168.1.20:8765`). Open that address in a web browser and type your "
            "code. Where Parley is installed you may play in a terminal instead:", "",
            f"```\n{student.command('', Path())}\n```", "",
            "If your browser closes or your computer restarts, join again with the same code: "
            "your game is where you left it.", ""]


def simulate_class(pack: Pack) -> list[Path]:
    """Play every student's game (at a host: every table's) with simulated students, into
    the pack's `simulated/` folder (never among the students' games); the transcripts
    written."""
    from sim.classroom.stand_in import play_student, play_table

    written = []
    for t in pack.tables:
        target = t.transcript(pack.folder, SIMULATED)
        play_table(pack.scenario_ref, t.people, t.seed,
                   student_seeds=[n + 7919 * t.seed for _, team in t.seats for n in team[:1]],
                   random_events=pack.settings.random_events, transcript=target)
        written.append(target)
    for s in pack.students:
        if s.table:
            continue
        target = s.simulated(pack.folder)
        play_student(pack.scenario_ref, s.side, s.seed, student_seed=s.number + 7919 * s.seed,
                     random_events=pack.settings.random_events,
                     transcript=target)
        written.append(target)
    return written

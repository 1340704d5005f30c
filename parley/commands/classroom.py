"""`parley class`, `parley report` and `parley class-summary`: running an exercise with a class.

`class` writes the pack (briefs, instructor key, roster with each student's command);
`report` turns one transcript into a debrief page; `class-summary` puts a class's games side
by side. Pages are single HTML files with inline SVG charts that open without a network.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from rich.table import Table

from parley.cli import UsageError, add_seed_option, console, seed_of

if TYPE_CHECKING:
    from sim.classroom.pack import Pack
from sim.files import write_output
from sim.report.baseline import BASELINE_RUNS
from sim.transcript.format import TranscriptError


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg,unused-ignore]
    """Add `parley class`, `parley report` and `parley class-summary`."""
    p = sub.add_parser("class", help="write a class pack: one brief per student, an "
                       "instructor key, and each student's command")
    p.add_argument("scenario", metavar="SCENARIO", help="a scenario file or built-in name")
    p.add_argument("--students", type=int, required=True, help="number of students")
    add_seed_option(p, "class seed (default 0)")
    p.add_argument("-o", "--output", required=True, metavar="PACK", help="pack folder")
    p.add_argument("--simulate", action="store_true",
                   help="also play every student's game with a simulated student (a dry run "
                   "for the teacher)")
    p.add_argument("--force", action="store_true",
                   help="write into PACK even if it holds files that are not a class pack")
    p.add_argument("--no-random-events", action="store_true",
                   help="switch off events left to chance in every student's game (scheduled "
                   "events still happen); `parley play` reads this from the pack")
    p.add_argument("--practice", action="store_true",
                   help="practice mode: during play, students see the other sides' private "
                   "numbers (reasons in numbers, soft-line costs, the likely deal)")
    p.add_argument("--per-table", type=int, metavar="K",
                   help="play at a class host (`parley host`): tables of K students, one game "
                   "each; the people sides take a table's students in turn (teams when K is "
                   "more than the sides), sides left without a student are scripted")
    p.add_argument("--people", action="append", default=[], metavar="SIDE",
                   help="with --per-table: a side played by people (give it once per side; "
                   "default: every side); the other sides are scripted")
    p.set_defaults(func=cmd_class)

    r = sub.add_parser("report", help="debrief one game as a self-contained HTML page")
    r.add_argument("transcript", metavar="TRANSCRIPT", help="a game's transcript (.jsonl)")
    r.add_argument("-o", "--output", required=True, metavar="FILE", help="the HTML file")
    _baseline_options(r)
    r.set_defaults(func=cmd_report)

    s = sub.add_parser("class-summary", help="a class's games side by side, as one HTML page")
    s.add_argument("transcripts", nargs="+", metavar="TRANSCRIPT", help="transcripts (.jsonl)")
    s.add_argument("-o", "--output", required=True, metavar="FILE", help="the HTML file")
    s.add_argument("--roster", metavar="CLASS_JSON",
                   help="the class's roster, to list students with no game and games played "
                   "otherwise than their command (default: the class.json of the pack the "
                   "transcripts lie in)")
    _baseline_options(s)
    s.set_defaults(func=cmd_class_summary)

    y = sub.add_parser("replay", help="replay a finished game from its transcript, move by "
                       "move, in the terminal")
    y.add_argument("transcript", metavar="TRANSCRIPT", help="a game's transcript (.jsonl)")
    y.add_argument("--scenario", metavar="SCENARIO",
                   help="the scenario played (default: the built-in whose content matches)")
    y.set_defaults(func=cmd_replay)


def _baseline_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--scenario", metavar="SCENARIO",
                   help="the scenario played (default: the built-in whose content matches)")
    p.add_argument("--batch", metavar="FILE",
                   help="compare with this batch's runs (Parquet) instead of fresh scripted "
                   "games")
    p.add_argument("--baseline-runs", type=int, default=BASELINE_RUNS, metavar="N",
                   help=f"scripted games to compare with when no batch is given "
                   f"(default {BASELINE_RUNS}, at most {MAX_BASELINE_RUNS:,})")
    p.add_argument("--force", action="store_true",
                   help="replace the -o file even if Parley did not write it")


MAX_BASELINE_RUNS = 100_000
"""Most scripted games `--baseline-runs` plays; a bigger comparison is a `parley batch`,
given with `--batch`."""


def _check_page_arguments(args: argparse.Namespace,
                          inputs: Sequence[str | Path | None]) -> None:
    """Refuse, before any work, a baseline size out of bounds or an -o that would lose a file."""
    from sim.files import check_output
    from sim.report.html import GENERATOR

    if not 1 <= args.baseline_runs <= MAX_BASELINE_RUNS:
        raise UsageError(f"--baseline-runs must be from 1 to {MAX_BASELINE_RUNS:,}; for a "
                         "bigger comparison run `parley batch` and pass its results with "
                         "--batch")
    check_output(args.output, signature=GENERATOR.encode(), force=args.force,
                 inputs=[*inputs, args.scenario, args.batch])


def _user_errors(work: Callable[[], str]) -> str:
    # Damaged files and scenario mismatches are the user's to fix: one line, no traceback.
    from sim.report.baseline import BatchFileError
    from sim.report.source import ScenarioMismatch

    try:
        return work()
    except (TranscriptError, ScenarioMismatch, BatchFileError, ValueError) as exc:
        raise UsageError(str(exc)) from None


def _write(path: str, html: str) -> None:
    write_output(path, html)


def cmd_class(args: argparse.Namespace) -> int:
    """Write the pack and print the roster."""
    from sim.classroom.pack import PackError, Settings, simulate_class, write_pack
    from sim.classroom.seating import Layout

    if args.students < 1:
        raise UsageError("--students must be at least 1")
    args.seed = seed_of(args.seed)
    layout = None
    if args.per_table is not None:
        if args.per_table < 1:
            raise UsageError("--per-table must be at least 1")
        if len(set(args.people)) != len(args.people):
            raise UsageError("each --people side may be given only once")
        layout = Layout(args.per_table, tuple(args.people))
    elif args.people:
        raise UsageError("--people needs --per-table (sides played by people at a host's "
                         "tables)")
    _check_pack_folder(Path(args.output), args.force)
    try:
        pack = write_pack(args.scenario, args.students, args.seed, args.output,
                          settings=Settings(random_events=not args.no_random_events,
                                            practice=args.practice), layout=layout)
    except PackError as exc:  # it holds students' games: they are never written over
        raise UsageError(str(exc)) from None
    if pack.tables:
        _print_tables(pack)
    else:
        table = Table(title=f"Class pack in {pack.folder}", title_justify="left")
        for col in ("student", "side", "command"):
            table.add_column(col, no_wrap=col != "command")
        for s in pack.students:
            table.add_row(s.label, s.side, s.command(pack.scenario_ref, pack.folder))
        console.print(table)
    console.print(f"briefs in {pack.folder / 'briefs'}, key in "
                  f"{pack.folder / 'instructor-key.md'}, roster in {pack.folder / 'roster.csv'}",
                  markup=False)
    if args.simulate:
        try:
            written = simulate_class(pack)
        except OSError as exc:  # a full disk: the pack stands, the dry run can be redone
            from sim.files import OutputError, describe_os_error

            where = f" ({exc.filename})" if exc.filename else ""
            raise OutputError(f"the pack is written, but the dry run's games could not be: "
                              f"{describe_os_error(exc)}{where}; free some space and run the "
                              "same command again") from None
        console.print(f"simulated {len(written)} games into {pack.folder / 'simulated'} (a dry "
                      "run, kept apart from the students' games in "
                      f"{pack.folder / 'transcripts'})", markup=False)
    return 0


def _print_tables(pack: Pack) -> None:
    """Who sits where at the host (no codes: this screen may be on the classroom's wall)."""
    from sim.classroom.pack import CODES

    names = {s.number: s.label for s in pack.students}
    table = Table(title=f"Class pack in {pack.folder}: {len(pack.tables)} tables for "
                  "`parley host`", title_justify="left")
    for col in ("table", "seed", "people", "scripted"):
        table.add_column(col, no_wrap=col in ("table", "seed"))
    for t in pack.tables:
        people = "; ".join(f"{side}: {', '.join(names[n] for n in team)}"
                           for side, team in t.seats)
        table.add_row(t.label, str(t.seed), people, ", ".join(t.scripted) or "none")
    console.print(table)
    console.print(f"each student's join code is on their brief; all codes, and the teacher's, "
                  f"are in {pack.folder / CODES} (keep it to yourself). Start the class with: "
                  f"parley host {pack.folder}", markup=False, soft_wrap=True)


def _check_pack_folder(folder: Path, force: bool) -> None:
    """A pack goes into a new or empty folder, or over an earlier pack; nowhere else
    without --force."""
    from sim.classroom.pack import MANIFEST

    if folder.exists() and not folder.is_dir():
        raise UsageError(f"-o {folder} is a file; a class pack is a folder")
    for parent in folder.parents:
        if parent.exists():
            if not parent.is_dir():
                raise UsageError(f"-o {folder}: {parent} is a file, not a folder")
            break
    if (folder.is_dir() and any(folder.iterdir()) and not (folder / MANIFEST).is_file()
            and not force):
        raise UsageError(f"-o {folder} holds files that are not a class pack; choose a new "
                         "or empty folder, or pass --force to write the pack among them")


def cmd_report(args: argparse.Namespace) -> int:
    """Write one game's debrief page."""
    from sim.report.build import debrief_html

    _check_page_arguments(args, [args.transcript])
    html = _user_errors(lambda: debrief_html(args.transcript, args.scenario, args.batch,
                                             args.baseline_runs))
    _write(args.output, html)
    console.print(f"debrief written to {args.output}", markup=False)
    return 0


def cmd_class_summary(args: argparse.Namespace) -> int:
    """Write the class summary page."""
    from sim.report.build import summary
    from sim.report.class_summary import ClassSummary
    from sim.report.class_summary_page import render_summary

    _check_page_arguments(args, [*args.transcripts, args.roster, *_pack_rosters(args)])
    made: list[ClassSummary] = []

    def page() -> str:
        made.append(summary(args.transcripts, args.scenario, args.batch, args.baseline_runs,
                            args.roster))
        return render_summary(made[-1])

    html = _user_errors(page)
    _write(args.output, html)
    s = made[-1]
    games = f"{len(s.games)} game{'s' if len(s.games) != 1 else ''}"
    console.print(f"class summary of {games} written to {args.output}", markup=False)
    for name, why in s.skipped:
        console.print(f"  left out {name}: {why}", markup=False, soft_wrap=True)
    if s.roster is not None and s.roster.missing:
        console.print(f"  no game from: {', '.join(m[0] for m in s.roster.missing)}",
                      markup=False, soft_wrap=True)
    return 0


def _pack_rosters(args: argparse.Namespace) -> list[Path]:
    """The rosters (`class.json`) a summary may read without being told: those of the packs
    the transcripts lie in. They are inputs too, never to be written over."""
    from sim.classroom.pack import GAMES, MANIFEST, SIMULATED

    folders = {Path(t).absolute().parent for t in args.transcripts}
    return [f.parent / MANIFEST for f in folders if f.name in (GAMES, SIMULATED)]


def cmd_replay(args: argparse.Namespace) -> int:
    """Open the replay screen (Textual is imported only now: reports never need it)."""
    from sim.report.build import checked
    from sim.report.source import ScenarioMismatch

    try:  # what a report refuses, replay refuses too (damaged, edited, unfinished, old rules)
        records, source = checked(args.transcript, args.scenario)
    except (TranscriptError, ScenarioMismatch) as exc:
        raise UsageError(str(exc)) from None
    from tui.screens.replay import ReplayApp

    ReplayApp(records, source.game.scenario).run()
    return 0

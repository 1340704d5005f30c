"""`parley play [SCENARIO] [--side PARTY]...`: sit at the table in the terminal (Textual)."""

from __future__ import annotations

import argparse
import os
import secrets
from typing import TYPE_CHECKING

from parley.cli import UsageError, add_seed_option, errors, seed_of

if TYPE_CHECKING:
    from sim.play.session import PlaySession


def register(sub: argparse._SubParsersAction) -> None:
    """Add `parley play`."""
    p = sub.add_parser("play", help="play one side (or several, hot-seat) in the terminal")
    p.add_argument("scenario", nargs="?", metavar="SCENARIO",
                   help="a scenario file or built-in name (default: choose from a list)")
    p.add_argument("--side", action="append", default=[], metavar="PARTY",
                   help="the side you play; give it more than once for hot-seat play")
    add_seed_option(p, "game seed (default: a random one, shown on screen)", default=None)
    p.add_argument("--protocol", choices=["alternating", "mediated"],
                   help="override the scenario's protocol")
    p.add_argument("--resume", metavar="FILE", help="resume a game saved with the `s` key")
    p.add_argument("--transcript", metavar="FILE",
                   help="write the game's transcript (JSON Lines) here when it ends")
    p.add_argument("--no-random-events", action="store_true",
                   help="no events left to chance (a class pack's setting applies by itself)")
    p.add_argument("--practice", action="store_true",
                   help="practice mode: show the other sides' private numbers during play")
    p.add_argument("--force", action="store_true",
                   help="replace the --transcript file even if Parley did not write it")
    p.set_defaults(func=cmd_play)


def cmd_play(args: argparse.Namespace) -> int:
    """Check the arguments, then run the TUI (imported only now: the engine never needs it).

    A game of one side is set up by the app, under the side's brief: the engine's imports
    (numpy, simpy) and the opening moves wait until the player has something to read.
    """
    from sim.play.saves import SaveFileError
    from sim.scenario.library import resolve_scenario
    from sim.scenario.loader import load_scenario

    if args.seed is not None:  # checked first: before any file is looked at
        args.seed = seed_of(args.seed)
    if args.transcript:  # refused before the game, not after it
        from sim.files import check_output
        from sim.transcript.format import SIGNATURE

        check_output(args.transcript, signature=SIGNATURE, force=args.force,
                     inputs=[args.scenario, args.resume])
    session: PlaySession | None = None
    loaded = None
    if args.resume:
        if args.scenario or args.side or args.seed is not None:
            raise UsageError("--resume takes the scenario, sides and seed from the save file")
        from sim.play.session import PlaySession

        try:
            session = PlaySession.load(args.resume)
        except SaveFileError as exc:
            errors.print(f"parley: {exc}", markup=False, soft_wrap=True)
            return 2
    seed = args.seed if args.seed is not None else secrets.randbelow(1_000_000)
    if len(set(args.side)) != len(args.side):
        raise UsageError("each --side may be given only once")
    from sim.classroom.pack import Settings, settings_for

    chosen = Settings(random_events=not args.no_random_events, practice=args.practice)
    pack = settings_for(args.transcript) if args.transcript else None
    if pack is not None:  # the class's settings, as the teacher wrote them into the pack
        chosen = Settings(random_events=chosen.random_events and pack.random_events,
                          practice=chosen.practice or pack.practice)
    if session is None and len(args.side) > 1:  # hot-seat: set the game up once, here
        from sim.play.session import PlaySession

        try:
            session = PlaySession(args.scenario, seed=seed, humans=args.side,
                                  protocol=args.protocol, random_events=chosen.random_events,
                                  practice=chosen.practice)
        except ValueError as exc:  # an unknown side
            raise UsageError(str(exc)) from None
    elif session is None and (args.side or args.scenario is not None):
        # A broken scenario, or a side it does not have, fails before the screen.
        loaded = load_scenario(resolve_scenario(args.scenario))
        unknown = [side for side in args.side if side not in loaded.parties]
        if unknown:
            raise UsageError(f"unknown party {unknown[0]!r}; parties: "
                             f"{', '.join(loaded.parties)}")

    from sim.play.recording import RecordingError, check_recordable

    transcript = args.transcript or (session.transcript if session is not None else None)
    if transcript is not None and not args.transcript:
        # A resumed game records where its save says: never over a finished game there
        # (the same game played to its end before, say) without --force.
        from sim.files import check_output
        from sim.transcript.format import SIGNATURE

        check_output(transcript, signature=SIGNATURE, force=args.force,
                     inputs=[args.resume])
    if transcript is not None:  # checked now: a game is never played only to be lost
        try:
            transcript = check_recordable(transcript)
        except RecordingError as exc:
            raise UsageError(str(exc)) from None
        if session is not None:
            session.transcript = transcript

    from tui.app import make_app

    app = make_app(args.scenario, args.side, seed=seed, protocol=args.protocol,
                   session=session, transcript=transcript, settings=chosen,
                   loaded=loaded)
    app.run()
    if transcript is not None:  # the app plays a session of this machine: a PlaySession
        from sim.play.session import PlaySession

        played = app.session if isinstance(app.session, PlaySession) else None
        return _write_transcript(played, transcript)
    return 0


def _write_transcript(session: PlaySession | None, path: os.PathLike[str]) -> int:
    # Only a finished game is written (a debrief needs the outcome; an unfinished game is
    # resumed from its save file), and a finished one is never lost.
    from sim.play.recording import record_game

    code, message, fallback = record_game(session, path)
    errors.print(message, markup=False, soft_wrap=True)
    if fallback is not None:
        print(fallback, end="")
    return code

"""`parley play [SCENARIO] [--side PARTY]...`: sit at the table in the terminal (Textual)."""

from __future__ import annotations

import argparse
import secrets

from sim.cli import UsageError, errors
from sim.loader import load_scenario
from sim.paths import resolve_scenario
from sim.play import PlaySession, SaveFileError


def register(sub: argparse._SubParsersAction) -> None:
    """Add `parley play`."""
    p = sub.add_parser("play", help="play one side (or several, hot-seat) in the terminal")
    p.add_argument("scenario", nargs="?", metavar="SCENARIO",
                   help="a scenario file or built-in name (default: choose from a list)")
    p.add_argument("--side", action="append", default=[], metavar="PARTY",
                   help="the side you play; give it more than once for hot-seat play")
    p.add_argument("--seed", type=int, help="game seed (default: a random one, shown on screen)")
    p.add_argument("--protocol", choices=["alternating", "mediated"],
                   help="override the scenario's protocol")
    p.add_argument("--resume", metavar="FILE", help="resume a game saved with the `s` key")
    p.set_defaults(func=cmd_play)


def cmd_play(args: argparse.Namespace) -> int:
    """Check the arguments, then run the TUI (imported only now: the engine never needs it)."""
    session = None
    if args.resume:
        if args.scenario or args.side or args.seed is not None:
            raise UsageError("--resume takes the scenario, sides and seed from the save file")
        try:
            session = PlaySession.load(args.resume)
        except SaveFileError as exc:
            errors.print(f"parley: {exc}", markup=False)
            return 2
    elif args.scenario is not None or args.side:
        scenario = load_scenario(resolve_scenario(args.scenario))
        unknown = [s for s in args.side if s not in scenario.parties]
        if unknown:
            raise UsageError(f"no side named '{unknown[0]}' in this scenario; "
                             f"sides: {', '.join(scenario.parties)}")
        if len(set(args.side)) != len(args.side):
            raise UsageError("each --side may be given only once")
    seed = args.seed if args.seed is not None else secrets.randbelow(1_000_000)
    if not 0 <= seed < 2**63:
        raise UsageError("--seed must be a whole number from 0 to 2**63 - 1")

    from tui.app import make_app

    make_app(args.scenario, args.side, seed=seed, protocol=args.protocol,
             session=session).run()
    return 0

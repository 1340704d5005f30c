"""The `parley` command: one sub-command per module in this package.

Each module exposes `register(subparsers)`, adding its sub-command(s) with a handler stored
as `func`. Handlers return an exit code. Errors a user can fix (a bad scenario, a missing
file) are printed as one clear message, never as a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from rich.console import Console

from sim.scenario.loader import ScenarioError

COMMAND_MODULES = ("play", "scenarios", "run", "batch", "derive", "classroom")
"""Modules of `parley.commands` that add sub-commands, in the order `parley --help` lists them."""

console = Console(highlight=False)
errors = Console(stderr=True, highlight=False)


class UsageError(Exception):
    """A mistake in how a command was called, reported as one line."""


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser, with every available sub-command."""
    parser = argparse.ArgumentParser(
        prog="parley",
        description="Diplomatic negotiation scenarios: play, run, batch, derive.",
    )
    from sim import __version__

    parser.add_argument("--version", action="version", version=f"parley {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(f"parley.commands.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"parley.commands.{name}":
                continue  # that command is not part of this build
            raise
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `parley` console script."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except ScenarioError as exc:
        errors.print(str(exc), markup=False, soft_wrap=True)
        return 2
    except (UsageError, FileNotFoundError) as exc:
        errors.print(f"parley: {exc}", markup=False, soft_wrap=True)
        return 2
    except KeyboardInterrupt:
        errors.print("parley: interrupted", markup=False)
        return 130
    except BrokenPipeError:
        # The reader (e.g. `| head`) went away: not an error worth a traceback.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())

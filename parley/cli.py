"""The `parley` command: one sub-command per module in this package.

Each module exposes `register(subparsers)`, adding its sub-command(s) with a handler stored
as `func`. Handlers return an exit code. Errors a user can fix (a bad scenario, a missing
file) are printed as one clear message, never as a traceback.

Every command module is imported to build the parser, so each imports only what its
`register` needs (argparse, rich) at the top and the rest inside its handlers: a command
pays for numpy, pydantic, pyarrow or Textual only when it uses them (`bench/bench_tui.py`
times `parley validate` and `parley batch -n 1`).
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
from collections.abc import Sequence

from rich.console import Console

from sim import SEEDS, check_seed
from sim.files import OutputError, describe_os_error

COMMAND_MODULES = ("play", "scenarios", "run", "batch", "derive", "classroom", "host")
"""Modules of `parley.commands` that add sub-commands, in the order `parley --help` lists them."""

# Markup and emoji codes are off: what is printed is often the user's own text (a title, a
# party, a file name, a quote), shown exactly as written: `[red]` or `:x:` stay as typed.
# Styles are given as `style=` or with `rich.text.Text`. Errors never wrap: one line each.
console = Console(highlight=False, markup=False, emoji=False)
errors = Console(stderr=True, highlight=False, markup=False, emoji=False, soft_wrap=True)


class UsageError(Exception):
    """A mistake in how a command was called, reported as one line."""


def add_seed_option(parser: argparse.ArgumentParser, help_text: str,
                    default: int | None = 0) -> None:
    """Add `--seed`, kept as typed: the command reads it with `seed_of`, so that a seed out
    of range and one that is no number at all get the same one-line error (argparse's own
    "invalid int value" comes after a usage block and gives no range)."""
    parser.add_argument("--seed", default=default, help=f"{help_text}; {SEEDS}")


def seed_of(value: object) -> int:
    """The `--seed` given (`add_seed_option`) as a seed, from 0 to `sim.MAX_SEED`.

    Raises:
        UsageError: not a whole number, or out of range (the message names both).
    """
    try:
        return check_seed(value, "--seed")
    except ValueError as exc:
        raise UsageError(str(exc)) from None


class ProgressLines(logging.Handler):
    """Slow work in the engine (the `sim.progress` logger: a big outcome space's frontier)
    says on standard error when it starts and when it is done, one line each. Through the
    `errors` console, which writes to whatever `sys.stderr` is at the time: under the TUI,
    Textual's capture, never across its screen."""

    def emit(self, record: logging.LogRecord) -> None:
        """Print the message as `parley: ...`."""
        errors.print(f"parley: {record.getMessage()}", markup=False)


def _announce_progress() -> None:
    progress = logging.getLogger("sim.progress")
    if not any(isinstance(h, ProgressLines) for h in progress.handlers):
        progress.addHandler(ProgressLines())
        progress.setLevel(logging.INFO)
        progress.propagate = False


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
    _announce_progress()
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except (UsageError, FileNotFoundError) as exc:
        errors.print(f"parley: {exc}", markup=False, soft_wrap=True)
        return 2
    except OutputError as exc:
        errors.print(f"parley: {exc}", markup=False, soft_wrap=True)
        return 1
    except KeyboardInterrupt:
        errors.print("parley: interrupted", markup=False)
        return 130
    except BrokenPipeError:
        # The reader (e.g. `| head`) went away: not an error worth a traceback.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OSError as exc:
        # A folder that cannot be made or read (read-only, immutable, a file in the way):
        # the reason and the file, in one line.
        where = f" ({exc.filename})" if exc.filename else ""
        errors.print(f"parley: {describe_os_error(exc)}{where}", markup=False, soft_wrap=True)
        return 1
    except Exception as exc:
        # Imported here, not at the top: the loader brings pydantic, which most commands
        # that never load a scenario should not pay for.
        from sim.scenario.loader import ScenarioError

        if not isinstance(exc, ScenarioError):
            raise
        errors.print(str(exc), markup=False, soft_wrap=True)
        return 2


if __name__ == "__main__":
    sys.exit(main())

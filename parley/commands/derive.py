"""`parley derive SEED... [-o draft.yaml]`: a draft scenario from news documents."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from rich.text import Text

from parley.cli import UsageError, console, errors


def register(subparsers: Any) -> None:
    """Add the `derive` sub-command."""
    parser = subparsers.add_parser(
        "derive", help="draft a scenario from news documents, every number tied to its words",
        description="Read seed documents, find the parties and what they said, and draft a "
                    "scenario whose parameters cite their evidence. Prints the YAML, or "
                    "writes it with -o and proves it loads; a report of what was found and "
                    "how sure it is follows.")
    parser.add_argument("seeds", nargs="+", type=Path, metavar="SEED",
                        help="plain-text (UTF-8) documents")
    parser.add_argument("-o", "--output", type=Path, metavar="FILE",
                        help="write the draft here (seeds are copied beside it if needed)")
    parser.add_argument("--force", action="store_true",
                        help="replace the -o file even if Parley did not write it")
    parser.add_argument("--gazetteer", type=Path, action="append", default=[], metavar="FILE",
                        help="extra parties and aliases, as YAML `party: [alias, ...]`")
    parser.add_argument("--aliases-from", type=Path, action="append", default=[],
                        metavar="SCENARIO", help="take party aliases from a scenario file")
    parser.add_argument("--model", default="auto", metavar="NAME",
                        help="trained spaCy pipeline to use: a name, 'auto' (any installed "
                             "English one, the default) or 'none' (blank pipeline only)")
    parser.add_argument("--review", action="store_true",
                        help="open the draft in the terminal: accept, reject or reassign each "
                             "statement, edit options and numbers, and save a scenario that "
                             "loads (to -o FILE, or SEED.yaml, asked before replacing a file)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Derive, write or print the draft, validate it, and report."""
    from sim.derive.writer import HEADER
    from sim.files import OutputError, check_output, describe_os_error

    if args.review:
        return _review(args)
    if args.output:  # refused before the work, never after
        check_output(args.output, signature=HEADER.split("{")[0].encode(), force=args.force,
                     inputs=[*args.seeds, *args.gazetteer, *args.aliases_from])

    from sim.derive.api import derive
    from sim.derive.documents import DeriveError
    from sim.derive.report import render
    from sim.derive.writer import render_yaml, validate_text, write_draft
    from sim.scenario.loader import ScenarioError

    try:
        derivation = derive(args.seeds, args.gazetteer, args.aliases_from,
                            None if args.model == "none" else args.model)
        text = render_yaml(derivation.draft.scenario)
        report_to = console if args.output else errors
        try:
            # Checked before anything is written: a draft that does not load replaces nothing.
            validate_text(text, derivation.documents)
            if args.output:
                try:
                    _, copies = write_draft(text, args.output, derivation.documents)
                except OSError as exc:
                    raise OutputError(f"cannot write {args.output}: {describe_os_error(exc)}"
                                      f" ({exc.filename or args.output}); the old file, if "
                                      "any, is kept") from None
            else:
                sys.stdout.write(text)
                copies = []
        except ScenarioError as exc:
            errors.print(f"parley derive: the draft does not validate (a bug in derive; "
                         f"please report it):\n{exc}", markup=False)
            return 1
    except DeriveError as exc:
        raise UsageError(str(exc)) from None
    report_to.print(render(derivation))
    if args.output:
        for copy in copies:
            console.print(f"Copied seed to {copy} so the draft's quotes can be checked.")
        console.print(Text.assemble((f"Wrote {args.output}", "green"),
                                    f": it loads and validates (`parley validate "
                                    f"{args.output}`)."))
    return 0


def _review(args: argparse.Namespace) -> int:
    """Derive, then let the author review the draft in the terminal and save it."""
    from sim.derive.api import derive
    from sim.derive.documents import DeriveError
    from sim.derive.review import Review
    from tui.review import ReviewApp

    try:
        derivation = derive(args.seeds, args.gazetteer, args.aliases_from,
                            None if args.model == "none" else args.model)
    except DeriveError as exc:
        raise UsageError(str(exc)) from None
    out = args.output or Path(f"{args.seeds[0].stem}.yaml")
    ReviewApp(Review.of(derivation), out).run()
    return 0

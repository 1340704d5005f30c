"""`parley derive SEED... [-o draft.yaml]`: a draft scenario from news documents."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

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
    parser.add_argument("--gazetteer", type=Path, action="append", default=[], metavar="FILE",
                        help="extra parties and aliases, as YAML `party: [alias, ...]`")
    parser.add_argument("--aliases-from", type=Path, action="append", default=[],
                        metavar="SCENARIO", help="take party aliases from a scenario file")
    parser.add_argument("--model", default="auto", metavar="NAME",
                        help="trained spaCy pipeline to use: a name, 'auto' (any installed "
                             "English one, the default) or 'none' (blank pipeline only)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Derive, write or print the draft, validate it, and report."""
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
            if args.output:
                _, copies = write_draft(text, args.output, derivation.documents)
            else:
                validate_text(text, derivation.documents)
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
        console.print(f"[green]Wrote {args.output}[/green]: it loads and validates "
                      f"(`parley validate {args.output}`).")
    return 0

"""`parley scenarios`, `parley validate FILE...` and `parley explain SCENARIO`."""

from __future__ import annotations

import argparse

from rich.table import Table
from rich.text import Text

from parley.cli import UsageError, console
from sim.scenario.explain import evidence_text
from sim.scenario.library import builtin_scenarios, resolve_scenario
from sim.scenario.loader import ScenarioError, load_scenario, load_with_warnings
from sim.scenario.schema import Scenario


def register(sub: argparse._SubParsersAction) -> None:
    """Add the scenario commands."""
    p = sub.add_parser("scenarios", help="list the built-in scenarios")
    p.set_defaults(func=cmd_scenarios)
    p = sub.add_parser("validate", help="check scenario files; errors name file, line and field")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.set_defaults(func=cmd_validate)
    p = sub.add_parser("explain", help="each party's red lines, budget and reservation, "
                                      "with the words they come from")
    p.add_argument("scenario", nargs="?", metavar="SCENARIO",
                   help="a scenario file or built-in name (default: the seed scenario)")
    p.add_argument("--party", action="append", help="only this party (repeatable)")
    p.add_argument("--private", action="store_true",
                   help="also show every party's private parameters (reservation value, "
                   "budget, what it cares about, private red lines): for the teacher and the "
                   "scenario's author, not for students")
    p.set_defaults(func=cmd_explain)
    p = sub.add_parser("schema", help="the scenario format's reference (Markdown or JSON)")
    p.add_argument("--json", action="store_true", help="print the JSON Schema instead")
    p.set_defaults(func=cmd_schema)


def cmd_scenarios(args: argparse.Namespace) -> int:
    """List built-in scenarios with their parties and issues.

    A scenario's name is what the user types, so it is never cut: its column is as wide as
    the longest name, and the title (its date beneath it) and parties wrap instead. A
    terminal too narrow for that gets one block per scenario.
    """
    from rich import box
    from rich.padding import Padding

    rows: list[tuple[str, Text, str, str, str]] = []
    for path in builtin_scenarios():
        try:
            s = load_scenario(path)
        except ScenarioError as exc:
            rows.append((path.stem, Text(f"invalid: {exc.problems[0]}", style="red"), "", "",
                         ""))
            continue
        rounds = (" + ".join(str((st.protocol or s.protocol).deadline) for st in s.stages)
                  if s.stages else str(s.protocol.deadline))  # staged talks: each stage's
        title = Text(s.title)
        if s.date:
            title.append(f"\n{s.date}", style="dim")
        rows.append((path.stem, title, ", ".join(s.parties), str(len(s.issues)), rounds))
    longest = max((len(row[0]) for row in rows), default=4)
    if console.width < longest + TABLE_BESIDE_NAME:
        console.print("Built-in scenarios", style="italic")
        for name, title, parties, issues, rounds in rows:
            console.print(Text(name, style="bold"), no_wrap=True, overflow="ignore", crop=False)
            about = title.copy()
            if parties:
                about.append(f"\n{parties}; {issues} issues; {rounds} rounds")
            console.print(Padding(about, (0, 0, 0, 2)))
        return 0
    table = Table(title="Built-in scenarios", title_justify="left", box=box.SIMPLE_HEAD)
    table.add_column("name", no_wrap=True, min_width=longest)
    table.add_column("title", ratio=3, min_width=12)
    table.add_column("parties", ratio=2, min_width=10)
    table.add_column("issues", no_wrap=True, justify="right")
    table.add_column("rounds", no_wrap=True)
    for row in rows:
        table.add_row(*row)
    console.print(table)
    return 0


TABLE_BESIDE_NAME = 50
"""Columns `parley scenarios`' table needs beside the longest name (a title and parties of
at least 12 and 10, issues and rounds, and the spaces between); a narrower terminal gets the
scenarios one by one."""


def cmd_validate(args: argparse.Namespace) -> int:
    """Validate each file; print every problem found, located. Warnings (say, that no deal is
    possible) are printed the same way but do not fail the file."""
    failed = 0
    for name in args.files:
        try:
            s, warnings = load_with_warnings(resolve_scenario(name))
        except ScenarioError as exc:
            failed += 1
            console.print(str(exc), markup=False, style="red", soft_wrap=True)
            continue
        except FileNotFoundError as exc:
            failed += 1
            console.print(f"{name}: {exc}", markup=False, style="red", soft_wrap=True)
            continue
        about = f"{s.title} ({len(s.parties)} parties, {len(s.issues)} issues)"
        if not warnings:
            console.print(f"{name}: ok — {about}", markup=False, style="green")
            continue
        count = f"{len(warnings)} warning{'s' if len(warnings) != 1 else ''}"
        console.print(f"{name}: ok, with {count} — {about}", markup=False, style="yellow")
        for warning in warnings:
            console.print(f"  {warning}", markup=False, style="yellow", soft_wrap=True)
    return 1 if failed else 0


def cmd_explain(args: argparse.Namespace) -> int:
    """Print each party's parameters beside the quotes or assumptions behind them."""
    # spaCy (behind the chain's classifier) costs ~0.4 s to import: only pay it here.
    from sim.derive.explain_chain import render_chain

    scenario = load_scenario(resolve_scenario(args.scenario))
    console.print(Text.assemble((scenario.title, "bold"), f"  {scenario.date or ''}"))
    console.print(scenario.summary.strip(), markup=False)
    consent = ", ".join(scenario.consent.required)
    console.print(Text.assemble("\n", ("Consent", "bold"), f": a deal needs {consent}"))
    console.print(evidence_text(scenario.consent.because))
    console.print(_zone_text(scenario))
    wanted = args.party or list(scenario.parties)
    for name in wanted:
        if name not in scenario.parties:
            raise UsageError(f"no party '{name}' (parties: {', '.join(scenario.parties)})")
    console.print("\nFor each party: the words → how they read (kind, firmness) → the parameter "
                  "they set.", style="dim")
    if not args.private:
        console.print("Only what the public record shows: each party's private numbers stay "
                      "hidden, as in a student's brief (--private shows them).", style="dim")
    for name in wanted:
        position = scenario.parties[name].position
        if position:
            console.print(Text.assemble("\n", (name, "bold"), f" — {position}"))
        console.print(render_chain(scenario, [name], private=args.private))
        if args.private:
            console.print(_ranges_table(scenario, name))
    if scenario.stages:
        _explain_stages(scenario, wanted, args.private)
    return 0


def _explain_stages(scenario: Scenario, wanted: list[str], private: bool) -> None:
    """Staged talks: the stages and what each agreement carries over (with --private, each
    party's numbers in the stages before the last and how carry-overs move them)."""
    from rich.markdown import Markdown

    from sim.classroom.stage_briefs import stages_own, stages_public

    def cite(because: object) -> str:
        return ""

    console.print(Markdown("\n".join(stages_public(scenario, cite))))
    if private:
        for name in wanted:
            console.print(Text.assemble("\n", (name, "bold"), " stage by stage"))
            console.print(Markdown("\n".join(stages_own(scenario, name, cite)[2:])))


def _zone_text(scenario: Scenario) -> Text:
    """The zone of possible agreement in words, and why it is empty if it is."""
    from sim.scenario.checks import agreement_zone, no_deal_reason

    total, clear, worth = agreement_zone(scenario)
    at_least = scenario.consent.at_least
    needs = f" ({at_least} yeses in all)" if at_least else ""
    text = Text()
    text.append("Zone of possible agreement", style="bold")
    text.append(f": {clear} of {total:,} outcomes cross no hard red line of the parties a "
                f"deal needs{needs}; {worth} of them also give each of those parties at least "
                "its reservation value (what no deal is worth to it).")
    reason = no_deal_reason(scenario) if not clear else None
    if reason is not None:
        text.append(f"\nNo deal is possible: {reason}.", style="yellow")
    elif not worth:
        text.append("\nEvery outcome they could sign leaves one of them worse off than no "
                    "deal, as written (reservation values fall with costs of delay and "
                    "events).", style="yellow")
    return text


def _ranges_table(scenario: Scenario, name: str) -> Table:
    """How far each of the party's numbers varies from game to game, and why."""
    from sim.scenario.grounding import evidence_ranges
    from sim.scenario.uncertainty import scenario_variations

    drawn = {v.path: str(v.dist) for v in scenario_variations(scenario)}
    grounded = {r.path: r.why for r in evidence_ranges(scenario)}
    table = Table(title=f"How {name}'s numbers vary from game to game (parley run and batch; "
                        "--pinned plays them as written)", title_justify="left")
    table.add_column("parameter")
    table.add_column("range")
    table.add_column("why")
    for path, dist in drawn.items():
        if path.split(".")[0] != name:
            continue
        why = grounded.get(path)
        table.add_row(path.split(".", 1)[1], dist,
                      f"grounded by a {why}" if why and why != "assumption"
                      else "the modeller's assumption" if why
                      else "the scenario's uncertainty block")
    return table


def cmd_schema(args: argparse.Namespace) -> int:
    """Print the scenario format's reference, generated from the models."""
    from sim.scenario.reference import json_schema, markdown

    print(json_schema() if args.json else markdown())
    return 0

"""`parley run SCENARIO --seed N`: one all-scripted game, printed round by round."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from rich.table import Table
from rich.text import Text

from parley.cli import UsageError, add_seed_option, console, seed_of

if TYPE_CHECKING:
    from sim.negotiation.game import Game
    from sim.transcript.format import Record


def register(sub: argparse._SubParsersAction) -> None:
    """Add `parley run`."""
    p = sub.add_parser("run", help="run one game with scripted players and print it")
    p.add_argument("scenario", nargs="?", metavar="SCENARIO",
                   help="a scenario file or built-in name (default: the seed scenario)")
    add_seed_option(p, "run seed (default 0)")
    p.add_argument("--protocol", choices=["alternating", "mediated"],
                   help="override the scenario's protocol")
    p.add_argument("--transcript", metavar="FILE", help="write the transcript (JSON Lines)")
    p.add_argument("--force", action="store_true",
                   help="replace the --transcript file even if Parley did not write it")
    p.add_argument("--quiet", action="store_true", help="print only the outcome")
    p.add_argument("--pinned", action="store_true",
                   help="play every number exactly as the scenario states it, instead of "
                        "drawing the game's world from each number's plausible range")
    p.set_defaults(func=cmd_run)


def cmd_run(args: argparse.Namespace) -> int:
    """Run the game, print its rounds and outcome, optionally save the transcript."""
    from sim.batch.perturb import world_of
    from sim.files import check_output, write_output
    from sim.negotiation.engine import Negotiation
    from sim.negotiation.game import compile_game
    from sim.scenario.library import resolve_scenario
    from sim.scenario.loader import load_scenario
    from sim.scenario.uncertainty import VaryError
    from sim.transcript.format import SIGNATURE, to_jsonl

    args.seed = seed_of(args.seed)
    path = resolve_scenario(args.scenario)
    if args.transcript:  # refused before the game is played, not after
        check_output(args.transcript, signature=SIGNATURE, inputs=[path], force=args.force)
    scenario = load_scenario(path)
    game = compile_game(scenario)
    try:
        if scenario.staged:
            from sim.negotiation.stages import Drawn, StagedNegotiation, StagedPlan

            staged = StagedNegotiation(StagedPlan(scenario, args.protocol), args.seed,
                                       numbers=Drawn(pinned=args.pinned))
            staged.run()
            records = staged.recorder.records
        else:
            params, drawn = world_of(game, args.seed, pinned=args.pinned)
            neg = Negotiation(game, args.seed, protocol=args.protocol, params=params,
                              drawn=drawn)
            neg.run()
            records = neg.recorder.records
    except VaryError as exc:
        raise UsageError(str(exc)) from None
    if not args.quiet:
        console.print(rounds_table(game, records))
    console.print(outcome_table(game, records[-1], records))
    if args.transcript:
        write_output(args.transcript, to_jsonl(records))
        console.print(f"transcript written to {args.transcript}", style="dim")
    return 0


def _short(outcome: dict[str, str]) -> str:
    return "; ".join(f"{issue}: {option}" for issue, option in outcome.items())


def rounds_table(game: Game, records: list[Record]) -> Table:
    """Every offer, answer and event, one row each (rounds counted from 1, as players do)."""
    header = records[0]
    table = Table(title=f"{game.scenario.title} — seed {header['seed']}, {header['protocol']}",
                  title_justify="left", show_lines=False, expand=True)
    table.add_column("rd", justify="right", no_wrap=True)
    table.add_column("who", no_wrap=True)
    table.add_column("what", ratio=1)
    for rec in records[1:]:
        row = _row(rec)
        if row is not None:
            table.add_row(str(rec["round"] + 1) if "round" in rec and rec["type"] != "stage"
                          else "", *row)
    return table


def stage_words(rec: Record) -> str:
    """A stage record in a line: which stage, who sits at the table, what carried over."""
    words = (f"Stage {rec['number']} of {rec['of']}: {rec['title']} — {rec['deadline']} "
             f"rounds, {rec['protocol']}")
    if rec.get("mediator"):
        words += f" (chaired by {rec['mediator']})"
    if rec.get("absent"):
        words += f"; not at the table: {', '.join(rec['absent'])}"
    if rec.get("fixed"):
        words += f"; settled before: {_short(rec['fixed'])}"
    for note in rec.get("carried") or ():
        words += f"; carried over from {note['from']}: {note['label']}"
    return words


def _row(rec: Record) -> tuple[str, Text] | None:
    kind = rec["type"]
    if kind == "stage":
        return "", Text(stage_words(rec), style="bold cyan")
    if kind == "stage_end":
        agreed = (f"agreed: {_short(rec['deal'])}" if rec.get("deal")
                  else f"ended without agreement ({rec['kind'].replace('_', ' ')})")
        return "", Text(f"{rec['stage']} {agreed}", style="cyan")
    if kind == "event":
        return rec["party"], Text(f"⚑ {rec['headline']}", style="magenta")
    if kind == "offer":
        what = Text(f"offers {_short(rec['outcome'])}", style="bold")
        if rec.get("note"):  # a mediator says why it tables a text that crosses a line
            what.append(f"\n{rec['note']}", style="yellow")
        return rec["party"], what
    if kind == "answer":
        style = "green" if rec["accept"] else "red"
        return rec["party"], Text(rec["reason"], style=style)
    if kind == "walk_out":
        return rec["party"], Text("walks out", style="bold red")
    if kind == "ratification":
        return rec["party"], Text(rec["reason"], style="green" if rec["approved"] else "red")
    return None


def outcome_table(game: Game, outcome: dict[str, Any],
                  records: Sequence[Record] = ()) -> Table:
    """Who got what: utility against reservation value, budget spent, red lines pressed."""
    from sim.scenario.explain import outcome_sentence
    from sim.transcript.ending import voted_down

    kind = outcome["kind"]
    deadline = game.scenario.protocol.deadline
    stage = None
    stages = [r for r in records if r.get("type") == "stage"]
    if stages:  # staged talks: the game ended in the last stage it played
        deadline, stage = int(stages[-1]["deadline"]), str(stages[-1]["title"])
    v = voted_down(records)
    title = outcome_sentence(kind, outcome["round"], deadline, outcome["walked_out"],
                             (v.party, v.body, v.round) if v else None, stage=stage)
    caption = None
    if kind == "deal":
        title = f"{title.rstrip('.')}: {_short(outcome['deal'])}"
        eff = "yes" if outcome.get("pareto_efficient") else "no"
        caption = f"Pareto-efficient: {eff}; Nash product {outcome['nash_product']:.4f}"
    table = Table(title=title, caption=caption, title_justify="left", caption_justify="left")
    for col in ("party", "utility", "reservation", "budget spent", "red lines pressed"):
        table.add_column(col, justify="left" if col == "party" else "right")
    reservations = outcome["reservations"]
    for name in game.parties:
        u = outcome["utilities"][name]
        style = "green" if u > reservations[name] else ("red" if kind == "deal" else "")
        table.add_row(name, Text(f"{u:.3f}", style=style), f"{reservations[name]:.3f}",
                      f"{outcome['budget_spent'][name]:.3f}",
                      str(outcome["red_lines_pressed"][name]))
    return table

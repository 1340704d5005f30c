"""`parley batch` (Monte Carlo runs into Parquet) and `parley summary` (what they found)."""

from __future__ import annotations

import argparse
import hashlib
import os
import signal
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import TYPE_CHECKING

from rich.table import Table
from rich.text import Text

from parley.cli import UsageError, add_seed_option, console, errors, seed_of
from sim.scenario.uncertainty import (
    DISTRIBUTIONS,
    VaryError,
    merge,
    parse_vary,
    scenario_variations,
)

if TYPE_CHECKING:
    from rich.progress import Progress

    from sim.batch.facts import Facts, FactTargets
    from sim.batch.integrity import PartsCheck
    from sim.batch.job import BatchJob
    from sim.batch.summary import Summary
    from sim.negotiation.snapshot import Snapshot
    from sim.play.session import PlaySession
    from sim.scenario.schema import Scenario


def register(sub: argparse._SubParsersAction) -> None:
    """Add `parley batch` and `parley summary`."""
    p = sub.add_parser(
        "batch", help="run many games with drawn parameters and write the rows to Parquet",
        description="Monte Carlo runs of a scenario. Each run draws its uncertain parameters "
                    "from the scenario's `uncertainty:`, --uncertainty and --vary; the same "
                    "--seed gives the same rows with any --jobs or on Dask.")
    p.add_argument("scenario", nargs="?", metavar="SCENARIO",
                   help="a scenario file or built-in name (default: the seed scenario; "
                        "with --from, the save's)")
    p.add_argument("-n", "--runs", type=int, required=True, help="number of runs")
    add_seed_option(p, "batch seed (default 0)")
    p.add_argument("--jobs", type=int, default=1, metavar="N",
                   help="local worker processes (or Dask workers with --dask local)")
    p.add_argument("--dask", metavar="local|ADDRESS",
                   help="run on Dask: `local` starts a LocalCluster, or a scheduler address "
                        "such as tcp://host:8786")
    p.add_argument("--out", default="results.parquet", metavar="FOLDER",
                   help="results folder of Parquet parts (default results.parquet)")
    p.add_argument("--resume", action="store_true",
                   help="finish the interrupted batch in --out")
    p.add_argument("--uncertainty", type=float, metavar="LEVEL",
                   help="draw every party's reservation value and budget within ± LEVEL")
    p.add_argument("--pinned", action="store_true",
                   help="do not draw parameters from the ranges their evidence implies; "
                        "vary only what the scenario's uncertainty block, --uncertainty and "
                        "--vary name")
    p.add_argument("--vary", action="append", default=[], metavar="PATH=DIST",
                   help="draw a parameter per run, e.g. Russia.reservation=uniform(0.3, 0.45) "
                        "or '*.strategy=choice(time_based, hardliner)'; distributions: "
                        + "; ".join(DISTRIBUTIONS.values()))
    p.add_argument("--protocol", choices=["alternating", "mediated"],
                   help="override the scenario's protocol")
    p.add_argument("--from", dest="from_save", metavar="SAVEFILE",
                   help="continue a saved game from its current round with scripted players")
    p.add_argument("--plot", metavar="FILE", help="also draw the summary as .png or .svg")
    p.add_argument("--force", action="store_true",
                   help="replace the --plot file even if Parley did not write it")
    p.add_argument("--chunk-size", type=int, metavar="RUNS", help=argparse.SUPPRESS)
    p.set_defaults(func=cmd_batch)

    s = sub.add_parser("summary", help="summarise the results of a batch")
    s.add_argument("results", metavar="RESULTS", help="results folder written by parley batch")
    s.add_argument("--plot", metavar="FILE", help="also draw the summary as .png or .svg")
    s.add_argument("--force", action="store_true",
                   help="replace the --plot file even if Parley did not write it")
    s.add_argument("--facts-only", action="store_true",
                   help="print only the stylised facts and which of their targets are met")
    s.set_defaults(func=cmd_summary)


def cmd_batch(args: argparse.Namespace) -> int:
    """Run the batch with a progress bar, then print its summary."""
    from sim.batch.drive import BatchError, identity, run_batch

    _check_numbers(args)
    job, scenario_name, save = _build_job(args)
    config = identity(job, args.runs, scenario_name, save)
    # A bar only in a terminal: rich.progress is not even imported when the output is a
    # file or a pipe, where the bar would be switched off anyway.
    progress = _progress() if console.is_terminal else None
    with progress or nullcontext(), _terminate_as_interrupt():
        task = progress.add_task("runs", total=args.runs) if progress else None
        try:
            run = run_batch(job, args.runs, Path(args.out), config, jobs=args.jobs,
                            dask=args.dask, resume=args.resume, chunk_size=args.chunk_size,
                            progress=None if progress is None or task is None
                            else lambda k: progress.advance(task, k))
        except BatchError as exc:
            raise UsageError(str(exc)) from None
        if run.done_before and progress is not None and task is not None:
            progress.update(task, completed=run.done)
    for why in run.redone:
        errors.print(f"parley: {why}", markup=False)
    fresh = run.done - run.done_before
    rate = fresh / run.seconds if run.seconds > 0 else float("nan")
    console.print(f"{fresh:,} runs in {run.seconds:.1f} s ({rate:,.0f} runs/s); "
                  f"{run.done:,} of {run.runs:,} written to {run.folder}", style="dim")
    if run.interrupted:
        errors.print(f"parley: interrupted; {run.done:,} of {run.runs:,} runs are kept in "
                     f"{run.folder}. Run the same command with --resume to finish.",
                     markup=False)
        return 130
    _show(run.folder, args.plot, checked=not run.redone and not run.done_before)
    return 0


@contextmanager
def _terminate_as_interrupt() -> Iterator[None]:
    """SIGTERM (`kill`, a scheduler's time limit) stops a batch as Ctrl+C does: finished
    chunks are kept, workers are shut down, and `--resume` finishes the batch."""
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread may handle signals
        return
    previous = signal.getsignal(signal.SIGTERM)
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def cmd_summary(args: argparse.Namespace) -> int:
    """Print the summary of a results folder."""
    folder = Path(args.results)
    if not folder.exists():
        raise UsageError(f"no batch results at {folder}")
    _check_plot(args, [args.results])
    _show(folder, args.plot, facts_only=args.facts_only)
    return 0


def _check_numbers(args: argparse.Namespace) -> None:
    if args.runs < 1:
        raise UsageError("-n/--runs must be at least 1")
    if args.runs > 2**32:
        raise UsageError("-n/--runs is limited to 2**32 runs")
    args.seed = seed_of(args.seed)
    if args.jobs < 1:
        raise UsageError("--jobs must be at least 1")
    if args.chunk_size is not None and args.chunk_size < 1:
        raise UsageError("--chunk-size must be at least 1")
    _check_plot(args, [args.scenario, args.from_save])


def _check_plot(args: argparse.Namespace, inputs: list[str | None]) -> None:
    from sim.files import check_output

    if not args.plot:
        return
    if Path(args.plot).suffix.lower() not in (".png", ".svg"):
        raise UsageError(f"--plot {args.plot}: the file must end in .png or .svg")
    from sim.batch.plot import SIGNATURE

    check_output(args.plot, signature=SIGNATURE.encode(), inputs=inputs, force=args.force)


def _build_job(args: argparse.Namespace) -> tuple[BatchJob, str, str | None]:
    """The batch job, the scenario's name as recorded, and the save's digest (or None)."""
    from sim.batch.job import BatchJob
    from sim.negotiation.game import compile_game
    from sim.scenario.library import resolve_scenario
    from sim.scenario.loader import load_scenario, scenario_hash

    snap, save = None, None
    if args.from_save:
        session, snap, save = _load_save(args.from_save)
        scenario, name = session.scenario, str(session.scenario_path)
        if args.scenario and scenario_hash(load_scenario(resolve_scenario(args.scenario))) \
                != scenario_hash(scenario):
            raise UsageError(f"--from {args.from_save} was saved from another scenario than "
                             f"{args.scenario}")
        if args.protocol and args.protocol != snap.protocol:
            raise UsageError("--protocol cannot change the rules of a saved game (--from)")
    else:
        path = resolve_scenario(args.scenario)
        scenario, name = load_scenario(path), str(path)
    if scenario.staged:
        return _staged_job(args, scenario, snap), name, save
    try:
        # A continuation plays the saved game's world as it stands, as the What if? panel
        # does; only what is named explicitly varies.
        pinned = args.pinned or snap is not None
        variations = merge(scenario_variations(scenario, args.uncertainty, pinned=pinned),
                           *(parse_vary(text, scenario) for text in args.vary))
    except VaryError as exc:
        raise UsageError(str(exc)) from None
    if snap is not None and any(v.field in ("cares", "values") for v in variations):
        raise UsageError("with --from, preferences (cares, values) cannot vary: the budget "
                         "already spent in the saved game is measured in them")
    job = BatchJob(compile_game(scenario), args.seed, tuple(variations),
                   None if snap is not None else args.protocol, snap)
    return job, name, save


def _staged_job(args: argparse.Namespace, scenario: Scenario,
                snap: Snapshot | None) -> BatchJob:
    """The job of a batch of staged talks (`sim.batch.stages`)."""
    from sim.batch.stages import staged_job
    from sim.negotiation.stages import StagedPlan

    if snap is not None:
        raise UsageError("--from continues one-table games only; a game of staged talks is "
                         "continued by its What if? panel (f) in `parley play`")
    try:
        return staged_job(StagedPlan(scenario, args.protocol), args.seed,
                          level=args.uncertainty, pinned=args.pinned, vary=tuple(args.vary))
    except VaryError as exc:
        raise UsageError(str(exc)) from None


def _load_save(path: str) -> tuple[PlaySession, Snapshot, str]:
    from sim.negotiation.snapshot import ContinuationError
    from sim.play.session import PlaySession, SaveFileError

    try:
        session = PlaySession.load(path)
        snap = session.snapshot()
    except (SaveFileError, ContinuationError) as exc:
        raise UsageError(str(exc)) from None
    digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()[:16]
    return session, snap, f"{os.path.basename(path)}#{digest}"


def _progress() -> Progress:
    # rich.progress is imported here, not at the top: every `parley` command imports this
    # module to build its parser.
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        ProgressColumn,
        Task,
        TextColumn,
        TimeRemainingColumn,
    )

    class RateColumn(ProgressColumn):
        """Runs per second over the last few chunks."""

        def render(self, task: Task) -> Text:
            speed = task.speed
            return Text(f"{speed:,.0f} runs/s" if speed else "– runs/s", style="cyan")

    return Progress(TextColumn("[bold]batch"), BarColumn(), MofNCompleteColumn(),
                    RateColumn(), TextColumn("ETA"), TimeRemainingColumn(),
                    console=console, transient=False, disable=not console.is_terminal)


def _show(folder: Path, plot: str | None, *, facts_only: bool = False,
          checked: bool = False) -> None:
    """Print the summary of `folder`, checking every part first unless this very command
    has just written all of them (`checked`)."""
    from sim.batch.summary import summarise

    check = None if checked else _check(folder)
    if check is not None and (check.damaged or check.foreign):
        bad = [*check.foreign.values(), *check.damaged.values()]
        more = f" (and {len(bad) - 1} more)" if len(bad) > 1 else ""
        advice = ("its manifest was edited or two batches were mixed" if check.foreign
                  else "run the same `parley batch` command with --resume to run it again")
        raise UsageError(f"{folder} is damaged: {bad[0]}{more}; {advice}")
    if check is not None and not check.finished:
        errors.print(f"parley: {folder} is unfinished: {check.done:,} of {check.runs:,} runs "
                     f"({len(check.good)} of {check.chunks} chunks); what follows covers only "
                     "those. Run the same `parley batch` command with --resume to finish it.",
                     markup=False)
    try:
        summary = summarise(folder)
    except (FileNotFoundError, ValueError) as exc:
        raise UsageError(str(exc)) from None
    if not facts_only:
        for table in summary_tables(summary):
            console.print(table)
    for table in facts_tables(summary.facts):
        console.print(table)
    if plot:
        from sim.batch.plot import plot_summary

        console.print(f"charts written to {plot_summary(summary, plot)}", style="dim")


def _check(folder: Path) -> PartsCheck | None:
    from sim.batch.integrity import check_folder

    try:
        return check_folder(folder)
    except ValueError as exc:
        raise UsageError(str(exc)) from None


def summary_tables(s: Summary) -> Iterator[Table]:
    """Rich tables of a `Summary`: outcomes, issues, parties, sensitivity."""
    d = s.deal
    title = f"{s.title} — {s.runs:,} runs"
    head = Table(title=title, title_justify="left", min_width=len(title))
    head.add_column("outcome")
    head.add_column("runs", justify="right")
    head.add_column("share", justify="right")
    for kind, count in s.outcomes.items():
        extra = ""
        if kind == "deal":
            extra = f"  (95% CI {d.low:.1%}–{d.high:.1%})"
        if kind == "walk_out" and s.walk_outs:
            extra = "  (" + ", ".join(f"{p} {c:,}" for p, c in s.walk_outs.items()) + ")"
        head.add_row(kind.replace("_", " "), f"{count:,}", f"{count / s.runs:.1%}{extra}")
    r = s.rounds_to_deal
    if d.count:
        head.caption = (f"rounds to a deal: median {r.median:g}, middle half {r.p25:g}–{r.p75:g}, "
                        f"5–95% {r.p5:g}–{r.p95:g}")
    yield head
    if s.opened is not None:
        yield from staged_tables(s)

    issues = Table(title="What the deals settle (share of deals)", title_justify="left")
    issues.add_column("issue")
    issues.add_column("options")
    for issue, counts in s.issues.items():
        total = max(sum(c for _, c in counts), 1)
        issues.add_row(issue, "  ".join(f"{o} {c / total:.0%}" for o, c in counts if c)
                       or "no deals")
    yield issues

    people = Table(title="Parties", title_justify="left")
    for col in ("party", "utility median", "middle half", "5–95%", "budget spent (median)",
                "red lines pressed"):
        people.add_column(col, justify="left" if col == "party" else "right")
    for p, u in s.utility.items():
        share, mean = s.pressed[p]
        people.add_row(p, f"{u.median:.3f}", f"{u.p25:.3f}–{u.p75:.3f}", f"{u.p5:.3f}–{u.p95:.3f}",
                       f"{s.spent[p].median:.3f}", f"{share:.0%} of runs · {mean:.1f}/run")
    yield people

    sens = Table(title="What moves the deal rate (drawn parameters, strongest first)",
                 title_justify="left")
    sens.add_column("#", justify="right")
    sens.add_column("parameter")
    sens.add_column("swing", justify="right")
    sens.add_column("direction")
    sens.add_column("deal rate by fifth (or by value)")
    if not s.sensitivity:
        sens.caption = _unranked(s.runs)
    for k, item in enumerate(s.sensitivity, 1):
        direction = ("" if item.correlation != item.correlation
                     else ("higher → more deals" if item.correlation > 0
                           else "higher → fewer deals"))
        bins = "  ".join(f"{label}: {rate:.0%}" for label, rate, _ in item.bins)
        sens.add_row(str(k), item.column, f"{item.swing:.1%}", direction, bins)
    yield sens


def staged_tables(s: Summary) -> Iterator[Table]:
    """Staged talks: how often the talks open, how each stage ends, and how what the earlier
    stages agreed moves the final deal."""
    o = s.opened
    assert o is not None
    stages = Table(title=f"Stages — the talks opened in {o.share:.1%} of runs "
                         f"(95% CI {o.low:.1%}–{o.high:.1%})", title_justify="left")
    for col in ("stage", "reached", "agreed", "ran out of time", "walk-out",
                "rounds to agree (median, middle half)"):
        stages.add_column(col, justify="left" if col == "stage" else "right")
    for st in s.stages:
        reached = max(st.reached, 1)
        r = st.rounds
        stages.add_row(f"{st.title} ({st.id})", f"{st.reached:,}",
                       f"{st.outcomes.get('deal', 0) / reached:.1%}",
                       f"{st.outcomes.get('deadline', 0) / reached:.1%}",
                       f"{st.outcomes.get('walk_out', 0) / reached:.1%}",
                       "–" if r.median != r.median else f"{r.median:g} ({r.p25:g}–{r.p75:g})")
    yield stages

    parties = list(s.utility)
    pre = Table(title="What the earlier stages agreed, and the final deal that followed",
                title_justify="left")
    for col in ("agreed", "runs", "final deal", "mean utility"):
        pre.add_column(col, justify="right" if col in ("runs", "final deal") else "left")
    deals = Table(title="The final deals, by what the earlier stages agreed (each issue's most "
                        "common option, share of those deals)", title_justify="left")
    deals.add_column("agreed", overflow="fold")
    last = list(s.preconditions[0].deals) if s.preconditions else []
    for issue in last:
        deals.add_column(issue.replace("_", " "))
    for c in s.preconditions:
        label = f"{c.issue} = {c.option}" if len(s.stages) == 2 else \
            f"{c.stage}: {c.issue} = {c.option}"
        pre.add_row(label, f"{c.runs:,} ({c.runs / s.runs:.0%})", f"{c.deal.share:.1%}",
                    "  ".join(f"{p} {c.utility[p]:.2f}" for p in parties))
        cells = []
        for issue in last:
            counts = c.deals[issue]
            total = sum(n for _, n in counts)
            option, n = max(counts, key=lambda oc: oc[1])
            cells.append(f"{option.replace('_', ' ')} {n / total:.0%}" if total else "–")
        deals.add_row(label, *cells)
    pre.caption = ("each row: the runs whose stage agreed that option; a party's mean utility "
                   "counts runs without a deal at what no deal is worth")
    yield pre
    yield deals

    opening = Table(title="What moves whether the talks open (drawn parameters, strongest "
                          "first)", title_justify="left")
    opening.add_column("#", justify="right")
    opening.add_column("parameter")
    opening.add_column("swing", justify="right")
    opening.add_column("direction")
    for k, item in enumerate(s.opening[:10], 1):
        direction = ("" if item.correlation != item.correlation
                     else ("higher → open more often" if item.correlation > 0
                           else "higher → open less often"))
        opening.add_row(str(k), item.column, f"{item.swing:.1%}", direction)
    if not s.opening:
        opening.caption = _unranked(s.runs)
    yield opening


CHART_HEIGHT = 6
"""Lines of the deal-round chart; each line shows eight steps with block characters."""
BLOCKS = " ▁▂▃▄▅▆▇█"


def round_chart(f: Facts) -> Text:
    """Deals per round as a small column chart, the last fifth's columns in yellow."""
    from sim.batch.facts import fifth_of

    wide = f.deadline <= 40
    width, gap = (2, " ") if wide else (1, "")
    top = max(f.round_counts, default=0)
    steps = [0 if not c else max(1, round(CHART_HEIGHT * 8 * c / top)) for c in f.round_counts]
    last = [int(fifth_of(r, f.deadline)) == 4 for r in range(1, f.deadline + 1)]
    label = f"{f.top_round_share:.0%}" if f.deals else "0%"
    pad = max(len(label), 4)
    chart = Text()
    for line in range(CHART_HEIGHT - 1, -1, -1):
        chart.append(f"{label if line == CHART_HEIGHT - 1 else '':>{pad}} ┤ ", style="dim")
        for h, late in zip(steps, last, strict=True):
            block = BLOCKS[min(max(h - 8 * line, 0), 8)] * width
            chart.append(block + gap, style="yellow" if late else "green")
        chart.append("\n")
    chart.append(" " * pad + " └─" + "─" * (f.deadline * (width + len(gap))) + "\n", style="dim")
    axis = [" "] * (f.deadline * (width + len(gap)) + 4)
    step = 5 if wide else 10
    marks = [1, *range(step, f.deadline + 1, step)]
    if f.deadline - marks[-1] >= (2 if wide else 4):
        marks.append(f.deadline)
    for r in marks:
        at = (r - 1) * (width + len(gap))
        axis[at:at + len(str(r))] = str(r)
    chart.append(" " * (pad + 3) + "".join(axis).rstrip() + "  (round)", style="dim")
    return chart


def facts_tables(f: Facts, targets: FactTargets | None = None) -> Iterator[Table]:
    """Rich tables of the stylised facts: deal rounds as a bar chart, the facts, the targets."""
    from sim.batch.facts import check_targets, fifth_rounds

    rounds = Table(title=f"Stylised facts — deals per round ({f.deals:,} deals)",
                   title_justify="left", show_header=False, box=None)
    rounds.add_column("chart")
    rounds.add_row(round_chart(f))
    a, b = fifth_rounds(f.deadline)[-1]
    rounds.add_row(Text(f"tallest column: the busiest round's share of the deals; yellow: the "
                        f"last fifth (rounds {a}–{b} of {f.deadline})" if f.deals
                        else "no deals", style="dim"))
    yield rounds

    facts = Table(title="Stylised facts", title_justify="left", show_header=False)
    facts.add_column("fact")
    facts.add_column("value")
    facts.add_row("outcomes", "  ".join(f"{k.replace('_', ' ')} {_pct(rate)}"
                                        for k, rate in f.outcome_rates.items()))
    if f.deals:
        facts.add_row("deal round", f"mean {f.round_mean:.1f}, sd {f.round_sd:.1f}; deals in "
                                    f"{_rounds(f.distinct_rounds)}; round {f.top_round} holds "
                                    f"the most, {_pct(f.top_round_share)}")
        spans = [f"{a}–{b}" if a < b else f"{a}" for a, b in fifth_rounds(f.deadline)]
        facts.add_row("deals per fifth", "  ".join(
            f"rounds {span}: {_pct(share)}" for span, share in zip(spans, f.fifth_shares,
                                                                   strict=True) if span))
        facts.add_row("before the last fifth", _pct(f.before_last_fifth_share))
    facts.add_row("distinct deal packages", f"{f.distinct_packages:,}")
    yield facts

    people = Table(title="Stylised facts per party", title_justify="left")
    for col in ("party", "utility mean", "utility sd", "first proposer's advantage"):
        people.add_column(col, justify="left" if col == "party" else "right")
    for p, mean in f.utility_mean.items():
        gain = f.first_advantage.get(p, float("nan"))
        people.add_row(p, f"{mean:.3f}", f"{f.utility_sd[p]:.3f}",
                       "–" if gain != gain else f"{gain:+.3f}")
    if all(g != g for g in f.first_advantage.values()):
        people.caption = ("first proposer's advantage: not measurable (no first proposer "
                          "recorded, e.g. under the mediated protocol)")
    else:
        people.caption = ("first proposer's advantage: mean utility in runs where the party "
                          "proposed first minus its mean utility in the others")
    yield people

    checks = check_targets(f, targets)
    met = sum(c.met for c in checks)
    goals = Table(title=f"Stylised-fact targets — {met} of {len(checks)} met",
                  title_justify="left")
    goals.add_column("")
    goals.add_column("target")
    goals.add_column("measured")
    for c in checks:
        goals.add_row(Text("met", style="green") if c.met else Text("MISSED", style="bold red"),
                      c.target, c.measured)
    yield goals


def _pct(x: float) -> str:
    return "n/a" if x != x else f"{x:.1%}"


def _rounds(k: int) -> str:
    return f"{k} round" if k == 1 else f"{k} different rounds"


def _unranked(runs: int) -> str:
    """Why a sensitivity ranking is empty."""
    from sim.batch.summary import MIN_RANKED_RUNS

    if runs < MIN_RANKED_RUNS:
        counted = "1 run is" if runs == 1 else f"{runs:,} runs are"
        return (f"{counted} too few to rank what was drawn: the ranking needs "
                f"{MIN_RANKED_RUNS} or more")
    return "nothing was drawn: use --uncertainty LEVEL or --vary PATH=DIST (or leave out --pinned)"

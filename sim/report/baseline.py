"""What scripted players reach: the yardstick a student's result is measured against.

Either computed on the spot (all-scripted games of the same scenario and protocol) or read
from a batch's Parquet file, which holds one row per run with each party's utility.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    import pyarrow as pa

    from sim.negotiation.game import Game

# numpy and the engine are imported where they are used: `parley --help` reads BASELINE_RUNS
# from here, and a command should not pay for numpy before it needs it.

BASELINE_RUNS = 1000
"""All-scripted games run when no batch file is given: enough for a stable percentile."""

_UTILITY_COLUMNS = ("utility.{}", "utility_{}")
"""Column names of a party's utility: `parley batch` writes the first; the second is accepted
for tables made by hand (e.g. with pandas)."""


class BatchFileError(Exception):
    """A batch file that cannot serve as a baseline; the message says why."""


@dataclass(frozen=True)
class Baseline:
    """Each party's utility over many scripted runs."""

    utility: dict[str, np.ndarray]
    """Party → [N] utility in each run (its reservation value when no deal was made)."""
    deals: int
    """Runs that ended in a deal."""
    runs: int
    """Runs in all."""
    source: str
    """Where the runs come from, in words."""

    def percentile(self, party: str, value: float) -> float:
        """Percent of scripted runs in which `party` did worse than `value` (ties half)."""
        from sim.analysis.statistics import percentile_of

        return percentile_of(value, self.utility[party])

    def mean(self, party: str) -> float:
        """Mean utility of `party` over the runs."""
        import numpy as np

        return float(np.mean(self.utility[party]))

    def median(self, party: str) -> float:
        """Median utility of `party` over the runs."""
        import numpy as np

        return float(np.median(self.utility[party]))


def computed_baseline(game: Game, protocol: str | None = None, runs: int = BASELINE_RUNS,
                      seed: int = 0, random_events: bool = True) -> Baseline:
    """`runs` all-scripted games with seeds `seed ..`, as `scripted_baseline` plays them
    (`random_events`: whether chance events may happen, as in the game compared)."""
    import numpy as np

    from sim.analysis.statistics import scripted_baseline
    from sim.negotiation.results import Outcome

    res = scripted_baseline(game, runs=runs, seed=seed, protocol=protocol,
                            random_events=random_events)
    utility = {name: res.utility[:, p].copy() for p, name in enumerate(game.parties)}
    return Baseline(utility, int(np.count_nonzero(res.kind == Outcome.DEAL)), runs,
                    f"{runs} games of scripted players (seeds {seed} to {seed + runs - 1}"
                    + ("" if random_events else ", chance events off, as in the game") + ")")


def read_batch(path: str | os.PathLike[str], game: Game, protocol: str | None = None,
               random_events: bool = True) -> Baseline:
    """A baseline from `parley batch` results: its folder of Parquet parts, or one Parquet file.

    A batch written by `parley batch` says which scenario (by content hash), protocol and
    starting point it ran; it must be this game's, or the comparison would be unfair. A table
    made by hand cannot say, and the baseline's description says so.

    Args:
        protocol: the protocol the game was played under (None: the scenario's).
        random_events: whether the game had chance events (a batch always has them).

    Raises:
        BatchFileError: the file is unreadable, lacks a party's utility column, or was made
            from another version of the scenario, another protocol or a saved game.
    """
    import numpy as np

    from sim.batch.parquet import read_results

    path = Path(path)
    unfinished = _check_parts(path)
    try:
        table = read_results(path)
    except (OSError, ValueError) as exc:
        raise BatchFileError(f"{path}: cannot read batch file ({exc})") from None
    source = _check_identity(path, game, protocol, random_events, table.num_rows) + unfinished
    names = set(table.column_names)
    utility: dict[str, np.ndarray] = {}
    for party in game.parties:
        column = next((form.format(party) for form in _UTILITY_COLUMNS
                       if form.format(party) in names), None)
        if column is None:
            tried = ", ".join(form.format(party) for form in _UTILITY_COLUMNS)
            raise BatchFileError(f"{path}: no utility column for party '{party}' "
                                 f"(looked for {tried})")
        utility[party] = np.asarray(table.column(column).to_numpy(zero_copy_only=False),
                                    dtype=float)
    if table.num_rows == 0:
        raise BatchFileError(f"{path}: the batch file has no runs")
    deals = _count_deals(table, names)
    return Baseline(utility, deals, table.num_rows, source)


def _check_parts(path: Path) -> str:
    """Refuse a results folder with a part that is damaged (cut short, changed since it was
    written) or not of its manifest's batch, as `parley summary` does: its runs would be no
    fair comparison. An unfinished batch is a smaller sample of the right games: the words
    added to its description say so.

    Raises:
        BatchFileError: naming the first bad part and how to repair the folder.
    """
    from sim.batch.integrity import check_folder

    try:
        check = check_folder(path)
    except ValueError as exc:
        raise BatchFileError(str(exc)) from None
    if check is None:
        return ""  # one Parquet file, or a folder without a manifest: nothing to check
    bad = [*check.foreign.values(), *check.damaged.values()]
    if bad:
        more = f" (and {len(bad) - 1} more)" if len(bad) > 1 else ""
        advice = ("its manifest was edited or two batches were mixed" if check.foreign
                  else "run the same `parley batch` command with --resume to run it again")
        raise BatchFileError(f"{path} is damaged: {bad[0]}{more}; {advice}")
    if not check.finished:
        return (f"; an unfinished batch: {check.done:,} of its {check.runs:,} runs were "
                "written")
    return ""


def _check_identity(path: Path, game: Game, protocol: str | None, random_events: bool,
                    rows: int) -> str:
    """Refuse a batch of another scenario version, protocol or starting point; describe it."""
    from sim.batch.parquet import batch_metadata
    from sim.scenario.loader import scenario_hash

    try:
        meta = batch_metadata(path)
    except (OSError, ValueError):
        return (f"{rows} runs from {path.name} (a table not written by `parley batch`: it does "
                "not say which scenario or protocol it ran, so Parley could not check that)")
    wanted = scenario_hash(game.scenario)
    title = meta.get("title") or meta.get("scenario") or "?"
    if meta.get("scenario_hash") != wanted:
        raise BatchFileError(
            f"{path}: made from another version of the scenario ('{title}', content hash "
            f"{str(meta.get('scenario_hash'))[:12]}), not the one this game was played on "
            f"(hash {wanted[:12]}); its runs are no fair comparison: run `parley batch` again "
            "on the scenario as played")
    kind = game.scenario.protocol.kind
    if (meta.get("protocol") or kind) != (protocol or kind):
        raise BatchFileError(f"{path}: its runs use the {meta.get('protocol')} protocol, but "
                             f"this game was played under the {protocol} protocol")
    if meta.get("from_save") or meta.get("start_round"):
        raise BatchFileError(f"{path}: its runs continue a saved game from round "
                             f"{int(meta.get('start_round') or 0) + 1}, not whole games from "
                             "the start; it is no baseline for a whole game")
    if not random_events:
        raise BatchFileError(f"{path}: this game was played with chance events switched off, "
                             "but a batch's runs have them; compare with fresh scripted games "
                             "instead (leave out --batch)")
    drawn = len(meta.get("variations") or [])
    varied = (f", {drawn} parameters drawn from their ranges" if drawn
              else ", the numbers as written")
    return (f"{rows} runs of `parley batch` from {path.name} (scenario '{title}', content hash "
            f"{wanted[:12]}, seed {meta.get('seed')}{varied})")


def _count_deals(table: pa.Table, names: set[str]) -> int:
    from sim.negotiation.results import Outcome

    for column in ("outcome", "kind"):
        if column in names:
            values = table.column(column).to_pylist()
            return sum(1 for v in values if v in (Outcome.DEAL.label, Outcome.DEAL))
    return -1  # the file does not say; shown as unknown

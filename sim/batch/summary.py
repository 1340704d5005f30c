"""What a batch found: deal rate, outcomes per issue, who got what, and what moves the deal rate.

Reads only the columns it needs from the results folder. Sensitivity splits each drawn
number into five equal-count bins (quintiles) and each drawn strategy by value, and ranks the
parameters by how far the deal rate moves between their lowest and highest bin; Spearman's
rank correlation with "ended in a deal" gives the direction. The stylised facts (when deals
happen, how varied they are, the first proposer's advantage) come from `sim.batch.facts`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from sim.analysis.statistics import Proportion, wilson
from sim.batch.facts import Facts, stylised_facts
from sim.batch.job import OUTCOMES
from sim.batch.parquet import batch_metadata, part_files, read_results
from sim.negotiation.results import Outcome

BINS = 5


@dataclass(frozen=True)
class Spread:
    """Median and spread of a quantity over runs."""

    median: float
    p25: float
    p75: float
    p5: float
    p95: float

    @classmethod
    def of(cls, values: np.ndarray) -> Spread:
        """The figures of `values` (NaN when empty)."""
        if values.size == 0:
            return cls(*(float("nan"),) * 5)
        q = np.quantile(values, [0.5, 0.25, 0.75, 0.05, 0.95])
        return cls(*(float(x) for x in q))


@dataclass(frozen=True)
class Sensitivity:
    """How the deal rate moves with one drawn parameter."""

    column: str
    """Parameter path, e.g. `Russia.reservation`."""
    swing: float
    """Highest minus lowest deal rate across its bins."""
    correlation: float
    """Spearman correlation with ending in a deal (NaN for strategies)."""
    bins: list[tuple[str, float, int]]
    """(bin label, deal rate, runs) for each bin."""


@dataclass(frozen=True)
class StageCount:
    """How one stage of staged talks ended across a batch's runs."""

    id: str
    title: str
    reached: int
    """Runs that reached this stage (every earlier stage agreed)."""
    outcomes: dict[str, int]
    """Runs reaching it that ended it in each way (deal, deadline, walk_out)."""
    rounds: Spread
    """Rounds to its agreement (1 = the stage's first round), over runs that agreed."""


@dataclass(frozen=True)
class Precondition:
    """What the runs whose earlier stage agreed one option went on to do."""

    stage: str
    issue: str
    option: str
    runs: int
    """Runs whose stage agreed this option."""
    deal: Proportion
    """Share of them that ended in a final deal."""
    utility: dict[str, float]
    """Per party, its mean utility in those runs."""
    deals: dict[str, list[tuple[str, int]]]
    """Per issue of the last stage, (option, deals choosing it) among those runs' deals."""


@dataclass(frozen=True)
class Summary:
    """Findings of a batch."""

    title: str
    runs: int
    deal: Proportion
    outcomes: dict[str, int]
    """Runs ending in each outcome kind."""
    walk_outs: dict[str, int]
    """Runs ended by each party walking out."""
    issues: dict[str, list[tuple[str, int]]]
    """Per issue, (option, deals that chose it)."""
    utility: dict[str, Spread]
    spent: dict[str, Spread]
    rounds_to_deal: Spread
    """Rounds taken by runs that ended in a deal (1 = in the first round played)."""
    pressed: dict[str, tuple[float, float]]
    """Per party, (share of runs in which an offer crossed its hard red lines, mean count)."""
    sensitivity: list[Sensitivity]
    """Drawn parameters, the one that moves the deal rate most first."""
    meta: dict[str, Any]
    facts: Facts
    """Stylised facts: deal timing, variety of deals and outcomes, first proposer's advantage."""
    opened: Proportion | None = None
    """Staged talks: share of runs whose last stage's talks opened (None for one table)."""
    stages: list[StageCount] = field(default_factory=list)
    """Staged talks: how each stage ended."""
    preconditions: list[Precondition] = field(default_factory=list)
    """Staged talks: per option an earlier stage agreed, what followed."""
    opening: list[Sensitivity] = field(default_factory=list)
    """Staged talks: drawn parameters by how far they move whether the talks open."""


def summarise(folder: str | os.PathLike[str]) -> Summary:
    """Summary of the results in `folder` (a results folder or one Parquet file)."""
    meta = batch_metadata(folder)
    parties, issues = meta["parties"], meta["issues"]
    columns = ["outcome", "walked_out", "round"]
    columns += [f"deal.{i}" for i in issues]
    columns += [f"{k}.{p}" for k in ("utility", "spent", "pressed") for p in parties]
    columns += [d["column"] for d in meta["drawn"] if "worlds" not in d]
    if any("worlds" in d for d in meta["drawn"]):
        columns.append("world")
    if "first" in _column_names(folder):  # batches written before it was recorded lack it
        columns.append("first")
    stages = list(meta.get("stages") or [])
    for k, st in enumerate(stages):
        columns += [f"stage.{st['id']}.outcome", f"stage.{st['id']}.round"]
        if k < len(stages) - 1:
            columns += [f"stage.{st['id']}.{issue}" for issue in st["issues"]]
    table = read_results(folder, columns=columns)
    memo: dict[str, Any] = {}  # each drawn column's bins, shared by both sensitivity rankings
    kind = codes(table["outcome"], OUTCOMES)
    dealt = kind == OUTCOMES.index(Outcome.DEAL.label)
    n = len(kind)
    walked = codes(table["walked_out"], parties)
    # Only runs a walk-out ended (staged talks: a walk-out that kept them from opening is
    # counted with the talks that never opened).
    ended_by_walk_out = kind == OUTCOMES.index(Outcome.WALK_OUT.label)
    start = int(meta.get("start_round", 0))
    rounds = table["round"].to_numpy()[dealt].astype(np.int64) - start + 1
    return Summary(
        title=meta["title"], runs=n, deal=wilson(int(dealt.sum()), n),
        outcomes={name: int((kind == k).sum()) for k, name in enumerate(OUTCOMES)
                  if meta.get("stages") or name != Outcome.NEVER_OPENED.label},
        walk_outs={p: int(((walked == k) & ended_by_walk_out).sum())
                   for k, p in enumerate(parties)
                   if ((walked == k) & ended_by_walk_out).any()},
        issues={issue: _option_counts(codes(table[f"deal.{issue}"], opts)[dealt], opts)
                for issue, opts in issues.items()},
        utility={p: Spread.of(_floats(table[f"utility.{p}"])) for p in parties},
        spent={p: Spread.of(_floats(table[f"spent.{p}"])) for p in parties},
        rounds_to_deal=Spread.of(rounds.astype(float)),
        pressed={p: _pressed(table[f"pressed.{p}"].to_numpy()) for p in parties},
        sensitivity=_sensitivity(table, [*meta["drawn"], *_precondition_columns(stages)],
                                 dealt, memo), meta=meta,
        facts=stylised_facts(table, int(meta["deadline"]), parties=parties,
                             issues=list(issues), staged=bool(stages)),
        **(_staged(table, meta, stages, kind, dealt, memo) if stages else {}))


def _precondition_columns(stages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each earlier stage's agreed options as categorical columns for the sensitivity
    ranking: how the final deal rate moves with what the talks about talks settled."""
    return [{"column": f"stage.{st['id']}.{issue}", "path": f"{st['id']}: {issue}",
             "categorical": True} for st in stages[:-1] for issue in st["issues"]]


def _staged(table: pa.Table, meta: dict[str, Any], stages: list[dict[str, Any]],
            kind: np.ndarray, dealt: np.ndarray,
            memo: dict[str, Any] | None = None) -> dict[str, Any]:
    """The staged-talks findings: how often the talks open, how each stage ends, and what
    followed each precondition."""
    n = len(kind)
    opened = kind != OUTCOMES.index(Outcome.NEVER_OPENED.label)
    parties, issues = meta["parties"], meta["issues"]
    last = stages[-1]["issues"]
    counts = []
    for st in stages:
        ended = codes(table[f"stage.{st['id']}.outcome"], OUTCOMES)
        rounds = table[f"stage.{st['id']}.round"].to_numpy(zero_copy_only=False)
        agreed = ended == OUTCOMES.index(Outcome.DEAL.label)
        counts.append(StageCount(
            st["id"], st["title"], int((ended >= 0).sum()),
            {name: int((ended == k).sum()) for k, name in enumerate(OUTCOMES)
             if name != Outcome.NEVER_OPENED.label},
            Spread.of(np.asarray(rounds, dtype=float)[agreed] + 1)))
    utility = {p: _floats(table[f"utility.{p}"]) for p in parties}
    chosen = {issue: codes(table[f"deal.{issue}"], issues[issue]) for issue in last}
    pre = []
    for st in stages[:-1]:
        for issue in st["issues"]:
            which = codes(table[f"stage.{st['id']}.{issue}"], issues[issue])
            for k, option in enumerate(issues[issue]):
                mine = which == k
                if not mine.any():
                    continue
                pre.append(Precondition(
                    st["id"], issue, option, int(mine.sum()),
                    wilson(int(dealt[mine].sum()), int(mine.sum())),
                    {p: float(u[mine].mean()) for p, u in utility.items()},
                    {i: _option_counts(c[mine & dealt], issues[i]) for i, c in chosen.items()}))
    return {"opened": wilson(int(opened.sum()), n), "stages": counts, "preconditions": pre,
            "opening": _sensitivity(table, meta["drawn"], opened, memo)}


def _column_names(folder: str | os.PathLike[str]) -> list[str]:
    path = Path(folder)
    files = [path] if path.is_file() else part_files(path)
    return pq.read_schema(files[0]).names if files else []


def codes(column: pa.ChunkedArray, labels: list[str] | tuple[str, ...]) -> np.ndarray:
    """Index of each row's label in `labels`, -1 for a missing value."""
    out = []
    index = {label: k for k, label in enumerate(labels)}
    for chunk in column.chunks:
        if not isinstance(chunk, pa.DictionaryArray):
            chunk = chunk.dictionary_encode()
        lookup = np.array([index.get(str(v), -1) for v in chunk.dictionary.to_pylist()] + [-1])
        # A missing value comes out as NaN and points at the -1 at the end of `lookup` (numpy,
        # not fill_null: pyarrow.compute costs a command ~40 ms to import).
        raw = chunk.indices.to_numpy(zero_copy_only=False)
        if chunk.indices.null_count:
            raw = np.where(np.isnan(raw), len(lookup) - 1, raw)
        out.append(lookup[raw.astype(np.int64)])
    return np.concatenate(out) if out else np.zeros(0, dtype=np.int64)


def _floats(column: pa.ChunkedArray) -> np.ndarray:
    return np.asarray(column.to_numpy(), dtype=np.float64)


def _option_counts(chosen: np.ndarray, options: list[str]) -> list[tuple[str, int]]:
    counts = np.bincount(chosen[chosen >= 0], minlength=len(options))
    return [(opt, int(c)) for opt, c in zip(options, counts, strict=True)]


def _pressed(values: np.ndarray) -> tuple[float, float]:
    if values.size == 0:
        return float("nan"), float("nan")
    return float((values > 0).mean()), float(values.mean())


def _sensitivity(table: pa.Table, drawn: list[dict[str, Any]], dealt: np.ndarray,
                 memo: dict[str, Any] | None = None) -> list[Sensitivity]:
    """Drawn parameters by how far the rate of `dealt` moves across their bins.

    Args:
        memo: shared by calls over the same table (the deal rate, and for staged talks the
            rate of talks opening): each column's bins and ranks, which do not depend on
            `dealt`, are worked out once.
    """
    if len(dealt) < MIN_RANKED_RUNS:
        return []  # a few runs rank noise, not parameters
    memo = {} if memo is None else memo
    found = []
    # Rank correlations of per-run draws need a sort per parameter: on big batches they are
    # read from an evenly spaced sample of runs (every k-th), which gives the direction as
    # surely at a fraction of the cost.
    every = max(1, -(-len(dealt) // CORRELATION_SAMPLE))
    sample_ranks = _ranks(dealt[::every].astype(float))
    world = (_WorldRuns.of(table["world"].to_numpy().astype(np.int64), dealt)
             if "world" in table.column_names else None)
    for d in drawn:
        path = str(d["path"])
        if "worlds" in d:
            # Drawn per preference world: each run's value is its world's, so the work is
            # done on the few worlds, weighted by how many runs each holds.
            assert world is not None
            bins, corr = _world_bins(np.asarray(d["worlds"], dtype=float), world)
            if len(bins) >= 2:
                rates = [rate for _, rate, _ in bins]
                found.append(Sensitivity(path, max(rates) - min(rates), corr, bins))
            continue
        column = table[d["column"]]
        if d["categorical"]:
            if d["column"] not in memo:
                names = _present(column)
                which = codes(column, names)
                memo[d["column"]] = names, (which.astype(np.int8) if len(names) < 127
                                            else which)  # kept per column: small
            names, which = memo[d["column"]]
            bins = [(name, float(dealt[which == k].mean()), int((which == k).sum()))
                    for k, name in enumerate(names)]
            corr = float("nan")
        else:
            if d["column"] not in memo:
                memo[d["column"]] = _binned(_floats(column), every)
            bins, corr = _numeric_bins(memo[d["column"]], dealt, sample_ranks)
        if len(bins) < 2:
            continue
        rates = [rate for _, rate, _ in bins]
        found.append(Sensitivity(path, max(rates) - min(rates), corr, bins))
    return sorted(found, key=lambda s: -s.swing)


MIN_RANKED_RUNS = 100
"""Fewest runs the sensitivity rankings are worked out for: with fewer, a fifth of a drawn
parameter's range holds a handful of runs and its deal rate says nothing."""
CORRELATION_SAMPLE = 50_000
"""Most runs a per-run parameter's rank correlation with the deal is computed on."""


def _present(column: pa.ChunkedArray) -> list[str]:
    """The distinct values present in a label column, sorted (nulls left out)."""
    names: set[str] = set()
    for chunk in column.chunks:
        if not isinstance(chunk, pa.DictionaryArray):  # not as a batch writes it
            return sorted({str(v) for v in column.unique().to_pylist() if v is not None})
        # Which of the dictionary's entries occur, from the indices (no pyarrow.compute).
        raw = chunk.indices.to_numpy(zero_copy_only=False)
        used = np.unique(raw[~np.isnan(raw)] if chunk.indices.null_count else raw)
        entries = chunk.dictionary.to_pylist()
        names.update(str(entries[int(k)]) for k in used if entries[int(k)] is not None)
    return sorted(names)


@dataclass(frozen=True)
class _Binned:
    """A drawn number's quintile edges, each run's bin and the sample's ranks."""

    edges: np.ndarray
    which: np.ndarray
    ranks: np.ndarray


def _binned(values: np.ndarray, every: int) -> _Binned | None:
    """The bins of `values` (None when they do not spread over two)."""
    edges = np.unique(np.quantile(values, np.linspace(0, 1, BINS + 1)))
    if len(edges) < 2:
        return None
    if np.isnan(values).any():
        which = np.clip(np.searchsorted(edges, values, side="right") - 1, 0, len(edges) - 2)
    else:
        # The edges run from the least value to the greatest, so a run's bin is the number of
        # inner edges at or below its value: a few comparisons instead of a binary search
        # per run, the same bins.
        which = np.zeros(len(values), dtype=np.int8)  # kept per column: small
        for edge in edges[1:-1]:
            which += values >= edge
    return _Binned(edges, which, _ranks(values[::every]))


def _numeric_bins(binned: _Binned | None, dealt: np.ndarray,
                  sample_ranks: np.ndarray) -> tuple[list[tuple[str, float, int]], float]:
    if binned is None:
        return [], float("nan")
    edges, which = binned.edges, binned.which
    # Runs and deals per bin in one pass each; deals / runs is the bin's mean of `dealt`
    # exactly (both are whole numbers, summed exactly in float64).
    runs = np.bincount(which, minlength=len(edges) - 1)
    deals = np.bincount(which, weights=dealt, minlength=len(edges) - 1)
    bins = []
    for k in range(len(edges) - 1):
        if runs[k]:
            bins.append((f"{edges[k]:.3g}–{edges[k + 1]:.3g}", float(deals[k] / runs[k]),
                         int(runs[k])))
    return bins, _correlation(binned.ranks, sample_ranks)


@dataclass(frozen=True)
class _WorldRuns:
    """What every parameter drawn per preference world needs of the runs, counted once."""

    runs: np.ndarray
    """[W] runs in each world."""
    deals: np.ndarray
    """[W] deals in each world."""
    centred: np.ndarray
    """[W] the sum over each world's runs of their "ended in a deal" mid-rank minus its mean."""
    spread: float
    """The sum of squares of those centred ranks over all runs."""

    @classmethod
    def of(cls, world: np.ndarray, dealt: np.ndarray) -> _WorldRuns:
        """Count `world` (each run's world) against `dealt`."""
        n_w = int(world.max()) + 1 if world.size else 0
        ranks = _ranks(dealt.astype(float))
        centred = ranks - ranks.mean() if ranks.size else ranks
        return cls(runs=np.bincount(world, minlength=n_w).astype(float),
                   deals=np.bincount(world, weights=dealt.astype(float), minlength=n_w),
                   centred=np.bincount(world, weights=centred, minlength=n_w),
                   spread=float(np.dot(centred, centred)))


def _world_bins(levels: np.ndarray,
                counted: _WorldRuns) -> tuple[list[tuple[str, float, int]], float]:
    """`_numeric_bins` of `levels[world]`, computed on the levels: the same quintile edges,
    bins and rank correlation, without sorting a value per run."""
    n_w = len(levels)
    runs = np.zeros(n_w)
    deals = np.zeros(n_w)
    centred = np.zeros(n_w)
    m = min(n_w, len(counted.runs))
    runs[:m], deals[:m], centred[:m] = counted.runs[:m], counted.deals[:m], counted.centred[:m]
    order = np.argsort(levels, kind="stable")
    sorted_levels, cum = levels[order], np.cumsum(runs[order])
    n = int(cum[-1])
    # np.quantile's linear rule over the runs' values, read off the cumulative counts.
    position = np.linspace(0, 1, BINS + 1) * (n - 1)
    low, frac = np.floor(position).astype(np.int64), position % 1.0
    at = np.searchsorted(cum, np.minimum(low + 1, n - 1) + 1, side="left")
    below = sorted_levels[np.searchsorted(cum, low + 1, side="left")]
    edges = np.unique(below + frac * (sorted_levels[at] - below))
    if len(edges) < 2:
        return [], float("nan")
    which = np.clip(np.searchsorted(edges, levels, side="right") - 1, 0, len(edges) - 2)
    bins = []
    for k in range(len(edges) - 1):
        mine = which == k
        if runs[mine].sum():
            bins.append((f"{edges[k]:.3g}–{edges[k + 1]:.3g}",
                         float(deals[mine].sum() / runs[mine].sum()), int(runs[mine].sum())))
    # Mid-ranks of the runs' values: tied levels share one rank range.
    distinct, group = np.unique(levels, return_inverse=True)
    per_group = np.bincount(group, weights=runs, minlength=len(distinct))
    ends = np.cumsum(per_group)
    mid = (ends - (per_group + 1) / 2.0)[group]
    # Pearson's correlation of those ranks with the deal's, summed world by world: a run's
    # rank is its world's, so the sums over runs are sums over worlds weighted by their runs.
    used = runs > 0
    if mid[used].min() == mid[used].max() or counted.spread == 0:
        return bins, float("nan")
    x = mid - float(np.dot(runs, mid)) / n
    sxx = float(np.dot(runs, x * x))
    return bins, float(np.dot(x, centred)) / float(np.sqrt(sxx * counted.spread))


def _correlation(rx: np.ndarray, ry: np.ndarray) -> float:
    if rx.std() == 0 or ry.std() == 0:
        return float("nan")
    return float(np.corrcoef(rx, ry)[0, 1])


def _ranks(x: np.ndarray) -> np.ndarray:
    """Mid-ranks (ties share their average rank)."""
    # Ties share their mid-rank, so the order among them (the sort's stability) is moot.
    order = np.argsort(x)
    sorted_x = x[order]
    first = np.r_[True, sorted_x[1:] != sorted_x[:-1]]
    group = np.cumsum(first) - 1
    starts = np.flatnonzero(first)
    ends = np.r_[starts[1:], len(x)]
    mid = (starts + ends - 1) / 2.0
    ranks = np.empty(len(x))
    ranks[order] = mid[group]
    return ranks

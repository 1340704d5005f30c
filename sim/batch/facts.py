"""Stylised facts of a batch: when deals happen, how varied they are, who gains from going first.

Scripted parties should produce the variety real talks show: deals spread over many rounds
(most, but not all, near the deadline), many different packages, walk-outs and deadlines
both possible, and outcomes that differ from run to run. `stylised_facts` measures that from
a batch's rows; `check_targets` compares the measurements with `FactTargets` and says which
targets are met and which are missed, with the numbers.

Rounds are counted from 1, as the TUI shows them ("round 1 of 24"): the `round` column's
0-based round `t` is round `t + 1`. The game's rounds `1 .. D` (D the deadline) are split
into fifths: round `r` is in fifth `k` (0-based) when `k·D/5 < r ≤ (k+1)·D/5`, that is
`k = (5r - 1) // D`. The last fifth is therefore every round after 80 % of the deadline
(`r > 0.8·D`: rounds 20-24 of 24, 13-16 of 16, 15-18 of 18). With fewer than five rounds
some fifths hold no round.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa

from sim.batch.job import OUTCOMES
from sim.negotiation.results import Outcome

FIFTHS = 5


def fifth_of(rounds: np.ndarray | int, deadline: int) -> np.ndarray:
    """The fifth of the game (0-4) each 1-based round in `1 .. deadline` falls in."""
    return (5 * np.asarray(rounds, dtype=np.int64) - 1) // deadline


def fifth_rounds(deadline: int) -> list[tuple[int, int]]:
    """The 1-based (first, last) round of each fifth; first > last for an empty fifth."""
    return [(k * deadline // FIFTHS + 1, (k + 1) * deadline // FIFTHS) for k in range(FIFTHS)]


@dataclass(frozen=True)
class Facts:
    """What a batch shows about timing, variety and fairness (see the module docstring)."""

    runs: int
    """Rows measured."""
    deadline: int
    """Rounds in a game."""
    deals: int
    """Runs that ended in a deal."""
    outcome_rates: dict[str, float]
    """Share of runs ending in each outcome kind (deal, deadline, walk_out); NaN without runs."""
    round_counts: tuple[int, ...]
    """Deals struck in each round: `round_counts[r - 1]` for round `r` (1-based), `deadline`
    entries."""
    round_mean: float
    """Mean 1-based deal round (NaN without deals)."""
    round_sd: float
    """Standard deviation of the deal round (population, ddof=0; NaN without deals)."""
    distinct_rounds: int
    """Number of different rounds in which deals were struck."""
    top_round_share: float
    """Largest share of the deals struck in any one round (NaN without deals)."""
    fifth_shares: tuple[float, ...]
    """Share of the deals struck in each fifth of the game (NaN without deals)."""
    distinct_packages: int
    """Number of different deals (combinations of options over every issue)."""
    utility_mean: dict[str, float]
    """Per party, its mean utility over every run (deal or not)."""
    utility_sd: dict[str, float]
    """Per party, the standard deviation of its utility over runs (population, ddof=0)."""
    first_advantage: dict[str, float] = field(default_factory=dict)
    """Per party, its mean utility in runs where it proposed first minus its mean utility in
    the other runs with a known first proposer (NaN when it was always or never first, or no
    first proposer is recorded, e.g. under the mediated protocol)."""

    @property
    def deal_rate(self) -> float:
        """Share of runs ending in a deal."""
        return self.outcome_rates[Outcome.DEAL.label]

    @property
    def last_fifth_share(self) -> float:
        """Share of the deals struck in the last fifth (rounds after 80 % of the deadline)."""
        return self.fifth_shares[-1]

    @property
    def before_last_fifth_share(self) -> float:
        """Share of the deals struck before the last fifth."""
        return 1.0 - self.fifth_shares[-1]

    @property
    def top_round(self) -> int | None:
        """The round holding the most deals (the earliest on a tie), None without deals."""
        return int(np.argmax(self.round_counts)) + 1 if self.deals else None


def stylised_facts(table: pa.Table | pa.RecordBatch, deadline: int, *,
                   parties: list[str] | tuple[str, ...] | None = None,
                   issues: list[str] | tuple[str, ...] | None = None,
                   staged: bool = False) -> Facts:
    """The stylised facts of a batch's rows.

    Args:
        table: rows as `parley batch` writes them; reads `outcome`, `round`, `deal.<issue>`,
            `utility.<party>` and, when present, `first`.
        deadline: rounds in a game (`scenario.protocol.deadline`, the batch's `deadline`).
        parties: the parties (default: every `utility.<party>` column, in order).
        issues: the issues (default: every `deal.<issue>` column, in order).
        staged: rows of staged talks (`sim.negotiation.stages`): outcomes include talks
            that never opened, and rounds are those of the last stage.

    Raises:
        ValueError: the deadline is not positive, or a deal's round lies outside the game.
    """
    if deadline < 1:
        raise ValueError(f"deadline must be at least 1 round, not {deadline}")
    if isinstance(table, pa.RecordBatch):
        table = pa.Table.from_batches([table])
    names = table.column_names
    if parties is None:
        parties = [c.removeprefix("utility.") for c in names if c.startswith("utility.")]
    if issues is None:
        issues = [c.removeprefix("deal.") for c in names if c.startswith("deal.")]
    n = table.num_rows
    kind = _positions(table["outcome"], OUTCOMES)
    dealt = kind == OUTCOMES.index(Outcome.DEAL.label)
    deals = int(dealt.sum())
    rounds = np.asarray(table["round"].to_numpy(), dtype=np.int64)[dealt] + 1
    if rounds.size and (rounds.min() < 1 or rounds.max() > deadline):
        raise ValueError(f"deal rounds run from {rounds.min()} to {rounds.max()}, outside the "
                         f"game's rounds 1-{deadline}")
    counts = np.bincount(rounds - 1, minlength=deadline)
    fifths = np.bincount(fifth_of(rounds, deadline), minlength=FIFTHS)
    utility = {p: np.asarray(table[f"utility.{p}"].to_numpy(), dtype=np.float64)
               for p in parties}
    return Facts(
        runs=n, deadline=deadline, deals=deals,
        outcome_rates={k: _share(int((kind == i).sum()), n) for i, k in enumerate(OUTCOMES)
                       if staged or k != Outcome.NEVER_OPENED.label},
        round_counts=tuple(int(c) for c in counts),
        round_mean=float(rounds.mean()) if deals else math.nan,
        round_sd=float(rounds.std()) if deals else math.nan,
        distinct_rounds=int(np.count_nonzero(counts)),
        top_round_share=_share(int(counts.max()), deals),
        fifth_shares=tuple(_share(int(c), deals) for c in fifths),
        distinct_packages=_distinct_packages(table, issues, dealt),
        utility_mean={p: float(u.mean()) if n else math.nan for p, u in utility.items()},
        utility_sd={p: float(u.std()) if n else math.nan for p, u in utility.items()},
        first_advantage=_first_advantage(table, parties, utility))


def _share(count: int, total: int) -> float:
    return count / total if total else math.nan


def _positions(column: pa.ChunkedArray | pa.Array,
               labels: list[str] | tuple[str, ...]) -> np.ndarray:
    """Index of each row's value in `labels`; -1 for a missing or unknown value."""
    values, names = _encode(column)
    index = {name: k for k, name in enumerate(labels)}
    lookup = np.array([index.get(name, -1) for name in names] + [-1], dtype=np.int64)
    return lookup[values]


def _encode(column: pa.ChunkedArray | pa.Array) -> tuple[np.ndarray, list[str]]:
    """Each row's code into the column's distinct values (missing values get the last code,
    one past them), and those values as strings; strings stay in Arrow, not Python."""
    chunks = column.chunks if isinstance(column, pa.ChunkedArray) else [column]
    if chunks and all(isinstance(chunk, pa.DictionaryArray) for chunk in chunks):
        return _decode_dictionaries(chunks)
    strings = column.cast(pa.string())
    if isinstance(strings, pa.ChunkedArray):
        strings = (strings.combine_chunks() if strings.num_chunks
                   else pa.array([], type=pa.string()))
    encoded = strings.dictionary_encode()
    names = [str(v) for v in encoded.dictionary.to_pylist()]
    codes = encoded.indices.fill_null(len(names)).to_numpy(zero_copy_only=False)
    return np.asarray(codes, dtype=np.int64), names


def _decode_dictionaries(chunks: list[pa.DictionaryArray]) -> tuple[np.ndarray, list[str]]:
    """`_encode` of dictionary-encoded chunks (the columns a batch writes), in numpy: the
    codes follow the dictionaries' entries instead of first appearances, which no caller
    depends on, and pyarrow.compute (~40 ms to import) is not needed."""
    index: dict[str, int] = {}
    parts = []
    for chunk in chunks:
        lookup = np.array([index.setdefault(str(v), len(index)) if v is not None else -1
                           for v in chunk.dictionary.to_pylist()] + [-1], dtype=np.int64)
        raw = chunk.indices.to_numpy(zero_copy_only=False)  # NaN where a value is missing
        if chunk.indices.null_count:
            raw = np.where(np.isnan(raw), len(lookup) - 1, raw)
        parts.append(lookup[raw.astype(np.int64)])
    codes = np.concatenate(parts)
    codes[codes < 0] = len(index)
    return codes, list(index)


def _distinct_packages(table: pa.Table, issues: list[str] | tuple[str, ...],
                       dealt: np.ndarray) -> int:
    if not dealt.any():
        return 0
    if not issues:
        return 1
    # Each package as one number (its options' codes in mixed radix): counting distinct
    # numbers is a plain sort, where np.unique(axis=0) sorts rows as structured records.
    number = np.zeros(int(dealt.sum()), dtype=np.int64)
    scale = 1
    for issue in issues:
        codes, names = _encode(table[f"deal.{issue}"])
        size = len(names) + 1  # one more code for a missing value
        if scale * size >= 2**62:  # too many combinations for one int64: compare rows
            package = np.stack([_encode(table[f"deal.{i}"])[0][dealt] for i in issues], axis=1)
            return int(np.unique(package, axis=0).shape[0])
        number += codes[dealt] * scale
        scale *= size
    return int(np.unique(number).shape[0])


def _first_advantage(table: pa.Table, parties: list[str] | tuple[str, ...],
                     utility: dict[str, np.ndarray]) -> dict[str, float]:
    if "first" not in table.column_names:
        return {p: math.nan for p in parties}
    first = _positions(table["first"], parties)
    known = first >= 0
    gains = {}
    for k, p in enumerate(parties):
        was, other = known & (first == k), known & (first != k)
        gains[p] = (float(utility[p][was].mean() - utility[p][other].mean())
                    if was.any() and other.any() else math.nan)
    return gains


@dataclass(frozen=True)
class TargetCheck:
    """One target and how a batch measured against it."""

    target: str
    """What is wanted, e.g. `deal rate between 20% and 85%`."""
    measured: str
    """What was found, e.g. `97.2%`."""
    met: bool

    def __str__(self) -> str:
        return f"{self.target}: {self.measured}"


@dataclass(frozen=True)
class FactTargets:
    """What realistic variety looks like; `check` says which targets a batch meets."""

    deal_rate: tuple[float, float] = (0.20, 0.85)
    """Lowest and highest acceptable deal rate."""
    min_deal_rounds: int = 6
    """Deals in at least this many different rounds."""
    max_round_share: float = 0.5
    """No single round may hold more than this share of the deals."""
    min_before_last_fifth: float = 0.15
    """At least this share of the deals before the last fifth of the game."""
    min_packages: int = 10
    """At least this many different deal packages."""
    min_utility_sd: float = 0.05
    """Every party's utility varies across runs by at least this standard deviation."""

    def check(self, f: Facts) -> list[TargetCheck]:
        """Every target, met or missed, with the number measured."""
        low, high = self.deal_rate
        rate = f.deal_rate
        before = f.before_last_fifth_share
        earlier = max(f.fifth_shares[:-1]) if f.deals else math.nan
        short = [p for p, sd in f.utility_sd.items() if not sd >= self.min_utility_sd]
        spread = ", ".join(f"{p} {sd:.3f}" for p, sd in f.utility_sd.items()) or "no parties"
        return [
            TargetCheck(f"deal rate between {low:.0%} and {high:.0%}", _pct(rate),
                        low <= rate <= high),
            TargetCheck("walk-outs possible (rate > 0)", _pct(f.outcome_rates["walk_out"]),
                        f.outcome_rates["walk_out"] > 0),
            TargetCheck("deadlines possible (rate > 0)", _pct(f.outcome_rates["deadline"]),
                        f.outcome_rates["deadline"] > 0),
            TargetCheck(f"deals in at least {self.min_deal_rounds} different rounds",
                        f"{f.distinct_rounds} round{'' if f.distinct_rounds == 1 else 's'}",
                        f.distinct_rounds >= self.min_deal_rounds),
            TargetCheck(f"no round holds more than {self.max_round_share:.0%} of the deals",
                        (f"round {f.top_round} holds {_pct(f.top_round_share)}" if f.deals
                         else "no deals"),
                        f.top_round_share <= self.max_round_share),
            TargetCheck(f"at least {self.min_before_last_fifth:.0%} of deals before the last "
                        "fifth", _pct(before) if f.deals else "no deals",
                        before >= self.min_before_last_fifth),
            TargetCheck("the last fifth holds more deals than any earlier fifth",
                        (f"last {_pct(f.last_fifth_share)}, best earlier {_pct(earlier)}"
                         if f.deals else "no deals"),
                        f.last_fifth_share > earlier),
            TargetCheck(f"at least {self.min_packages} distinct deal packages",
                        f"{f.distinct_packages} package{'' if f.distinct_packages == 1 else 's'}",
                        f.distinct_packages >= self.min_packages),
            TargetCheck(f"every party's utility sd at least {self.min_utility_sd:g}",
                        spread if not short else "below: " + ", ".join(
                            f"{p} {f.utility_sd[p]:.3f}" for p in short),
                        bool(f.utility_sd) and not short),
        ]

    def missed(self, f: Facts) -> list[str]:
        """The targets `f` misses, each with the number measured (empty when all are met)."""
        return [str(c) for c in self.check(f) if not c.met]


def check_targets(f: Facts, targets: FactTargets | None = None) -> list[TargetCheck]:
    """Every target of `targets` (default `FactTargets()`), met or missed."""
    return (targets or FactTargets()).check(f)


def missed_targets(f: Facts, targets: FactTargets | None = None) -> list[str]:
    """The targets `f` misses, with numbers; empty when every target is met."""
    return (targets or FactTargets()).missed(f)


def _pct(x: float) -> str:
    return "n/a" if x != x else f"{x:.1%}"

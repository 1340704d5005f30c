"""What the parties learn of each other's priorities from what they table and accept.

A frequency model, as ANAC agents keep one (e.g. HardHeaded): an option a party tables or
accepts often is one it values; an issue on which its successive offers never move is one
it cares about. The estimate of party `j`'s utility of an outcome blends its public position
with this learnt reading, trusting the reading more as evidence accumulates.

Everything it reads is public (offers and answers at the table), so every observer learns
the same: one model serves all the scripted parties of a negotiation, each reading it about
the others. Arrays have a leading party axis, then the run axis; only the runs that saw
something are touched.
"""

from __future__ import annotations

import numpy as np

ISSUE_STEP = 0.25
"""Weight an issue gains each time a party's offer keeps the option it had last time."""
ACCEPT_COUNT = 0.5
"""An accepted offer counts for this much of a tabled one in the option counts."""
TRUST_HALF = 3.0
"""Observations after which the learnt reading carries half of its full weight."""
TRUST_MAX = 0.5
"""Weight of the learnt reading once evidence is plentiful (the rest: public position)."""


class OpponentModel:
    """Per-run frequency estimates of every party's issue weights and option values.

    Args:
        n_runs: runs.
        n_parties: parties.
        n_options: options of each issue.
        table: [O, I] option codes of every outcome.
    """

    def __init__(self, n_runs: int, n_parties: int, n_options: tuple[int, ...],
                 table: np.ndarray) -> None:
        n_i, k_max = len(n_options), max(n_options)
        self.table = table.astype(np.int64)
        self.k_max = k_max
        self.counts = np.zeros((n_parties, n_runs, k_max * n_i), dtype=np.uint16)
        """[P, N, K*I] how often each party tabled (or accepted) each option, in halves (a
        tabled offer counts 2, an accepted one 1), option-major (option `k` of issue `i` in
        cell `k * I + i`), so an issue's top count is the largest of `K` contiguous slices.
        A party adds at most 2 a round and a game has at most 500 rounds, so 16 bits hold
        every count exactly, in a quarter of the memory the scattered updates touch."""
        self.weights = np.ones((n_parties, n_runs, n_i), dtype=np.float32)
        """[P, N, I] unnormalised issue weights (1 plus multiples of 0.25: exact in float32)."""
        self.seen = np.zeros((n_parties, n_runs))
        """[P, N] observations of each party."""
        self.last = np.full((n_parties, n_runs), -1, dtype=np.int64)
        """[P, N] each party's last own offer (-1: none yet)."""
        self._issue = np.arange(n_i)
        self._cells = self.table * n_i + self._issue
        """[O, I] each outcome's cell of the option counts on every issue."""

    def offered(self, runs: np.ndarray, party: np.ndarray, outcomes: np.ndarray) -> None:
        """Party `party[k]` tabled `outcomes[k]` in run `runs[k]` (one offer per run)."""
        # Flat indices into the [P, N, ...] arrays: one gather or scatter per array, which
        # costs far less than indexing them with (party, run) pairs.
        row = party * self.last.shape[1] + runs
        last = np.take(self.last.reshape(-1), row)
        kept = ((np.take(self.table, np.maximum(last, 0), axis=0)
                 == np.take(self.table, outcomes, axis=0)) & (last >= 0)[:, None])
        n_i = len(self._issue)
        at = ((row * n_i)[:, None] + self._issue).reshape(-1)
        flat = self.weights.reshape(-1)
        flat[at] += ISSUE_STEP * kept.reshape(-1)
        self._count(row, outcomes, 1.0)
        self.last.reshape(-1)[row] = outcomes

    def accepted(self, runs: np.ndarray, party: np.ndarray, outcomes: np.ndarray) -> None:
        """Party `party[k]` accepted `outcomes[k]` in run `runs[k]` (each pair once)."""
        self._count(party * self.last.shape[1] + runs, outcomes, ACCEPT_COUNT)

    def _count(self, row: np.ndarray, outcomes: np.ndarray, by: float) -> None:
        """Count `outcomes[k]` for (party, run) row `row[k]` of the flattened arrays."""
        # One flat index per (run, issue): each is touched once, so `+=` adds them all.
        at = ((row * self.counts.shape[2])[:, None]
              + np.take(self._cells, outcomes, axis=0)).reshape(-1)
        flat = self.counts.reshape(-1)
        flat[at] += round(2 * by)
        self.seen.reshape(-1)[row] += by

    @property
    def top(self) -> np.ndarray:
        """[P, N, I] the highest option count on each issue."""
        n_p, n, _ = self.counts.shape
        return self.counts.reshape(n_p, n, self.k_max, len(self._issue)).max(axis=2) * 0.5

    def estimate(self, runs: np.ndarray, party: np.ndarray, candidates: np.ndarray,
                 public: np.ndarray) -> np.ndarray:
        """[n, C] estimated utility to party `party[k]` of run `runs[k]`'s candidates.

        Args:
            runs: [n] runs.
            party: [n] whose utility, one party per run.
            candidates: [n, C] outcome numbers.
            public: [n, C] that party's public utility of those outcomes.
        """
        n, n_c = candidates.shape
        n_i = len(self._issue)
        cells = self.counts.shape[2]
        row = party * self.counts.shape[1] + runs
        counts = np.take(self.counts.reshape(-1, cells), row, axis=0) * 0.5
        # Counts only grow, so an issue's highest count is the largest of its options'.
        top = counts[:, :n_i]
        for k in range(1, self.k_max):
            top = np.maximum(top, counts[:, k * n_i:(k + 1) * n_i])
        weights = np.take(self.weights.reshape(-1, n_i), row, axis=0).astype(np.float64)
        # An issue's share of the weight over its option's (count + 1) / (top count + 1).
        scale = weights / (weights.sum(axis=1, keepdims=True) * (top + 1.0))
        # Each option's term, scale * (count + 1), for every cell of the run's row; then the
        # candidates' terms gathered at once and added up issue by issue.
        term = np.tile(scale, self.k_max)
        term *= counts + 1.0
        at = np.take(self._cells, candidates, axis=0)
        at += (np.arange(n) * cells)[:, None, None]
        found = np.take(term, at)
        learnt = np.zeros((n, n_c))
        for i in range(n_i):
            learnt += found[:, :, i]
        seen = np.take(self.seen.reshape(-1), row)[:, None]
        trust = TRUST_MAX * seen / (seen + TRUST_HALF)
        return (1.0 - trust) * public + trust * learnt

    def memory(self) -> dict[str, np.ndarray]:
        """The model's arrays (run axis first), for snapshots."""
        return {f"model.{name}": np.swapaxes(getattr(self, name), 0, 1).copy()
                for name in ("counts", "top", "weights", "seen", "last")}

    def restore(self, memory: dict[str, np.ndarray]) -> None:
        """Take up a snapshot's model (one row) in every run."""
        for name in ("counts", "weights", "seen", "last"):  # `top` follows from the counts
            key = f"model.{name}"
            if key in memory:
                array = getattr(self, name)
                array[:] = np.swapaxes(memory[key], 0, 1)[:, :1]

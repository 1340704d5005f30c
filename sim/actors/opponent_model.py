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
        self.counts = np.zeros((n_parties, n_runs, n_i * k_max))
        """[P, N, I*K] how often each party tabled (or accepted) each option."""
        self.weights = np.ones((n_parties, n_runs, n_i))
        """[P, N, I] unnormalised issue weights."""
        self.seen = np.zeros((n_parties, n_runs))
        """[P, N] observations of each party."""
        self.last = np.full((n_parties, n_runs), -1, dtype=np.int64)
        """[P, N] each party's last own offer (-1: none yet)."""
        self.top = np.zeros((n_parties, n_runs, n_i))
        """[P, N, I] the highest option count on each issue (kept as counts grow)."""
        self._slots = np.arange(n_i) * k_max

    def offered(self, runs: np.ndarray, party: np.ndarray, outcomes: np.ndarray) -> None:
        """Party `party[k]` tabled `outcomes[k]` in run `runs[k]` (one offer per run)."""
        options = self.table[outcomes]
        last = self.last[party, runs]
        kept = (self.table[np.maximum(last, 0)] == options) & (last >= 0)[:, None]
        self.weights[party, runs] += ISSUE_STEP * kept
        self._count(runs, party, options, 1.0)
        self.last[party, runs] = outcomes

    def accepted(self, runs: np.ndarray, party: np.ndarray, outcomes: np.ndarray) -> None:
        """Party `party[k]` accepted `outcomes[k]` in run `runs[k]` (each pair once)."""
        self._count(runs, party, self.table[outcomes], ACCEPT_COUNT)

    def _count(self, runs: np.ndarray, party: np.ndarray, options: np.ndarray,
               by: float) -> None:
        # One flat index per (run, issue): each is touched once, so `+=` adds them all.
        cells = self.counts.shape[2]
        at = ((party * self.counts.shape[1] + runs)[:, None] * cells + options
              + self._slots).reshape(-1)
        flat = self.counts.reshape(-1)
        flat[at] += by
        top = self.top[party, runs]
        self.top[party, runs] = np.maximum(top, flat[at].reshape(top.shape))
        self.seen[party, runs] += by

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
        n_i = len(self._slots)
        cells = self.counts.shape[2]
        row = party * self.counts.shape[1] + runs
        counts = np.take(self.counts.reshape(-1, cells), row, axis=0)
        top = np.take(self.top.reshape(-1, n_i), row, axis=0)
        weights = np.take(self.weights.reshape(-1, n_i), row, axis=0)
        # An issue's share of the weight over its option's (count + 1) / (top count + 1).
        scale = weights / (weights.sum(axis=1, keepdims=True) * (top + 1.0))
        options = self.table[candidates] + self._slots
        found = np.take_along_axis(counts, options.reshape(n, -1), axis=1).reshape(n, n_c, n_i)
        learnt = np.zeros((n, n_c))
        for i in range(n_i):
            learnt += scale[:, i, None] * (found[:, :, i] + 1.0)
        seen = np.take(self.seen.reshape(-1), row)[:, None]
        trust = TRUST_MAX * seen / (seen + TRUST_HALF)
        return (1.0 - trust) * public + trust * learnt

    def memory(self) -> dict[str, np.ndarray]:
        """The model's arrays (run axis first), for snapshots."""
        return {f"model.{name}": np.swapaxes(getattr(self, name), 0, 1).copy()
                for name in ("counts", "top", "weights", "seen", "last")}

    def restore(self, memory: dict[str, np.ndarray]) -> None:
        """Take up a snapshot's model (one row) in every run."""
        for name in ("counts", "top", "weights", "seen", "last"):
            key = f"model.{name}"
            if key in memory:
                array = getattr(self, name)
                array[:] = np.swapaxes(memory[key], 0, 1)[:, :1]

"""Per-run parameters: the scenario's numbers, one row per run, ready to be perturbed.

A single game uses the scenario as written (one row). A Monte Carlo batch draws each run's
reservation values, budgets, paces, strategies or preferences from ranges and hands the
engine one row per run; nothing else about the engine changes.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from sim.negotiation.game import Game, utilities


@dataclass(frozen=True, eq=False)
class RunParams:
    """Parameters of `N` runs. Preference arrays have a leading axis of 1 (shared) or `N`."""

    reservation: np.ndarray
    """[N, P] reservation values."""
    budget: np.ndarray
    """[N, P] concession budget totals."""
    pace: np.ndarray
    """[N, P] concession-curve exponents."""
    strategy: np.ndarray
    """[N, P] strategy codes."""
    weights: np.ndarray
    """[B, P, I] salience weights."""
    values: np.ndarray
    """[B, P, I, K] option utilities."""

    @classmethod
    def defaults(cls, game: Game, n_runs: int = 1) -> RunParams:
        """The scenario's own parameters, repeated for `n_runs` runs."""
        def rows(a: np.ndarray) -> np.ndarray:
            return np.repeat(a[None, :], n_runs, axis=0)

        return cls(
            reservation=rows(game.reservation).astype(np.float64),
            budget=rows(game.budget).astype(np.float64),
            pace=rows(game.pace).astype(np.float64),
            strategy=rows(game.strategy).astype(np.int8),
            weights=game.weights[None].copy(),
            values=game.values[None].copy(),
        )

    @property
    def n_runs(self) -> int:
        """Number of runs."""
        return int(self.reservation.shape[0])

    def shared_preferences(self) -> bool:
        """Whether all runs share one set of utilities."""
        return self.weights.shape[0] == 1 and self.values.shape[0] == 1

    def utilities(self, game: Game) -> np.ndarray:
        """[B, P, O] raw utilities of every outcome."""
        if self.shared_preferences() and np.array_equal(self.weights[0], game.weights) \
                and np.array_equal(self.values[0], game.values):
            return game.utility[None]
        return utilities(self.weights, self.values, game.table)

    def take(self, runs: np.ndarray) -> RunParams:
        """The parameters of a subset of runs."""
        def pick(a: np.ndarray) -> np.ndarray:
            return a if a.shape[0] == 1 else a[runs]

        return replace(self, reservation=self.reservation[runs], budget=self.budget[runs],
                       pace=self.pace[runs], strategy=self.strategy[runs],
                       weights=pick(self.weights), values=pick(self.values))

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
    delay_cost: np.ndarray
    """[N, P] utility no deal loses per round."""
    responsiveness: np.ndarray
    """[N, P] how far the others' concessions set each party's pace."""
    sharpness: np.ndarray
    """[N, P] logit sharpness of acceptance."""
    ratify_prob: np.ndarray
    """[N, P] chance a ratifying body approves a deal above its minimum (1 without one)."""
    world: np.ndarray | None = None
    """[N] row of the preference arrays each run uses; None: row 0 when `B` is 1, else row
    `n` for run `n`. Batches draw a few preference worlds and share each among many runs,
    since utility tables over every outcome cost as much as the runs themselves."""

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
            delay_cost=rows(game.delay_cost).astype(np.float64),
            responsiveness=rows(game.responsiveness).astype(np.float64),
            sharpness=rows(game.sharpness).astype(np.float64),
            ratify_prob=rows(game.ratify_prob).astype(np.float64),
        )

    @property
    def n_runs(self) -> int:
        """Number of runs."""
        return int(self.reservation.shape[0])

    def rows(self) -> np.ndarray:
        """[N] row of the preference arrays for each run."""
        if self.world is not None:
            return self.world
        if max(self.weights.shape[0], self.values.shape[0]) == 1:
            return np.zeros(self.n_runs, dtype=np.int64)
        return np.arange(self.n_runs, dtype=np.int64)

    def shared_preferences(self) -> bool:
        """Whether all runs share one set of utilities."""
        return self.weights.shape[0] == 1 and self.values.shape[0] == 1

    def utilities(self, game: Game) -> np.ndarray:
        """[B, P, O] raw utilities of every outcome."""
        if self.shared_preferences() and np.array_equal(self.weights[0], game.weights) \
                and np.array_equal(self.values[0], game.values):
            return game.utility[None]
        return utilities(self.weights, self.values, game.table)

    def worlds_in_use(self) -> RunParams:
        """These parameters with only the preference worlds some run lives in, renumbered in
        order. Each world costs utility and offer tables over every outcome, and a slice of
        a batch may use few of its worlds (`parley batch -n 1` uses one of 64); a run's
        results depend only on its own world, so they are the same either way."""
        if self.world is None:
            return self
        present = np.bincount(self.world, minlength=max(self.weights.shape[0],
                                                        self.values.shape[0])) > 0
        if present.all():
            return self
        used = np.flatnonzero(present)

        def pick(a: np.ndarray) -> np.ndarray:
            return a if a.shape[0] == 1 else a[used]

        return replace(self, weights=pick(self.weights), values=pick(self.values),
                       world=(np.cumsum(present) - 1)[self.world])

    def take(self, runs: np.ndarray) -> RunParams:
        """The parameters of a subset of runs."""
        def pick(a: np.ndarray) -> np.ndarray:
            return a if a.shape[0] == 1 else a[runs]

        if self.world is not None:
            # Keep the worlds; the runs keep pointing at theirs.
            weights, values, world = self.weights, self.values, self.world[runs]
        else:
            weights, values, world = pick(self.weights), pick(self.values), None
        return replace(self, reservation=self.reservation[runs], budget=self.budget[runs],
                       pace=self.pace[runs], strategy=self.strategy[runs], weights=weights,
                       values=values, delay_cost=self.delay_cost[runs],
                       responsiveness=self.responsiveness[runs],
                       sharpness=self.sharpness[runs], ratify_prob=self.ratify_prob[runs],
                       world=world)

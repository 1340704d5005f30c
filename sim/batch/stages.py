"""Batches of staged talks: each chunk runs its first stage vectorised, groups the runs by what
they agreed, and runs each group's next stage vectorised with the game that agreement derives
(`sim.negotiation.stages.run_staged`). The one-table hot path (`sim.batch.job.simulate`) is
not touched: `run_chunk` hands a staged job's chunks here.

Rows are those of a one-table batch, told in the whole scenario's terms (`deal.<issue>` for
every issue of every stage, `outcome` may be `never_opened`, `round` and `first` are the last
stage played's), plus per stage `stage.<id>.outcome` and `stage.<id>.round` (null for a stage
never reached) and, for each stage before the last, what it agreed on each of its issues
(`stage.<id>.<issue>`, null when it did not agree): the preconditions the summary compares.
Drawn parameters are recorded once per run (`drawn.<path>`, the whole scenario's ranges); each
stage draws its own numbers from its own ranges at the same quantile.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pyarrow as pa

from sim.batch.job import BatchJob, to_table
from sim.batch.perturb import draw
from sim.negotiation import randomness as rnd
from sim.negotiation.results import Outcome
from sim.negotiation.stages import Drawn, StagedPlan, run_staged
from sim.scenario.uncertainty import merge, parse_vary, scenario_variations

STAGE_WIDTH = 50_000
"""Runs a staged chunk plays together. Wider than the one-table engine's slices: a staged
slice splits into one group per agreement its first stage reaches, and each group pays the
engine's fixed costs, so wider slices keep the groups large."""

NOT_PLAYED = "not_played"
"""What `stage.<id>.outcome` would say of a stage never reached (written as null)."""


@dataclass(frozen=True, eq=False)
class StagedJob(BatchJob):
    """What every chunk of a batch of staged talks shares. `game` is the whole scenario's
    (every issue and party), so rows, identity and metadata read as a one-table batch's."""

    plan: StagedPlan | None = None
    """The staged scenario, with the protocol override."""
    level: float | None = None
    """`--uncertainty`: every reservation value and budget within ± this much."""
    pinned: bool = False
    """`--pinned`: vary only what the scenario's block, `level` and `vary` name."""
    vary: tuple[str, ...] = field(default=())
    """`--vary` texts, applied in every stage that has the parameter."""

    @property
    def staged(self) -> bool:
        """Whether the chunks run through stages (they do)."""
        return True

    def describe(self) -> dict[str, Any]:
        """The stages, for the rows' description: ids, titles, issues, deadlines; the
        deadline `parley summary`'s facts count rounds against is the last stage's."""
        assert self.plan is not None
        stages = [{"id": s.id, "title": s.title, "issues": list(s.issues),
                   "deadline": (s.protocol or self.plan.scenario.protocol).deadline}
                  for s in self.plan.stages]
        return {"stages": stages, "deadline": stages[-1]["deadline"]}


def staged_job(plan: StagedPlan, seed: int, *, level: float | None = None,
               pinned: bool = False, vary: tuple[str, ...] = ()) -> StagedJob:
    """A staged batch job; its `variations` are the whole scenario's (the drawn columns).

    Raises:
        VaryError: a `vary` text or the scenario's `uncertainty:` block is wrong.
    """
    scenario = plan.scenario
    variations = merge(scenario_variations(scenario, level, pinned=pinned),
                       *(parse_vary(text, scenario) for text in vary))
    return StagedJob(plan.whole, seed, tuple(variations), plan.protocol, plan=plan,
                     level=level, pinned=pinned, vary=vary)


def staged_chunk(job: BatchJob, start: int, count: int) -> pa.Table:
    """The rows of runs `start .. start + count - 1` of a staged batch, in run order."""
    assert isinstance(job, StagedJob) and job.plan is not None
    parts = []
    for first in range(start, start + count, STAGE_WIDTH):
        width = min(STAGE_WIDTH, start + count - first)
        parts.append(_slice(job, job.plan, first, width))
    return pa.concat_tables(parts)


_NUMBERS: weakref.WeakKeyDictionary[StagedJob, Drawn] = weakref.WeakKeyDictionary()
"""Each job's `Drawn`, kept across its chunks: it remembers every stage table's variations,
which take milliseconds to work out from the evidence, and each slice asks for them once per
group it plays."""


def _numbers(job: StagedJob) -> Drawn:
    found = _NUMBERS.get(job)
    if found is None:
        found = _NUMBERS[job] = Drawn(pinned=job.pinned, level=job.level, vary=job.vary,
                                      worlds=rnd.world_keys(job.seed, job.worlds))
    return found


def _slice(job: StagedJob, plan: StagedPlan, start: int, count: int) -> pa.Table:
    seeds = rnd.batch_seeds(job.seed, start, count)
    numbers = _numbers(job)
    worlds = numbers.worlds
    results = run_staged(plan, seeds, numbers=numbers)
    drawn = draw(plan.whole, list(job.variations), rnd.seed_keys(seeds), worlds=worlds)
    table = to_table(job, start, seeds, drawn, results, results.first[:, -1])
    whole = plan.whole
    labels = pa.array([o.label for o in Outcome])
    for k, stage in enumerate(plan.stages):
        played = results.stage_round[:, k] >= 0
        kind = pa.DictionaryArray.from_arrays(
            pa.array(results.stage_kind[:, k].astype(np.int8), mask=~played), labels)
        table = table.append_column(f"stage.{stage.id}.outcome", kind)
        table = table.append_column(f"stage.{stage.id}.round", pa.array(
            results.stage_round[:, k].astype(np.int16), mask=~played))
        if k == len(plan.stages) - 1:
            continue
        agreed = results.stage_kind[:, k] == Outcome.DEAL
        for issue in stage.issues:
            i = whole.issues.index(issue)
            codes = np.where(agreed, results.agreed[:, i], -1).astype(np.int8)
            table = table.append_column(f"stage.{stage.id}.{issue}", pa.DictionaryArray
                                        .from_arrays(pa.array(np.maximum(codes, 0),
                                                              mask=codes < 0),
                                                     pa.array(whole.options[i])))
    return table



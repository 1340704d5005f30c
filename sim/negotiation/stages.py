"""Staged talks: one `Negotiation` per stage, each stage's game derived from what the last agreed.

A scenario with `stages:` is played stage by stage (talks about talks, then the settlement).
The engine and its protocols do not change: each stage is an ordinary one-table game, built
here from the scenario and from what earlier stages carried into it:

- the stage's table holds its own issues and every issue agreed so far, the latter fixed at
  what was agreed (an issue with a single option), so the last stage's deal settles every
  issue of the scenario;
- a party's salience is its own over the issues at the table, scaled to sum to 1 (unless the
  stage sets it); its red lines apply where their issues are at the table and not all
  settled already; a stage may set a
  party's reservation value, budget, cost of delay or strategy for itself; a ratifying body
  votes only on the last stage's deal;
- carry-over rules of an agreed stage fix issues of later stages, leave parties out of later
  tables, admit a mediator (the later stages then run under the single-text protocol), or
  shift parties' reservation values, budgets and costs of delay.

A stage that ends without agreement ends the game: the talks never opened
(`Outcome.NEVER_OPENED`), and each party is left with what no agreement in that stage is
worth to it (its reservation value at that stage's table: the stage's own, as its brief
states it, moved by what earlier stages carried, before costs of delay). Each stage's engine
seed is the run's seed for the first stage and `randomness.stage_seeds` for later ones; a
run's parameters are drawn with the run's own key in every stage (a party's draw for a path
keeps its quantile from stage to stage).

`StagedNegotiation` plays one game (people may play sides) and records its transcript;
`run_staged` plays many runs, stage by stage, grouping the runs by what their earlier stages
agreed, so that each group's next stage is one vectorised `Negotiation`. A run gives the same
result either way.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

import numpy as np

from sim.negotiation import randomness as rnd
from sim.negotiation.engine import Negotiation
from sim.negotiation.game import Game, compile_game
from sim.negotiation.params import RunParams
from sim.negotiation.results import Outcome, Results
from sim.scenario.schema import (
    NEUTRAL,
    Scenario,
    Stage,
)
from sim.scenario.staging import stage_scenario

if TYPE_CHECKING:
    from sim.actors.base import TableView
    from sim.actors.human import Decision, DecisionRequest
    from sim.negotiation.snapshot import Snapshot
    from sim.scenario.uncertainty import Variation
    from sim.transcript.format import Record


SHIFT_BOUNDS = {"reservation": (0.0, 1.0), "budget": (0.0, 1.0), "delay_cost": (0.0, 0.2)}
"""Where a carried shift keeps each number."""


# --------------------------------------------------------------------------- what carries


@dataclass(frozen=True)
class CarryNote:
    """A carry-over rule that applied, as a transcript and the screens tell it."""

    stage: str
    """The stage whose agreement set it off."""
    label: str
    fix: tuple[tuple[str, str], ...] = ()
    leave: tuple[str, ...] = ()
    mediator: str | None = None
    shift: tuple[tuple[str, str, float], ...] = ()
    """(party, number, change)."""
    no_veto: tuple[str, ...] = ()

    def record(self) -> dict[str, Any]:
        """The note as a transcript field."""
        out: dict[str, Any] = {"from": self.stage, "label": self.label}
        if self.fix:
            out["fix"] = dict(self.fix)
        if self.leave:
            out["leave"] = list(self.leave)
        if self.no_veto:
            out["no_veto"] = list(self.no_veto)
        if self.mediator is not None:
            out["mediator"] = self.mediator
        if self.shift:
            shifts: dict[str, dict[str, float]] = {}
            for party, key, by in self.shift:
                shifts.setdefault(party, {})[key] = by
            out["shift"] = shifts
        return out


@dataclass(frozen=True)
class Carried:
    """What earlier stages leave to the next: options agreed (or fixed), parties left out,
    an admitted mediator, shifted numbers. Hashable: runs are grouped by it."""

    agreed: tuple[tuple[str, str], ...] = ()
    """(issue, option) agreed or fixed so far, in the scenario's issue order."""
    left: tuple[str, ...] = ()
    """Parties no longer at the table."""
    unneeded: tuple[str, ...] = ()
    """Parties still at the table whose yes a deal no longer needs."""
    mediator: str | None = None
    """An admitted mediator (a party, or `neutral`)."""
    shifts: tuple[tuple[str, str, float], ...] = ()
    """(party, number, total change), sorted."""
    notes: tuple[CarryNote, ...] = ()
    """The rules that applied, in order."""

    @property
    def options(self) -> dict[str, str]:
        """Issue → the option agreed or fixed."""
        return dict(self.agreed)

    def after(self, scenario: Scenario, k: int, deal: dict[str, str]) -> Carried:
        """What is carried past stage `k` once it agreed `deal` (issue → option, at least
        every issue of that stage)."""
        stage = stages_of(scenario)[k]
        agreed = self.options
        for issue in stage.issues:
            agreed.setdefault(issue, deal[issue])
        left = list(self.left)
        unneeded = list(self.unneeded)
        mediator = self.mediator
        shifts = {(p, key): by for p, key, by in self.shifts}
        notes = list(self.notes)
        for rule in stage.carry:
            if not all(deal.get(issue) in options for issue, options in rule.when.items()):
                continue
            for issue, option in rule.fix.items():
                agreed.setdefault(issue, option)
            left += [p for p in rule.leave if p not in left]
            unneeded += [p for p in rule.no_veto if p not in unneeded]
            if rule.mediator is not None:
                mediator = rule.mediator
            changes = []
            for party, shift in rule.shift.items():
                for key in SHIFT_BOUNDS:
                    by = float(getattr(shift, key))
                    if by:
                        shifts[(party, key)] = shifts.get((party, key), 0.0) + by
                        changes.append((party, key, by))
            notes.append(CarryNote(stage.id, rule.label or _rule_words(rule.fix, rule.leave,
                                                                          rule.mediator,
                                                                          rule.no_veto),
                                   tuple(rule.fix.items()), tuple(rule.leave), rule.mediator,
                                   tuple(changes), tuple(rule.no_veto)))
        order = list(scenario.issues)
        return Carried(
            agreed=tuple(sorted(agreed.items(), key=lambda item: order.index(item[0]))),
            left=tuple(left), unneeded=tuple(unneeded), mediator=mediator,
            shifts=tuple(sorted((p, key, by) for (p, key), by in shifts.items())),
            notes=tuple(notes))


def _rule_words(fix: dict[str, str], leave: Sequence[str], mediator: str | None,
                no_veto: Sequence[str] = ()) -> str:
    parts = [f"{issue} is settled at {option.replace('_', ' ')}" for issue, option in fix.items()]
    parts += [f"{party} leaves the table" for party in leave]
    parts += [f"a deal no longer needs {party}'s yes" for party in no_veto]
    if mediator is not None:
        parts.append("a neutral mediator chairs the talks" if mediator == NEUTRAL
                     else f"{mediator} chairs the talks as mediator")
    return "; ".join(parts) or "the parties' numbers change"


def stages_of(scenario: Scenario) -> list[Stage]:
    """The scenario's stages (an error for a scenario without them)."""
    if not scenario.stages:
        raise ValueError(f"'{scenario.title}' is not played in stages")
    return list(scenario.stages)


# --------------------------------------------------------------------------- one stage's game


@dataclass(frozen=True, eq=False)
class StageTable:
    """One stage as played, given what earlier stages carried into it."""

    index: int
    """The stage's place, from 0."""
    stage: Stage
    scenario: Scenario
    """A one-table scenario: this stage's issues (agreed ones fixed), numbers and rules."""
    game: Game
    absent: tuple[str, ...]
    """Parties not at this table."""
    carried: Carried
    fixed: dict[str, str]
    """Issues at the table already settled (issue → option)."""
    last: bool
    """Whether this is the last stage (the main talks)."""
    codes: tuple[np.ndarray, ...]
    """Per issue of this table: its option codes in the whole scenario's issue."""
    whole_issue: tuple[int, ...]
    """Per issue of this table: its place among the whole scenario's issues."""

    @property
    def own(self) -> tuple[str, ...]:
        """The issues negotiated at this table (not fixed)."""
        return tuple(i for i in self.game.issues if i not in self.fixed)

    def shifted(self, params: RunParams) -> RunParams:
        """`params` with the carried shifts applied."""
        if not self.carried.shifts:
            return params
        arrays = {key: getattr(params, key).copy() for key in SHIFT_BOUNDS}
        for party, key, by in self.carried.shifts:
            low, high = SHIFT_BOUNDS[key]
            p = self.game.party_index(party)
            arrays[key][:, p] = np.clip(arrays[key][:, p] + by, low, high)
        return replace(params, **arrays)

    def decode_own(self, outcome: int) -> dict[str, str]:
        """What the table agreed on its own issues."""
        chosen = self.game.decode(outcome)
        return {issue: chosen[issue] for issue in self.own}


class StagedPlan:
    """A staged scenario with each stage's table derived on demand (and kept).

    Args:
        scenario: the scenario, with `stages`.
        protocol: a protocol every stage runs under instead of its own (`--protocol`); a
            mediator admitted by an earlier stage still chairs the later ones.
    """

    def __init__(self, scenario: Scenario, protocol: str | None = None) -> None:
        self.scenario = scenario
        self.stages = stages_of(scenario)
        self.protocol = protocol
        self._tables: dict[tuple[int, Carried], StageTable] = {}
        self._whole: Game | None = None

    def __getstate__(self) -> dict[str, Any]:
        # Workers rebuild the tables they meet; shipping them all would cost more.
        return {"scenario": self.scenario, "stages": self.stages, "protocol": self.protocol,
                "_tables": {}, "_whole": self._whole}

    @property
    def whole(self) -> Game:
        """The whole scenario as one game (every issue and party): what results are told in."""
        if self._whole is None:
            self._whole = compile_game(self.scenario)
        return self._whole

    @property
    def ids(self) -> tuple[str, ...]:
        """The stages' identifiers, in order."""
        return tuple(s.id for s in self.stages)

    def table(self, k: int, carried: Carried = Carried()) -> StageTable:
        """Stage `k` as played after `carried`."""
        key = (k, carried)
        found = self._tables.get(key)
        if found is None:
            found = self._tables[key] = self._derive(k, carried)
        return found

    def _derive(self, k: int, carried: Carried) -> StageTable:
        s = self.scenario
        at = stage_scenario(s, k, agreed=carried.agreed, left=carried.left,
                            unneeded=carried.unneeded, mediator=carried.mediator,
                            protocol=self.protocol)
        game = compile_game(at.scenario)
        whole = list(s.issues)
        codes = tuple(np.array([s.issues[name].option_names().index(o)
                                for o in at.options[name]], dtype=np.int16)
                      for name in game.issues)
        return StageTable(index=k, stage=self.stages[k], scenario=at.scenario, game=game,
                          absent=at.absent, carried=carried, fixed=at.fixed,
                          last=k == len(self.stages) - 1, codes=codes,
                          whole_issue=tuple(whole.index(i) for i in game.issues))


# --------------------------------------------------------------------------- parameters


class Numbers:
    """Where each stage's parameters come from: the numbers as written (this class), or
    drawn from their ranges (`Drawn`)."""

    label: str | None = None
    """How a transcript's header names them (`numbers`); None: as written, not named."""

    def params(self, table: StageTable, keys: np.ndarray) -> RunParams:
        """Parameters of the runs keyed by `keys` (run keys, not stage keys) at `table`,
        carried shifts applied."""
        return table.shifted(RunParams.defaults(table.game, len(keys)))

    def drawn(self, table: StageTable, seed: int) -> dict[str, float | str] | None:
        """What was drawn for one game at `table` (path → value), for its transcript; None
        when nothing is."""
        return None


WRITTEN = Numbers()
"""The numbers as the scenario writes them (what `parley play` and the briefs use)."""


class Drawn(Numbers):
    """Parameters drawn from each stage's ranges, as `parley run` and `parley batch` do.

    Args:
        pinned: vary only what the scenario's `uncertainty:` block, `level` and `vary` name.
        level: every reservation value and budget within ± this much.
        vary: `PATH=DIST` texts (`--vary`); a path a stage does not have is left out there.
        worlds: a batch's preference-world keys (`randomness.world_keys`); None: each run a
            world of its own (a single game).
    """

    def __init__(self, pinned: bool = False, level: float | None = None,
                 vary: Sequence[str] = (), worlds: np.ndarray | None = None) -> None:
        self.pinned, self.level, self.vary, self.worlds = pinned, level, tuple(vary), worlds
        self.label = "pinned" if pinned else "drawn"
        self._variations: dict[StageTable, list[Variation]] = {}

    def __getstate__(self) -> dict[str, Any]:
        return {**self.__dict__, "_variations": {}}

    def variations(self, table: StageTable) -> list[Variation]:
        """What varies at `table`: each parameter's range from its evidence at this stage
        (unless pinned), the scenario's `uncertainty:` block and `vary`, later replacing
        earlier path by path; a `vary` path this table does not have (an option a stage
        fixed away) is left out here. The `vary` texts are checked against the whole
        scenario before a game starts.

        Raises:
            VaryError: the scenario's `uncertainty:` block is wrong.
        """
        found = self._variations.get(table)
        if found is None:
            from sim.scenario.uncertainty import VaryError, merge, parse_vary, scenario_variations

            extra = []
            for text in self.vary:
                try:
                    extra.append(parse_vary(text, table.scenario))
                except VaryError:
                    continue
            found = merge(scenario_variations(table.scenario, self.level, pinned=self.pinned),
                          *extra)
            self._variations[table] = found
        return found

    def draws(self, table: StageTable, keys: np.ndarray) -> Any:
        """`sim.batch.perturb.Draws` of the runs keyed by `keys` at `table` (before shifts)."""
        from sim.batch.perturb import draw

        return draw(table.game, self.variations(table), keys, worlds=self.worlds)

    def params(self, table: StageTable, keys: np.ndarray) -> RunParams:
        """Drawn parameters of the runs keyed by `keys`, carried shifts applied."""
        return table.shifted(self.draws(table, keys).params)

    def drawn(self, table: StageTable, seed: int) -> dict[str, float | str] | None:
        """What was drawn for the game of `seed` at `table` (path → value)."""
        from sim.scenario.schema import STRATEGIES

        variations = self.variations(table)
        found = self.draws(table, rnd.seed_keys([seed]))
        return {v.path: (STRATEGIES[int(found.columns[v.column][0])] if v.categorical
                         else float(found.columns[v.column][0])) for v in variations}


# --------------------------------------------------------------------------- many runs


@dataclass(frozen=True, eq=False)
class StagedResults(Results):
    """How each of `N` runs of staged talks ended, told in the whole scenario's terms
    (`deal` numbers an outcome of `StagedPlan.whole`), with each stage's own ending."""

    stage_kind: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), dtype=np.int8))
    """[N, S] how each stage ended (`Outcome` codes; RUNNING for a stage never played)."""
    stage_round: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), dtype=np.int16))
    """[N, S] the round each stage ended in (-1 for a stage never played)."""
    agreed: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), dtype=np.int16))
    """[N, I] each issue's option code as agreed or fixed by any stage (-1: not agreed)."""
    first: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), dtype=np.int8))
    """[N, S] the seat that opened each stage's alternating rotation (-1: mediated, or a
    stage never played)."""

    @property
    def opened(self) -> np.ndarray:
        """[N] whether the last stage's talks opened (every earlier stage agreed)."""
        return self.kind != Outcome.NEVER_OPENED


def run_staged(plan: StagedPlan, seeds: np.ndarray | Sequence[int], *,
               numbers: Numbers = WRITTEN, random_events: bool = True) -> StagedResults:
    """Play every run of `seeds` through the stages, all scripted.

    Runs are grouped by what their earlier stages agreed (and so carried): each group's next
    stage is one `Negotiation` over its runs. A run's result does not depend on its group.
    """
    seeds = np.atleast_1d(np.asarray(seeds, dtype=np.uint64))
    out = _Outcomes.of(plan, len(seeds))
    _play(plan, seeds, 0, [(Carried(), np.arange(len(seeds)))], out, numbers, random_events)
    return out.results()


def continue_staged(plan: StagedPlan, tables: Sequence[StageTable], snap: Snapshot,
                    seeds: np.ndarray | Sequence[int], earlier: Sequence[Results] = (),
                    firsts: Sequence[int] = ()) -> StagedResults:
    """All-scripted runs, one per seed, that continue a single game of staged talks from
    `snap` (taken at the start of a round of the last of `tables`) to its end: the What if?
    panel.

    Args:
        tables: the stages the game has played so far, the current one last.
        earlier: the game's results in each stage before the current one (agreements all).
        firsts: the seat that opened each stage's rotation (-1: mediated).
    """
    seeds = np.atleast_1d(np.asarray(seeds, dtype=np.uint64))
    n = len(seeds)
    out = _Outcomes.of(plan, n)
    runs = np.arange(n)
    for done, res in zip(tables, earlier, strict=False):
        out.stage(done, runs, Results(**{f: np.repeat(getattr(res, f), n, axis=0)
                                         for f in _RESULT_FIELDS}),
                  np.full(n, firsts[done.index], dtype=np.int8))
    table = tables[-1]
    neg = Negotiation.resume(table.game, snap, rnd.stage_seeds(seeds, table.index))
    res = neg.run()
    first = np.full(n, firsts[table.index] if table.index < len(firsts) else -1, dtype=np.int8)
    groups = _after(plan, table, runs, res, first, out, seeds, WRITTEN)
    _play(plan, seeds, table.index + 1, groups, out, WRITTEN, snap.random_events)
    return out.results()


_RESULT_FIELDS = ("kind", "round", "deal", "walked", "utility", "spent", "pressed")


def _play(plan: StagedPlan, seeds: np.ndarray, k0: int,
          groups: list[tuple[Carried, np.ndarray]], out: _Outcomes, numbers: Numbers,
          random_events: bool) -> None:
    """Play stages `k0` on of the runs in `groups` (runs grouped by what is carried)."""
    for k in range(k0, len(plan.stages)):
        following: list[tuple[Carried, np.ndarray]] = []
        for carried, runs in groups:
            table = plan.table(k, carried)
            neg = Negotiation(table.game, rnd.stage_seeds(seeds[runs], k),
                              params=numbers.params(table, rnd.seed_keys(seeds[runs])),
                              record=False, random_events=random_events, absent=table.absent)
            res = neg.run()
            first = (neg.first.astype(np.int8) if neg.protocol == "alternating"
                     else np.full(len(runs), -1, dtype=np.int8))
            following += _after(plan, table, runs, res, first, out, seeds, numbers)
        groups = _regroup(following)


def _after(plan: StagedPlan, table: StageTable, runs: np.ndarray, res: Results,
           first: np.ndarray, out: _Outcomes, seeds: np.ndarray,
           numbers: Numbers) -> list[tuple[Carried, np.ndarray]]:
    """Note how `table`'s stage ended in `runs`; the runs that go on, by what they carry."""
    dealt = out.stage(table, runs, res, first)
    if table.last:
        out.finish(runs, res, plan.whole)
        return []
    failed = runs[~dealt]
    if failed.size:
        reservation = numbers.params(table, rnd.seed_keys(seeds[failed])).reservation
        out.never_opened(failed, ~dealt, res, reservation)
    agreed = res.deal[dealt]
    outcomes, which = np.unique(agreed, return_inverse=True)
    going = runs[dealt]
    return [(table.carried.after(plan.scenario, table.index, table.game.decode(int(o))),
             going[which == j]) for j, o in enumerate(outcomes.tolist())]


def _regroup(pieces: list[tuple[Carried, np.ndarray]]) -> list[tuple[Carried, np.ndarray]]:
    """Runs with the same carried state in one group each (in order of first appearance)."""
    found: dict[Carried, list[np.ndarray]] = {}
    for carried, runs in pieces:
        found.setdefault(carried, []).append(runs)
    return [(c, np.concatenate(r)) for c, r in found.items()]


class _Outcomes:
    """The arrays `run_staged` fills, stage by stage."""

    @classmethod
    def of(cls, plan: StagedPlan, n: int) -> _Outcomes:
        """Empty arrays for `n` runs of `plan`."""
        whole = plan.whole
        return cls(n, len(plan.stages), len(whole.parties), len(whole.issues))

    def __init__(self, n: int, n_s: int, n_p: int, n_i: int) -> None:
        self.kind = np.full(n, Outcome.RUNNING, dtype=np.int8)
        self.round = np.zeros(n, dtype=np.int64)
        self.deal = np.full(n, -1, dtype=np.int64)
        self.walked = np.full(n, -1, dtype=np.int64)
        self.utility = np.zeros((n, n_p))
        self.spent = np.zeros((n, n_p))
        self.pressed = np.zeros((n, n_p), dtype=np.int16)
        self.stage_kind = np.full((n, n_s), Outcome.RUNNING, dtype=np.int8)
        self.stage_round = np.full((n, n_s), -1, dtype=np.int16)
        self.agreed = np.full((n, n_i), -1, dtype=np.int16)
        self.first = np.full((n, n_s), -1, dtype=np.int8)

    def stage(self, table: StageTable, runs: np.ndarray, res: Results,
              first: np.ndarray) -> np.ndarray:
        """Note how stage `table` ended in `runs`; returns where it agreed."""
        k = table.index
        self.stage_kind[runs, k] = res.kind
        self.stage_round[runs, k] = res.round
        self.first[runs, k] = first
        self.pressed[runs] += res.pressed.astype(np.int16)
        dealt = res.deal >= 0
        if dealt.any():
            chosen = table.game.table[res.deal[dealt]]
            for i, w in enumerate(table.whole_issue):
                self.agreed[runs[dealt], w] = table.codes[i][chosen[:, i]]
        return dealt

    def finish(self, runs: np.ndarray, res: Results, whole: Game) -> None:
        self.kind[runs] = res.kind
        self.round[runs] = res.round
        self.walked[runs] = res.walked
        self.utility[runs] = res.utility
        self.spent[runs] = res.spent
        dealt = runs[res.deal >= 0]
        if dealt.size:
            strides = np.cumprod([1, *whole.n_options[:0:-1]])[::-1]
            self.deal[dealt] = (self.agreed[dealt].astype(np.int64) * strides).sum(axis=1)

    def never_opened(self, runs: np.ndarray, where: np.ndarray, res: Results,
                     reservation: np.ndarray) -> None:
        self.kind[runs] = Outcome.NEVER_OPENED
        self.round[runs] = res.round[where]
        self.walked[runs] = res.walked[where]
        self.spent[runs] = res.spent[where]
        self.utility[runs] = reservation

    def results(self) -> StagedResults:
        return StagedResults(kind=self.kind, round=self.round, deal=self.deal,
                             walked=self.walked, utility=self.utility, spent=self.spent,
                             pressed=self.pressed, stage_kind=self.stage_kind,
                             stage_round=self.stage_round, agreed=self.agreed,
                             first=self.first)


# --------------------------------------------------------------------------- one game


class StagedRecorder:
    """A staged game's transcript as it grows: the header, then for each stage a `stage`
    record, that stage's records and, for a stage before the last, a `stage_end` record; the
    game's `outcome` record closes it."""

    def __init__(self, game: StagedNegotiation) -> None:
        self._game = game
        self.header_notes: dict[str, object] = {}
        """Fields added to the header (set before the game starts)."""

    @property
    def records(self) -> list[Record]:
        """The transcript so far (the same record objects from call to call)."""
        return self._game._records()


class StagedNegotiation:
    """One game of staged talks, possibly with people at the table; the same interface as a
    single-run `Negotiation` where `PlaySession` and the commands use one.

    Args:
        plan: the staged scenario.
        seed: the run seed.
        humans: sides played by people.
        numbers: where the parameters come from (`WRITTEN`, or `Drawn` for `parley run`).
        record: keep the transcript.
        random_events: whether events left to chance may happen.
    """

    def __init__(self, plan: StagedPlan, seed: int, *, humans: Iterable[str] = (),
                 numbers: Numbers = WRITTEN, record: bool = True,
                 random_events: bool = True) -> None:
        self.plan = plan
        self.seed = int(seed)
        self.seeds = np.array([self.seed], dtype=np.uint64)
        self.humans = tuple(humans)
        unknown = [h for h in self.humans if h not in plan.scenario.parties]
        if unknown:
            raise ValueError(f"unknown party {unknown[0]!r}; parties: "
                             f"{', '.join(plan.scenario.parties)}")
        self.numbers = numbers
        self.record = record
        self.random_events = random_events
        self.recorder = StagedRecorder(self)
        self.carried = Carried()
        """What the stages so far carry into the current one."""
        self.index = 0
        """The current stage, from 0."""
        self.tables: list[StageTable] = []
        self.firsts: list[int] = []
        """Seat that opened each stage's rotation (-1 under the mediated protocol)."""
        self.stage_results: list[Results] = []
        self.kind = np.full(1, Outcome.RUNNING, dtype=np.int8)
        self._started = False
        self._done: list[Record] = []
        self._stage_record: Record = {}
        self._over = False
        self.current = self._open(0)

    # ------------------------------------------------------------------ stages

    def _open(self, k: int) -> Negotiation:
        table = self.plan.table(k, self.carried)
        self.tables.append(table)
        neg = Negotiation(table.game, rnd.stage_seeds(self.seeds, k),
                          params=self.numbers.params(table, rnd.seed_keys(self.seeds)),
                          humans=self.humans, record=self.record,
                          random_events=self.random_events, absent=table.absent)
        neg.recorder.stage = table.stage.title
        self.firsts.append(int(neg.first[0]) if neg.protocol == "alternating" else -1)
        if self.record:
            self._stage_record = self._stage_line(table, neg)
        return neg

    def _stage_line(self, table: StageTable, neg: Negotiation) -> Record:
        g = table.game
        record: Record = {
            "type": "stage", "stage": table.stage.id, "number": table.index + 1,
            "of": len(self.plan.stages), "title": table.stage.title,
            "issues": list(table.own), "fixed": dict(table.fixed),
            "parties": [p for p in g.parties if p not in table.absent],
            "absent": list(table.absent), "protocol": neg.protocol,
            "mediator": table.scenario.protocol.mediator if neg.protocol == "mediated" else None,
            "deadline": neg.deadline, "first": g.parties[int(neg.first[0])],
            "consent": list(table.scenario.consent.required),
            "carried": [note.record() for note in table.carried.notes],
        }
        drawn = self.numbers.drawn(table, self.seed)
        if drawn:
            record["drawn"] = drawn
        return record

    def _header(self) -> Record:
        from sim import RULES, __version__
        from sim.scenario.loader import scenario_hash

        s, first = self.plan.scenario, self._stage_record
        header: Record = {
            "type": "header", "parley": __version__, "rules": RULES, "scenario": s.title,
            "scenario_hash": scenario_hash(s), "seed": self.seed,
            "protocol": first["protocol"], "deadline": first["deadline"],
            "humans": list(self.humans), "parties": list(s.parties), "issues": list(s.issues),
            "first": first["first"], "stages": list(self.plan.ids),
        }
        if self.plan.protocol is not None:
            header["protocol_override"] = self.plan.protocol
        if self.numbers.label is not None:
            header["numbers"] = self.numbers.label
        header.update(self.recorder.header_notes)
        return header

    def _records(self) -> list[Record]:
        if not (self.record and self._started):
            return []
        if self._over:
            return self._done
        current = [r for r in self.current.recorder.records
                   if r["type"] not in ("header", "outcome")]
        return [*self._done, self._stage_record, *current]

    def _close_stage(self) -> None:
        """The current stage has ended: record it, then open the next stage or end."""
        neg, table = self.current, self.tables[-1]
        res = neg.results()
        self.stage_results.append(res)
        dealt = int(res.deal[0]) >= 0
        if self.record:
            ending = next(r for r in reversed(neg.recorder.records) if r["type"] == "outcome")
            self._done.append(self._stage_record)
            self._done += [r for r in neg.recorder.records
                           if r["type"] not in ("header", "outcome")]
            if not table.last:
                self._done.append({**ending, "type": "stage_end", "stage": table.stage.id})
            if table.last or not dealt:
                self._done.append(self._final(table, res, ending))
        if table.last or not dealt:
            self.kind[0] = res.kind[0] if table.last else Outcome.NEVER_OPENED
            self._over = True
            return
        self.carried = self.carried.after(self.plan.scenario, table.index,
                                          table.game.decode(int(res.deal[0])))
        self.index += 1
        self.current = self._open(self.index)

    def _final(self, table: StageTable, res: Results, ending: Record) -> Record:
        parties = list(self.plan.scenario.parties)
        pressed = {name: 0 for name in parties}
        for done in self.stage_results:
            for p, name in enumerate(parties):
                pressed[name] += int(done.pressed[0, p])
        if table.last:
            return {**ending, "red_lines_pressed": pressed, "stage": table.stage.id}
        reservation = self.numbers.params(table, rnd.seed_keys(self.seeds)).reservation[0]
        worth = {name: float(reservation[p]) for p, name in enumerate(parties)}
        return {"type": "outcome", "kind": Outcome.NEVER_OPENED.label,
                "round": int(res.round[0]), "deal": None, "utilities": worth,
                "reservations": dict(worth),
                "budget_spent": {name: float(res.spent[0, p]) for p, name in enumerate(parties)},
                "red_lines_pressed": pressed,
                "walked_out": parties[int(res.walked[0])] if res.walked[0] >= 0 else None,
                "nash_point": None, "stage": table.stage.id}

    # ------------------------------------------------------------------ driving

    def run(self) -> StagedResults:
        """Play every stage to the end (no person at the table)."""
        if self.humans:
            raise RuntimeError("a game with human players is driven with advance()/decide()")
        self.advance()
        return self.results()

    def advance(self, until: tuple[int, int] | None = None) -> DecisionRequest | None:
        """Run until a person must decide; None once the game is over or, with `until`
        (stage, round, both from 0), once that stage reaches the start of that round."""
        if not self._started:
            self._started = True
            if self.record:
                self._done.append(self._header())
        while not self._over:
            if until is not None and self.index > until[0]:
                return None
            stop = until[1] if until is not None and self.index == until[0] else None
            request = self.current.advance(stop)
            if request is not None or not self.current.finished:
                return request
            self._close_stage()
        return None

    def decide(self, decision: Decision) -> None:
        """Answer the pending request (see `Negotiation.decide`)."""
        self.current.decide(decision)

    @property
    def pending(self) -> DecisionRequest | None:
        """The decision the game waits for, if any."""
        return self.current.pending

    @property
    def finished(self) -> bool:
        """Whether the game has ended (in its last stage, or when a stage failed)."""
        return self._over

    @property
    def game(self) -> Game:
        """The current stage's game (the last one played, once over)."""
        return self.current.game

    @property
    def table(self) -> StageTable:
        """The current stage's table."""
        return self.tables[-1]

    @property
    def round(self) -> int:
        """The current stage's round."""
        return self.current.round

    @property
    def deadline(self) -> int:
        """The current stage's number of rounds."""
        return self.current.deadline

    @property
    def protocol(self) -> str:
        """The current stage's protocol."""
        return self.current.protocol

    def view(self, round_: int) -> TableView:
        """The current stage's table as the scripted parties read it."""
        return self.current.view(round_)

    def __getattr__(self, name: str) -> Any:
        # The current stage's state arrays (`ideal`, `effective`, `reservation`, `budget`,
        # `least`, ...) for what a player's screen assesses.
        if name in _DELEGATED and "current" in self.__dict__:
            return getattr(self.__dict__["current"], name)
        raise AttributeError(name)

    def results(self) -> StagedResults:
        """How the game ended (so far), in the whole scenario's terms, as `run_staged`
        tells the same run."""
        plan = self.plan
        whole = plan.whole
        out = _Outcomes(1, len(plan.stages), len(whole.parties), len(whole.issues))
        runs = np.zeros(1, dtype=np.int64)
        for table, res in zip(self.tables, self.stage_results, strict=False):
            out.stage(table, runs, res, np.array([self.firsts[table.index]], dtype=np.int8))
        if self._over:
            table, res = self.tables[-1], self.stage_results[-1]
            if table.last:
                out.finish(runs, res, whole)
            else:
                reservation = self.numbers.params(table, rnd.seed_keys(self.seeds)).reservation
                out.never_opened(runs, np.ones(1, dtype=bool), res, reservation)
        return out.results()


_DELEGATED = frozenset({"ideal", "effective", "reservation", "budget", "least", "active",
                        "first", "keys", "world", "params", "kind_now"})


def numbers_named(label: object) -> Numbers:
    """The parameters a staged transcript's header names (`numbers`), for replaying it."""
    if label in ("drawn", "pinned"):
        return Drawn(pinned=label == "pinned")
    return WRITTEN


def tables_of(plan: StagedPlan, records: Sequence[Record]) -> list[StageTable]:
    """The stage tables a staged transcript's game played, rebuilt from what its stages
    agreed (`stage_end` records): a report's charts and a replay's board read them."""
    tables: list[StageTable] = []
    carried = Carried()
    for record in records:
        if record.get("type") == "stage":
            tables.append(plan.table(len(tables), carried))
        elif record.get("type") == "stage_end" and record.get("deal") and tables:
            carried = carried.after(plan.scenario, tables[-1].index, dict(record["deal"]))
    return tables

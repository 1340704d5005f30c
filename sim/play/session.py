"""One game with people at the table: the small interface the TUI (and tests) drive.

`PlaySession` wraps a single-run `Negotiation` with what a player's screen needs: the
decision it waits for, what an offer would be worth to a party before it is tabled, the
transcript so far, what usually happens next ("What if?"), the baseline a debrief ranks
against, and saving and resuming. A save file (`sim.play.saves`) holds the scenario, the seed
and the people's decisions; resuming replays them, which gives back exactly the same game.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from sim import RULES, __version__
from sim.actors.base import TableView
from sim.actors.human import Decision, DecisionRequest
from sim.classroom.difficulty import WRITTEN, check_difficulty, leaned
from sim.files import OutputError, check_output, write_output
from sim.negotiation import randomness as rnd
from sim.negotiation.engine import Negotiation
from sim.negotiation.game import Game, compile_game
from sim.negotiation.injects import TEACHER, Inject, InjectError
from sim.negotiation.params import RunParams
from sim.negotiation.results import Outcome, Results
from sim.negotiation.snapshot import ContinuationError, Snapshot
from sim.negotiation.stages import WRITTEN as WRITTEN_NUMBERS
from sim.negotiation.stages import (
    Numbers,
    StagedNegotiation,
    StagedPlan,
    StageTable,
    continue_staged,
)
from sim.play.saves import SAVE_FORMAT, SAVE_VERSION, SaveFileError, portable, read_save
from sim.play.saves import SIGNATURE as SAVE_SIGNATURE
from sim.report.baseline import BASELINE_RUNS, Baseline, computed_baseline
from sim.scenario.library import resolve_scenario
from sim.scenario.loader import load_scenario, scenario_hash
from sim.scenario.schema import RedLine
from sim.transcript.format import Record


@dataclass(frozen=True)
class Assessment:
    """What an offer would mean for one party, before it is tabled or accepted."""

    utility: float
    """Utility after soft red-line costs."""
    hard_lines: tuple[RedLine, ...]
    """Hard red lines the offer crosses: the party may not table or accept it."""
    soft_lines: tuple[RedLine, ...]
    """Soft red lines it crosses (each costs its stated utility)."""
    ideal: float
    """The party's best attainable utility."""
    reservation: float
    """What no deal is worth to the party."""
    budget: float
    """The party's concession budget."""
    spent_before: float
    """Budget already spent by earlier offers and acceptances."""

    @property
    def spent_after(self) -> float:
        """Budget spent if the party tables or accepts this offer."""
        return max(self.spent_before, self.ideal - self.utility)

    @property
    def budget_left(self) -> float:
        """Budget left after this offer (negative when it overspends)."""
        return self.budget - self.spent_after

    @property
    def overspends(self) -> bool:
        """Whether the offer gives up more than the concession budget allows."""
        return self.budget_left < -1e-9

    @property
    def below_reservation(self) -> bool:
        """Whether the offer is worth less than no deal."""
        return self.utility < self.reservation - 1e-9

    @property
    def allowed(self) -> bool:
        """Whether the rules let the party table or accept it (no hard red line crossed)."""
        return not self.hard_lines


class PlaySession:
    """A single game, possibly with people playing some sides.

    Args:
        scenario: a scenario file or built-in name.
        seed: the run seed.
        humans: sides played by people, in turn order for hot-seat play.
        protocol: override of the scenario's protocol.
        random_events: whether events left to chance may happen (a class may switch them off).
        transcript: where the finished game's transcript goes (`parley play --transcript`);
            a save file remembers it, so a resumed game keeps recording.
        practice: a class's practice mode, in which the screens show the other sides'
            private numbers; the transcript's header says so.
        difficulty: how hard the scripted sides bargain (`sim.classroom.difficulty`: at the
            firm or soft end of their evidence ranges, or as written); the header says so.
    """

    def __init__(self, scenario: str | os.PathLike[str] | None, seed: int = 0,
                 humans: Iterable[str] = (), protocol: str | None = None,
                 random_events: bool = True, transcript: str | os.PathLike[str] | None = None,
                 practice: bool = False, difficulty: str = WRITTEN) -> None:
        self.scenario_path = resolve_scenario(scenario)
        self.scenario = load_scenario(self.scenario_path)
        self.seed = int(seed)
        self.humans = tuple(humans)
        self.protocol = protocol
        self.random_events = random_events
        self.difficulty = check_difficulty(difficulty)
        self.plan: StagedPlan | None = None
        """Staged talks (`sim.negotiation.stages`), when the scenario has stages."""
        self.negotiation: Negotiation | StagedNegotiation
        if self.scenario.staged:
            self.plan = StagedPlan(self.scenario, protocol)
            self.negotiation = StagedNegotiation(self.plan, self.seed, humans=self.humans,
                                                 random_events=random_events,
                                                 numbers=self._numbers())
        else:
            game = compile_game(self.scenario)
            self.negotiation = Negotiation(game, self.seed, humans=self.humans,
                                           protocol=protocol, random_events=random_events,
                                           params=self._params(game))
        self.decisions: list[Decision] = []
        self.injects: list[tuple[int, Inject]] = []
        """A teacher's injects (at a class host), each with the number of decisions made
        when it was sent."""
        if not random_events:  # the transcript says so: replaying it needs to know
            self.note("random_events", False)
        if self.difficulty != WRITTEN:
            self.note("difficulty", self.difficulty)
        self.practice = practice
        if practice:
            self.note("practice", True)
        self.transcript = Path(transcript) if transcript is not None else None
        self.saved_to: Path | None = None
        """The save file last written or resumed, if any: a transcript that cannot be written
        where asked goes beside it."""

    def _params(self, game: Game) -> RunParams | None:
        """The parameters of a one-table game (None: as written)."""
        if self.difficulty == WRITTEN:
            return None
        return leaned(RunParams.defaults(game, 1), game, self.humans, self.difficulty)

    def _numbers(self) -> Numbers:
        """Where a staged game's parameters come from (each stage's, leaned)."""
        return WRITTEN_NUMBERS if self.difficulty == WRITTEN else _Leaning(self.humans,
                                                                            self.difficulty)

    @property
    def game(self) -> Game:
        """The game at the table: the scenario's, or in staged talks the current stage's
        (its issues, agreed ones fixed; the last stage played once over)."""
        return self.negotiation.game

    @property
    def whole(self) -> Game:
        """The whole scenario as one game: every issue and party (the scenario's game when it
        has no stages). A staged game's final deal and results are told in it."""
        return self.plan.whole if self.plan is not None else self.negotiation.game

    @property
    def stage(self) -> StageTable | None:
        """In staged talks, the current stage (the last played once over); None otherwise."""
        return self.negotiation.table if isinstance(self.negotiation, StagedNegotiation) \
            else None

    def note(self, field: str, value: object) -> None:
        """Record how this game was set up in its transcript's header (before it starts)."""
        if self.negotiation.recorder.records:
            raise RuntimeError("the transcript's header is already written")
        self.negotiation.recorder.header_notes[field] = value

    # ------------------------------------------------------------------ playing

    def advance(self) -> DecisionRequest | None:
        """Run until a person must decide; None once the game is over."""
        return self.negotiation.advance()

    def decide(self, decision: Decision, stand_in: bool = False) -> DecisionRequest | None:
        """Answer the pending request, then run on to the next one (None at the end).

        Args:
            stand_in: the decision is a scripted stand-in's, taken for a student whose time
                ran out at a class host: its record in the transcript says so.

        Raises:
            DecisionError: the decision is not allowed; nothing changes.
        """
        request = self.negotiation.pending
        start = len(self.records)
        self.negotiation.decide(decision)
        self.decisions.append(decision)
        following = self.advance()
        if stand_in and request is not None:
            _mark_stand_in(self.records, start, request.party)
        return following

    @property
    def table(self) -> Negotiation:
        """The single game at the table now (in staged talks, the current stage's)."""
        neg = self.negotiation
        return neg.current if isinstance(neg, StagedNegotiation) else neg

    def inject(self, inject: Inject) -> None:
        """Send a teacher's inject to this game now (`sim.negotiation.injects`): recorded at
        once, acting from the start of round `inject.round` (in staged talks, in the stage
        being played).

        Raises:
            InjectError: the game is over, or the round is not still to come.
        """
        if self.finished:
            raise InjectError("the game is over")
        self.table.inject(inject)
        self.injects.append((len(self.decisions), inject))

    def close(self) -> None:
        """End the game now as at its deadline (the teacher's set time has come): its
        outcome record says the teacher ended it (`ended_by`), so a replay ends it too."""
        if self.finished:
            return
        self.table.close()
        self.advance()
        self.records[-1]["ended_by"] = TEACHER

    @property
    def request(self) -> DecisionRequest | None:
        """The decision the game waits for, if any."""
        return self.negotiation.pending

    hosted = False
    """Whether the game lives at a class host (`sim.play.seat.Seated`): this one is here."""

    @property
    def waiting_for(self) -> str | None:
        """A side the game waits for that no one at this machine plays: never here (the
        engine plays every other side at once); a class host's seat may wait."""
        return None

    def watch(self, moved: Callable[[], None]) -> None:
        """Be told when the game moves on by others' doing: here only this machine's
        decisions move it, so `moved` is never called (a class host's seat calls it)."""

    clock = None
    """No teacher's clock here (a class host's seat has one)."""

    @property
    def finished(self) -> bool:
        """Whether the game has ended."""
        return self.negotiation.finished

    @property
    def round(self) -> int:
        """Current round (the deadline once over)."""
        return self.negotiation.round

    @property
    def deadline(self) -> int:
        """Number of rounds."""
        return self.negotiation.deadline

    @property
    def records(self) -> list[Record]:
        """The transcript so far."""
        return self.negotiation.recorder.records

    @property
    def outcome(self) -> Record | None:
        """The transcript's closing record once the game is over."""
        last = self.records[-1] if self.records else None
        return last if last and last["type"] == "outcome" else None

    def outcome_kind(self) -> str:
        """`running`, `deal`, `deadline` or `walk_out`."""
        return Outcome(int(self.negotiation.kind[0])).label

    # ------------------------------------------------------------------ assessing

    def view(self) -> TableView:
        """The table as the scripted parties read it this round (read-only)."""
        return self.negotiation.view(self.round)

    def assess(self, party: str, offer: Mapping[str, str]) -> Assessment:
        """What `offer` would mean for `party` now.

        Raises:
            KeyError: the offer misses an issue or names an unknown option.
        """
        neg, g = self.negotiation, self.game
        seat = g.party_index(party)
        outcome = g.encode(offer)
        lines = g.crossed_lines(party, outcome)
        ideal = float(neg.ideal[0, seat])
        return Assessment(
            utility=float(neg.effective[0, seat, outcome]),
            hard_lines=tuple(line for line in lines if line.kind == "hard"),
            soft_lines=tuple(line for line in lines if line.kind == "soft"),
            ideal=ideal, reservation=float(neg.reservation[0, seat]),
            budget=float(neg.budget[0, seat]),
            spent_before=max(0.0, ideal - float(neg.least[0, seat])),
        )

    def ideal_offer(self, party: str) -> dict[str, str]:
        """The outcome best for `party` among those crossing none of its hard red lines."""
        seat = self.game.party_index(party)
        utility = np.where(self.game.hard[seat], -np.inf, self.negotiation.effective[0, seat])
        return self.game.decode(int(np.argmax(utility)))

    # ------------------------------------------------------------------ what if

    def snapshot(self) -> Snapshot:
        """The game at the start of its current round, replayed from its decisions: what
        `what_if` and `parley batch --from` continue.

        Raises:
            ContinuationError: the game is over.
        """
        if self.finished:
            raise ContinuationError("the game is already over; there is nothing to continue")
        if isinstance(self.negotiation, StagedNegotiation):
            assert self.plan is not None
            staged = StagedNegotiation(self.plan, self.seed, humans=self.humans, record=False,
                                       random_events=self.random_events,
                                       numbers=self._numbers())
            until = (self.negotiation.index, self.round)
            self._replay_to(lambda: staged.advance(until=until), staged.decide,
                            lambda: staged.current)
            return staged.current.snapshot()
        neg = Negotiation(self.game, self.seed, humans=self.humans, protocol=self.protocol,
                          record=False, random_events=self.random_events,
                          params=self._params(self.game))
        # Every decision made before this round is replayed; none of this round's is.
        self._replay_to(lambda: neg.advance(until=self.round), neg.decide, lambda: neg)
        return neg.snapshot()

    def _replay_to(self, advance: Callable[[], DecisionRequest | None],
                   decide: Callable[[Decision], None],
                   table: Callable[[], Negotiation]) -> None:
        """Replay this game's decisions, and the injects sent between them, into a copy until
        `advance` stops; the injects sent since (still to act) are handed to it too."""
        injects = list(self.injects)
        k = 0
        while advance() is not None:
            while injects and injects[0][0] <= k:
                table().inject(injects.pop(0)[1])
            decide(self.decisions[k])
            k += 1
        for _, inject in injects:
            table().inject(inject)

    def what_if(self, runs: int, seed: int) -> Results:
        """What usually happens next: `runs` continuations from the start of this round,
        every side (the people's included) played by its scripted strategy.

        Run `i` uses seed `batch_seeds(seed, i, 1)`, as `parley batch --from` does, so the
        two agree run for run. The game itself is not touched.

        Raises:
            ContinuationError: the game is already over.
        """
        seeds = rnd.batch_seeds(seed, 0, runs)
        if isinstance(self.negotiation, StagedNegotiation):
            assert self.plan is not None
            staged = self.negotiation
            return continue_staged(self.plan, staged.tables, self.snapshot(), seeds,
                                   staged.stage_results, staged.firsts)
        return Negotiation.resume(self.game, self.snapshot(), seeds).run()

    def baseline(self, runs: int = BASELINE_RUNS) -> Baseline:
        """How scripted players fare in this scenario under this game's protocol: what the
        debrief ranks each side's result against."""
        return computed_baseline(self.whole, protocol=self.protocol, runs=runs,
                                 random_events=self.random_events)

    # ------------------------------------------------------------------ saving

    def to_save(self) -> dict[str, Any]:
        """The save file's content: enough to replay this game to where it is."""
        return {
            "format": SAVE_FORMAT, "version": SAVE_VERSION, "parley": __version__,
            "rules": RULES,
            "scenario": portable(self.scenario_path),
            "scenario_hash": scenario_hash(self.scenario), "seed": self.seed,
            "humans": list(self.humans), "protocol": self.protocol,
            **({} if self.random_events else {"random_events": False}),
            **({"practice": True} if self.practice else {}),
            **({"difficulty": self.difficulty} if self.difficulty != WRITTEN else {}),
            **({"transcript": str(self.transcript.absolute())} if self.transcript else {}),
            "decisions": [{"kind": d.kind, "offer": d.offer} for d in self.decisions],
        }

    def save(self, path: str | os.PathLike[str], force: bool = False) -> None:
        """Write a save file; the old file is replaced only once the new one is complete.

        Raises:
            SaveFileError: `path` is a folder or a file Parley did not write (unless
                `force`), or could not be written (a full disk, a read-only folder); any
                old file is left as it was.
        """
        try:
            check_output(path, signature=SAVE_SIGNATURE, force=force)
            write_output(path, json.dumps(self.to_save(), indent=2))
            self.saved_to = Path(path)
        except OutputError as exc:
            raise SaveFileError(str(exc).replace("pass --force to replace it, or choose",
                                                 "choose")) from None

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> PlaySession:
        """Resume a saved game by replaying its decisions.

        Raises:
            SaveFileError: the file is damaged, not a Parley save, or its scenario changed.
        """
        path = Path(path)
        data = read_save(path)
        try:
            session = cls(data["scenario"], seed=data["seed"], humans=data["humans"],
                          protocol=data.get("protocol"),
                          random_events=data.get("random_events", True) is not False,
                          transcript=_text(data.get("transcript")),
                          practice=data.get("practice") is True,
                          difficulty=str(data.get("difficulty", WRITTEN)))
        except Exception as exc:
            raise SaveFileError(f"{path}: cannot open its scenario ({exc})") from None
        if scenario_hash(session.scenario) != data["scenario_hash"]:
            raise SaveFileError(f"{path}: the scenario {data['scenario']} has changed since "
                                "this game was saved, so it cannot be replayed")
        session.saved_to = path
        session.advance()
        for k, step in enumerate(data["decisions"]):
            try:
                session.decide(Decision(step["kind"], step.get("offer")))
            except Exception as exc:
                raise SaveFileError(f"{path}: decision {k + 1} does not replay ({exc})") from None
        return session


STAND_IN = "(the stand-in's move: the student's time ran out)."
"""How an answer a stand-in gave at a class host gives its reason."""


class _Leaning(Numbers):
    """A staged game's numbers as written, every scripted side leaned (`difficulty`)."""

    def __init__(self, people: tuple[str, ...], difficulty: str) -> None:
        self.people, self.difficulty = people, difficulty

    def params(self, table: StageTable, keys: np.ndarray) -> RunParams:
        """The stage's parameters, leaned, carried shifts applied."""
        base = RunParams.defaults(table.game, len(keys))
        return table.shifted(leaned(base, table.game, self.people, self.difficulty))


def _mark_stand_in(records: list[Record], start: int, party: str) -> None:
    """Mark the record of `party`'s decision, the first of its moves from `start` on, as the
    stand-in's."""
    for record in records[start:]:
        if record.get("party") == party and record["type"] in ("offer", "answer", "walk_out"):
            record["stand_in"] = True
            if record["type"] == "answer":
                verb = "accepts" if record.get("accept") else "rejects"
                record["reason"] = f"{party} {verb} {STAND_IN}"
            return


def _text(value: object) -> str | None:
    """A save file's optional text field (anything else, as a damaged file may hold: None)."""
    return value if isinstance(value, str) and value else None

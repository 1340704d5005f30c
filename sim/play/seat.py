"""One side's seat: what a player's screens use of a game, and what a class host may send them.

`Seated` is the small interface the TUI drives. `PlaySession` is one: the whole game on one
machine, every side's numbers in memory, the screens showing only what the side whose turn it
is may see. A class host's seat (`host.client.RemoteSession`) is the other: the game runs at
the host, and the seat holds only what its side's delegation may know. The functions below
make that: the scenario with every other side's private numbers and private red lines taken
out (`seat_scenario`), the transcript as the side hears it (`seat_records`, worded by
`sim.transcript.public`), the side's own numbers (`own_numbers`), and "What if?" and the
debrief's baseline without the others' results. The engine's `PartyView` draws the same line
for scripted players; `tests/test_host_privacy.py` checks this one by what crosses it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np

from sim.negotiation.game import Game
from sim.negotiation.results import Results
from sim.scenario.schema import (
    Assumption,
    Budget,
    Event,
    Party,
    Scenario,
    Shift,
    ShiftBudget,
    ShiftReservation,
    ShiftValue,
    Style,
)
from sim.transcript.format import Record
from sim.transcript.public import NOT_ENOUGH, public_ratification, public_reason

if TYPE_CHECKING:
    from sim.actors.human import Decision, DecisionRequest
    from sim.play.session import Assessment
    from sim.report.baseline import Baseline


@dataclass(frozen=True)
class SeatClock:
    """A class host's clock for the move a seat's table waits for (the teacher's pacing)."""

    seconds: float | None
    """The time allowed for a move (None: no timer)."""
    due: float | None
    """When (`time.monotonic()` here) the stand-in takes the move (None: no timer)."""
    paused: bool
    """Whether the teacher has paused the table (it accepts no decision meanwhile)."""

    def words(self, now: float, mine: bool) -> str:
        """What the seat's screen says (`mine`: the move is this seat's); empty when there
        is nothing to say."""
        if self.paused:
            return "Your teacher has paused the table."
        if self.due is None:
            return ""
        left = max(0, int(self.due - now + 0.999))
        if mine:
            return f"{left} s left to move, then a stand-in moves for you."
        return f"{left} s left for this move."


class Seated(Protocol):
    """What the player's screens read and call: a game as one machine's players sit at it."""

    @property
    def scenario(self) -> Scenario:
        """The scenario as these players may read it (at a host: others' private numbers
        out)."""
    @property
    def scenario_path(self) -> Path: ...
    @property
    def game(self) -> Game: ...
    @property
    def seed(self) -> int: ...
    @property
    def humans(self) -> tuple[str, ...]:
        """The sides played at this machine (hot-seat: several; at a host: the seat's side)."""
    @property
    def practice(self) -> bool: ...
    @property
    def hosted(self) -> bool:
        """The game lives at a class host: it records every move itself (no save file), other
        sides move at their own machines, and `watch` says when they have."""

    decisions: list[Decision]
    transcript: Path | None

    @property
    def request(self) -> DecisionRequest | None: ...
    @property
    def waiting_for(self) -> str | None: ...
    @property
    def finished(self) -> bool: ...
    @property
    def round(self) -> int: ...
    @property
    def deadline(self) -> int: ...
    @property
    def records(self) -> list[Record]: ...
    @property
    def outcome(self) -> Record | None: ...

    def advance(self) -> DecisionRequest | None: ...
    def decide(self, decision: Decision) -> DecisionRequest | None: ...
    def assess(self, party: str, offer: Mapping[str, str]) -> Assessment: ...
    def ideal_offer(self, party: str) -> dict[str, str]: ...
    def what_if(self, runs: int, seed: int) -> Results: ...
    def baseline(self, runs: int = ...) -> Baseline: ...
    def save(self, path: str | os.PathLike[str], force: bool = False) -> None: ...
    def watch(self, moved: Callable[[], None]) -> None: ...
    @property
    def clock(self) -> SeatClock | None:
        """At a class host, the teacher's clock for the current move (None: no clock)."""


PRIVATE = "private to this side"
"""The evidence left in place of another side's private parameters."""
PUBLIC_EVIDENCE = ("position", "acts_with")
"""A party's parameters whose evidence every side reads (the rest is its own)."""


def seat_scenario(scenario: Scenario, side: str) -> Scenario:
    """`scenario` as `side`'s delegation knows it: its own party whole; of every other party
    only the public record (position and its evidence, public red lines with their evidence,
    the ratifying body's name, whom it acts with); each private number set to a neutral
    value whose evidence says it is private; events' sizes on other sides set to 0; no
    uncertainty ranges. In staged talks the same holds stage by stage: of each stage only
    its own side's numbers (`Stage.parties`), no other side's event sizes, and carry-over
    rules that shift no other side's numbers (their words and what they fix or who leaves
    stay: those are public).

    Send it as `scenario_json`, which leaves out what is at its default (so that it reads
    back with `Scenario.model_validate`, which asks evidence only of what is set).
    """
    hidden = Assumption(assumption=PRIVATE)
    parties: dict[str, Party] = {}
    for name, party in scenario.parties.items():
        if name == side:
            parties[name] = party
            continue
        issues = list(scenario.issues)
        lines = [line.model_copy(update={"cost": 0.0 if line.kind == "soft" else line.cost})
                 for line in party.red_lines if line.public]
        ratification = (None if party.ratification is None else party.ratification.model_copy(
            update={"min_utility": 0.0, "probability": 1.0, "because": hidden}))
        because = {key: (party.because[key] if key in PUBLIC_EVIDENCE else hidden)
                   for key in party.because}
        parties[name] = party.model_copy(update={
            "cares": dict.fromkeys(issues, 1.0 / len(issues)),
            "values": {i: dict.fromkeys(scenario.issues[i].option_names(), 0.0) for i in issues},
            "reservation": 0.0, "red_lines": lines, "budget": Budget(total=0.0),
            "strategy": "time_based", "ratification": ratification, "delay_cost": 0.0,
            "style": Style(), "because": because})
    stages = None if scenario.stages is None else [
        stage.model_copy(update={
            "parties": {name: numbers for name, numbers in stage.parties.items()
                        if name == side},
            "events": _events_seen(stage.events, side),
            "carry": [rule.model_copy(update={"shift": {
                name: (shift if name == side else Shift()) for name, shift in rule.shift.items()
            }}) for rule in stage.carry]})
        for stage in scenario.stages]
    return scenario.model_copy(update={"parties": parties,
                                       "events": _events_seen(scenario.events, side),
                                       "uncertainty": None, "stages": stages})


def _events_seen(events: Sequence[Event], side: str) -> list[Event]:
    """`events` with the sizes of other sides' private shifts set to 0."""
    return [event.model_copy(update={"by": 0.0})
            if event.party != side and isinstance(event, ShiftReservation | ShiftBudget
                                                   | ShiftValue) else event
            for event in events]


def stage_json(session: Any) -> dict[str, Any] | None:
    """In staged talks, which stage a game is at and what earlier stages settled, as a seat
    needs it to build the stage's table from its own scenario (`stage_game`): the stage's
    number, the issues agreed or fixed so far, the parties left out, those whose yes is no
    longer needed, an admitted mediator, a protocol override. All of it is public (the
    `stage` and `stage_end` records say it); carried shifts of numbers are not sent (a seat
    gets its own numbers whole). None for a one-table game."""
    table = session.stage
    if table is None:
        return None
    carried = table.carried
    return {"index": table.index, "agreed": [list(pair) for pair in carried.agreed],
            "left": list(carried.left), "unneeded": list(carried.unneeded),
            "mediator": carried.mediator, "protocol": session.plan.protocol}


def stage_game(scenario: Scenario, stage: Mapping[str, Any]) -> Game:
    """The current stage's game, built from a seat's `scenario` and `stage_json` as the
    engine builds it (`sim.scenario.staging.stage_scenario`): the same issues, options and
    parties in the same order, so an outcome numbers the same offer at the seat and at the
    host, and the seat's own red lines and numbers as the host's.

    Raises:
        ValueError: `stage` does not fit `scenario` (not one of its stages, an unknown
            issue, option or party).
    """
    from sim.negotiation.game import compile_game
    from sim.scenario.staging import stage_scenario

    k = int(stage["index"])
    if not scenario.stages or not 0 <= k < len(scenario.stages):
        raise ValueError(f"the scenario has no stage {k + 1}")
    agreed = [(str(issue), str(option)) for issue, option in stage.get("agreed") or ()]
    for issue, option in agreed:
        if issue not in scenario.issues or option not in scenario.issues[issue].option_names():
            raise ValueError(f"no option {option!r} of issue {issue!r} in the scenario")
    parties = [*(stage.get("left") or ()), *(stage.get("unneeded") or ())]
    unknown = [p for p in parties if p not in scenario.parties]
    if unknown:
        raise ValueError(f"no party {unknown[0]!r} in the scenario")
    mediator = stage.get("mediator")
    protocol = stage.get("protocol")
    at = stage_scenario(scenario, k, agreed=agreed, left=list(stage.get("left") or ()),
                        unneeded=list(stage.get("unneeded") or ()),
                        mediator=str(mediator) if mediator is not None else None,
                        protocol=str(protocol) if protocol is not None else None)
    return compile_game(at.scenario)


def seat_records(records: Sequence[Record], game: Game, side: str,
                 start: int = 0) -> list[Record]:
    """`records[start:]` as `side` hears them: its own moves whole; every other side's offer
    with its worth to `side` alone, its answers and votes in the words `sim.transcript.public`
    gives them (marked `heard`), its events without their size, and the outcome with `side`'s
    own numbers only. `records` is the whole transcript so far (answers are worded from it)."""
    out: list[Record] = []
    for record in records[start:]:
        kind, party = record["type"], record.get("party")
        if kind == "offer":
            utilities = record.get("utilities", {})
            out.append({**record, "utilities": ({side: utilities[side]}
                                                if side in utilities else {})})
        elif kind == "outcome":
            out.append(_own_outcome(record, side))
        elif kind == "stage_end":  # a stage's ending carries every side's numbers, as above
            out.append({**_own_outcome(record, side), "type": "stage_end"})
        elif kind == "stage":  # who sits at the table is public; the numbers drawn are not
            out.append({**{k: v for k, v in record.items() if k != "drawn"},
                        "carried": [{"from": note.get("from"), "label": note.get("label")}
                                    for note in record.get("carried") or ()]})
        elif party == side or kind in ("header", "walk_out"):
            out.append(dict(record))
        elif kind == "answer":
            code = str(record.get("code", ""))
            out.append({"type": "answer", "round": record["round"], "party": party,
                        "accept": record["accept"],
                        "code": "not_enough" if code in NOT_ENOUGH else code,
                        "reason": public_reason(record, records, game), "heard": True})
        elif kind == "event":
            out.append({k: v for k, v in record.items() if k != "by"})
        elif kind == "ratification":
            out.append({"type": "ratification", "round": record["round"], "party": party,
                        "body": record.get("body"), "approved": record.get("approved"),
                        "reason": public_ratification(record), "heard": True})
        else:  # a kind this module does not know: nothing of it leaves the host
            out.append({"type": kind, "round": record.get("round", 0)})
    return out


OWN_OUTCOME = ("utilities", "reservations", "budget_spent", "red_lines_pressed")
"""The outcome's per-side fields, of which a seat gets its own side's entry."""


def _own_outcome(record: Record, side: str) -> Record:
    out: Record = {"type": "outcome", "kind": record["kind"], "round": record["round"],
                   "deal": record.get("deal"), "walked_out": record.get("walked_out"),
                   **({"stage": record["stage"]} if "stage" in record else {}),
                   **({"ended_by": record["ended_by"]} if "ended_by" in record else {})}
    for key in OWN_OUTCOME:
        values = record.get(key) or {}
        out[key] = {side: values[side]} if side in values else {}
    return out


def own_numbers(session: Any, side: str) -> dict[str, Any]:
    """`side`'s own numbers now, as a seat needs them to weigh an offer before tabling it
    (`PlaySession.assess` of its own side): its utility of every outcome after soft-line
    costs, its ideal, what no deal is worth, its budget and what it has spent."""
    neg = session.negotiation
    seat = session.game.party_index(side)
    ideal = float(neg.ideal[0, seat])
    return {"utility": [float(u) for u in neg.effective[0, seat]], "ideal": ideal,
            "reservation": float(neg.reservation[0, seat]), "budget": float(neg.budget[0, seat]),
            "spent": max(0.0, ideal - float(neg.least[0, seat]))}


def seat_results(results: Results, game: Game, side: str, practice: bool) -> Results:
    """"What if?" continuations as a seat may see them: how each ended and what `side` got;
    the others' results withheld (NaN), and which deal was reached too unless in practice
    mode (-1, as for no deal: the screen does not show it then)."""
    seat = game.party_index(side)
    utility = np.full(results.utility.shape, np.nan)
    utility[:, seat] = results.utility[:, seat]
    spent = np.full(results.spent.shape, np.nan)
    spent[:, seat] = results.spent[:, seat]
    deal = results.deal if practice else np.full(results.deal.shape, -1)
    return Results(kind=results.kind, round=results.round, deal=deal, walked=results.walked,
                   utility=utility, spent=spent, pressed=np.zeros_like(results.pressed))


def results_json(results: Results) -> dict[str, list[Any]]:
    """Continuations' results as JSON (NaN as null)."""
    def rows(a: np.ndarray) -> list[Any]:
        return [None if isinstance(v, float) and np.isnan(v) else v for v in a.tolist()] \
            if a.ndim == 1 else [rows(r) for r in a]

    return {f: rows(getattr(results, f)) for f in ("kind", "round", "deal", "walked",
                                                   "utility", "spent", "pressed")}


def results_from_json(data: Mapping[str, Any]) -> Results:
    """The inverse of `results_json`."""
    def array(name: str, dtype: type) -> np.ndarray:
        return np.array([[np.nan if v is None else v for v in row]
                         if isinstance(row, list) else (np.nan if row is None else row)
                         for row in data[name]], dtype=dtype)

    return Results(kind=array("kind", np.int64), round=array("round", np.int64),
                   deal=array("deal", np.int64), walked=array("walked", np.int64),
                   utility=array("utility", np.float64), spent=array("spent", np.float64),
                   pressed=array("pressed", np.int64))



def scenario_json(scenario: Scenario) -> dict[str, Any]:
    """A (seat's) scenario as JSON that `Scenario.model_validate` reads back."""
    return scenario.model_dump(mode="json", exclude_defaults=True)

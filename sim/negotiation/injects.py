"""A teacher's injects: events sent to a table during play, acting from the next round.

A class host's teacher may send a table news that changes the game (issue 15): one of the
scenario's own events, or a new one written in the console with its effect (what no deal is
worth to a side, how far it may bend, what it makes of one option, or a walk-out threat).
An inject is recorded in the transcript when it is sent, as an `event` record whose `source`
is `teacher` and whose `from_round` says when it acts; it acts at the start of that round,
before the round's cost of delay and before the table sits, as a scenario event does.

Replaying a game therefore needs no clock: the record's place among the people's decisions
says when it was sent, and its fields say what it does (`inject_of_record`), so `sim.report.
verify`, `parley report` and `parley replay` play it again exactly.

A walk-out threat against a side a person plays is news only: whether to leave is the
person's decision, as with a scenario's walk-out events. Against a scripted side it is
carried out at `from_round` if the talks have not ended by then.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from pydantic import TypeAdapter, ValidationError

from sim.negotiation.game import Game
from sim.scenario.schema import Event
from sim.transcript.format import Record

TEACHER = "teacher"
"""The `source` of an event record sent by the teacher."""
SENT_BY = "sent by the teacher during the class"
"""The evidence an inject's event carries (the scenario's events cite their sources)."""
KINDS = ("shift_reservation", "shift_budget", "shift_value", "walk_out")
"""What a new inject may do (the scenario's event kinds)."""


@cache
def _event_adapter() -> TypeAdapter[Event]:
    """The validator of an event, built on first use: building it costs about 7 ms, which
    every import of the engine paid although only a class host sends injects."""
    return TypeAdapter(Event)


class InjectError(ValueError):
    """An inject that cannot be sent; the message says why in the teacher's words."""


@dataclass(frozen=True)
class Inject:
    """One inject as the engine applies it."""

    round: int
    """The round from whose start it acts (from 0)."""
    spec: Event
    """What it does, as a scenario event states it (its `at` is `round`)."""


def teacher_event(game: Game, kind: str, party: str, at: int, by: float = 0.0,
                  issue: str | None = None, option: str | None = None,
                  headline: str = "") -> Event:
    """A new event written by the teacher, checked against `game`.

    Raises:
        InjectError: an unknown side, kind, issue or option, or a size outside -1..1.
    """
    if kind not in KINDS:
        raise InjectError(f"an inject's kind is one of {', '.join(KINDS)}, not {kind!r}")
    if party not in game.parties:
        raise InjectError(f"no side {party!r} at this table ({', '.join(game.parties)})")
    data: dict[str, Any] = {"kind": kind, "party": party, "at": at,
                            "headline": headline.strip() or default_headline(kind, party, by),
                            "because": {"assumption": SENT_BY}}
    if kind != "walk_out":
        data["by"] = by
    if kind == "shift_value":
        if issue not in game.issues:
            raise InjectError(f"no issue {issue!r} in this game ({', '.join(game.issues)})")
        options = game.options[game.issues.index(issue)]
        if option not in options:
            raise InjectError(f"no option {option!r} on {issue} ({', '.join(options)})")
        data.update(issue=issue, option=option)
    try:
        return _event_adapter().validate_python(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"][1:]) or "inject"
        raise InjectError(f"{where}: {first['msg']}") from None


def default_headline(kind: str, party: str, by: float) -> str:
    """What the students read when the teacher wrote no headline."""
    if kind == "shift_reservation":
        return f"{party}'s alternative to a deal {'improves' if by >= 0 else 'worsens'}"
    if kind == "shift_budget":
        return f"{party} {'gains' if by >= 0 else 'loses'} room to give ground at home"
    if kind == "shift_value":
        return f"{party} rethinks what one option is worth"
    return f"{party} threatens to leave the talks"


def scenario_event(game: Game, index: int, at: int) -> Event:
    """The scenario's event number `index` (from 0), sent now to act from round `at`: its
    effect and headline as the scenario states them, its timing and chance the teacher's.

    Raises:
        InjectError: no such event.
    """
    events = game.scenario.events
    if not 0 <= index < len(events):
        raise InjectError(f"the scenario has {len(events)} events; no event {index + 1}")
    spec = events[index]
    return spec.model_copy(update={"at": at, "between": None, "chance": 1.0,
                                   "headline": spec.headline or default_headline(
                                       spec.kind, spec.party, getattr(spec, "by", 0.0))})


def event_record(spec: Event, t: int) -> Record:
    """The transcript's record of an event that happens in round `t`."""
    record: Record = {"type": "event", "round": t, "party": spec.party, "kind": spec.kind,
                      "headline": spec.headline or spec.kind.replace("_", " ")}
    for key in ("by", "issue", "option"):
        if hasattr(spec, key):
            record[key] = getattr(spec, key)
    return record


def inject_record(inject: Inject, t: int) -> Record:
    """The transcript's record of `inject`, sent in round `t`: an event's, with who sent it
    and the round it acts from."""
    record = event_record(inject.spec, t)
    record["source"] = TEACHER
    record["from_round"] = inject.round
    return record


def is_inject(record: Record) -> bool:
    """Whether `record` is a teacher's inject (not a scenario event)."""
    return record.get("type") == "event" and record.get("source") == TEACHER


def inject_of_record(record: Record) -> Inject:
    """The inject a transcript's record describes (the inverse of `inject_record`).

    Raises:
        InjectError: the record does not describe an inject.
    """
    at = record.get("from_round")
    if not isinstance(at, int) or isinstance(at, bool):
        raise InjectError("a teacher's event without the round it acts from")
    data: dict[str, Any] = {"kind": record.get("kind"), "party": record.get("party"),
                            "at": at, "headline": record.get("headline", ""),
                            "because": {"assumption": SENT_BY}}
    for key in ("by", "issue", "option"):
        if key in record:
            data[key] = record[key]
    try:
        return Inject(at, _event_adapter().validate_python(data))
    except ValidationError as exc:
        raise InjectError(f"a teacher's event that is not an event ({exc.errors()[0]['msg']})"
                          ) from None


def effect_words(record: Record, private: bool = True) -> str:
    """What an inject does, in words (`private`: with its size)."""
    party, kind, by = record.get("party"), record.get("kind"), record.get("by", 0.0)
    size = f" by {by:+.2f}" if private else ""
    start = f"from round {int(record.get('from_round', 0)) + 1}"
    if kind == "shift_reservation":
        return f"what no deal is worth to {party} changes{size} {start}"
    if kind == "shift_budget":
        return f"how far {party} may give ground changes{size} {start}"
    if kind == "shift_value":
        return (f"{party} values {record.get('option')} on {record.get('issue')} "
                f"differently{size} {start}")
    return (f"{party} leaves the talks {start} unless they have ended (if a person plays "
            f"{party}, that is theirs to decide)")

"""Checking a transcript against the scenario it was played on, before anything reads it.

`read_transcript` checks the form of each line; a debrief, a class summary or a replay also
needs every party, option and number a record names to exist in the game. A transcript
edited by hand (or damaged) is refused here with the record and field at fault, rather than
failing half-way through a page with a `KeyError`.
"""

from __future__ import annotations

import math
import os
from typing import Any

from sim import MAX_SEED
from sim.negotiation.game import Game
from sim.negotiation.results import ENDINGS
from sim.transcript.format import NEUTRAL_MEDIATOR, Record, TranscriptError

KINDS = tuple(o.label for o in ENDINGS)
"""How a finished game's outcome record may say it ended."""

PER_PARTY_NUMBERS = ("utilities", "reservations", "budget_spent")
"""Outcome fields that give every party a number."""


class _Bad(Exception):
    """One fault, as the field and what is wrong with it."""


def check_records(records: list[Record], game: Game,
                  path: str | os.PathLike[str] = "transcript", *, finished: bool = True) -> None:
    """Refuse a transcript whose records do not fit `game`.

    Args:
        records: as `read_transcript` returns them (the header first).
        game: the scenario it was played on, compiled.
        path: named in the message.
        finished: whether the game must end with its outcome record.

    Raises:
        TranscriptError: `path: record N (type): field: what is wrong`.
    """
    parties = set(game.parties)
    whole = options = dict(zip(game.issues, game.options, strict=True))
    deadline = game.scenario.protocol.deadline
    staged = game.scenario.stages or []
    for number, record in enumerate(records, start=1):
        try:
            if staged and record.get("type") in ("stage", "stage_end"):
                # Staged talks: each stage's records name its issues (agreed ones fixed)
                # and count its rounds; the outcome record closes the whole game.
                if record["type"] == "stage":
                    options, deadline = _stage(record, whole, [s.id for s in staged])
                else:
                    _stage_end(record, parties, options, deadline)
                continue
            if staged and record.get("type") == "outcome":
                options = whole
            _check(record, parties, options, deadline)
        except _Bad as exc:
            raise TranscriptError(f"{path}: record {number} ({record.get('type')}): {exc}; "
                                  "the transcript was edited or damaged, or is of another "
                                  "scenario") from None
    if finished and records[-1].get("type") != "outcome":
        raise TranscriptError(f"{path}: the game was not finished (no outcome record)")


def _check(rec: Record, parties: set[str], options: dict[str, tuple[str, ...]],
           deadline: int) -> None:
    kind = rec["type"]
    if kind == "header":
        _whole(rec, "seed", low=0, high=MAX_SEED)
        _whole(rec, "deadline", low=1)
        humans = rec.get("humans", [])
        if not isinstance(humans, list):
            raise _Bad("humans: not a list of parties")
        for name in humans:
            _party(name, parties, "humans")
        if len(set(map(str, humans))) != len(humans):
            raise _Bad("humans: a party is listed twice")
        return
    _whole(rec, "round", low=0, high=deadline)
    if kind == "event":
        if rec.get("party") is not None:
            _party(rec["party"], parties, "party")
        _text(rec, "headline")
        return
    if kind == "outcome":
        _outcome(rec, parties, options)
        return
    if not (kind == "offer" and rec.get("party") == NEUTRAL_MEDIATOR):
        _party(rec.get("party"), parties, "party")
    if kind == "offer":
        _package(rec.get("outcome"), options, "outcome")
        _numbers(rec.get("utilities"), parties, "utilities")
    elif kind == "answer":
        _flag(rec, "accept")
        _text(rec, "reason")
    elif kind == "ratification":
        _flag(rec, "approved")
        _text(rec, "reason")


def _stage(rec: Record, whole: dict[str, tuple[str, ...]],
           ids: list[str]) -> tuple[dict[str, tuple[str, ...]], int]:
    """A stage record's issues (as its offers must name them) and its deadline."""
    if rec.get("stage") not in ids:
        raise _Bad(f"stage: {rec.get('stage')!r} is not a stage of this scenario "
                   f"({', '.join(ids)})")
    _whole(rec, "deadline", low=1)
    own, fixed = rec.get("issues"), rec.get("fixed")
    if not isinstance(own, list) or not isinstance(fixed, dict):
        raise _Bad("issues, fixed: not a list of issues and a mapping of settled ones")
    for issue in [*own, *fixed]:
        if issue not in whole:
            raise _Bad(f"issues: {issue!r} is not an issue of this scenario")
    for issue, option in fixed.items():
        if option not in whole[issue]:
            raise _Bad(f"fixed.{issue}: {option!r} is not one of its options")
    options = {i: ((fixed[i],) if i in fixed else opts) for i, opts in whole.items()
               if i in own or i in fixed}
    return options, int(rec["deadline"])


def _stage_end(rec: Record, parties: set[str], options: dict[str, tuple[str, ...]],
               deadline: int) -> None:
    _whole(rec, "round", low=0, high=deadline)
    if rec.get("kind") not in KINDS:
        raise _Bad(f"kind: {rec.get('kind')!r} is not one of {', '.join(KINDS)}")
    if rec["kind"] == "deal":
        _package(rec.get("deal"), options, "deal")
    elif rec.get("deal") is not None:
        raise _Bad(f"deal: a stage that ended by {rec['kind']} has no deal")
    for field in PER_PARTY_NUMBERS:
        _numbers(rec.get(field), parties, field)


def _outcome(rec: Record, parties: set[str], options: dict[str, tuple[str, ...]]) -> None:
    if rec.get("kind") not in KINDS:
        raise _Bad(f"kind: {rec.get('kind')!r} is not one of {', '.join(KINDS)}")
    if rec["kind"] == "deal":
        _package(rec.get("deal"), options, "deal")
    elif rec.get("deal") is not None:
        raise _Bad(f"deal: a game that ended by {rec['kind']} has no deal")
    if rec.get("walked_out") is not None:
        _party(rec["walked_out"], parties, "walked_out")
    for field in PER_PARTY_NUMBERS:
        _numbers(rec.get(field), parties, field)
    pressed = rec.get("red_lines_pressed")
    _numbers(pressed, parties, "red_lines_pressed")
    assert isinstance(pressed, dict)
    for name, count in pressed.items():
        if not isinstance(count, int) or isinstance(count, bool) or count < 0:
            raise _Bad(f"red_lines_pressed.{name}: {count!r} is not a count")


def _party(name: Any, parties: set[str], field: str) -> None:
    if not isinstance(name, str) or name not in parties:
        raise _Bad(f"{field}: {name!r} is not a party of this scenario "
                   f"({', '.join(sorted(parties))})")


def _whole(rec: Record, field: str, low: int, high: int | None = None) -> None:
    value = rec.get(field)
    if not isinstance(value, int) or isinstance(value, bool):
        raise _Bad(f"{field}: {value!r} is not a whole number")
    if value < low or (high is not None and value > high):
        allowed = f"at least {low}" if high is None else f"from {low} to {high}"
        raise _Bad(f"{field}: {value} is out of range (a whole number {allowed})")


def _flag(rec: Record, field: str) -> None:
    if not isinstance(rec.get(field), bool):
        raise _Bad(f"{field}: {rec.get(field)!r} is neither true nor false")


def _text(rec: Record, field: str) -> None:
    if not isinstance(rec.get(field), str):
        raise _Bad(f"{field}: missing, or not text")


def _package(value: Any, options: dict[str, tuple[str, ...]], field: str) -> None:
    if not isinstance(value, dict):
        raise _Bad(f"{field}: missing, or not a mapping of issue to option")
    for issue, option in value.items():
        if issue not in options:
            raise _Bad(f"{field}: {issue!r} is not an issue of this scenario")
        if option not in options[issue]:
            raise _Bad(f"{field}.{issue}: {option!r} is not one of its options "
                       f"({', '.join(options[issue])})")
    missing = [issue for issue in options if issue not in value]
    if missing:
        raise _Bad(f"{field}: no option for {', '.join(missing)}")


def _numbers(value: Any, parties: set[str], field: str) -> None:
    if not isinstance(value, dict):
        raise _Bad(f"{field}: missing, or not a mapping of party to number")
    for name, number in value.items():
        _party(name, parties, field)
        if (not isinstance(number, int | float) or isinstance(number, bool)
                or not math.isfinite(number)):
            raise _Bad(f"{field}.{name}: {number!r} is not a finite number")
    missing = sorted(parties - set(value))
    if missing:
        raise _Bad(f"{field}: no value for {', '.join(missing)}")

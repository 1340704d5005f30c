"""A transcript is graded only if replaying it gives it back: no number on a page is taken on trust.

A transcript holds the scenario's content hash, the seed and how the game was set up, and
every decision the people made (their offers, answers and walk-outs). Replaying those
decisions through `PlaySession` against the same scenario gives back every other line: what
the scripted sides did, every utility, the outcome. So before a debrief or a summary shows a
number, the game is replayed and each recorded line compared with the replay's; a transcript
edited by hand (every utility set to 0.99, a walk-out by "Narnia") is refused, naming the
first line that differs and how.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

from sim import RULES
from sim.actors.human import Decision, DecisionError
from sim.classroom.difficulty import WRITTEN
from sim.negotiation.injects import TEACHER, Inject, InjectError, inject_of_record, is_inject
from sim.report.source import Source
from sim.transcript.format import Record, TranscriptError, dumps
from sim.transcript.provenance import is_simulated, mark_simulated

ANNOTATIONS = ("parley", "simulated", "practice")
"""Header fields that say where a transcript comes from but do not change how the game plays:
the Parley version that wrote it (the rules version is what counts), whether a simulated
student played it, whether the class was in practice mode."""


class TamperedTranscript(TranscriptError):
    """A transcript whose recorded lines are not what its game gives; the message names the
    first line that differs."""


def check_replays(records: list[Record], source: Source,
                  name: str | os.PathLike[str] = "transcript") -> None:
    """Replay the game of `records` and check that it gives back every recorded line.

    Raises:
        TranscriptError: the game was played under other rules, or not finished.
        TamperedTranscript: a line differs from the replay (naming the line, the field, what
            is recorded and what the game gives).
    """
    header = records[0]
    if header.get("rules") != RULES:
        raise TranscriptError(
            f"{name}: played under Parley's rules v{header.get('rules', 1)}, but scripted "
            f"players now follow rules v{RULES}; its numbers cannot be checked by replaying "
            "it, so it is not graded (replay the game under the new rules instead)")
    if records[-1]["type"] != "outcome":
        raise TranscriptError(f"{name}: the game was not finished (no outcome record at the "
                              f"end, line {len(records)} is a {records[-1]['type']} record)")
    replay = _replay(records, source, name)
    if is_simulated(header):
        replay = mark_simulated(replay)
    for number, (recorded, replayed) in enumerate(zip(records, replay, strict=False), start=1):
        if number == 1:
            recorded = {k: v for k, v in recorded.items() if k not in ANNOTATIONS}
            replayed = {k: v for k, v in replayed.items() if k not in ANNOTATIONS}
        if dumps(recorded) != dumps(replayed):
            raise TamperedTranscript(f"{name}:{number}: {_difference(recorded, replayed)}; "
                                     f"{_REFUSED}")
    if len(records) != len(replay):
        raise TamperedTranscript(
            f"{name}:{min(len(records), len(replay)) + 1}: the transcript has {len(records)} "
            f"lines, but replaying its game gives {len(replay)}; {_REFUSED}")


_REFUSED = ("replaying the game from its scenario, seed and recorded decisions gives "
            "otherwise, so the transcript was changed after the game and is not graded")


def _difference(recorded: Record, replayed: Record) -> str:
    """The first field that differs, in words."""
    kind = recorded.get("type", "?")
    if kind != replayed.get("type"):
        return f"a {kind} record where the game has a {replayed.get('type')} record"
    for key in [*recorded, *(k for k in replayed if k not in recorded)]:
        a, b = recorded.get(key, _MISSING), replayed.get(key, _MISSING)
        if dumps({"v": a}) != dumps({"v": b}):
            return (f"the {kind} record's '{key}' is {_show(a)}, but the game gives "
                    f"{_show(b)}" + _detail(a, b))
    return f"the {kind} record differs from the game's"


_MISSING: Any = object()


def _show(value: object) -> str:
    if value is _MISSING:
        return "missing"
    text = dumps({"v": value})[6:-1]
    return text if len(text) <= 80 else text[:77] + "..."


def _detail(a: object, b: object) -> str:
    """For two dicts, the first key inside that differs (say, which party's utility)."""
    if isinstance(a, dict) and isinstance(b, dict):
        for key in [*a, *(k for k in b if k not in a)]:
            x, y = a.get(key, _MISSING), b.get(key, _MISSING)
            if dumps({"v": x}) != dumps({"v": y}):
                return f" (first at '{key}': {_show(x)} recorded, {_show(y)} played)"
    return ""


Step = tuple[int, Decision | Inject, bool]
"""One step of a game as recorded: (line, a person's decision or a teacher's inject, whether
the decision was a stand-in's)."""


def _decisions(records: list[Record], humans: tuple[str, ...],
               name: str | os.PathLike[str] = "transcript") -> Iterator[Step]:
    """(line, decision or inject, stand-in) of every decision a person (or a stand-in for
    them) made and every inject a teacher sent, in the order the game met them."""
    previous: Record = {}
    for number, record in enumerate(records, start=1):
        kind, party = record.get("type"), record.get("party")
        stand_in = record.get("stand_in") is True
        if is_inject(record):
            try:
                yield number, inject_of_record(record), False
            except InjectError as exc:
                raise TamperedTranscript(f"{name}:{number}: {exc}; {_REFUSED}") from None
        elif party in humans:
            if kind == "offer":
                yield number, Decision.propose(dict(record.get("outcome") or {})), stand_in
            elif kind == "answer":
                yield (number, Decision.accept() if record.get("accept") else Decision.reject(),
                       stand_in)
            elif kind == "walk_out" and not (previous.get("type") == "event"
                                             and previous.get("kind") == "walk_out"
                                             and previous.get("party") == party):
                yield number, Decision.walk_out(), stand_in
        previous = record


def _replay(records: list[Record], source: Source,
            name: str | os.PathLike[str]) -> list[Record]:
    """The transcript the recorded game gives when played again."""
    header = records[0]
    humans = tuple(header.get("humans") or ())
    seed, protocol = header.get("seed"), header.get("protocol")
    if header.get("stages"):  # staged talks: `protocol` names the first stage's
        protocol = header.get("protocol_override")
    if not isinstance(seed, int) or not all(isinstance(h, str) for h in humans):
        raise TamperedTranscript(f"{name}:1: the header's seed or sides are not readable; "
                                 f"{_REFUSED}")
    if not humans:
        return _replay_scripted(source, seed, protocol, header, name)
    from sim.play.session import PlaySession

    try:
        session = PlaySession(source.path, seed=seed, humans=humans,
                              protocol=protocol if isinstance(protocol, str) else None,
                              random_events=header.get("random_events", True) is not False,
                              difficulty=str(header.get("difficulty", WRITTEN)))
    except ValueError as exc:  # a side the scenario does not have
        raise TamperedTranscript(f"{name}:1: {exc}; {_REFUSED}") from None
    request = session.advance()
    for number, step, stand_in in _decisions(records, humans, name):
        if request is None:
            raise TamperedTranscript(f"{name}:{number}: a decision recorded after the game "
                                     f"was over; {_REFUSED}")
        try:
            if isinstance(step, Inject):
                session.inject(step)
            else:
                request = session.decide(step, stand_in=stand_in)
        except (DecisionError, KeyError, ValueError) as exc:
            raise TamperedTranscript(f"{name}:{number}: the recorded decision cannot be "
                                     f"made in this game ({exc}); {_REFUSED}") from None
    if records[-1].get("ended_by") == TEACHER and not session.finished:
        session.close()  # the teacher ended the class at a set time
    return list(session.records)


def _replay_scripted(source: Source, seed: int, protocol: object, header: Record,
                     name: str | os.PathLike[str]) -> list[Record]:
    """An all-scripted game (`parley run`), in the world drawn for it if the header has one."""
    from sim.batch.perturb import world_of
    from sim.negotiation.engine import Negotiation

    if source.game.scenario.staged:
        from sim.negotiation.stages import StagedNegotiation, StagedPlan, numbers_named

        try:
            staged = StagedNegotiation(
                StagedPlan(source.game.scenario, protocol if isinstance(protocol, str) else None),
                seed, numbers=numbers_named(header.get("numbers")),
                random_events=header.get("random_events", True) is not False)
        except (KeyError, ValueError) as exc:
            raise TamperedTranscript(f"{name}:1: {exc}; {_REFUSED}") from None
        if header.get("random_events") is False:
            staged.recorder.header_notes["random_events"] = False
        staged.run()
        return list(staged.recorder.records)

    params = drawn = None
    if header.get("drawn"):
        params, drawn = world_of(source.game, seed)
    try:
        neg = Negotiation(source.game, seed, params=params, drawn=drawn,
                          protocol=protocol if isinstance(protocol, str) else None,
                          random_events=header.get("random_events", True) is not False)
    except (KeyError, ValueError) as exc:
        raise TamperedTranscript(f"{name}:1: {exc}; {_REFUSED}") from None
    if header.get("random_events") is False:
        neg.recorder.header_notes["random_events"] = False
    neg.run()
    return list(neg.recorder.records)

"""The numbers behind one game's debrief, gathered from its transcript and its scenario.

Everything the page shows is computed here, so a test can check it without reading HTML:
the moves in order, each party's concession curve, where the deal sits against the Pareto
frontier and the Nash point, who ended above its reservation value, which red lines the
offers pressed, and the player's percentile among scripted players of the same side.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from sim.negotiation.injects import TEACHER, effect_words, is_inject
from sim.report.baseline import Baseline
from sim.report.source import Source
from sim.scenario.explain import option_labels, outcome_sentence
from sim.scenario.schema import RedLine
from sim.transcript.ending import VotedDown, ending_label, voted_down
from sim.transcript.format import Record, TranscriptError
from sim.transcript.provenance import is_simulated
from sim.transcript.recorder import game_frontier

if TYPE_CHECKING:
    from sim.negotiation.stages import StageTable


@dataclass(frozen=True)
class Move:
    """One line of the timeline."""

    round: int
    """As transcripts count rounds (from 0); in staged talks, counted on from the first
    stage's first round (each stage's rounds follow the rounds played before it)."""
    party: str
    kind: str
    """`offer`, `accept`, `reject`, `event`, `walk_out`, `ratification` (or `stage`)."""
    text: str
    stage: str = ""
    """In staged talks, the title of the stage the move was made in."""


@dataclass(frozen=True)
class StageResult:
    """How one stage of staged talks went."""

    id: str
    title: str
    number: int
    kind: str
    """`deal`, `deadline` or `walk_out`; `not played` for a stage the talks never reached."""
    round: int
    """The round it ended in (from 0; -1 when not played)."""
    deadline: int
    deal: dict[str, str] | None
    """What it agreed on its own issues."""
    at_table: tuple[str, ...]
    protocol: str
    mediator: str | None
    carried: tuple[str, ...]
    """What earlier stages carried into it, in words."""


@dataclass(frozen=True)
class PartyResult:
    """How one party came out of the game."""

    name: str
    human: bool
    """Whether a person played it."""
    utility: float
    reservation: float
    budget_spent: float
    budget: float
    """Its concession budget (after any event that changed it)."""
    pressed: int
    """Offers tabled that crossed this party's hard red lines."""
    soft_pressed: int
    """Offers tabled that crossed this party's soft red lines."""
    offers: tuple[tuple[int, float], ...]
    """(round, utility to itself) of each offer it tabled: its concession curve."""
    percentile: float
    """Percent of scripted runs in which this side did worse (ties count half)."""
    baseline_mean: float
    """Mean utility of this side in the scripted runs."""

    @property
    def overspent(self) -> bool:
        """Whether it gave up more than its concession budget allowed (only a person can)."""
        return self.budget_spent > self.budget + 1e-9

    @property
    def above_reservation(self) -> bool:
        """Whether the party ended better off than with no deal."""
        return self.utility > self.reservation + 1e-9


@dataclass(frozen=True)
class RedLineUse:
    """A red line the offers on the table crossed."""

    party: str
    line: str
    kind: str
    public: bool
    offers: int
    """Offers that crossed it."""
    by: tuple[str, ...]
    """Who tabled those offers."""
    in_deal: bool
    """Whether the final deal crosses it (only soft lines can be)."""


@dataclass(frozen=True)
class Debrief:
    """Everything a debrief page shows about one game."""

    name: str
    """The transcript's name (its file stem), e.g. `student-07`."""
    title: str
    seed: int
    protocol: str
    deadline: int
    humans: tuple[str, ...]
    simulated: bool
    """Whether a simulated student played the human sides (a teacher's dry run)."""
    parties: tuple[str, ...]
    issues: tuple[str, ...]
    labels: dict[str, dict[str, str]]
    """Issue → option → readable label."""
    kind: str
    """`deal`, `deadline` or `walk_out`."""
    end_round: int
    deal: dict[str, str] | None
    walked_out: str | None
    voted_down: VotedDown | None
    """A deal every side accepted that a ratifying body rejected, none following it."""
    pareto_efficient: bool | None
    distance_to_frontier: float | None
    nash_point: dict[str, str] | None
    results: tuple[PartyResult, ...]
    moves: tuple[Move, ...]
    red_lines: tuple[RedLineUse, ...]
    effective: np.ndarray
    """[P, O] utilities of every outcome (for the frontier charts)."""
    feasible: np.ndarray
    efficient: np.ndarray
    nash: int | None
    deal_outcome: int | None
    baseline: Baseline
    stages: tuple[StageResult, ...] = ()
    """Staged talks: each stage, played or not (empty for one table)."""
    stage_deadline: int | None = None
    """Staged talks: rounds of the stage the game ended in (`deadline` then counts every
    round the stages played could take, for the timeline)."""
    stage_round: int | None = None
    """Staged talks: the round, in its stage, in which the game ended."""
    ended_by_teacher: bool = False
    """A class host's teacher ended the game at a set time (as at its deadline)."""

    @property
    def focus(self) -> tuple[str, ...]:
        """The sides the debrief is about: the people's, or every side in a scripted game."""
        return self.humans or self.parties

    def result(self, party: str) -> PartyResult:
        """The result of `party`."""
        return next(r for r in self.results if r.name == party)

    def outcome_sentence(self) -> str:
        """How the game ended, in one sentence."""
        v = self.voted_down
        if self.stages:
            played = [st for st in self.stages if st.round >= 0]
            return outcome_sentence(self.kind, self.stage_round or 0,
                                    self.stage_deadline or self.deadline, self.walked_out,
                                    (v.party, v.body, v.round) if v else None,
                                    stage=played[-1].title,
                                    ended_by_teacher=self.ended_by_teacher)
        return outcome_sentence(self.kind, self.end_round, self.deadline, self.walked_out,
                                (v.party, v.body, v.round) if v else None,
                                ended_by_teacher=self.ended_by_teacher)

    @property
    def ending(self) -> str:
        """How the game ended in a few words ("agreed, then rejected in ratification", ...)."""
        return ending_label(self.kind, self.voted_down)


def build_debrief(records: list[Record], source: Source, baseline: Baseline,
                  name: str = "transcript") -> Debrief:
    """Gather a debrief from a transcript's records.

    Raises:
        TranscriptError: the transcript has no outcome (the game was not finished).
    """
    header, outcome = records[0], records[-1]
    if outcome["type"] != "outcome":
        raise TranscriptError(f"{name}: the game was not finished (no outcome record at the "
                              f"end, line {len(records)} is a {outcome['type']} record)")
    game = source.game
    staged = staged_view(records, source)
    table_game = staged.last.game if staged is not None else game
    front = game_frontier(table_game)
    humans = tuple(header.get("humans", ()))
    offers: dict[str, list[tuple[int, float]]] = {p: [] for p in game.parties}
    last_stage = staged.openings[-1] if staged is not None else 0
    for k, rec in enumerate(records):
        if rec["type"] == "offer" and rec["party"] in offers and k > last_stage:
            offers[rec["party"]].append((int(rec["round"]), float(rec["utilities"][rec["party"]])))
    soft = soft_pressed(records, source)
    budgets = budgets_after_events(records, source)
    results = tuple(
        PartyResult(name=p, human=p in humans, utility=float(outcome["utilities"][p]),
                    reservation=float(outcome["reservations"][p]),
                    budget_spent=float(outcome["budget_spent"][p]), budget=budgets[p],
                    pressed=int(outcome["red_lines_pressed"][p]), soft_pressed=soft[p],
                    offers=tuple(offers[p]),
                    percentile=baseline.percentile(p, float(outcome["utilities"][p])),
                    baseline_mean=baseline.mean(p))
        for p in game.parties)
    deal = outcome.get("deal")
    deal_outcome = table_game.encode(deal) if deal else None
    whole_deal = game.encode(deal) if deal else None
    protocol, deadline, end_round = str(header["protocol"]), int(header["deadline"]), \
        int(outcome["round"])
    extra: dict[str, object] = {}
    if staged is not None:
        protocol = ", then ".join(dict.fromkeys(st.protocol for st in staged.results
                                                if st.round >= 0))
        offset = staged.offsets[-1]
        stage_deadline = staged.last.game.scenario.protocol.deadline
        extra = {"stages": staged.results, "stage_deadline": stage_deadline,
                 "stage_round": end_round}
        deadline, end_round = offset + stage_deadline, offset + end_round
    return Debrief(
        name=name, title=str(header["scenario"]), seed=int(header["seed"]),
        protocol=protocol, deadline=deadline, humans=humans,
        simulated=is_simulated(header),
        parties=game.parties, issues=game.issues, labels=option_labels(game.scenario),
        kind=outcome["kind"],
        end_round=end_round, deal=deal, walked_out=outcome.get("walked_out"),
        ended_by_teacher=outcome.get("ended_by") == TEACHER,
        voted_down=voted_down(records),
        pareto_efficient=outcome.get("pareto_efficient"),
        distance_to_frontier=outcome.get("distance_to_frontier"),
        nash_point=outcome.get("nash_point"), results=results, moves=tuple(moves(records)),
        red_lines=tuple(red_line_uses(records, source, whole_deal)),
        effective=table_game.effective, feasible=front.feasible, efficient=front.efficient,
        nash=front.nash, deal_outcome=deal_outcome, baseline=baseline,
        **extra)  # type: ignore[arg-type]


@dataclass(frozen=True)
class StagedView:
    """A staged transcript's stages, as the debrief needs them."""

    tables: list[StageTable]
    results: tuple[StageResult, ...]
    openings: list[int]
    """Index in the records of each played stage's `stage` record."""
    offsets: list[int]
    """Rounds played before each played stage (its rounds are counted on from there)."""

    @property
    def last(self) -> StageTable:
        """The stage the game ended in."""
        return self.tables[-1]


def staged_view(records: list[Record], source: Source) -> StagedView | None:
    """The stages of a staged transcript (None for a one-table game)."""
    scenario = source.game.scenario
    if not scenario.stages:
        return None
    from sim.negotiation.stages import StagedPlan, tables_of

    plan = StagedPlan(scenario, records[0].get("protocol_override"))
    tables = tables_of(plan, records)
    openings = [k for k, r in enumerate(records) if r.get("type") == "stage"]
    ends = [r for r in records if r.get("type") in ("stage_end", "outcome")]
    offsets, played = [0], 0
    results = []
    for k, stage in enumerate(scenario.stages):
        if k < len(openings):
            opened, ending = records[openings[k]], ends[k]
            results.append(StageResult(
                id=stage.id, title=stage.title, number=k + 1,
                kind=str(ending["kind"]) if ending["kind"] != "never_opened"
                else str(ends[k - 1]["kind"]) if k else "deadline",
                round=int(ending["round"]), deadline=int(opened["deadline"]),
                deal=({i: o for i, o in ending["deal"].items() if i in opened["issues"]}
                      if ending.get("deal") else None),
                at_table=tuple(opened["parties"]), protocol=str(opened["protocol"]),
                mediator=opened.get("mediator"),
                carried=tuple(str(note["label"]) for note in opened.get("carried") or ())))
            if k + 1 < len(openings):
                played += min(int(ending["round"]) + 1, int(opened["deadline"]))
                offsets.append(played)
        else:
            results.append(StageResult(
                id=stage.id, title=stage.title, number=k + 1, kind="not played", round=-1,
                deadline=(stage.protocol or scenario.protocol).deadline, deal=None,
                at_table=(), protocol="", mediator=None, carried=()))
    return StagedView(tables, tuple(results), openings, offsets)


def offer_lines(records: list[Record], source: Source) -> Iterator[tuple[Record, str, int,
                                                                          RedLine]]:
    """(offer record, party, index of its red line, the line) for every red line each offer
    tabled crosses. In staged talks an offer names its stage's issues only: a line counts
    where the offer settles every issue it names, one of them at that stage's table."""
    scenario = source.game.scenario
    fixed: dict[str, str] = {}
    for rec in records:
        if rec["type"] == "stage":
            fixed = dict(rec.get("fixed") or {})
        if rec["type"] != "offer":
            continue
        chosen = rec["outcome"]
        for party, spec in scenario.parties.items():
            for index, line in enumerate(spec.red_lines):
                if (all(issue in chosen for issue in line.condition)
                        and any(issue not in fixed for issue in line.condition)
                        and line.crossed_by(chosen)):
                    yield rec, party, index, line


def soft_pressed(records: list[Record], source: Source) -> dict[str, int]:
    """Party → offers tabled that crossed one of its soft red lines."""
    out = dict.fromkeys(source.game.parties, 0)
    seen: set[tuple[int, str]] = set()
    for rec, party, _, line in offer_lines(records, source):
        if line.kind == "soft" and (id(rec), party) not in seen:
            seen.add((id(rec), party))
            out[party] += 1
    return out


def budgets_after_events(records: list[Record], source: Source) -> dict[str, float]:
    """Party → its concession budget as the game left it (events may have changed it)."""
    scenario = source.game.scenario
    drawn = records[0].get("drawn") or {}
    stages = [k for k, r in enumerate(records) if r["type"] == "stage"]
    if stages:
        # Staged talks: the budget of the stage the game ended in, as drawn, shifted by
        # what earlier stages carried and changed by that stage's events.
        staged = staged_view(records, source)
        assert staged is not None
        table = staged.last
        drawn = records[stages[-1]].get("drawn") or {}
        out = {name: float(drawn.get(f"{name}.budget", p.budget.total))
               for name, p in table.scenario.parties.items()}
        for party, key, by in table.carried.shifts:
            if key == "budget":
                out[party] = min(max(out[party] + by, 0.0), 1.0)
        records = records[stages[-1]:]
    else:
        out = {name: float(drawn.get(f"{name}.budget", p.budget.total))
               for name, p in scenario.parties.items()}
    for rec in records:
        if rec["type"] == "event" and rec.get("kind") == "shift_budget" and rec["party"] in out:
            out[rec["party"]] = min(max(out[rec["party"]] + float(rec.get("by", 0.0)), 0.0), 1.0)
    return out


def describe_offer(outcome: dict[str, str]) -> str:
    """An offer as `issue: option; ...`."""
    return "; ".join(f"{issue}: {option.replace('_', ' ')}" for issue, option in outcome.items())


def moves(records: list[Record]) -> list[Move]:
    """The timeline: every offer, answer, event, walk-out and vote, in order (in staged
    talks, rounds counted on from stage to stage)."""
    out: list[Move] = []
    offset, stage, played, deadline = 0, "", 0, 0
    for rec in records[1:]:
        kind = rec["type"]
        at = offset + int(rec.get("round", 0))
        if kind == "stage":
            offset, stage, deadline = played, str(rec["title"]), int(rec["deadline"])
            continue
        if kind == "stage_end":  # a stage's rounds: up to its deal's, or all of them
            played = offset + min(int(rec["round"]) + 1, deadline)
            continue
        if kind == "offer":
            by = " (the stand-in's move: the student's time ran out)" if rec.get(
                "stand_in") else ""
            out.append(Move(at, rec["party"], "offer",
                            f"offers {describe_offer(rec['outcome'])}{by}", stage))
        elif kind == "answer":
            out.append(Move(at, rec["party"], "accept" if rec["accept"] else "reject",
                            rec["reason"], stage))
        elif kind == "event":
            text = str(rec["headline"])
            if is_inject(rec):
                text += f" (news sent by the teacher: {effect_words(rec)})"
            out.append(Move(at, rec["party"], "event", text, stage))
        elif kind == "walk_out":
            out.append(Move(at, rec["party"], "walk_out", "walks out", stage))
        elif kind == "outcome" and rec.get("ended_by") == TEACHER:
            out.append(Move(at, TEACHER, "event", "The teacher ended the game at the set time: "
                            "it ends as at its deadline, without a deal", stage))
        elif kind == "ratification":
            out.append(Move(at, rec["party"], "ratification", rec["reason"], stage))
    return out


def red_line_uses(records: list[Record], source: Source,
                  deal_outcome: int | None) -> list[RedLineUse]:
    """Every red line that an offer on the table (or the deal) crossed, most pressed first."""
    game = source.game
    counts: Counter[tuple[str, int]] = Counter()
    authors: dict[tuple[str, int], set[str]] = {}
    for rec, party, index, _ in offer_lines(records, source):
        key = (party, index)
        counts[key] += 1
        authors.setdefault(key, set()).add(rec["party"])
    in_deal: set[tuple[str, int]] = set()
    if deal_outcome is not None:
        for party in game.parties:
            lines = game.scenario.parties[party].red_lines
            in_deal |= {(party, lines.index(x)) for x in game.crossed_lines(party, deal_outcome)}
    uses = []
    for key in sorted(set(counts) | in_deal, key=lambda k: (-counts[k], k)):
        party, index = key
        line = game.scenario.parties[party].red_lines[index]
        uses.append(RedLineUse(party=party, line=line.describe(), kind=line.kind,
                               public=line.public, offers=counts[key],
                               by=tuple(sorted(authors.get(key, ()))), in_deal=key in in_deal))
    return uses

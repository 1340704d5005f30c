"""The numbers behind one game's debrief, gathered from its transcript and its scenario.

Everything the page shows is computed here, so a test can check it without reading HTML:
the moves in order, each party's concession curve, where the deal sits against the Pareto
frontier and the Nash point, who ended above its reservation value, which red lines the
offers pressed, and the player's percentile among scripted players of the same side.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import numpy as np

from sim.report.baseline import Baseline
from sim.report.source import Source
from sim.scenario.explain import option_labels, outcome_sentence
from sim.transcript.ending import VotedDown, ending_label, voted_down
from sim.transcript.format import Record, TranscriptError
from sim.transcript.provenance import is_simulated
from sim.transcript.recorder import game_frontier


@dataclass(frozen=True)
class Move:
    """One line of the timeline."""

    round: int
    party: str
    kind: str
    """`offer`, `accept`, `reject`, `event`, `walk_out` or `ratification`."""
    text: str


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
        return outcome_sentence(self.kind, self.end_round, self.deadline, self.walked_out,
                                (v.party, v.body, v.round) if v else None)

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
    front = game_frontier(game)
    humans = tuple(header.get("humans", ()))
    offers: dict[str, list[tuple[int, float]]] = {p: [] for p in game.parties}
    for rec in records:
        if rec["type"] == "offer" and rec["party"] in offers:
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
    deal_outcome = game.encode(deal) if deal else None
    return Debrief(
        name=name, title=str(header["scenario"]), seed=int(header["seed"]),
        protocol=str(header["protocol"]), deadline=int(header["deadline"]), humans=humans,
        simulated=is_simulated(header),
        parties=game.parties, issues=game.issues, labels=option_labels(game.scenario),
        kind=outcome["kind"],
        end_round=int(outcome["round"]), deal=deal, walked_out=outcome.get("walked_out"),
        voted_down=voted_down(records),
        pareto_efficient=outcome.get("pareto_efficient"),
        distance_to_frontier=outcome.get("distance_to_frontier"),
        nash_point=outcome.get("nash_point"), results=results, moves=tuple(moves(records)),
        red_lines=tuple(red_line_uses(records, source, deal_outcome)),
        effective=game.effective, feasible=front.feasible, efficient=front.efficient,
        nash=front.nash, deal_outcome=deal_outcome, baseline=baseline)


def soft_pressed(records: list[Record], source: Source) -> dict[str, int]:
    """Party → offers tabled that crossed one of its soft red lines."""
    game = source.game
    out = dict.fromkeys(game.parties, 0)
    for rec in records:
        if rec["type"] == "offer":
            outcome = game.encode(rec["outcome"])
            for party in game.parties:
                if any(line.kind == "soft" for line in game.crossed_lines(party, outcome)):
                    out[party] += 1
    return out


def budgets_after_events(records: list[Record], source: Source) -> dict[str, float]:
    """Party → its concession budget as the game left it (events may have changed it)."""
    scenario = source.game.scenario
    drawn = records[0].get("drawn") or {}
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
    """The timeline: every offer, answer, event, walk-out and vote, in order."""
    out: list[Move] = []
    for rec in records[1:]:
        kind = rec["type"]
        if kind == "offer":
            out.append(Move(rec["round"], rec["party"], "offer",
                            f"offers {describe_offer(rec['outcome'])}"))
        elif kind == "answer":
            out.append(Move(rec["round"], rec["party"], "accept" if rec["accept"] else "reject",
                            rec["reason"]))
        elif kind == "event":
            out.append(Move(rec["round"], rec["party"], "event", rec["headline"]))
        elif kind == "walk_out":
            out.append(Move(rec["round"], rec["party"], "walk_out", "walks out"))
        elif kind == "ratification":
            out.append(Move(rec["round"], rec["party"], "ratification", rec["reason"]))
    return out


def red_line_uses(records: list[Record], source: Source,
                  deal_outcome: int | None) -> list[RedLineUse]:
    """Every red line that an offer on the table (or the deal) crossed, most pressed first."""
    game = source.game
    counts: Counter[tuple[str, int]] = Counter()
    authors: dict[tuple[str, int], set[str]] = {}
    for rec in records:
        if rec["type"] != "offer":
            continue
        outcome = game.encode(rec["outcome"])
        for party in game.parties:
            for line in game.crossed_lines(party, outcome):
                key = (party, game.scenario.parties[party].red_lines.index(line))
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

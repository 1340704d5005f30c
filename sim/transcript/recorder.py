"""Builds a single game's transcript records as the engine runs (a batch records nothing)."""

from __future__ import annotations

from functools import cache

import numpy as np

from sim import RULES, __version__
from sim.actors.base import Answers, Reason, TableView
from sim.analysis.frontier import Frontier, frontier, nash_product
from sim.negotiation.events import Scheduled
from sim.negotiation.game import Game
from sim.negotiation.injects import Inject, event_record, inject_record
from sim.negotiation.results import Outcome, Results
from sim.scenario.loader import scenario_hash
from sim.scenario.schema import RedLine
from sim.transcript.format import NEUTRAL_MEDIATOR, Record
from sim.transcript.reasons import REASON_CODES, reason_text


def stage_words(title: str) -> str:
    """A stage's title as it reads inside a sentence: "Talks about talks" → "talks about
    talks", "The settlement" → "settlement" (after "in the")."""
    words = title[:1].lower() + title[1:]
    return words[4:] if words.startswith("the ") else words


@cache
def game_frontier(game: Game) -> Frontier:
    """The frontier of `game`, computed once per compiled game."""
    return frontier(game)


class Recorder:
    """Appends records to `records` when enabled (single games); otherwise does nothing.

    It is told what happened, with the table's view where numbers are needed; it never reads
    the engine.
    """

    def __init__(self, game: Game, enabled: bool) -> None:
        self.game = game
        self.enabled = enabled
        self.records: list[Record] = []
        self.header_notes: dict[str, object] = {}
        """Fields added to the header after the engine's own: how a game was set up beyond
        the scenario and seed (say, `"random_events": false` for a class that switched
        chance events off). Set them before the game starts."""
        self.stage: str | None = None
        """In staged talks, the title of the stage this table is (say, "Talks about talks"):
        scripted parties' reasons name it."""

    def _utilities(self, view: TableView, outcome: int) -> dict[str, float]:
        return {name: float(view.effective[0, p, outcome])
                for p, name in enumerate(self.game.parties)}

    def header(self, seed: int, protocol: str, deadline: int, humans: tuple[str, ...],
               first: int, drawn: dict[str, float] | None = None) -> None:
        """The transcript's first line: what replaying and grading need, and the parameters
        drawn for this game's world (`drawn`, path → value), if any were."""
        if not self.enabled:
            return
        g = self.game
        self.records.append({
            "type": "header", "parley": __version__, "rules": RULES,
            "scenario": g.scenario.title,
            "scenario_hash": scenario_hash(g.scenario), "seed": int(seed),
            "protocol": protocol, "deadline": deadline, "humans": list(humans),
            "parties": list(g.parties), "issues": list(g.issues),
            "first": g.parties[first],
            **self.header_notes,
        })
        if drawn:
            self.records[-1]["drawn"] = dict(drawn)

    def event(self, ev: Scheduled, t: int) -> None:
        """An event that happened."""
        if not self.enabled:
            return
        self.records.append(event_record(ev.spec, t))

    def inject(self, inject: Inject, t: int) -> None:
        """A teacher's inject, sent in round `t` (it acts from `inject.round`)."""
        if self.enabled:
            self.records.append(inject_record(inject, t))

    def offer(self, view: TableView, runs: np.ndarray, proposer: np.ndarray, offers: np.ndarray,
              t: int) -> None:
        """An offer put on the table."""
        if not self.enabled or not runs.size:
            return
        g = self.game
        who = int(proposer[0])
        outcome = int(offers[0])
        party = g.parties[who] if who >= 0 else NEUTRAL_MEDIATOR
        self.records.append({
            "type": "offer", "round": t, "party": party,
            "outcome": g.decode(outcome), "utilities": self._utilities(view, outcome),
        })

    def note_offer(self, runs: np.ndarray, note: str | None) -> None:
        """A word on the offer just recorded (say, a mediator's on why it tables a text that
        crosses a red line): the offer record's optional `note`."""
        if not self.enabled or not runs.size or note is None:
            return
        last = self.records[-1]
        assert last["type"] == "offer", "a note follows the offer it is about"
        last["note"] = note

    def answers(self, view: TableView, runs: np.ndarray, seat: int, offers: np.ndarray,
                out: Answers, t: int) -> None:
        """A party's answer, with its reason in words."""
        if not self.enabled or not runs.size:
            return
        name = self.game.parties[seat]
        outcome, code = int(offers[0]), int(out.reason[0])
        utility = float(view.effective[0, seat, outcome])
        wanted = float(out.wanted[0])
        lines = [line for line in self.game.crossed_lines(name, outcome) if line.kind == "hard"]
        partner = None
        if code == Reason.PARTNER:
            partner, lines = self._partner_line(seat, outcome)
        text = reason_text(
            name, code, utility, wanted, reservation=float(view.reservation[0, seat]),
            budget=float(view.budget[0, seat]), ideal=float(view.ideal[0, seat]),
            line=lines[0].describe() if lines else None, partner=partner)
        if code == Reason.PERSON:
            text = f"{name} {'accepts' if out.accept[0] else 'rejects'} (played by a person)."
        elif self.stage:
            text = f"In the {stage_words(self.stage)}, {text}"
        record: Record = {"type": "answer", "round": t, "party": name,
                          "accept": bool(out.accept[0]), "code": REASON_CODES[Reason(code)],
                          "utility": utility}
        if not np.isnan(wanted):
            record["wanted"] = wanted
        record["reason"] = text
        self.records.append(record)

    def _partner_line(self, seat: int, outcome: int) -> tuple[str | None, list[RedLine]]:
        """The first partner of `seat` whose public hard line `outcome` crosses, and the line."""
        g = self.game
        for q in map(int, g.partners[seat].nonzero()[0]):
            name = g.parties[q]
            lines = [line for line in g.crossed_lines(name, outcome)
                     if line.kind == "hard" and line.public]
            if lines:
                return name, lines
        return None, []

    def walk_out(self, runs: np.ndarray, seat: int, t: int) -> None:
        """A party left the table."""
        if self.enabled and runs.size:
            self.records.append({"type": "walk_out", "round": t,
                                 "party": self.game.parties[seat]})

    def ratification(self, runs: np.ndarray, seat: int, approved: np.ndarray,
                     utility: np.ndarray, t: int) -> None:
        """A ratifying body's vote on a deal."""
        if not self.enabled or not runs.size:
            return
        g = self.game
        name = g.parties[seat]
        rat = g.scenario.parties[name].ratification
        assert rat is not None
        yes, u = bool(approved[0]), float(utility[0])
        if yes:
            why = f"The {rat.body} approves the deal for {name}."
        elif u < rat.min_utility:
            why = (f"The {rat.body} rejects the deal: worth {u:.2f} to {name}, below the "
                   f"{rat.min_utility:.2f} it would ever approve.")
        else:
            why = (f"The {rat.body} rejects the deal in its vote "
                   f"(approval chance {rat.probability:.0%}).")
        self.records.append({"type": "ratification", "round": t, "party": name,
                             "body": rat.body, "approved": yes, "utility": u, "reason": why})

    def outcome(self, view: TableView, res: Results) -> None:
        """The transcript's last line: how the game ended and how good the result is."""
        if not self.enabled:
            return
        g = self.game
        kind = Outcome(int(res.kind[0])).label
        record: Record = {"type": "outcome", "kind": kind, "round": int(res.round[0])}
        deal = int(res.deal[0])
        front = game_frontier(g)
        record["deal"] = g.decode(deal) if deal >= 0 else None
        record["utilities"] = {n: float(res.utility[0, p]) for p, n in enumerate(g.parties)}
        record["reservations"] = {n: float(view.reservation[0, p])
                                  for p, n in enumerate(g.parties)}
        record["budget_spent"] = {n: float(res.spent[0, p]) for p, n in enumerate(g.parties)}
        record["red_lines_pressed"] = {n: int(res.pressed[0, p]) for p, n in enumerate(g.parties)}
        record["walked_out"] = g.parties[int(res.walked[0])] if res.walked[0] >= 0 else None
        if deal >= 0:
            record["pareto_efficient"] = front.is_efficient(deal)
            record["distance_to_frontier"] = front.distance(g, deal)
            record["nash_product"] = nash_product(g, deal)
        record["nash_point"] = g.decode(front.nash) if front.nash is not None else None
        self.records.append(record)

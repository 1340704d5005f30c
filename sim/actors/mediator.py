"""A Nash-seeking mediator for the single-negotiating-text protocol.

The first text is the Nash bargaining point of what the mediator can see: public positions,
publicly known red lines, and its own preferences if it is itself a party (what no deal is
worth to the others is private, so their gains are counted from zero). Each party then
answers the text and, as in a real single-text procedure, says what it would need: the
utility it wants this round. The next text is the outcome that comes closest to meeting every
stated demand (the smallest largest shortfall, then the smallest total), ties broken by the
Nash product. As parties concede,
their demands fall, and the first text that meets them all is the one they accept.

A text never crosses a hard red line the mediator knows of (every side's public lines, and a
mediating party's own) while some text avoids them all. When none does, the sides' lines
exclude each other and no deal is possible; the mediator then tables the text that crosses
the fewest of those lines (never one of a mediating party's own, which it could not sign),
counting each line once whoever holds it, ties broken by the same
score as above (closest to the stated demands, then the Nash point), and says so in a note
on its offer (`NashMediator.note`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from sim.actors.base import Actor, Answers, PartyView
from sim.actors.opponent_model import OpponentModel
from sim.actors.strategies import ScriptedActor
from sim.negotiation.game import Game, _line_mask

PERSON_MARGIN = 0.05
"""A person states no target: a rejection is heard as wanting this much more than offered."""
HIDDEN_MARGIN = 0.02
"""How much more than the visible gap a puzzling rejection is taken to reveal."""
_EPS = 1e-3
_SHORTFALL_WEIGHT = 1000.0
"""Shortfall from stated demands outranks any difference in Nash product."""
_BLOCK = 4096
"""Runs scored together when drafting (bounds the [runs, texts] temporaries)."""


@dataclass(frozen=True, eq=False)
class KnownLine:
    """A hard red line the mediator knows of, with the outcomes that cross it."""

    party: str
    """Whose line it is."""
    label: str
    """The line in words (its label, or its condition)."""
    crossed: np.ndarray
    """[O] True for the outcomes that cross it."""


def known_lines(game: Game, seat: int) -> list[KnownLine]:
    """The hard red lines a mediator in `seat` (-1: a neutral broker) knows of: every side's
    public ones and, for a mediating party, its own private ones too."""
    lines = []
    for p, name in enumerate(game.parties):
        for line in game.scenario.parties[name].red_lines:
            if line.kind == "hard" and (line.public or p == seat):
                mask = _line_mask(line, game.issues, game.options, game.table)
                lines.append(KnownLine(name, line.describe(), mask))
    return lines


class NashMediator(Actor):
    """Drafts the single text. `party` is the mediating party's seat, or -1 for a neutral broker.

    A mediating party also answers texts like any scripted party; that side of it is played by
    an ordinary `ScriptedActor`.

    Args:
        lines: the hard red lines it knows of (`known_lines`), to choose among texts when
            every text crosses one of them.
    """

    def __init__(self, party: int, n_runs: int, n_parties: int, model: OpponentModel,
                 lines: Sequence[KnownLine]) -> None:
        super().__init__(party)
        self.lines = list(lines)
        self.crossing = (np.sum([line.crossed for line in self.lines], axis=0, dtype=np.int64)
                         if self.lines else None)
        """[O] how many of the known lines each text crosses (None: it knows of none)."""
        self.stuck = False
        """No text avoided every known line when it last drafted."""
        self.demands = np.full((n_runs, n_parties), np.nan)
        """[N, P] what each party last said it needs, in the mediator's (public) terms."""
        self.earlier = np.full((n_runs, n_parties), np.nan)
        """[N, P] the demands heard a round before: the trend the mediator extrapolates."""
        self.hidden = np.zeros((n_runs, n_parties))
        """[N, P] costs the mediator has inferred each party has beyond its public position."""
        self._own = ScriptedActor(party, n_runs, model) if party >= 0 else None

    def propose(self, view: PartyView, runs: np.ndarray) -> np.ndarray:
        """The text for each run: closest to every stated demand, then the Nash point."""
        blocked = view.public_hard.any(axis=0)
        if self.party >= 0:
            blocked = blocked | view.hard
        self.stuck = bool(blocked.all())
        if self.stuck and self.crossing is not None:
            # Nothing is admissible: the texts crossing the fewest known lines are, but a
            # mediating party never drafts across its own hard lines (it could not sign it).
            own = view.hard if self.party >= 0 else np.zeros_like(blocked)
            fewest = np.where(own, np.iinfo(np.int64).max, self.crossing)
            blocked = own | (self.crossing > fewest.min())
        # Only the texts it may table are scored (a blocked text could never win): on the
        # seed scenario 108 of 1,296, which is most of the cost of a mediated batch.
        admissible = np.flatnonzero(~blocked)
        if not admissible.size:
            return np.zeros(len(runs), dtype=np.intp)
        # Each world's utilities of those texts, the mediating party's own in its row, and
        # the logarithms of the others' gains, which depend on the world alone.
        utility = np.take(view.public, admissible, axis=2)
        if self.party >= 0:
            utility[:, self.party, :] = np.take(view.utility, admissible, axis=1)
        logs = np.log(np.maximum(utility, _EPS))
        # Parties keep conceding: expect each to give again what it gave last round.
        trend = np.nan_to_num(self.earlier[runs] - self.demands[runs], nan=0.0)
        demands = self.demands[runs] - np.maximum(trend, 0.0)
        need_of = np.nan_to_num(demands, nan=-np.inf)
        active = view.active[runs]
        rows = view.rows(runs)
        chosen = np.empty(len(runs), dtype=np.intp)
        for lo in range(0, len(runs), _BLOCK):  # a block of runs at a time: small temporaries
            block = slice(lo, lo + _BLOCK)
            chosen[block] = admissible[self._best(
                utility, logs, rows[block], need_of[block], active[block],
                view.reservation[runs[block]])]
        return chosen

    def _best(self, utility: np.ndarray, logs: np.ndarray, rows: np.ndarray, need_of: np.ndarray,
              active: np.ndarray, reservation: np.ndarray) -> np.ndarray:
        """[b] the position of each run's best text among the admissible ones.

        Args:
            utility: [B, P, A] each world's utilities of the admissible texts.
            logs: [B, P, A] their logarithms (floored at `_EPS`): the others' gains.
            rows: [b] each run's world.
            need_of: [b, P] what each party is expected to need (-inf: nothing heard).
            active: [b, P] parties at the table.
            reservation: [b] the mediating party's reservation (read only when it has a seat).
        """
        n_b, n_a = len(rows), utility.shape[2]
        nash = np.zeros((n_b, n_a))
        worst = np.zeros_like(nash)
        total = np.zeros_like(nash)
        everyone = bool(active.all())
        for j in range(utility.shape[1]):
            theirs = np.take(utility[:, j, :], rows, axis=0)
            short = np.maximum(need_of[:, j, None] - theirs, 0.0)
            if j == self.party:
                gain = np.log(np.maximum(theirs - reservation[:, None], _EPS))
            else:
                gain = np.take(logs[:, j, :], rows, axis=0)
            if not everyone:
                there = active[:, j, None]
                short = np.where(there, short, 0.0)
                gain = np.where(there, gain, 0.0)
            worst = np.maximum(worst, short)
            total += short
            nash += gain
        # A deal needs every yes: first the text furthest from nobody's demand, then the one
        # least short in all, then the Nash point.
        score = nash - _SHORTFALL_WEIGHT * (10.0 * worst + total)
        return np.argmax(score, axis=1)

    def note(self, outcome: int) -> str | None:
        """What the mediator says of its text `outcome`, just drafted: None, unless no text
        avoided every hard red line it knows of, when it names the lines this one crosses."""
        if not self.stuck:
            return None
        crossed = [f"{line.party}'s '{line.label}'" for line in self.lines
                   if line.crossed[outcome]]
        if not crossed:
            return None
        listed = (crossed[0] if len(crossed) == 1
                  else f"{', '.join(crossed[:-1])} and {crossed[-1]}")
        return ("No text avoids every side's public red lines; this one crosses the fewest "
                f"({len(crossed)}): {listed}.")

    def respond(self, view: PartyView, runs: np.ndarray, offers: np.ndarray) -> Answers:
        """A mediating party answers like a scripted party of its strategy."""
        if self._own is None:
            raise RuntimeError("a neutral mediator does not answer texts")
        return self._own.respond(view, runs, offers)

    def wants(self, view: PartyView, runs: np.ndarray) -> np.ndarray:
        """What the mediating party itself aims for (NaN for a neutral broker)."""
        if self._own is None:
            return np.full(len(runs), np.nan)
        return self._own.wants(view, runs)

    def end_round(self, view: PartyView, runs: np.ndarray) -> None:
        """A mediating party learns from the round like any scripted party of its strategy."""
        if self._own is not None:
            self._own.end_round(view, runs)

    def endorse(self, view: PartyView, runs: np.ndarray, offers: np.ndarray) -> None:
        """The mediator's text is not its yes: a mediating party answers it like the rest."""
        return None

    def utilities_changed(self) -> None:
        """A mediating party's own offer tables are out of date."""
        if self._own is not None:
            self._own.utilities_changed()

    def memory(self) -> dict[str, np.ndarray]:
        """Demands heard, their trend, hidden costs inferred, and the party's own memory."""
        own = self._own.memory() if self._own is not None else {}
        return {"demands": self.demands.copy(), "earlier": self.earlier.copy(),
                "hidden": self.hidden.copy(), **{f"own.{k}": v for k, v in own.items()}}

    def restore(self, memory: dict[str, np.ndarray]) -> None:
        """Take up a snapshot's demands, trend and inferred costs in every run."""
        for name, array in (("demands", self.demands), ("earlier", self.earlier),
                            ("hidden", self.hidden)):
            if name in memory:
                array[:] = memory[name][0]
        if self._own is not None:
            self._own.restore({k[4:]: v for k, v in memory.items() if k.startswith("own.")})

    def hear(self, view: PartyView, runs: np.ndarray, seat: int, offers: np.ndarray,
             answers: Answers) -> None:
        """Note what party `seat` said it needs, from its answers to the text in `runs`.

        A party that rejects a text the mediator thought met its stated need reveals costs the
        mediator cannot see (a private red line, say); the mediator adds them to its reading.
        A scripted party states the utility it wanted; a person's answer is read from the text's
        worth to them as the mediator sees it (public positions).
        """
        seen = view.public[view.rows(runs), seat, offers]
        wanted = answers.wanted
        person = np.isnan(wanted)
        puzzling = ~answers.accept & ~person & (seen >= wanted)
        hidden = self.hidden[runs, seat]
        hidden = np.where(puzzling, np.maximum(hidden, seen - wanted + HIDDEN_MARGIN), hidden)
        self.hidden[runs, seat] = hidden
        heard = np.where(person, seen + np.where(answers.accept, 0.0, PERSON_MARGIN),
                         wanted + hidden)
        self.earlier[runs, seat] = self.demands[runs, seat]
        self.demands[runs, seat] = heard

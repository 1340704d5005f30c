"""Another side's move as a real delegation at the table would see it: in words, without numbers.

A transcript's answer records carry the modeller's truth: what the offer was worth to the
party, what it wanted that round, its reservation value. During play a student must not see
those for any side but their own; they see what a delegation would say at the table: "Russia
rejects: the text crosses its public red line on regions" or "EU rejects: not enough on
conditions". This module turns a record into that public wording, from its `code`, the
offer it answers and the public record. The private numbers appear in the debrief, after the
game (and during play in a class's practice mode).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from sim.negotiation.game import Game
from sim.scenario.schema import RedLine
from sim.transcript.format import Record

NOT_ENOUGH = ("reservation", "budget", "target")
"""Answer codes that all say, in public, only that the offer is not enough."""

PUBLIC_CODES = {"red_line": "red line", "partner": "partner's red line",
                **dict.fromkeys((*NOT_ENOUGH, "not_enough"), "not enough")}
"""What the move log may say after "rejected": no code that tells which private number
decided (a reservation value, a budget, a round's target)."""


def public_code(code: str) -> str:
    """An answer's code as the move log shows it during play ("" for none)."""
    return PUBLIC_CODES.get(code, "")


def issue_words(issue: str) -> str:
    """An issue's identifier as words: `troop_cap` → `troop cap`."""
    return issue.replace("_", " ")


def _issue_of(line: RedLine) -> str:
    return issue_words(next(iter(line.condition)))


def answered_offer(record: Record, records: Sequence[Record]) -> dict[str, str] | None:
    """The offer an answer record answers: the last offer recorded before it."""
    index = next((k for k, r in enumerate(records) if r is record), None)
    if index is None:
        index = next((k for k, r in enumerate(records) if r == record), len(records))
    for earlier in reversed(records[:index]):
        if earlier.get("type") == "offer":
            outcome = earlier.get("outcome")
            return dict(outcome) if isinstance(outcome, dict) else None
    return None


def public_reason(record: Record, records: Sequence[Record], game: Game) -> str:
    """An answer's reason as the others at the table hear it (no private number).

    Args:
        record: an answer record.
        records: the transcript so far (to find the offer it answers and the party's own
            earlier offers).
        game: the game played.
    """
    party = str(record.get("party", ""))
    code = str(record.get("code", ""))
    if code == "person" or record.get("heard"):  # heard: already worded so (a host's seat)
        return str(record.get("reason", f"{party} decided."))
    if record.get("accept"):
        return f"{party} accepts the text."
    offer = answered_offer(record, records)
    if offer is None:
        return f"{party} rejects the text."
    try:
        outcome = game.encode(offer)
    except (KeyError, ValueError):
        return f"{party} rejects the text."
    if code == "red_line":
        hard = [line for line in game.crossed_lines(party, outcome) if line.kind == "hard"]
        public = [line for line in hard if line.public]
        if public:
            return (f"{party} rejects: the text crosses its public red line on "
                    f"{_issue_of(public[0])}: “{public[0].describe()}”.")
        if hard:  # a line it never made public: it says only where the text fails
            return f"{party} rejects: it calls the text unacceptable on {_issue_of(hard[0])}."
    if code == "partner":
        seat = game.party_index(party)
        for q in map(int, np.flatnonzero(game.partners[seat])):
            partner = game.parties[q]
            lines = [line for line in game.crossed_lines(partner, outcome)
                     if line.kind == "hard" and line.public]
            if lines:
                return (f"{party} rejects: it acts with {partner}, and the text crosses "
                        f"{partner}'s public red line on {_issue_of(lines[0])}: "
                        f"“{lines[0].describe()}”.")
    return f"{party} rejects: not enough on {shortfall_issue(party, offer, records, record, game)}."


def shortfall_issue(party: str, offer: dict[str, str], records: Sequence[Record],
                    record: Record, game: Game) -> str:
    """The issue on which `offer` falls furthest short of what `party` last asked for at the
    table (its own last offer, or, before it made one, its best outcome): the issue a
    delegation would name when it says "not enough"."""
    seat = game.party_index(party)
    asked = _last_own_offer(party, records, record)
    if asked is None:
        utility = np.where(game.hard[seat], -np.inf, game.effective[seat])
        asked = game.decode(int(np.argmax(utility)))
    best, gap = game.issues[int(np.argmax(game.weights[seat]))], -np.inf
    for i, issue in enumerate(game.issues):
        if issue not in offer or issue not in asked or offer[issue] == asked[issue]:
            continue
        options = game.options[i]
        try:
            want, got = options.index(asked[issue]), options.index(offer[issue])
        except ValueError:
            continue
        loss = float(game.weights[seat, i] * (game.values[seat, i, want]
                                              - game.values[seat, i, got]))
        if loss > gap:
            best, gap = issue, loss
    return issue_words(best)


def _last_own_offer(party: str, records: Sequence[Record],
                    record: Record) -> dict[str, str] | None:
    index = next((k for k, r in enumerate(records) if r is record), len(records))
    for earlier in reversed(records[:index]):
        if earlier.get("type") == "offer" and earlier.get("party") == party:
            outcome = earlier.get("outcome")
            return dict(outcome) if isinstance(outcome, dict) else None
    return None


def public_ratification(record: Record) -> str:
    """A ratifying body's vote as the public learns it (not the deal's worth to the party)."""
    verdict = "approves" if record.get("approved") else "votes down"
    return f"{record.get('party')}: the {record.get('body')} {verdict} the deal."


def public_event_effect(record: Record) -> str:
    """What an event on another side does, without its private numbers."""
    party, kind = record.get("party", ""), record.get("kind")
    if kind == "shift_reservation":
        return f"what no deal is worth to {party} changes; by how much, only {party} knows."
    if kind == "shift_budget":
        return f"how far {party} may give ground changes; by how much, only {party} knows."
    if kind == "shift_value":
        return (f"{party} sees {record.get('option')} on {record.get('issue')} differently; "
                f"by how much, only {party} knows.")
    return f"{party} walks out."

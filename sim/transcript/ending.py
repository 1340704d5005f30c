"""How a game ended, read from its transcript, including the ending its outcome kind hides.

A deal every side accepted can still be voted down by a party's ratifying body (a parliament,
a referendum); the talks then go on, and if no other deal comes the outcome record says
`deadline`. Students and teachers must read that as "agreed, then rejected in ratification",
never as "ran out of time": this module finds it, and every page, screen and summary words
it the same way.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sim.transcript.format import Record

RATIFICATION_REJECTED = "agreed, then rejected in ratification"
"""The ending of talks whose agreed deal was voted down and never replaced."""

LABELS = {"deal": "deal", "walk_out": "walk-out", "deadline": "ran out of time",
          "never_opened": "talks never opened"}
"""Each outcome kind in words, as a table cell or a count says it."""


@dataclass(frozen=True)
class VotedDown:
    """A deal every side accepted that a ratifying body then rejected."""

    party: str
    body: str
    round: int
    """As transcripts count rounds (from 0)."""

    def words(self) -> str:
        """Who rejected it: "Ukraine's Verkhovna Rada"."""
        return f"{self.party}'s {self.body}"


def voted_down(records: Sequence[Record]) -> VotedDown | None:
    """The last deal voted down in ratification, if the game ended without a deal after it
    (None for a game that reached a deal, or never had a deal voted down)."""
    if not records or records[-1].get("type") != "outcome" or records[-1].get("kind") == "deal":
        return None
    for record in reversed(records):
        if record.get("type") == "ratification" and record.get("approved") is False:
            return VotedDown(str(record.get("party", "")), str(record.get("body", "")),
                             int(record.get("round", 0)))
    return None


def ending_label(kind: str, voted: VotedDown | None = None) -> str:
    """A game's ending in a few words: "deal", "walk-out", "ran out of time", or "agreed,
    then rejected in ratification"."""
    if voted is not None and kind == "deadline":
        return RATIFICATION_REJECTED
    return LABELS.get(kind, kind.replace("_", " "))

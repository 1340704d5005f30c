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

ENDED_BY_TEACHER = "ended by the teacher at the set time"
"""The ending of a class host's game the teacher ended (its outcome record says `deadline`)."""

ENDINGS = (LABELS["deal"], LABELS["walk_out"], RATIFICATION_REJECTED, LABELS["deadline"],
           ENDED_BY_TEACHER, LABELS["never_opened"])
"""Every ending `ending_label` gives, in the order a page counts them."""

NO_DEAL = "no deal"
"""What a game without a deal left an issue at."""


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


def ending_label(kind: str, voted: VotedDown | None = None, by_teacher: bool = False) -> str:
    """A game's ending in a few words: "deal", "walk-out", "ran out of time", "talks never
    opened", "agreed, then rejected in ratification" or (`by_teacher`, a game the teacher
    ended at a set time) "ended by the teacher at the set time"."""
    if voted is not None and kind == "deadline":
        return RATIFICATION_REJECTED
    if by_teacher and kind == "deadline":
        return ENDED_BY_TEACHER
    return LABELS.get(kind, kind.replace("_", " "))


def counted(ending: str, n: int) -> str:
    """`n` games of one ending, as a page's header counts them: "6 deals", "1 walk-out",
    "2 talks never opened"."""
    plural = n != 1 and ending in (LABELS["deal"], LABELS["walk_out"])
    return f"{n} {ending}{'s' if plural else ''}"


def without_deal(ending: str) -> str:
    """How a chart names the games of one ending that left an issue unsettled:
    "no deal: talks never opened"."""
    return f"{NO_DEAL}: {ending}"

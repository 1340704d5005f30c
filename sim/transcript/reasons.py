"""Why a party answered as it did, as a code for transcripts and as a sentence for people."""

from __future__ import annotations

from sim.actors.base import Reason

REASON_CODES = {reason: reason.name.lower() for reason in Reason}
"""The word a transcript's `code` field uses for each reason: its name in `Reason`."""


def reason_text(party: str, reason: int, utility: float, wanted: float, *,
                reservation: float, budget: float, ideal: float, line: str | None,
                partner: str | None = None) -> str:
    """An answer's reason in words a student can read.

    Args:
        line: the red line crossed (its own for RED_LINE, the partner's for PARTNER).
        partner: for PARTNER, the party it acts with whose line is crossed.
    """
    if reason == Reason.ACCEPT:
        return (f"{party} accepts: the offer is worth {utility:.2f} to it, "
                f"and it wanted {wanted:.2f}.")
    if reason == Reason.RED_LINE:
        return f"{party} rejects: the offer crosses its red line \"{line}\"."
    if reason == Reason.RESERVATION:
        return (f"{party} rejects: the offer is worth {utility:.2f} to it, less than no deal "
                f"({reservation:.2f}).")
    if reason == Reason.BUDGET:
        return (f"{party} rejects: accepting would give up {ideal - utility:.2f} from its ideal, "
                f"more than its concession budget of {budget:.2f}.")
    if reason == Reason.NEAR_ENOUGH:
        return (f"{party} accepts: the offer is worth {utility:.2f} to it, a little short of the "
                f"{wanted:.2f} it wanted, and it settles.")
    if reason == Reason.PARTNER:
        return (f"{party} rejects: it acts together with {partner}, and the offer crosses "
                f"{partner}'s red line \"{line}\".")
    if reason == Reason.TARGET:
        return (f"{party} rejects: the offer is worth {utility:.2f} to it; this round it wants "
                f"at least {wanted:.2f}.")
    return f"{party} decided."

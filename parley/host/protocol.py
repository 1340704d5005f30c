"""The messages between a seat and the host: JSON objects over a websocket, one per frame.

A seat (`client.RemoteSession`, or any program that speaks this) sends:

- `{"type": "hello", "code": CODE}` first (`"via"`: a ticket from the host's own browser
  terminal, so a wrong code counts against the browser's address, not the host's);
- `{"type": "decide", "id": K, "at": N, "decision": {"kind": ..., "offer": {...}}}`, where N
  is the number of decisions the seat has seen at its table (a decision made on an old view,
  say by a team-mate a moment earlier, is refused);
- `{"type": "what_if", "id": K, "runs": R, "seed": S}` and `{"type": "baseline", "id": K}`.

The host answers `hello` with `welcome` (the seat, its scenario as its side knows it) and a
`state`, or with `refused` and closes; every move at the table sends every seat there a new
`state` (the records it has not seen, as its side hears them; the request if it is the seat's
to answer, else whom the table waits for; the round and the deadline; its own numbers; in
staged talks, when the table moves to a new stage, `own.stage`: which stage and what earlier
stages settled, from which the seat builds the stage's game out of its own scenario,
`sim.play.seat.stage_json` and `stage_game`); every numbered request gets a `reply` with the
same id, after any `state` it caused, or with `error` saying why not (a fault of the host's
own included: it is logged, and the connection stays open). Nothing in any message carries
another side's private numbers or private red lines: the cuts are `sim.play.seat`'s.

A seat whose connection drops says `hello` again with its code and is sent the whole game
again. It may send a request the drop cut off once more: a `decide` the host already applied
(the same decision, by the same student, at the same `at`) is answered as done and not
applied twice.
"""

from __future__ import annotations

from typing import Any, get_args

from sim.actors.human import Decision, DecisionKind, DecisionRequest

MAX_MESSAGE = 64 * 1024
"""The largest message a seat may send, in bytes."""
KINDS = frozenset(get_args(DecisionKind))


class ProtocolError(ValueError):
    """A message that does not follow this protocol."""


def request_json(request: DecisionRequest | None) -> dict[str, Any] | None:
    """A decision request as JSON."""
    if request is None:
        return None
    return {"kind": request.kind, "party": request.party, "round": request.round,
            "deadline": request.deadline, "offer": request.offer, "proposer": request.proposer,
            "allowed": list(request.allowed)}


def request_from_json(data: Any) -> DecisionRequest | None:
    """The inverse of `request_json`."""
    if data is None:
        return None
    return DecisionRequest(kind=data["kind"], party=data["party"], round=int(data["round"]),
                           deadline=int(data["deadline"]), offer=data.get("offer"),
                           proposer=data.get("proposer"), allowed=tuple(data["allowed"]))


def decision_json(decision: Decision) -> dict[str, Any]:
    """A decision as JSON."""
    return {"kind": decision.kind, "offer": decision.offer}


def decision_from_json(data: Any) -> Decision:
    """A decision sent by a seat, checked for shape (the engine checks the rest).

    Raises:
        ProtocolError: not a decision.
    """
    if not isinstance(data, dict) or data.get("kind") not in KINDS:
        raise ProtocolError("a decision needs a kind: " + ", ".join(sorted(KINDS)))
    offer = data.get("offer")
    if offer is not None and not (isinstance(offer, dict) and all(
            isinstance(k, str) and isinstance(v, str) for k, v in offer.items())):
        raise ProtocolError("an offer names one option (text) per issue (text)")
    return Decision(data["kind"], dict(offer) if offer is not None else None)


def whole_number(data: dict[str, Any], key: str, low: int = 0, high: int = 2**63 - 1) -> int:
    """`data[key]` as a whole number from `low` to `high`.

    Raises:
        ProtocolError: missing, not a whole number, or out of bounds.
    """
    value = data.get(key)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ProtocolError(f"{key} must be a whole number from {low} to {high}")
    return value

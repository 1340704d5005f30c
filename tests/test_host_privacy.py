"""Seats are private: everything a class host sends one seat over a whole game, captured at the
seat, carries none of the other sides' private red lines, reservation values or budgets."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from parley.cli import main
from parley.host.client import RemoteSession
from sim.actors.human import Decision, DecisionRequest
from sim.scenario.library import resolve_scenario
from sim.scenario.loader import load_scenario
from sim.scenario.schema import Quote, evidence_list
from tests.host_helpers import play_all, running_host

pytestmark = pytest.mark.slow

VIEWER = "Russia"


class CapturedSeat(RemoteSession):
    """The TUI's own client, keeping every message the host sends it."""

    def __init__(self, url: str, code: str, via: str | None) -> None:
        self.captured: list[dict[str, Any]] = []
        super().__init__(url, code, via)

    def _welcome(self, data: dict[str, Any]) -> None:
        self.captured.append(data)
        super()._welcome(data)

    def _state(self, data: dict[str, Any]) -> None:
        self.captured.append(data)
        super()._state(data)

    def _call(self, message: dict[str, Any], within: float = 30.0) -> dict[str, Any]:
        reply = super()._call(message, within)
        self.captured.append(reply)
        return reply

    def decide(self, decision: Decision) -> DecisionRequest | None:
        if not any(m.get("results") for m in self.captured):
            self.what_if(50, 1)  # "What if?" too goes through the cut
        return super().decide(decision)


def numbers(value: Any) -> set[float]:
    if isinstance(value, bool):
        return set()
    if isinstance(value, int | float):
        return {float(value)}
    if isinstance(value, dict):
        return set().union(*map(numbers, value.values())) if value else set()
    if isinstance(value, list):
        return set().union(*map(numbers, value)) if value else set()
    return set()


def keyed_by_party(value: Any, parties: set[str], path: str = "") -> list[str]:
    """Paths of every map keyed by another side's name (outside the scenario)."""
    found = []
    if isinstance(value, dict):
        if parties & set(value):
            found.append(path)
        for k, v in value.items():
            if k != "scenario":
                found += keyed_by_party(v, parties, f"{path}.{k}")
    elif isinstance(value, list):
        for k, v in enumerate(value):
            found += keyed_by_party(v, parties, f"{path}[{k}]")
    return found


def test_nothing_sent_to_one_seat_over_a_whole_game_carries_another_sides_secrets(
        tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    assert main(["class", "brussels_2026", "--students", "4", "--per-table", "4", "--seed",
                 "5", "-o", str(pack)]) == 0
    codes = json.loads((pack / "codes.json").read_text())["students"]
    manifest = json.loads((pack / "class.json").read_text())
    sides = {s["label"]: s["side"] for s in manifest["students"]}
    with running_host(pack) as host:
        seats: list[RemoteSession] = []
        for label, code in codes.items():
            kind = CapturedSeat if sides[label] == VIEWER else RemoteSession
            seats.append(kind.connect(host.address, code))
        watched = next(s for s in seats if isinstance(s, CapturedSeat))
        try:
            play_all(seats)
            watched.baseline()
        finally:
            for s in seats:
                s.close()
    sent = watched.captured
    assert any(m.get("type") == "welcome" for m in sent)
    assert any(m.get("results") for m in sent) and any(m.get("utility") for m in sent
                                                       if "runs" in m)
    text = json.dumps(sent)
    transcript = [json.loads(line) for line in
                  Path(manifest["tables"][0]["transcript"]).read_text().splitlines()]
    outcome = transcript[-1]
    scenario = load_scenario(resolve_scenario("brussels_2026"))
    viewer_label = next(label for label, side in sides.items() if side == VIEWER)
    brief = (pack / "briefs" / f"{viewer_label}-{VIEWER}.md").read_text()
    others = {n: p for n, p in scenario.parties.items() if n != VIEWER}
    # Private red lines: their wording, their labels and the words quoted for them.
    private = [line for p in others.values() for line in p.red_lines if not line.public]
    assert private, "the scenario should have a private red line to keep"
    for line in private:
        assert line.describe() not in text
        for ev in evidence_list(line.because):
            if isinstance(ev, Quote):
                assert ev.quote not in text
    # Reservation values and budgets: as the scenario states them (in the seat's scenario
    # every other side's are 0), and as the game left them (full precision), nowhere.
    seen = {round(v, 9) for v in numbers([m for m in sent if m.get("type") != "welcome"])}
    for name, party in others.items():
        got = next(m for m in sent if m.get("type") == "welcome")["scenario"]["parties"][name]
        assert got.get("reservation", 0) == 0 and got["budget"]["total"] == 0
        assert not any(not line.get("public", True) for line in got.get("red_lines", []))
        for key in ("reservation", "budget"):
            for ev in evidence_list(party.because.get(key)):
                # A quote the public record cites too (the seat's printed brief has it) is
                # public; one cited only for the private number must not travel.
                if isinstance(ev, Quote) and ev.quote not in brief:
                    assert ev.quote not in text
        for value in (outcome["reservations"][name], outcome["budget_spent"][name]):
            # Only numbers no round figure of the seat's own could equal by chance (0.39 may
            # well be what an offer is worth to Russia; 0.2079 hardly).
            if len(repr(round(value, 9))) >= 6:
                assert round(value, 9) not in seen, (name, value)
    # Staged talks: of each stage the seat's scenario keeps its own side's numbers only, and
    # carry-over rules that shift no other side's numbers; the quotes cited only for another
    # side's numbers in a stage travel nowhere.
    welcome = next(m for m in sent if m.get("type") == "welcome")["scenario"]
    assert scenario.stages and len(welcome["stages"]) == len(scenario.stages)
    for got_stage, stage in zip(welcome["stages"], scenario.stages, strict=True):
        assert set(got_stage.get("parties", {})) <= {VIEWER}
        for rule in got_stage.get("carry", []):
            assert not any(shift for name, shift in rule.get("shift", {}).items()
                           if name != VIEWER)
        for name, numbers_here in stage.parties.items():
            if name != VIEWER:
                for evidence in numbers_here.because.values():
                    for ev in evidence_list(evidence):
                        if isinstance(ev, Quote) and ev.quote not in brief:
                            assert ev.quote not in text
    # The seat was told each stage it reached (it builds the stage's table itself).
    assert [m["own"]["stage"]["index"] for m in sent
            if m.get("type") == "state" and "stage" in m.get("own", {})] == [0, 1]
    # No map keyed by another side (their utilities, reservations, budgets) in any record.
    assert keyed_by_party([m for m in sent if m.get("type") != "welcome"],
                          set(others)) == []
    # Its own side's numbers do arrive: the seat can weigh its offers.
    assert round(outcome["reservations"][VIEWER], 9) in seen

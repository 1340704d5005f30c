"""The words the TUI shows, checked without a terminal."""

from __future__ import annotations

from sim.scenario.schema import Scenario
from tui.text import briefing_markdown, move_line
from tui.widgets.chart import concession_chart


def test_the_briefing_quotes_the_source_beside_each_red_line(brussels: Scenario) -> None:
    text = briefing_markdown(brussels, "Russia")
    assert "**Hard**: Donbas returns to Russia" in text
    assert ("“Donbas is a historical territory of Russia, and Moscow will seek to regain "
            "control through military or other means”") in text
    assert "*Assumption:* Uncompromising wording" in text


def test_the_briefing_keeps_other_sides_private_red_lines_private(brussels: Scenario) -> None:
    assert "No cap on Ukraine's army" not in briefing_markdown(brussels, "Russia")
    assert "No cap on Ukraine's army" in briefing_markdown(brussels, "Ukraine")


def test_log_lines_speak_to_the_player() -> None:
    offer = {"type": "offer", "round": 4, "party": "EU", "outcome": {},
             "utilities": {"Russia": 0.25}}
    assert move_line(offer, "Russia") == "R 5 EU tabled an offer (worth 0.25 to you)"
    answer = {"type": "answer", "round": 0, "party": "US", "accept": False, "code": "budget"}
    assert move_line(answer, "Russia") == "R 1 US rejected — budget"


def test_the_concession_chart_puts_an_offer_at_its_round_and_height() -> None:
    chart = concession_chart([(0, 1.0), (3, 0.0)], deadline=5, reservation=0.5, floor=0.25,
                             height=5).plain.splitlines()
    assert chart[0].endswith("│●         ")
    assert chart[4][6:] == "      ●   "

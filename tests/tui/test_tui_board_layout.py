"""The table's board at the smallest and a large terminal: each issue's name whole, with a
space before the option on the table; an option too long for its column ends in "…" (it used
to run into the name beside it: "Before talksA full…", or stop at a word as if whole)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from textual.widgets import Label, Select

from tests.scenario_factory import WHY, party
from tui.app import make_app
from tui.screens.table import TableScreen
from tui.text import issue_title
from tui.widgets.offer_board import OfferBoard

LONG = "A full ceasefire along the whole front, verified by monitors, before talks open"
ISSUES: dict[str, Any] = {
    "before_talks": {"question": "What first?", "options": ["none", "truce"],
                     "labels": {"none": "Nothing first", "truce": LONG}},
    "monitoring_and_verification": {"question": "Who checks?", "options": ["un", "osce"],
                                    "labels": {"un": "UN", "osce": "OSCE"}},
    "x": {"question": "Issue X?", "options": ["x0", "x1"]},
}


@pytest.fixture()
def scenario_file(tmp_path: Path) -> Path:
    cares = {"before_talks": 0.4, "monitoring_and_verification": 0.3, "x": 0.3}
    data = {
        "title": "Board layout",
        "protocol": {"kind": "alternating", "deadline": 6, "first": "B"},
        "consent": {"required": ["A", "B"], "because": WHY},
        "issues": ISSUES,
        "parties": {
            "A": party(cares, {"before_talks": {"none": 0, "truce": 1},
                               "monitoring_and_verification": {"un": 1, "osce": 0},
                               "x": {"x0": 1, "x1": 0}}, reservation=0.1),
            "B": party(cares, {"before_talks": {"none": 0.2, "truce": 1},
                               "monitoring_and_verification": {"un": 0, "osce": 1},
                               "x": {"x0": 0, "x1": 1}}, reservation=0.1),
        },
    }
    path = tmp_path / "board.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def _shown(widget: Label | Select[str]) -> str:
    """The text a cell shows on screen (one line)."""
    strip = widget.render_line(0) if isinstance(widget, Label) else \
        widget.query_one("SelectCurrent #label").render_line(0)
    return strip.text.rstrip()


@pytest.mark.parametrize("size", [(80, 24), (140, 45)])
async def test_every_issue_name_is_whole_and_apart_from_its_option(
        scenario_file: Path, size: tuple[int, int]) -> None:
    app = make_app(str(scenario_file), ["A"], seed=1)
    async with app.run_test(size=size) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, TableScreen)
        board = app.screen.query_one(OfferBoard)
        board.load({"before_talks": "truce", "monitoring_and_verification": "un", "x": "x0"})
        tabled = {"before_talks": "truce", "monitoring_and_verification": "osce", "x": "x1"}
        board.show_table(tabled, "B")
        await pilot.pause()
        for name, issue in ISSUES.items():
            row = board.query_one(f"#row-{name}")
            title, on_table = row.query(Label)
            pick = row.query_one(Select)
            assert _shown(title) == issue_title(name)
            assert title.region.right < on_table.region.x + 1  # no overlap
            assert len(_shown(title)) < title.region.width  # a space after the name
            for cell, option in ((on_table, tabled[name]), (pick, pick.value)):
                label = issue.get("labels", {}).get(option, option)
                text = _shown(cell)
                assert text == label or (text.endswith("…") and label.startswith(text[:-1])), \
                    (size, name, text)

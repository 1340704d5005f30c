"""Issue 18: a person answering a mediating party's text reads why it crosses a red line,
on the table screen's log and behind "Why?"."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static

from tests.test_no_deal_possible import NOTE, conciliator, employer, text, union
from tui.app import make_app
from tui.screens.dialogs import TextScreen
from tui.screens.table import TableScreen
from tui.widgets.move_log import MoveLog


async def test_the_table_shows_the_mediators_note_in_the_log_and_behind_why(
        tmp_path: Path) -> None:
    path = tmp_path / "labour.yaml"
    path.write_text(text({"Union": union(), "Employer": employer(),
                          "Conciliation": conciliator()}, protocol="mediated",
                         mediator="Conciliation", required=["Union", "Employer"]),
                    encoding="utf-8")
    app = make_app(str(path), ["Union"], seed=3)
    async with app.run_test(size=(110, 40)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, TableScreen)
        prompt = str(app.screen.query_one("#prompt", Static).render())
        assert prompt.startswith("Conciliation tabled an offer")
        log = app.screen.query_one(MoveLog)
        first = str(log.get_option_at_index(0).prompt)
        assert first == ("R 1 Conciliation tabled an offer (worth 0.44 to you) — it crosses "
                         "the fewest red lines")
        await pilot.press("w")
        await pilot.pause()
        assert isinstance(app.screen, TextScreen)
        shown = " ".join(app.screen.query_one("Markdown").source.split())  # type: ignore[attr-defined]
        assert f"**Conciliation says:** {NOTE}" in shown

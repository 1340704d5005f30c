"""The review screen adds what derive missed: a party (replacing a placeholder) and an issue
with its options; statements are then given to them, the draft validates on a key, and the
saved scenario loads with every quote at its span."""

from __future__ import annotations

from pathlib import Path

from sim.derive.api import derive
from sim.derive.review import Review
from sim.scenario.loader import load_scenario
from tui.review import ReviewApp
from tui.screens.review import EditScreen, ReviewScreen

ARTICLE = ("HARARE, Zimbabwe, May 2, 2026 — Talks to end a strike at the national railway "
           "resumed on Monday.\n\n"
           "The Railway Workers Union is demanding a 12% pay rise. \"We will never accept "
           "shifts longer than ten hours,\" union leader Tendai Moyo said.\n\n"
           "The management offered 4% and wants shifts of 12 hours. \"Twelve-hour shifts are "
           "not negotiable,\" managing director Grace Banda said.\n")
MANAGEMENT_LINE = "Twelve-hour shifts are not negotiable"


async def _type(pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    field = pilot.app.screen.query_one("Input")
    field.value = text
    await pilot.press("enter")
    await pilot.pause()


async def _toasts(pilot) -> str:  # type: ignore[no-untyped-def]
    """The notifications on screen."""
    await pilot.pause()
    return " ".join(str(toast.render()) for toast in pilot.app.screen.query("Toast"))


async def test_add_a_missed_party_and_issue_give_them_a_statement_validate_and_save(
        tmp_path: Path) -> None:
    article = tmp_path / "railway.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    review = Review.of(derive([article], model=None))
    assert review.placeholders, "derive finds one side only: the draft invents the other"
    stand_in = review.placeholders[0]
    out = tmp_path / "railway.yaml"
    app = ReviewApp(review, out)
    async with app.run_test(size=(140, 44), notifications=True) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        # A new party takes the placeholder's place.
        await pilot.press("N")
        await pilot.pause()
        assert isinstance(app.screen, EditScreen)
        await _type(pilot, "National Railways: the management, Grace Banda")
        assert "National Railways" in review.parties and stand_in not in review.parties
        assert review.aliases["National Railways"] == ["the management", "Grace Banda"]
        # A new issue with figures is numeric, its options in order.
        await pilot.press("n")
        await pilot.pause()
        await _type(pilot, "shift length: 12 hours, 8 hours, 10 hours")
        issue = next(i for i in review.issues if i.key == "shift_length")
        assert issue.numeric and issue.options == ["8 hours", "10 hours", "12 hours"]
        # Give the management's statement to the new party, on the new issue, as a hard
        # red line ruling out eight hours.
        k = next(k for k, c in enumerate(review.candidates)
                 if MANAGEMENT_LINE in c.finding.statement.quote)
        screen.index = k
        while review.candidates[k].speaker != "National Railways":
            await pilot.press("p")
            await pilot.pause()
        while review.candidates[k].issue != "shift_length":
            await pilot.press("i")
            await pilot.pause()
        while review.candidates[k].red_line != "hard":
            await pilot.press("h")
            await pilot.pause()
        await pilot.press("o")
        await pilot.pause()
        await _type(pilot, "8 hours")
        assert review.candidates[k].rules_out == ["8 hours"]
        # The draft pane shows the new party's line; validating says the draft loads.
        shown = str(screen.query_one("#draft").content)
        assert "National Railways" in shown and "shift_length: not 8 hours" in shown
        await pilot.press("v")
        await pilot.pause()
        assert "loads and validates" in await _toasts(pilot)
        await pilot.press("s")
        await pilot.pause()
        await _type(pilot, str(out))
    scenario = load_scenario(out)
    assert set(scenario.parties) >= {"National Railways"} and stand_in not in scenario.parties
    assert scenario.issues["shift_length"].option_names() == ["8 hours", "10 hours",
                                                              "12 hours"]
    lines = scenario.parties["National Railways"].red_lines
    assert any(line.hard and line.hard.get("shift_length") == ["8 hours"] for line in lines)
    text = article.read_text(encoding="utf-8")
    for line in lines:
        for ev in line.because if isinstance(line.because, list) else [line.because]:
            if hasattr(ev, "span"):
                assert text[ev.span[0]:ev.span[1]] == ev.quote


async def test_what_cannot_be_added_is_refused_with_a_reason(tmp_path: Path) -> None:
    article = tmp_path / "railway.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    review = Review.of(derive([article], model=None))
    first = review.parties[0]
    issues, parties = list(review.issue_keys), list(review.parties)
    app = ReviewApp(review, tmp_path / "out.yaml")
    async with app.run_test(size=(140, 44), notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("N")
        await pilot.pause()
        await _type(pilot, first)
        assert f"there is already a party '{first}'" in await _toasts(pilot)
        await pilot.press("n")
        await pilot.pause()
        await _type(pilot, "ferries: only one option")
        assert "at least two options" in await _toasts(pilot)
    assert review.parties == parties and review.issue_keys == issues


def test_an_added_issue_without_figures_takes_the_option_a_statement_asks_for(
        tmp_path: Path) -> None:
    article = tmp_path / "railway.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    review = Review.of(derive([article], model=None))
    key = review.add_issue("pensions", ["keep the scheme", "close it"])
    k = next(k for k, c in enumerate(review.candidates) if c.speaker == review.parties[0])
    review.set_issue(k, key)
    review.set_ask(k, "keep the scheme")
    values = review.validate().parties[review.parties[0]].values[key]
    assert dict(values) == {"keep the scheme": 1.0, "close it": 0.0}

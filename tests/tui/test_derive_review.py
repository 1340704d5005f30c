"""`parley derive ARTICLE --review`: accept, reassign, edit a number, save, and the saved
scenario loads; saving over a file asks first."""

from __future__ import annotations

from pathlib import Path

import pytest

from sim.derive.api import derive
from sim.derive.review import Review, ReviewError
from sim.scenario.loader import load_scenario
from tui.review import ReviewApp
from tui.screens.dialogs import ConfirmScreen, PathScreen
from tui.screens.review import EditScreen, ReviewScreen
from tui.widgets.candidates import CandidateTable

ARTICLE = Path(__file__).parent.parent / "data" / "derive_corpus" / "01_steel_canola_tariffs.txt"


@pytest.fixture(scope="module")
def derivation():  # type: ignore[no-untyped-def]
    return derive([ARTICLE], model=None)


def _numeric(review: Review) -> tuple[int, str, str]:
    """A candidate on a numeric issue, that issue, and one of its options."""
    k, c = next((k, c) for k, c in enumerate(review.candidates)
                if c.issue and next(i for i in review.issues if i.key == c.issue).numeric)
    issue = next(i for i in review.issues if i.key == c.issue)
    return k, issue.key, issue.options[0]


async def _type(pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    """Replace the text of the open dialog's field and submit it."""
    field = pilot.app.screen.query_one("Input")
    field.value = text
    await pilot.press("enter")
    await pilot.pause()


async def test_accept_reassign_edit_a_number_save_and_validate(derivation, tmp_path) -> None:
    review = Review.of(derivation)
    k, key, option = _numeric(review)
    out = tmp_path / "tariffs.yaml"
    app = ReviewApp(review, out)
    async with app.run_test(size=(140, 44)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        assert app.screen.query_one(CandidateTable).count == len(review.candidates)
        # Accept the first statement: the cursor moves on to the next.
        await pilot.press("a")
        await pilot.pause()
        assert review.candidates[0].status == "accepted"
        assert screen.index == 1
        # Reassign the second one to the next party, and make it a soft red line.
        before = review.candidates[1].speaker
        await pilot.press("p")
        await pilot.pause()
        after = review.candidates[1].speaker
        assert after != before and after in review.parties
        await pilot.press("h")
        await pilot.pause()
        assert review.candidates[1].red_line in ("hard", "soft", None)
        # Reject the third: it leaves the draft.
        await pilot.press("down", "x")
        await pilot.pause()
        assert review.candidates[2].status == "rejected"
        # Edit a number of a numeric issue: "OLD = NEW".
        screen.index = k
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, EditScreen)
        await _type(pilot, f"{option} = 11")
        issue = next(i for i in review.issues if i.key == key)
        assert any(o.startswith("11") for o in issue.options)
        assert option not in issue.options
        # The draft on screen is rebuilt with the new option.
        assert any(o.startswith("11") for o in review.scenario()["issues"][key]["options"])
        # Save: the scenario loads, and every quote stands at its span in the article.
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, PathScreen)
        await _type(pilot, str(out))
        assert out.exists()
    scenario = load_scenario(out)
    assert any(o.startswith("11") for o in scenario.issues[key].option_names())
    text = ARTICLE.read_text(encoding="utf-8")
    rejected = review.candidates[2].finding.statement.quote
    for party in scenario.parties.values():
        for line in party.red_lines:
            for ev in line.because if isinstance(line.because, list) else [line.because]:
                if hasattr(ev, "span"):
                    assert text[ev.span[0]:ev.span[1]] == ev.quote
                    assert ev.quote != rejected


async def test_saving_over_an_existing_file_asks_first(derivation, tmp_path) -> None:
    out = tmp_path / "draft.yaml"
    out.write_text("# a file the author wrote\n", encoding="utf-8")
    app = ReviewApp(Review.of(derivation), out)
    async with app.run_test(size=(140, 44)) as pilot:
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        await _type(pilot, str(out))
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await pilot.pause()
        assert out.read_text(encoding="utf-8") == "# a file the author wrote\n"
        await pilot.press("s")
        await pilot.pause()
        await _type(pilot, str(out))
        await pilot.press("y")
        await pilot.pause()
    assert load_scenario(out).parties
    assert not list(tmp_path.glob(".*.partial"))


def test_the_model_refuses_edits_the_draft_cannot_take(derivation) -> None:
    review = Review.of(derivation)
    key = review.issues[0].key
    first, second = review.issues[0].options[:2]
    with pytest.raises(ReviewError, match="already has an option"):
        review.rename_option(key, first, second)
    with pytest.raises(ReviewError, match="not an option"):
        review.rename_option(key, "no such option", "x")
    with pytest.raises(ReviewError, match="no party"):
        review.set_party(0, "Atlantis")
    k = next(k for k, c in enumerate(review.candidates) if c.issue == key)
    with pytest.raises(ReviewError, match="never none or all"):
        review.set_rules_out(k, list(review.issues[0].options))
    review.set_rules_out(k, [first])
    review.set_red_line(k, "hard")
    # Hard, unless the other hard lines would then leave no outcome: derive softens it then.
    lines = review.scenario()["parties"][review.candidates[k].speaker]["red_lines"]
    assert [first] in [line.get("hard", line.get("soft"))[key] for line in lines
                       if key in line.get("hard", line.get("soft"))]


def test_a_demand_can_be_given_the_option_it_asks_for(derivation) -> None:
    review = Review.of(derivation)
    k = next(k for k, c in enumerate(review.candidates) if c.issue and c.red_line is None)
    candidate = review.candidates[k]
    issue = next(i for i in review.issues if i.key == candidate.issue)
    option = issue.options[-1]
    review.set_ask(k, option)
    values = review.scenario()["parties"][candidate.speaker]["values"][issue.key]
    assert values[option] == max(values.values())
    with pytest.raises(ReviewError, match="not an option"):
        review.set_ask(k, "no such option")


def test_parley_derive_review_opens_the_review_with_the_output_proposed(monkeypatch,
                                                                       tmp_path) -> None:
    from parley.cli import main

    opened: list[ReviewApp] = []
    monkeypatch.setattr(ReviewApp, "run", lambda self: opened.append(self))
    out = tmp_path / "mine.yaml"
    assert main(["derive", str(ARTICLE), "--review", "--model", "none", "-o", str(out)]) == 0
    assert len(opened) == 1 and opened[0].out == out
    assert opened[0].review.candidates and not out.exists()


DOCKS = ("Talks between the Dock Workers Union and the Port Employers Association resumed.\n\n"
         "The Dock Workers Union is demanding an 11% pay rise. The Port Employers Association "
         "has offered a 4% pay rise.\n\n"
         "\"We will not accept anything below eight percent,\" the union's secretary, Sipho "
         "Ndlovu, said.\n\n"
         "\"Under no circumstances will we pay more than four percent,\" the association's "
         "chairman, Pieter de Wet, said.\n")
UNION_LINE = "We will not accept anything below eight percent"
EMPLOYER_LINE = "Under no circumstances will we pay more than four percent"


async def test_the_draft_says_when_no_deal_was_possible_naming_both_lines(tmp_path) -> None:
    """Issue 18: the two sides' hard lines leave no pay rise both can sign. The draft softens
    the less firm and says so on the review screen, naming both lines; once the author
    rejects the employer's statement, the union's line is hard again and the note is gone."""
    article = tmp_path / "docks.txt"
    article.write_text(DOCKS, encoding="utf-8")
    review = Review.of(derive([article], model=None))
    note = (f"no deal was possible: Dock Workers Union's '{UNION_LINE}' and Port Employers "
            f"Association's '{EMPLOYER_LINE}' left no outcome every party could sign, so the "
            "least firm, Dock Workers Union's red line on 'pay', was made soft.")
    app = ReviewApp(review, tmp_path / "docks.yaml")
    async with app.run_test(size=(140, 44)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        shown = " ".join(str(screen.query_one("#draft").content).split())
        assert note in shown
        employer = next(k for k, c in enumerate(review.candidates)
                        if EMPLOYER_LINE in c.finding.statement.quote)
        screen.index = employer
        await pilot.press("x")
        await pilot.pause()
        shown = " ".join(str(screen.query_one("#draft").content).split())
        assert "no deal was possible" not in shown
        union = review.scenario()["parties"]["Dock Workers Union"]["red_lines"]
        assert [line.get("label") for line in union if "hard" in line] == [UNION_LINE]

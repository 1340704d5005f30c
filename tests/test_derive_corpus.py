"""`parley derive` scored against hand-written keys: the corpus (`tests/data/derive_corpus/`,
development articles) and the held-out articles (`tests/data/derive_fresh/`).

The matching rules are in `tests/derive_score.py`. The test prints recall and precision per
set and fails when a score falls below its floor. Which set an article belongs to is read
from the `set:` field of its key, never from its number: `development` may be read and
tuned on, and every other key (or one with no `set:`) counts as held-out. Floors
sit just below what derive reaches, so a change that loses ground fails here. Held-out
articles and keys are never opened while working on derive, and never itemised: only their
aggregate scores are printed.

Beside the corpus, `tests/data/derive_own/` holds articles written by whoever works on derive
(set `own`), each exercising causes found while tuning; they are scored the same way.
"""

from __future__ import annotations

import pytest

from tests.derive_score import FRESH, OWN, Report, score_corpus, table

FLOORS: dict[str, dict[str, float]] = {
    "development": {
        # 01-74 (09-20 were held out until 2026-11-26; 21-30, 43-52 and 65-74 were written
        # that day by helpers who had not read derive; their first readings, before any
        # tuning on them: 21-30 parties 85/74%, red lines 58/73%, attributed right 97%;
        # 43-52 parties 82/74%, red lines 49/78%, attributed right 95%; 65-74 parties
        # 81/81%, red lines 40/76%, attributed right 77%). Now: parties 98/94%, mediators
        # 96%, issues 71/70%, red lines 74/83%, attributed right 97%. Floors just below.
        "parties recall": 0.95,
        "parties precision": 0.91,
        "mediators recall": 0.92,
        "issues recall": 0.68,
        "issues precision": 0.66,
        "red lines recall": 0.71,
        "red lines precision": 0.80,
        "red lines attribution": 0.95,
    },
    "held-out": {
        # tests/data/derive_fresh (31-42, 53-64), written on 2026-11-26 by two helpers who
        # had not read derive, scored once at the end of that day's work: parties 92/80%,
        # mediators 57%, issues 76/70%, red lines 73/81%, attributed right 92%. Splitting
        # issues by what their figures count (c926b11) then moved issues to 75/67% here
        # while it raised development issues from 72 to 76%. Floors just below.
        "parties recall": 0.88,
        "parties precision": 0.77,
        "mediators recall": 0.52,
        "issues recall": 0.72,
        "issues precision": 0.64,
        "red lines recall": 0.70,
        "red lines precision": 0.78,
        "red lines attribution": 0.88,
    },
}
"""Lowest acceptable rate per set; a metric not listed (or not measurable) is not checked."""

OWN_FLOORS: dict[str, float] = {
    "parties recall": 0.95,
    "parties precision": 0.92,
    "mediators recall": 0.80,
    "issues recall": 0.60,
    "issues precision": 0.58,
    "red lines recall": 0.64,
    "red lines precision": 0.80,
    "red lines attribution": 0.94,
}
"""Floors for derive's own articles (set `own`)."""


@pytest.fixture(scope="module")
def report() -> Report:
    return score_corpus()


def _below(report: Report, name: str) -> list[str]:
    """The metrics of one set that fall below their floors."""
    rates = report.sets[name].rates()
    low = []
    for metric, floor in FLOORS[name].items():
        value = rates[metric]
        if value is not None and value < floor:
            low.append(f"{name} {metric}: {value:.0%} < floor {floor:.0%}")
    return low


@pytest.mark.slow  # derives every development article
def test_scores_stay_above_their_floors(report: Report, capsys: pytest.CaptureFixture[str],
                                        ) -> None:
    with capsys.disabled():
        print("\nparley derive on the corpus (tests/derive_score.py explains the matching):")
        print(table(report))
    low = _below(report, "development")
    assert not low, "; ".join(low)


@pytest.mark.slow  # derives every held-out article of tests/data/derive_fresh
def test_held_out_scores_stay_above_their_floors(capsys: pytest.CaptureFixture[str]) -> None:
    """Articles no one working on derive has read, scored in aggregate only: the measure of
    how derive reads an article it has never seen."""
    report = score_corpus(folder=FRESH)
    with capsys.disabled():
        print("\nparley derive on the held-out articles (aggregate only):")
        print(table(report))
    assert not report.crashes, report.crashes
    assert not report.sets["held-out"].errors, "a held-out draft failed or did not load"
    low = _below(report, "held-out")
    assert not low, "; ".join(low)


def test_no_article_raises_an_unexpected_exception(report: Report) -> None:
    assert not report.crashes, report.crashes


def test_every_article_gets_a_draft_that_loads(report: Report) -> None:
    failed = {name: s.errors for name, s in report.sets.items() if s.errors}
    assert not failed, f"drafts that failed or did not load: {failed}; {report.errors}"


@pytest.mark.slow  # derives every article of tests/data/derive_own
def test_own_articles_stay_above_their_floors(capsys: pytest.CaptureFixture[str]) -> None:
    report = score_corpus(folder=OWN)
    with capsys.disabled():
        print("\nparley derive on its own test articles:")
        print(table(report, detail=True))
    assert not report.crashes, report.crashes
    rates = report.sets["own"].rates()
    low = []
    for metric, floor in OWN_FLOORS.items():
        value = rates[metric]
        if value is not None and value < floor:
            low.append(f"{metric}: {value:.0%} < floor {floor:.0%}")
    assert not low, "; ".join(low)
    assert not report.sets["own"].errors

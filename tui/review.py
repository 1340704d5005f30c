"""The app behind `parley derive ARTICLE --review`: one `ReviewScreen` over a derivation."""

from __future__ import annotations

from pathlib import Path

from textual.app import App

from sim.derive.review import Review
from tui.screens.review import ReviewScreen


class ReviewApp(App[None]):
    """Review a derived draft and save it as a scenario.

    Args:
        review: the derivation under review.
        out: the file saving proposes.
    """

    CSS_PATH = "parley.tcss"
    TITLE = "Parley · review a draft"

    def __init__(self, review: Review, out: Path) -> None:
        super().__init__()
        self.review = review
        self.out = out

    def on_mount(self) -> None:
        """Open the review."""
        self.push_screen(ReviewScreen(self.review, self.out))

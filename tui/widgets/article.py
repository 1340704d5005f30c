"""The article under review, with every statement derive read highlighted."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static


class ArticleView(VerticalScroll):
    """The article's text: candidate statements underlined, the current one in reverse.

    The screen hands it the spans (attributes down); it draws them and scrolls the current
    one into view.
    """

    def __init__(self, text: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.text = text
        self.spans: list[tuple[int, int, str]] = []
        """(start, end, status) of every candidate."""
        self.current: int | None = None

    def compose(self) -> ComposeResult:
        """The text, in one block."""
        yield Static(Text(self.text), id="article-text")

    def set_text(self, text: str) -> None:
        """Show another article (a review of several documents)."""
        self.text = text

    def show(self, spans: list[tuple[int, int, str]], current: int | None) -> None:
        """Highlight `spans` ((start, end, status)); `current` indexes the one in focus."""
        self.spans, self.current = spans, current
        text = Text(self.text)
        for k, (start, end, status) in enumerate(spans):
            style = {"accepted": "underline green", "rejected": "strike dim"}.get(
                status, "underline yellow")
            if k == current:
                style = "reverse bold"
            text.stylize(style, start, end)
        block = self.query_one("#article-text", Static)
        block.update(text)
        if current is not None and current < len(spans):
            rows = self._rows_before(spans[current][0])
            self.scroll_to(y=max(rows - 3, 0), animate=False)

    def _rows_before(self, char: int) -> int:
        """Screen rows above character `char` once the text wraps to this widget's width."""
        width = max(self.content_region.width or self.size.width or 80, 20)
        rows = 0
        for line in self.text[:char].split("\n")[:-1]:
            rows += max(1, -(-len(line) // width))
        last = self.text[:char].split("\n")[-1]
        return rows + len(last) // width

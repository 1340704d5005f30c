"""Small modal screens: confirm, "Why?", a file path (save or resume), and help."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Input, Label, Markdown, Static

from sim.classroom.briefs import keys_lines
from sim.play.saves import SaveFileError


class ConfirmScreen(ModalScreen[bool]):
    """A yes/no question; dismisses with True for yes."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Yes", id="confirm.yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm.no"),
    ]

    def __init__(self, question: str, yes: str = "Yes", no: str = "No") -> None:
        super().__init__()
        self.question, self.yes, self.no = question, yes, no

    def compose(self) -> ComposeResult:
        """The question and two buttons."""
        with Vertical(classes="dialog"):
            yield Static(self.question, classes="question")
            with Horizontal(classes="buttons"):
                yield Button(f"{self.yes} (y)", variant="warning", id="yes")
                yield Button(f"{self.no} (n)", variant="primary", id="no")
        yield Footer()

    def on_mount(self) -> None:
        """Focus the safe answer."""
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Answer with the button pressed."""
        self.dismiss(event.button.id == "yes")

    def action_answer(self, yes: bool) -> None:
        """Answer from the keyboard."""
        self.dismiss(yes)


class TextScreen(ModalScreen[None]):
    """Markdown to read (a "Why?" answer, the help); any of its keys closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,enter", "close", "Close", id="text.close"),
    ]

    def __init__(self, markdown: str, *, wide: bool = False) -> None:
        super().__init__()
        self.markdown = markdown
        self.wide = wide

    def compose(self) -> ComposeResult:
        """The text in a scrolling box."""
        with VerticalScroll(classes="dialog wide" if self.wide else "dialog"):
            yield Markdown(self.markdown)
            yield Button("Close", id="close", compact=True)
        yield Footer()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Close on the button."""
        self.dismiss(None)

    def action_close(self) -> None:
        """Close from the keyboard."""
        self.dismiss(None)


class PathScreen(ModalScreen[Any]):
    """Ask for a file and do `action` with it; an error stays on screen until fixed.

    Args:
        title: what the path is for.
        default: the path proposed.
        action: run with the path; its result is what the screen dismisses with. It may
            raise `SaveFileError` or `OSError`, whose message is shown.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="path.cancel"),
    ]

    def __init__(self, title: str, default: str, action: Callable[[Path], Any]) -> None:
        super().__init__()
        self.title_text, self.default, self.action = title, default, action

    def compose(self) -> ComposeResult:
        """Title, path field and the error line."""
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="question")
            yield Input(self.default, id="path")
            yield Static("", id="error")
        yield Footer()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Try the action; show why it failed, or close with its result."""
        try:
            result = self.action(Path(event.value).expanduser())
        except (SaveFileError, OSError) as exc:
            self.query_one("#error", Static).update(str(exc))
            return
        self.dismiss(result)

    def action_cancel(self) -> None:
        """Close without doing anything."""
        self.dismiss(None)


HELP = "\n".join([
    "# Playing Parley", "",
    "You speak for one side in a negotiation built from a real news report. Every number in "
    "your brief cites the words it comes from, or says it is the modeller's assumption.", "",
    "**Each round** one side tables an offer: one option per issue. The others accept or "
    "reject. A deal stands when every party whose consent is required accepts (and any "
    "parliament ratifies). When the rounds run out there is no deal, and everyone gets their "
    "reservation value.", "",
    "**Your offer builder** shows, for the offer you are building, its utility to you and the "
    "concession budget you would have left. It warns in yellow (a soft red line, "
    "overspending, worth less than no deal) and in red (a hard red line: the rules refuse "
    "it).", "",
    "**What you see of the others** is what a real delegation would: their public positions "
    "and red lines, and what they say at the table. Their private numbers appear in the "
    "debrief after the game.", "",
    # The same keys as the printed brief (one list, in sim.classroom.briefs).
    *keys_lines()[:-1],
    "| `ctrl+t` | Light or dark theme |", *keys_lines()[-1:], "",
    "Tab moves between the issue selectors, the buttons and the log; the mouse works "
    "everywhere.", ""])
"""The help screen (`?`)."""

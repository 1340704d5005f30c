"""The console's small forms: a few fields, Enter (or the button) to send, Escape to cancel."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Footer, Input, Label, Select


@dataclass(frozen=True)
class Field:
    """One field of a form."""

    name: str
    label: str
    value: Any = ""
    """The value shown first."""
    choices: tuple[tuple[str, Any], ...] = field(default=())
    """(shown, value) pairs: a choice; none: text typed (or a box ticked, for a bool)."""


class FormScreen(ModalScreen[dict[str, Any] | None]):
    """A form; dismisses with {name: value} (typed text as typed), or None if cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="form.cancel"),
        Binding("ctrl+s", "send", "Send", id="form.send"),
    ]

    def __init__(self, title: str, fields: list[Field], send: str = "Send") -> None:
        super().__init__()
        self.title_text, self.fields, self.send_label = title, fields, send

    def compose(self) -> ComposeResult:
        """Title, one row per field, the buttons."""
        with Vertical(classes="dialog wide", id="form"):
            yield Label(self.title_text, classes="question")
            for f in self.fields:
                with Horizontal(classes="form-row"):
                    if isinstance(f.value, bool) and not f.choices:
                        yield Checkbox(f.label, f.value, id=f"field-{f.name}")
                        continue
                    yield Label(f.label, classes="form-label")
                    if f.choices:
                        yield Select(list(f.choices), value=f.value, allow_blank=False,
                                     id=f"field-{f.name}")
                    else:
                        yield Input(str(f.value), id=f"field-{f.name}")
            with Horizontal(classes="buttons"):
                yield Button(f"{self.send_label} (ctrl+s)", variant="primary", id="send")
                yield Button("Cancel (esc)", id="cancel")
        yield Footer()

    def values(self) -> dict[str, Any]:
        """What the form holds now."""
        out: dict[str, Any] = {}
        for f in self.fields:
            widget = self.query_one(f"#field-{f.name}")
            if isinstance(widget, Input):
                out[f.name] = widget.value.strip()
            elif isinstance(widget, Checkbox | Select):
                out[f.name] = widget.value
        return out

    def on_input_submitted(self) -> None:
        """Enter in a field sends the form."""
        self.action_send()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Send or cancel."""
        if event.button.id == "send":
            self.action_send()
        else:
            self.action_cancel()

    def action_send(self) -> None:
        """Close with the values."""
        self.dismiss(self.values())

    def action_cancel(self) -> None:
        """Close without them."""
        self.dismiss(None)

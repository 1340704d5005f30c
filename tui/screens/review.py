"""Reviewing a derived draft: the article with every statement derive read, one row per
statement, and the draft as it stands; the author accepts, rejects or reassigns each
statement, edits options and numbers, and saves a scenario that loads.

Opened by `parley derive ARTICLE --review`. The screen changes only the `Review` model
(`sim.derive.review`); its widgets are handed what to show (attributes down) and post what the
author chose (messages up).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer, Input, Label, Static

from sim.derive.evidence import TO_FILL
from sim.derive.report import to_fill
from sim.derive.review import RED_LINES, Review, ReviewError
from sim.scenario.loader import ScenarioError
from tui.screens.dialogs import ConfirmScreen, PathScreen
from tui.widgets.article import ArticleView
from tui.widgets.candidates import CandidateTable


class EditScreen(ModalScreen[str | None]):
    """One line of text to type; dismisses with it (None when cancelled)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="edit.cancel"),
    ]

    def __init__(self, title: str, default: str = "") -> None:
        super().__init__()
        self.title_text, self.default = title, default

    def compose(self) -> ComposeResult:
        """The question and the field."""
        with Vertical(classes="dialog wide"):
            yield Label(self.title_text, classes="question")
            yield Input(self.default, id="edit")
        yield Footer()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Answer with the text typed."""
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        """Close without an answer."""
        self.dismiss(None)


class ReviewScreen(Screen[None]):
    """The review of one derivation.

    Args:
        review: the model every key changes.
        out: where saving proposes to write the scenario.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "accept", "Accept", id="review.accept"),
        Binding("x", "reject", "Reject", id="review.reject"),
        Binding("p", "party", "Party", id="review.party"),
        Binding("i", "issue", "Issue", id="review.issue"),
        Binding("h", "red_line", "Hard/soft", id="review.red_line"),
        Binding("o", "rules_out", "Option", id="review.rules_out"),
        Binding("e", "edit_option", "Edit option", id="review.edit"),
        Binding("n", "new_issue", "New issue", id="review.new_issue"),
        Binding("N", "new_party", "New party", id="review.new_party"),
        Binding("v", "validate", "Validate", id="review.validate"),
        Binding("s", "save", "Save", id="review.save"),
        Binding("q", "quit", "Quit", id="review.quit"),
    ]

    def __init__(self, review: Review, out: Path) -> None:
        super().__init__()
        self.review = review
        self.out = out
        self.index = 0
        self.texts = {d.name: d.text for d in review.derivation.documents}
        self.seed = review.derivation.documents[0].name

    def compose(self) -> ComposeResult:
        """Title, the article beside the statements and the draft, and the keys."""
        names = ", ".join(self.texts)
        yield Static(f"Review the draft derived from {names}", classes="title-bar")
        with Horizontal(id="review"):
            yield ArticleView(self.texts[self.seed], id="article")
            with Vertical(id="review-side"):
                yield CandidateTable(id="candidates")
                with VerticalScroll(id="draft-pane"):
                    yield Static(id="draft")
        yield Footer()

    def on_mount(self) -> None:
        """Draw everything, the first statement in focus."""
        self.redraw()
        self.query_one(CandidateTable).focus()

    # ------------------------------------------------------------------ drawing

    def redraw(self) -> None:
        """Show the review as it stands: rows, highlights and the rebuilt draft."""
        self.query_one(CandidateTable).show(self.review.candidates)
        self._highlight()
        self.query_one("#draft", Static).update(draft_text(self.review))

    def _highlight(self) -> None:
        candidates = self.review.candidates
        article = self.query_one(ArticleView)
        if candidates and candidates[self.index].seed != self.seed:
            self.seed = candidates[self.index].seed
            article.set_text(self.texts[self.seed])
        spans = [(c.start, c.end, c.status) for c in candidates if c.seed == self.seed]
        mine = [k for k, c in enumerate(candidates) if c.seed == self.seed]
        current = mine.index(self.index) if self.index in mine else None
        article.show(spans, current)

    def on_candidate_table_chosen(self, message: CandidateTable.Chosen) -> None:
        """Follow the cursor: highlight that statement in the article."""
        if 0 <= message.index < len(self.review.candidates):
            self.index = message.index
            self._highlight()

    # ------------------------------------------------------------------ changes

    def _change(self, change: object, *, advance: bool = False) -> None:
        """Apply one change (a callable), say why it was refused, redraw."""
        try:
            change()  # type: ignore[operator]
        except ReviewError as exc:
            self.notify(str(exc), severity="error")
            return
        if advance and self.index + 1 < len(self.review.candidates):
            self.index += 1
        self.redraw()
        self.query_one(CandidateTable).move_cursor(row=self.index, animate=False)

    def action_accept(self) -> None:
        """Keep the statement as read."""
        if self.review.candidates:
            self._change(lambda: self.review.accept(self.index), advance=True)

    def action_reject(self) -> None:
        """Drop the statement from the draft."""
        if self.review.candidates:
            self._change(lambda: self.review.reject(self.index), advance=True)

    def action_party(self) -> None:
        """Give the statement to the next party."""
        if not self.review.candidates:
            return
        parties = self.review.parties
        now = self.review.candidates[self.index].speaker
        nxt = parties[(parties.index(now) + 1) % len(parties)] if now in parties else parties[0]
        self._change(lambda: self.review.set_party(self.index, nxt))

    def action_issue(self) -> None:
        """Put the statement on the next issue (or on none)."""
        if not self.review.candidates:
            return
        keys: list[str | None] = [*self.review.issue_keys, None]
        now = self.review.candidates[self.index].issue
        nxt = keys[(keys.index(now) + 1) % len(keys)] if now in keys else keys[0]
        self._change(lambda: self.review.set_issue(self.index, nxt))

    def action_red_line(self) -> None:
        """No red line → hard → soft → no red line."""
        if not self.review.candidates:
            return
        now = self.review.candidates[self.index].red_line
        nxt = RED_LINES[(RED_LINES.index(now) + 1) % len(RED_LINES)]
        self._change(lambda: self.review.set_red_line(self.index, nxt))

    def action_rules_out(self) -> None:
        """Choose the options the statement's red line rules out, or, for a statement that is
        no red line, the option it asks for."""
        if not self.review.candidates:
            return
        candidate = self.review.candidates[self.index]
        if candidate.issue is None:
            self.notify("put the statement on an issue first (i)", severity="warning")
            return
        issue = next(i for i in self.review.issues if i.key == candidate.issue)
        if candidate.red_line is None:

            def asked(text: str | None) -> None:
                if text is not None:
                    self._change(lambda: self.review.set_ask(self.index, text.strip()))

            self.app.push_screen(EditScreen(
                f"The option of '{issue.key}' {candidate.speaker} asks for "
                f"({', '.join(issue.options)}):", issue.poles.get(candidate.speaker, "")),
                asked)
            return

        def chosen(text: str | None) -> None:
            if text is not None:
                options = [o.strip() for o in text.split(",") if o.strip()]
                self._change(lambda: self.review.set_rules_out(self.index, options))

        self.app.push_screen(EditScreen(
            f"Options of '{issue.key}' this red line rules out, separated by commas "
            f"({', '.join(issue.options)}):", ", ".join(candidate.rules_out or [])), chosen)

    def action_edit_option(self) -> None:
        """Rename an option, or give a figure another number ("9% = 10")."""
        if not self.review.issues:
            return
        candidate = self.review.candidates[self.index] if self.review.candidates else None
        key = candidate.issue if candidate and candidate.issue else self.review.issue_keys[0]
        issue = next(i for i in self.review.issues if i.key == key)

        def edited(text: str | None) -> None:
            if text is None:
                return
            if "=" not in text:
                self.notify("write OLD = NEW", severity="error")
                return
            old, new = (part.strip() for part in text.split("=", 1))
            number = re.fullmatch(r"[$€£]?\s*(-?\d[\d,]*(?:\.\d+)?)\s*[%\w ]*", new)
            if number and (issue.numeric or any(ch.isdigit() for ch in old)):
                value = float(number.group(1).replace(",", ""))
                self._change(lambda: self.review.set_number(key, old, value))
            else:
                self._change(lambda: self.review.rename_option(key, old, new))

        self.app.push_screen(EditScreen(
            f"Options of '{key}': {', '.join(issue.options)}. Write OLD = NEW to rename one, "
            "or OLD = a number to change its figure:"), edited)

    def action_new_issue(self) -> None:
        """Add an issue derive missed: its name, a colon, its options."""

        def added(text: str | None) -> None:
            if text is None:
                return
            name, _, options = text.partition(":")
            key: list[str] = []
            self._change(lambda: key.append(self.review.add_issue(
                name, [o for o in options.split(",")])))
            if key:
                self.notify(f"Issue '{key[0]}' added: put statements on it with i.")

        self.app.push_screen(EditScreen(
            "New issue: its name, a colon, then its options separated by commas "
            "(pay rise: 3%, 5%, 8%):"), added)

    def action_new_party(self) -> None:
        """Add a party derive missed: its name, and after a colon its other names."""

        def added(text: str | None) -> None:
            if text is None:
                return
            name, _, aliases = text.partition(":")
            party: list[str] = []
            self._change(lambda: party.append(self.review.add_party(
                name, [a for a in aliases.split(",")])))
            if party:
                self.notify(f"Party '{party[0]}' added: give it statements with p.")

        self.app.push_screen(EditScreen(
            "New party: its name, then after a colon any other names the article uses for "
            "it, separated by commas (Port Authority: the authority, PA):"), added)

    def action_validate(self) -> None:
        """Check that the draft as it stands loads, writing nothing."""
        try:
            self.review.validate()
        except ScenarioError as exc:
            self.notify(f"The draft does not load yet: {exc}", severity="error")
            return
        self.notify("The draft loads and validates; save it with s.")

    def action_save(self) -> None:
        """Save the scenario; an existing file is replaced only once the author says so."""

        def attempt(path: Path) -> tuple[str, Path]:
            if path.exists():
                return "exists", path
            self.review.save(path)
            return "saved", path

        def done(result: tuple[str, Path] | None) -> None:
            if result is None:
                return
            what, path = result
            if what == "saved":
                self._saved(path)
                return

            def answer(yes: bool | None) -> None:
                if yes:
                    try:
                        self.review.save(path, overwrite=True)
                    except (OSError, ScenarioError) as exc:
                        self.notify(str(exc), severity="error")
                        return
                    self._saved(path)

            self.app.push_screen(ConfirmScreen(f"{path} already exists. Replace it?",
                                               yes="Replace"), answer)

        self.app.push_screen(PathScreen("Save the scenario to:", str(self.out), attempt), done)

    def _saved(self, path: Path) -> None:
        self.out = path
        self.notify(f"Saved {path}: it loads and validates (parley validate {path}).")

    def action_quit(self) -> None:
        """Leave the review (asks first)."""

        def answer(yes: bool | None) -> None:
            if yes:
                self.app.exit()

        self.app.push_screen(ConfirmScreen("Leave the review? Unsaved changes are lost.",
                                           yes="Leave"), answer)


def draft_text(review: Review) -> Text:
    """The draft as it stands: issues and options, each party's red lines, what drafting had
    to decide (a hard line made soft because no deal was possible with it, a placeholder
    party), and what is left."""
    draft = review.draft()
    scenario = draft.scenario
    out = Text()
    protocol = scenario["protocol"]
    out.append("Draft", style="bold")
    out.append(f" · {protocol['kind']}"
               + (f", mediated by {protocol['mediator']}" if protocol.get("mediator") else "")
               + "\n")
    for key, issue in scenario["issues"].items():
        out.append(f"{key}", style="bold cyan")
        out.append(f": {' | '.join(issue['options'])}\n")
    for name, party in scenario["parties"].items():
        out.append(f"{name}", style="bold")
        lines = party.get("red_lines", [])
        out.append(f" · {len(lines)} red line{'s' if len(lines) != 1 else ''}\n")
        for line in lines:
            kind = "hard" if "hard" in line else "soft"
            for issue, options in line[kind].items():
                out.append(f"  {kind} ", style="red" if kind == "hard" else "yellow")
                out.append(f"{issue}: not {', '.join(options)}\n")
    for note in draft.notes:
        out.append(f"• {note}\n", style="yellow")
    left = list(to_fill(scenario))
    out.append(f"{len(left)} decisions left to you ({TO_FILL.rstrip(':')})", style="dim")
    return out

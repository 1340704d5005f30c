"""Choosing what to play: a scenario (or a saved game), then a side."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from sim.play.session import PlaySession
from sim.scenario.library import builtin_scenarios
from sim.scenario.loader import ScenarioError, load_scenario
from sim.scenario.schema import Scenario
from tui.screens.dialogs import PathScreen


class ScenarioPicker(Screen[Path | PlaySession]):
    """Built-in scenarios (plus `extra` paths); dismisses with a path or a resumed game."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("o", "resume", "Resume a save", id="picker.resume"),
    ]

    def __init__(self, extra: tuple[Path, ...] = ()) -> None:
        super().__init__()
        self.paths = [*extra, *builtin_scenarios()]

    def compose(self) -> ComposeResult:
        """A heading and the list of scenarios."""
        yield Header()
        yield Static("Choose a scenario (Enter), or resume a saved game (o).", classes="lead")
        options = []
        for index, path in enumerate(self.paths):
            try:
                scenario = load_scenario(path)
            except ScenarioError as exc:
                line = Text(f"{path.stem}: cannot be played\n{exc.problems[0]}", style="red")
                options.append(Option(line, id=str(index), disabled=True))
                continue
            line = Text(scenario.title, style="bold")
            line.append(f"\n{path.stem} · {', '.join(scenario.parties)}", style="dim")
            options.append(Option(line, id=str(index)))
        yield OptionList(*options, id="scenarios")
        yield Footer()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Play the chosen scenario."""
        self.dismiss(self.paths[int(event.option.id or 0)])

    def action_resume(self) -> None:
        """Ask for a save file and resume it; a bad file is refused inside the dialog."""
        def resumed(session: PlaySession | None) -> None:
            if session is not None:
                self.dismiss(session)

        self.app.push_screen(PathScreen("Resume the game saved in:", "parley-save.json",
                                        PlaySession.load), resumed)


OTHER_SCENARIO: tuple[str, ...] = ()
"""What `SidePicker` dismisses with when the player asks for another scenario."""


class SidePicker(Screen[tuple[str, ...]]):
    """The parties of `scenario` with their public positions; dismisses with the sides chosen.

    Enter plays the highlighted side; space marks sides first, for hot-seat play, and Enter
    then plays all the marked ones. With `can_switch`, `n` dismisses with `OTHER_SCENARIO`
    so the app can offer the list of scenarios.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "mark", "Mark (hot-seat)", id="picker.mark"),
        Binding("n", "other_scenario", "Other scenario", id="picker.other"),
    ]

    def __init__(self, scenario: Scenario, can_switch: bool = False) -> None:
        super().__init__()
        self.scenario = scenario
        self.can_switch = can_switch
        self.marked: set[str] = set()

    def compose(self) -> ComposeResult:
        """A heading and the list of sides."""
        yield Header()
        hint = " · another scenario (n)" if self.can_switch else ""
        stages = self.scenario.stages or []
        staged = (f"\nIn {len(stages)} stages: " + ", then ".join(st.title for st in stages)
                  + " (a stage that fails means the talks never open)" if stages else "")
        yield Static(f"{self.scenario.title}{staged}\nWhich side will you play? (Enter) · "
                     f"several, taking turns at this keyboard (space to mark){hint}",
                     classes="lead")
        yield OptionList(*(Option(self._prompt(name), id=name) for name in self.scenario.parties),
                         id="sides")
        yield Footer()

    def _prompt(self, name: str) -> Text:
        line = Text("✓ " if name in self.marked else "", style="bold green")
        line.append(name, style="bold")
        position = self.scenario.parties[name].position or "No public position."
        line.append(f"\n{position}", style="dim")
        return line

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Play the marked sides, or the chosen one when none is marked."""
        if self.marked:
            self.dismiss(tuple(n for n in self.scenario.parties if n in self.marked))
        else:
            self.dismiss((str(event.option.id),))

    def action_mark(self) -> None:
        """Mark or unmark the highlighted side for hot-seat play."""
        sides = self.query_one("#sides", OptionList)
        if sides.highlighted is None:
            return
        name = str(sides.get_option_at_index(sides.highlighted).id)
        self.marked ^= {name}
        sides.replace_option_prompt(name, self._prompt(name))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Offer another scenario only where the player did not name this one."""
        return self.can_switch if action == "other_scenario" else True

    def action_other_scenario(self) -> None:
        """Go back to the list of scenarios."""
        self.dismiss(OTHER_SCENARIO)

"""The Parley app: from choosing a scenario to the debrief, one `PlaySession` at a time.

The app owns the game. Screens read it (attributes down) and post what the player decided
(messages up); only the app calls `PlaySession.decide`, so the flow of turns, hand-overs in
hot-seat play, refusals and the end of the game live in one place.

The game is anything `sim.play.seat.Seated`: a `PlaySession` on this machine, or a seat at a
class host (`parley join`), where the other sides move at their own machines; the app then
waits for them ("Waiting for Russia…") and moves on when the host says they have.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual.app import App
from textual.binding import Binding, BindingType
from textual.message import Message

from sim.classroom.pack import Settings
from sim.scenario.library import resolve_scenario
from sim.scenario.loader import load_scenario
from tui.screens.briefing import BriefingScreen
from tui.screens.dialogs import HELP, ConfirmScreen, PathScreen, TextScreen
from tui.screens.handover import HandoverScreen
from tui.screens.table import TableScreen

# The pickers and the debrief are imported where they are opened: a game started from the
# command line shows neither first (the debrief's charts cost ~15 ms to import). The engine
# (numpy, simpy: `sim.play.session`) is imported only once the first brief is on screen.
if TYPE_CHECKING:
    from sim.actors.human import DecisionRequest
    from sim.play.seat import Seated
    from sim.play.session import PlaySession
    from sim.scenario.schema import Scenario


class ParleyApp(App[None]):
    """Play one or more sides of a scenario against scripted others.

    Args:
        scenario: scenario path or built-in name; None opens the scenario picker.
        sides: sides played by people (several: hot-seat); empty opens the side picker.
        seed: the game's seed.
        protocol: override of the scenario's protocol.
        session: the game, when already set up (by the command line, or a resumed save);
            the pickers are skipped, and the briefings too once moves have been made.
        transcript: where `parley play` writes the finished game's transcript; a save file
            remembers it, so `parley play --resume FILE` keeps recording.
        settings: the class's settings (chance events, practice mode) for a game set up here.
        join: at a class host (`parley join ADDRESS`): takes a join code and gives the seat,
            or raises `ValueError` saying why not; the app asks for the code first.
        loaded: the scenario at `scenario`, when the command line has loaded it already.

    A game of one side starts with that side's brief, drawn from the scenario alone; the
    game is set up (the engine imported, the scripted sides' opening moves played) while
    the player reads it, and Enter waits for it if pressed sooner.
    """

    CSS_PATH = "parley.tcss"
    TITLE = "Parley"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "request_quit", "Quit", id="app.quit"),
        Binding("question_mark,f1", "help", "Help", key_display="?", id="app.help"),
        Binding("s", "save", "Save", id="app.save"),
        Binding("ctrl+t", "toggle_theme", "Theme", id="app.theme"),
    ]

    class Moved(Message):
        """A class host's game moved on by another seat's doing (posted from its thread)."""

    def __init__(self, scenario: str | os.PathLike[str] | None = None,
                 sides: Sequence[str] = (), seed: int = 0, protocol: str | None = None,
                 session: Seated | None = None,
                 transcript: str | os.PathLike[str] | None = None,
                 settings: Settings | None = None,
                 join: Callable[[str], Seated] | None = None,
                 loaded: Scenario | None = None) -> None:
        super().__init__()
        self.join = join
        self.settings = settings or Settings()
        self.scenario_arg = scenario
        self.loaded = loaded
        self.sides = tuple(sides)
        self.seed = seed
        self.protocol = protocol
        self._session = session
        self._unstarted = session is None and join is None and len(self.sides) == 1
        self.transcript = Path(transcript) if transcript is not None else None
        self.briefed: set[str] = set()
        self.table: TableScreen | None = None
        self.setting_up = False
        """A game is being set up under its first brief (`session` is None meanwhile)."""

    @property
    def session(self) -> Seated | None:
        """The game (None before one is chosen).

        A game of one side is set up by the running app, under the side's first brief;
        asked for before the app has run (by a caller that plays it without screens), it is
        set up at once: the same game.
        """
        if self._unstarted:
            self._unstarted = False
            self._session = self._play_session(resolve_scenario(self.scenario_arg), self.sides)
        return self._session

    @session.setter
    def session(self, session: Seated | None) -> None:
        self._unstarted = False
        self._session = session

    def on_mount(self) -> None:
        """Start wherever the command line left off."""
        self._unstarted = False  # the game is set up here, under its first brief
        if self.session is None and self.join is not None:
            from tui.screens.join import JoinScreen

            def joined(seat: Seated | None) -> None:
                if seat is not None:
                    self.session = seat
                    self._begin()

            self.push_screen(JoinScreen(self.join), joined)
        elif self.session is not None:
            if self.session.decisions:  # a resumed game: the players have read their briefs
                self.briefed.update(self.session.humans)
            self._begin()
        elif self.scenario_arg is None and not self.sides:
            # No arguments: the seed scenario, with the full list one key away.
            self._pick_side(resolve_scenario(None), can_switch=True)
        elif not self.sides:
            self._pick_side(resolve_scenario(self.scenario_arg), loaded=self.loaded)
        else:
            self._new_game(resolve_scenario(self.scenario_arg), self.sides, self.loaded)

    # ------------------------------------------------------------------ choosing

    def _pick_scenario(self) -> None:
        from sim.play.session import PlaySession
        from tui.screens.pickers import ScenarioPicker

        extra = () if self.scenario_arg is None else (resolve_scenario(self.scenario_arg),)

        def chosen(choice: Path | PlaySession | None) -> None:
            if isinstance(choice, PlaySession):
                self.session = choice
                self.briefed.update(choice.humans)
                self._begin()
            elif choice is not None:
                self._pick_side(choice)

        self.push_screen(ScenarioPicker(tuple(p for p in extra if p.parent.name != "scenarios")),
                         chosen)

    def _pick_side(self, path: Path, can_switch: bool = False,
                   loaded: Scenario | None = None) -> None:
        from tui.screens.pickers import OTHER_SCENARIO, SidePicker

        scenario = loaded if loaded is not None else load_scenario(path)

        def chosen(sides: tuple[str, ...] | None) -> None:
            if sides == OTHER_SCENARIO:
                self._pick_scenario()
            elif sides:
                self._new_game(path, sides, scenario)

        self.push_screen(SidePicker(scenario, can_switch), chosen)

    def _new_game(self, path: Path, sides: Sequence[str],
                  loaded: Scenario | None = None) -> None:
        """A new game of `sides` of the scenario at `path` (`loaded`: that scenario, if it has
        been loaded already)."""
        self.briefed = set()
        if len(sides) == 1:
            self._brief_first(path, sides[0], loaded or load_scenario(path))
            return
        # Hot-seat: who moves first, and so whose hand-over and brief come first, is the
        # game's to say.
        self.session = self._play_session(path, sides)
        self._begin()

    def _play_session(self, path: Path, sides: Sequence[str]) -> PlaySession:
        from sim.play.session import PlaySession

        return PlaySession(path, seed=self.seed, humans=sides, protocol=self.protocol,
                           random_events=self.settings.random_events,
                           practice=self.settings.practice)

    def _brief_first(self, path: Path, side: str, scenario: Scenario) -> None:
        """One side: its brief is the first screen, written from the scenario alone, with the
        table under it; the game is set up once the brief is drawn (`_set_up`)."""
        self.setting_up = True
        self.briefed.add(side)
        self.table = TableScreen(None, later=True)
        self.push_screen(self.table)
        drawn = asyncio.Event()
        self.push_screen(BriefingScreen(scenario, side, practice=self.settings.practice,
                                        prepare=self.table.build, shown=drawn.set))
        self.run_worker(self._set_up(path, side, drawn), group="set-up", exclusive=True)

    async def _set_up(self, path: Path, side: str, drawn: asyncio.Event) -> None:
        """Set up the game of `side` once its brief is drawn (in a thread: the brief can be
        scrolled meanwhile), then hand it to the table under the brief."""
        table = self.table
        assert table is not None
        session = None
        try:
            await drawn.wait()

            def start() -> tuple[PlaySession, DecisionRequest | None]:
                game = self._play_session(path, (side,))
                return game, game.advance()

            session, request = await asyncio.to_thread(start)
        finally:
            if session is None:  # the app quit, or the game could not be set up
                table.seat(None)
        self.session = session
        self.setting_up = False
        if self.transcript is not None:
            session.transcript = self.transcript
        # A game over before the side's first move (staged talks it has no seat in, say) goes
        # straight to the debrief: nothing to compose the table for.
        table.seat(session if request is not None else None)
        self._turn(request, previous=None)

    # ------------------------------------------------------------------ turns

    def _begin(self) -> None:
        assert self.session is not None
        if self.session.hosted:
            self.session.watch(self._moved_elsewhere)
        if self.transcript is not None:
            self.session.transcript = self.transcript
        request = self.session.request or self.session.advance()
        # When a briefing or a hand-over covers the table, that is the first screen: the table
        # is composed once the brief is written (or when shown, if sooner), not before.
        covered = request is not None and (request.party not in self.briefed
                                           or len(self.session.humans) > 1)
        self.table = TableScreen(self.session, later=covered)
        self.push_screen(self.table)
        self._turn(request, previous=None)

    def _turn(self, request: DecisionRequest | None, previous: str | None) -> None:
        """Show the next request, with a hand-over and a first briefing where due."""
        assert self.session is not None and self.table is not None
        if request is None and self.session.finished:
            self._debrief()
            return
        if request is None:  # a class host's seat: another side is to move
            side = self.session.humans[0]
            self.table.wait(side, self.session.waiting_for)
            if side not in self.briefed:
                self.briefed.add(side)
                self.push_screen(BriefingScreen(self.session.scenario, side,
                                                practice=self.session.practice,
                                                prepare=self.table.build))
            return
        self.table.show(request)
        side = request.party
        if side not in self.briefed:
            self.briefed.add(side)
            self.push_screen(BriefingScreen(self.session.scenario, side,
                                            practice=self.session.practice,
                                            prepare=self.table.build))
        if len(self.session.humans) > 1 and side != previous:
            self.push_screen(HandoverScreen(side, first=previous is None))

    def on_table_screen_decided(self, message: TableScreen.Decided) -> None:
        """Hand the player's decision to the engine and move on (or show the refusal)."""
        from sim.actors.human import DecisionError

        assert self.session is not None and self.table is not None
        previous = self.table.party
        try:
            request = self.session.decide(message.decision)
        except DecisionError as exc:
            self.table.refuse(str(exc))
            return
        self._turn(request, previous)

    def _moved_elsewhere(self) -> None:
        self.post_message(self.Moved())  # from the seat's network thread: thread-safe

    def on_parley_app_moved(self, message: Moved) -> None:
        """Another seat at the class host moved: show what changed."""
        session, table = self.session, self.table
        if session is None or table is None:
            return
        request = session.request
        if session.finished:
            self._debrief()
        elif request is not None and request != table.request:
            self._turn(request, previous=table.party)
            self.notify(f"Your move, {request.party}.", title=f"Round {request.round + 1}")
            self.bell()
        elif request is None:
            table.wait(table.party, session.waiting_for)
        else:
            table.moved()

    def _debrief(self) -> None:
        from tui.screens.debrief import DebriefScreen

        assert self.session is not None
        table = self.table
        # The table may be under a brief or a dialog when the end comes from a host.
        while table is not None and table in self.screen_stack:
            self.pop_screen()
        self.table = None
        self.clear_notifications()  # the debrief shows the whole story; old toasts would cover it

        def after(choice: str | None) -> None:
            if choice == "new":
                self.session = None
                self.scenario_arg = None
                self._pick_scenario()

        self.push_screen(DebriefScreen(self.session), after)

    # ------------------------------------------------------------------ app-wide keys

    @property
    def in_game(self) -> bool:
        """Whether a game is under way (quitting asks, saving is possible)."""
        return self.setting_up or (self.session is not None and not self.session.finished)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Save only during a game (hidden from the footer otherwise)."""
        if action == "save":
            return self.in_game and not (self.session is not None and self.session.hosted)
        return True

    def action_request_quit(self) -> None:
        """Quit; during a game, ask first."""
        if not self.in_game:
            self.exit()
            return

        def answer(yes: bool | None) -> None:
            if yes:
                self.exit()

        question = ("Leave the table? The class host keeps every move: join again with your "
                    "code to come back." if self.session is not None and self.session.hosted
                    else "Quit this game? Unsaved moves are lost (s saves).")
        self.push_screen(ConfirmScreen(question, yes="Quit"), answer)

    def action_save(self) -> None:
        """Save the game to a file the player names."""
        session = self.session
        if session is None or session.finished:
            return

        from sim.files import written_by_parley
        from sim.play.saves import SIGNATURE, SaveFileError

        def save(path: Path) -> tuple[bool, Path]:
            if path.is_file() and not written_by_parley(path, SIGNATURE):
                return False, path  # the player's own file: replaced only once they say so
            session.save(path)
            return True, path

        def done(path: Path) -> None:
            recording = (f" It will still be recorded to {session.transcript}."
                         if session.transcript is not None else "")
            self.notify(f"Saved to {path}. Resume with: parley play --resume {path}."
                        + recording)

        def saved(result: tuple[bool, Path] | None) -> None:
            if result is None:
                return
            written, path = result
            if written:
                done(path)
                return

            def answer(yes: bool | None) -> None:
                if not yes:
                    return
                try:
                    session.save(path, force=True)
                except SaveFileError as exc:
                    self.notify(str(exc), title="Not saved", severity="error")
                    return
                done(path)

            self.push_screen(ConfirmScreen(f"{path} already exists, and Parley did not write "
                                           "it. Replace it with this game's save?",
                                           yes="Replace", no="Keep it"), answer)

        default = f"parley-{session.scenario_path.stem}-{session.seed}.json"
        self.push_screen(PathScreen("Save this game to:", default, save), saved)

    def action_help(self) -> None:
        """How to play, and every key."""
        self.push_screen(TextScreen(HELP, wide=True))

    def action_toggle_theme(self) -> None:
        """Switch between the light and the dark theme."""
        self.theme = "textual-light" if self.theme == "textual-dark" else "textual-dark"


def make_app(scenario: str | os.PathLike[str] | None = None, sides: Sequence[str] = (),
             seed: int = 0, protocol: str | None = None, session: Seated | None = None,
             theme: str | None = None,
             transcript: str | os.PathLike[str] | None = None,
             settings: Settings | None = None,
             join: Callable[[str], Seated] | None = None,
             loaded: Scenario | None = None) -> ParleyApp:
    """The app as `parley play` (and `parley join`) builds it; tests build it the same way."""
    app = ParleyApp(scenario, sides, seed=seed, protocol=protocol, session=session,
                    transcript=transcript, settings=settings, join=join, loaded=loaded)
    if theme is not None:
        app.theme = theme
    return app

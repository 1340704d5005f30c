"""Which scenario a transcript was played on: named by the user or found by content hash."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from sim.negotiation.game import Game, compile_game
from sim.scenario.library import builtin_scenarios, resolve_scenario
from sim.scenario.loader import ScenarioError, load_scenario, scenario_hash
from sim.transcript.format import Record


class ScenarioMismatch(Exception):
    """No scenario matches a transcript, or the one named is not the one it was played on."""


@dataclass(frozen=True)
class Source:
    """A transcript's scenario, compiled."""

    path: Path
    game: Game


def scenario_for(header: Record, scenario: str | os.PathLike[str] | None = None,
                 transcript: str | os.PathLike[str] = "transcript") -> Source:
    """The scenario `header` (a transcript's first record) was played on.

    With `scenario` given, that file or built-in is used and must have the transcript's hash;
    otherwise the built-in scenarios are searched for it.

    Raises:
        ScenarioMismatch: naming the transcript and what was looked for.
    """
    wanted = header.get("scenario_hash")
    title = header.get("scenario", "?")
    if scenario is not None:
        path = resolve_scenario(scenario)
        loaded = load_scenario(path)
        if scenario_hash(loaded) != wanted:
            raise ScenarioMismatch(
                f"{transcript}: was played on '{title}' (hash {str(wanted)[:12]}), "
                f"but {path} has a different content hash; the scenario changed since")
        return Source(path, compile_game(loaded))
    for path in builtin_scenarios():
        try:
            loaded = load_scenario(path)
        except ScenarioError:
            continue  # a broken built-in cannot be the one a game was played on
        if scenario_hash(loaded) == wanted:
            return Source(path, compile_game(loaded))
    raise ScenarioMismatch(
        f"{transcript}: no built-in scenario matches '{title}' (hash {str(wanted)[:12]}); "
        "name its file with --scenario FILE")

"""A snapshot of the instructor's console (issue 15), drawn from a fixed state: two tables, one
waiting on a student with a timer, one paused with a side abandoned; two students missing.

Regenerate after a deliberate change with `pytest tests/tui --snapshot-update` and look at
the SVG in `tests/tui/__snapshots__/` before committing it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tui.console import ConsoleApp

pytestmark = pytest.mark.slow  # a snapshot starts the whole app

Snap = Callable[..., bool]


def table(label: str, **changes: Any) -> dict[str, Any]:
    best = {"round": 2, "party": "Saldovia", "text": {"weapons": "under_monitors"},
            "worth": {"Tarsa": 0.59, "Highland Front": 0.65, "Saldovia": 1.0},
            "reservations": {"Tarsa": 0.3, "Highland Front": 0.7, "Saldovia": 0.1},
            "margin": -0.05}
    return {"label": label, "round": 3, "deadline": 16, "stage": None,
            "people": {"Tarsa": ["student-01"], "Highland Front": ["student-02"]},
            "joined": {"Tarsa": ["student-01"]}, "waiting_for": "Tarsa",
            "waiting_students": ["student-01"], "waiting_seconds": 42.0, "timer": 90.0,
            "left": 48.0, "paused": False, "decisions": 5, "offers": 3, "best": best,
            "injects": [], "stand_ins": {}, "abandoned": [], "finished": False,
            "outcome": None, "ended_by": None, "transcript": None, "difficulty": "written",
            **changes}


STATE = {
    "scenario": "mirin_ceasefire_2026", "now": 0.0, "end_at": None, "timer": 90.0,
    "settings": {"practice": False, "random_events": True, "what_if": True,
                 "difficulty": "hard_line"},
    "tables": [table("table-01"),
               table("table-02", paused=True, waiting_for="Highland Front",
                     waiting_students=[], left=12.0, stand_ins={"Highland Front": 3},
                     abandoned=["Highland Front"], injects=["A mandate is cut"])],
    "missing": [{"student": "student-03", "side": "Tarsa", "table": "table-02"}],
    "away": [{"student": "student-04", "side": "Highland Front", "table": "table-02"}],
    "students": 4, "events": [], "parties": ["Tarsa", "Highland Front", "Saldovia"],
    "summary": None,
}


async def refuse(action: dict[str, Any]) -> str:
    raise ValueError("not in a snapshot")


def test_the_console_at_120x30(snap_compare: Snap) -> None:
    app = ConsoleApp(lambda: STATE, refuse, addresses=["http://192.168.1.20:8765"],
                     opener=lambda _: None)
    assert snap_compare(app, terminal_size=(120, 30))

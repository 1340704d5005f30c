"""Shared fixtures: the built-in scenario and its compiled game."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from sim.scenario.library import builtin_scenarios, resolve_scenario
from sim.scenario.loader import load_scenario
from sim.scenario.schema import Scenario

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def brussels() -> Scenario:
    """The first seed's settlement table as shipped (one stage: the one-table engine's
    tests use it; `brussels_2026` itself plays the talks about talks first)."""
    return load_scenario(resolve_scenario("brussels_2026_settlement"))


def shipped_scenarios() -> list[Path]:
    """Every scenario file Parley ships."""
    return builtin_scenarios()


def parley(*args: str) -> subprocess.CompletedProcess[str]:
    """Run the `parley` command as a user would, in a wide terminal, and capture its output."""
    return subprocess.run([sys.executable, "-m", "parley", *args], capture_output=True,
                          text=True, check=False, env={"COLUMNS": "200", "PATH": ""})


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter, exitstatus: int,
                            config: pytest.Config) -> None:
    """After a plain `pytest`, say that the slow tests were left out and how to run them."""
    if config.option.markexpr != "not slow":
        return
    slow = [item for item in terminalreporter.stats.get("deselected", [])
            if getattr(item, "get_closest_marker", None) and item.get_closest_marker("slow")]
    if slow:
        terminalreporter.write_line(
            f"{len(slow)} slow tests left out (processes, clusters, whole TUI games, big "
            "batches): add `-m slow` to run only them or `-m \"\"` to include them; "
            "`python3 tasks.py test` runs every test, as CI does.")

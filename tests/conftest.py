"""Shared fixtures: the built-in scenario and its compiled game."""

from __future__ import annotations

from pathlib import Path

import pytest

from sim.loader import load_scenario
from sim.paths import builtin_scenarios, resolve_scenario
from sim.scenario import Scenario

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def brussels() -> Scenario:
    """The first seed's scenario, as shipped."""
    return load_scenario(resolve_scenario("brussels_2026"))


def shipped_scenarios() -> list[Path]:
    """Every scenario file Parley ships."""
    return builtin_scenarios()

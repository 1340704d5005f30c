"""What the commands load on their way to work (issue 17): only what they use. Timings live in
`bench/bench_tui.py`; these tests check the choices behind them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def python(code: str, env: dict[str, str] | None = None) -> str:
    """Run `code` in a fresh interpreter at the project's root; its standard output."""
    clean = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                          text=True, check=True, env={**clean, **(env or {})}).stdout


def test_the_parley_command_keeps_openblas_to_one_thread_unless_told_otherwise() -> None:
    code = "import os, parley; print(os.environ['OPENBLAS_NUM_THREADS'])"
    assert python(code).strip() == "1"
    assert python(code, {"OPENBLAS_NUM_THREADS": "3"}).strip() == "3"


def test_a_batch_printed_to_a_file_never_imports_the_progress_bar(tmp_path) -> None:
    out = tmp_path / "results.parquet"
    code = ("import sys\n"
            "from parley.cli import main\n"
            f"code = main(['batch', '-n', '2', '--out', {str(out)!r}])\n"
            "print(code, 'rich.progress' in sys.modules, file=sys.stderr)\n")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                            text=True, check=True)
    assert result.stderr.split()[-2:] == ["0", "False"]
    assert "2 of 2 written" in result.stdout and "Stylised facts" in result.stdout


def test_building_the_parser_loads_no_library_only_some_commands_use() -> None:
    # Every command builds the whole parser: what a command module imports at its top, all
    # of them pay for.
    heavy = ("asyncio", "aiohttp", "numpy", "pyarrow", "simpy", "textual", "dask", "spacy",
             "matplotlib", "rich.progress")
    code = ("import sys\n"
            "from parley.cli import build_parser\n"
            "build_parser()\n"
            f"print(sorted(m for m in {heavy!r} if m in sys.modules))\n")
    assert python(code).strip() == "[]"


FIRST_SCREEN = """
import sys
from textual.app import App

from parley.commands import play
from sim.classroom.pack import settings_for
from sim.play.recording import check_recordable
from sim.scenario.library import resolve_scenario
from sim.scenario.loader import load_scenario
from tui.app import make_app
from tui.screens.briefing import BriefingScreen
from tui.screens.table import TableScreen

scenario = load_scenario(resolve_scenario(sys.argv[1]))
side = next(iter(scenario.parties))


class First(App[None]):
    # What `parley play SCENARIO --side SIDE` shows first: the side's brief over the table,
    # whose game is set up once the brief is drawn (`shown`).
    def on_mount(self) -> None:
        self.push_screen(TableScreen(None, later=True))
        self.push_screen(BriefingScreen(scenario, side, shown=self.drawn))

    def drawn(self) -> None:
        self.engine = sorted(m for m in ("numpy", "simpy") if m in sys.modules)
        self.exit()


app = First()
app.run(headless=True, size=(80, 24))
print(app.engine)
"""


@pytest.mark.parametrize("scenario", ["brussels_2026", "saru_river_2026"])  # staged, not
def test_the_first_brief_is_drawn_before_the_engine_is_imported(scenario: str) -> None:
    # `parley play` draws a side's brief from the scenario alone and sets the game up while
    # it is read: nothing the command, loading the scenario (staged talks' first stage is
    # checked too) or the first screen needs imports numpy or simpy (~150 ms, half a bare
    # Textual app's start).
    result = subprocess.run([sys.executable, "-c", FIRST_SCREEN, scenario], cwd=ROOT,
                            capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"

"""The engine is reachable without the TUI: importing `sim` never loads Textual."""

from __future__ import annotations

import subprocess
import sys


def test_importing_the_engine_and_cli_does_not_import_textual() -> None:
    code = ("import sys, sim, sim.play, sim.engine, sim.analysis, sim.cli, sim.cli.play; "
            "sim.cli.build_parser(); "
            "print('textual' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "False"

"""The engine never reaches the UI: no module under `sim` imports Textual or `tui`, eagerly or
lazily, and the command line and the class host's web stack (aiohttp) live outside `sim`."""

from __future__ import annotations

import ast
import pkgutil
import subprocess
import sys
from pathlib import Path

import sim

SIM = Path(sim.__file__).parent


def sim_modules() -> list[str]:
    """Every module of the `sim` package."""
    return sorted(m.name for m in pkgutil.walk_packages([str(SIM)], prefix="sim."))


def test_importing_every_sim_module_and_the_cli_parser_never_loads_textual() -> None:
    code = ("import importlib, sys\n"
            f"for name in {sim_modules()!r}:\n"
            "    importlib.import_module(name)\n"
            "import parley.cli\n"
            "parley.cli.build_parser()\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'tui')))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "[]"


def test_no_sim_module_imports_textual_tui_the_command_line_or_the_web_stack_even_lazily(
        ) -> None:
    # Lazy imports inside functions escape the fresh-interpreter check above, so read them.
    offenders = []
    for path in SIM.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            for name in names:
                if name.split(".")[0] in ("textual", "tui", "parley", "aiohttp",
                                          "textual_serve"):
                    offenders.append(f"{path.relative_to(SIM.parent)}:{node.lineno}: {name}")
    assert offenders == []

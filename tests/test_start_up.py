"""What the commands load on their way to work (issue 17): only what they use. Timings live in
`bench/bench_tui.py`; these tests check the choices behind them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

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

#!/usr/bin/env python3
"""Set up Parley in a local virtual environment and run it: the README's two commands.

    python3 tasks.py play   # set up, then open the TUI on the built-in seed scenario
    python3 tasks.py test   # set up, then run the whole test suite, slow tests too (as CI)
    python3 tasks.py bench  # set up, then run the benchmarks

Only the Python standard library is used here, because this runs before anything is installed.
Set-up is skipped when `pyproject.toml` has not changed since the last install.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
STAMP = VENV / ".parley-installed"


def _pyproject_digest() -> str:
    return hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()


def ensure_environment() -> None:
    """Create `.venv` and install Parley with its dev extras, unless already current."""
    if sys.version_info < (3, 11):
        sys.exit(f"Parley needs Python 3.11 or newer; this is {sys.version.split()[0]}.")
    if not PYTHON.exists():
        print("Creating the virtual environment in .venv ...", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    digest = _pyproject_digest()
    if STAMP.exists() and STAMP.read_text() == digest:
        return
    print("Installing Parley and its dependencies (first run only) ...", flush=True)
    pip = [str(PYTHON), "-m", "pip", "install", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "-e", f"{ROOT}[dev]"], check=True)
    STAMP.write_text(digest)


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"play", "test", "bench", "setup"}:
        print(__doc__)
        return 2
    command, rest = argv[0], argv[1:]
    ensure_environment()
    if command == "setup":
        return 0
    if command == "test":
        # Every test: `-m ""` clears the `-m 'not slow'` that plain `pytest` gets from
        # pyproject.toml. A `-m` among the user's own arguments comes later and wins.
        cmd = [str(PYTHON), "-m", "pytest", "-m", "", *rest]
    elif command == "bench":
        cmd = [str(PYTHON), str(ROOT / "bench" / "run_all.py"), *rest]
    else:
        cmd = [str(BIN / "parley"), "play", *rest]
    return subprocess.call(cmd, cwd=ROOT)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

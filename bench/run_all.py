"""Run every benchmark in this folder (`bench_*.py`), one after another, in fresh processes.

Each benchmark prints its own figures and the ratio to a baseline it measures in the same
run. `python3 tasks.py bench` calls this; `python3 tasks.py bench NAME` runs the ones whose
file name contains NAME.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(argv: list[str]) -> int:
    wanted = argv[0] if argv else ""
    scripts = sorted(p for p in HERE.glob("bench_*.py") if wanted in p.stem)
    if not scripts:
        print(f"no benchmark matches {wanted!r}")
        return 2
    failed = 0
    for script in scripts:
        print(f"\n=== {script.stem} ===", flush=True)
        failed += subprocess.call([sys.executable, str(script), *argv[1:]]) != 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

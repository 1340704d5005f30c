"""A real install (issue 19): the wheel built from this checkout, installed into a fresh
virtual environment outside it, brings its built-in scenarios and seeds along.

The wheel is built as a user's `python -m build` builds it (an sdist, then a wheel from the
sdist), without build isolation so that no package index is needed. The fresh environment
gets the wheel alone (`--no-deps`); a `.pth` file then puts this environment's site-packages
after its own, for the dependencies. A folder named by a `.pth` file is only added to the
path, its own `.pth` files are not run, so the editable install living there stays inactive
and `sim` comes from the wheel (the first test checks it). Every command runs from a folder
outside the checkout with a clean environment (no PYTHONPATH).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BUILTINS = sorted(path.stem for path in (ROOT / "scenarios").glob("*.yaml"))

pytestmark = pytest.mark.slow  # builds and installs a wheel (about 10 s for the module)


@dataclass(frozen=True)
class Install:
    """A fresh virtual environment holding the wheel, and a folder outside the checkout."""

    venv: Path
    home: Path  # the working folder of every command, outside the checkout

    @property
    def bin(self) -> Path:
        return self.venv / ("Scripts" if os.name == "nt" else "bin")

    def env(self, **extra: str) -> dict[str, str]:
        return {"PATH": os.pathsep.join([str(self.bin), os.defpath]), "HOME": str(self.home),
                "COLUMNS": "200", **extra}

    def run(self, program: str, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([str(self.bin / program), *args], cwd=self.home,
                              env=self.env(**env), capture_output=True, text=True,
                              timeout=300, check=False)

    def python(self, script: str) -> subprocess.CompletedProcess[str]:
        path = self.home / "check.py"
        path.write_text(textwrap.dedent(script), encoding="utf-8")
        return self.run("python", str(path))


def _copy_checkout(target: Path) -> None:
    """The checkout's files (tracked, or new and not ignored), so that the build's scratch
    folders (build/, *.egg-info, the sdist's release tree) stay out of the working tree."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others",
                             "--exclude-standard"], cwd=ROOT, capture_output=True, check=False)
    if listed.returncode != 0:  # not a Git checkout (an unpacked sdist, an export)
        shutil.copytree(ROOT, target, ignore=shutil.ignore_patterns(
            ".*", "build", "dist", "*.egg-info", "__pycache__"))
        return
    for name in listed.stdout.decode().split("\0"):
        source = ROOT / name
        if name and source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Install:
    base = tmp_path_factory.mktemp("install")
    source, dist = base / "source", base / "dist"
    _copy_checkout(source)
    build = subprocess.run([sys.executable, "-m", "build", "--no-isolation", "--outdir",
                            str(dist), str(source)], capture_output=True, text=True,
                           check=False)
    assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-3000:]
    wheels = list(dist.glob("parley-*.whl"))
    assert len(wheels) == 1 and list(dist.glob("parley-*.tar.gz")), sorted(dist.iterdir())

    venv = base / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    install = Install(venv, base / "elsewhere")
    install.home.mkdir()
    subprocess.run([sys.executable, "-m", "pip", "--python", str(install.bin / "python"),
                    "install", "--quiet", "--no-deps", "--no-index", str(wheels[0])],
                   check=True)
    site = subprocess.run([str(install.bin / "python"), "-c",
                           "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          capture_output=True, text=True, check=True).stdout.strip()
    ours = dict.fromkeys(sysconfig.get_paths()[key] for key in ("purelib", "platlib"))
    (Path(site) / "zz_parley_dependencies.pth").write_text("\n".join(ours) + "\n")
    return install


def test_sim_and_its_built_in_data_come_from_the_installed_wheel(installed: Install) -> None:
    proc = installed.python("""
        import sim, tui
        from sim import builtin
        from sim.scenario.library import find_seed, resolve_scenario
        print(sim.__file__)
        print(tui.__file__)
        print(builtin.root())
        print(resolve_scenario("brussels_2026"))
        print(find_seed("000_2c8abda6f011f619.txt", None))
    """)
    assert proc.returncode == 0, proc.stderr
    site = installed.venv.resolve()
    for line in proc.stdout.splitlines():
        assert Path(line).resolve().is_relative_to(site), proc.stdout


def test_parley_scenarios_lists_every_built_in_one(installed: Install) -> None:
    proc = installed.run("parley", "scenarios")
    assert proc.returncode == 0, proc.stderr
    assert {"brussels_2026", "mirin_ceasefire_2026", "saru_river_2026"} <= set(BUILTINS)
    for name in BUILTINS:
        assert name in proc.stdout


def test_parley_validate_finds_the_built_in_scenario_and_its_seed(installed: Install) -> None:
    proc = installed.run("parley", "validate", "brussels_2026")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "brussels_2026: ok" in proc.stdout


def test_parley_run_writes_the_same_transcript_as_the_editable_install(
        installed: Install) -> None:
    args = ("run", "brussels_2026", "--seed", "1", "--pinned", "--transcript")
    proc = installed.run("parley", *args, "installed.jsonl")
    assert proc.returncode == 0, proc.stderr
    reference = installed.home / "editable.jsonl"
    subprocess.run([sys.executable, "-m", "parley", *args, str(reference)], cwd=ROOT,
                   env={"PATH": os.defpath, "COLUMNS": "200"}, capture_output=True,
                   check=True)
    assert (installed.home / "installed.jsonl").read_bytes() == reference.read_bytes()


def test_a_user_s_own_scenario_finds_its_seeds_beside_it(installed: Install) -> None:
    """With PARLEY_HOME on an empty folder nothing is built in: the seed beside the file is
    the only one that can serve."""
    mine = installed.home / "mine"
    (mine / "seeds").mkdir(parents=True)
    shutil.copy(ROOT / "scenarios" / "saru_river_2026.yaml", mine / "talks.yaml")
    shutil.copy(ROOT / "seeds" / "001_saru_river_water.txt", mine / "seeds")
    (installed.home / "empty").mkdir()
    proc = installed.run("parley", "validate", "mine/talks.yaml",
                         PARLEY_HOME=str(installed.home / "empty"))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    listed = installed.run("parley", "scenarios", PARLEY_HOME=str(installed.home / "empty"))
    assert not any(name in listed.stdout for name in BUILTINS)


def test_the_installed_tui_opens_the_seed_scenario_and_its_briefing(installed: Install) -> None:
    proc = installed.python("""
        import asyncio
        from tui.app import make_app
        from tui.screens.briefing import BriefingScreen
        from tui.screens.pickers import SidePicker

        async def main() -> None:
            app = make_app(seed=1)  # what `parley play` opens
            async with app.run_test(size=(100, 40)) as pilot:
                assert isinstance(app.screen, SidePicker), app.screen
                print(app.screen.scenario.title)
                await pilot.press("down", "enter")
                assert isinstance(app.screen, BriefingScreen), app.screen
                print("briefing:", app.screen.side)

        asyncio.run(main())
    """)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == ["Brussels wants concessions before peace talks",
                                        "briefing: Russia"]

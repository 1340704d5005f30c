"""Where the built-in scenarios and seeds are found: a checkout, a zip, `$PARLEY_HOME`.

The installed wheel is covered by the slow tests/test_install.py.
"""

from __future__ import annotations

import importlib
import sys
import zipfile
from importlib.resources import files
from pathlib import Path

import pytest

from sim import builtin
from sim.scenario.library import builtin_scenarios, find_seed, resolve_scenario

ROOT = Path(__file__).resolve().parents[1]
SEED = "000_2c8abda6f011f619.txt"


def test_a_source_checkout_reads_its_own_top_level_folders() -> None:
    assert builtin.root() == ROOT
    assert resolve_scenario("brussels_2026") == ROOT / "scenarios" / "brussels_2026.yaml"
    assert find_seed(SEED, None) == ROOT / "seeds" / SEED


def test_built_in_data_in_a_zipped_package_is_read_from_a_real_copy(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    archive = tmp_path / "zipped.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("zipped_builtin/__init__.py", "")
        zipped.write(ROOT / "scenarios" / "brussels_2026.yaml",
                     "zipped_builtin/scenarios/brussels_2026.yaml")
        zipped.write(ROOT / "seeds" / SEED, f"zipped_builtin/seeds/{SEED}")
    monkeypatch.syspath_prepend(str(archive))
    monkeypatch.delitem(sys.modules, "zipped_builtin", raising=False)
    try:
        importlib.import_module("zipped_builtin")
        packaged = files("zipped_builtin")
        assert not isinstance(packaged, Path)  # read through the zip, not the file system
        folder = builtin.locate(packaged)
    finally:
        sys.modules.pop("zipped_builtin", None)
    assert (folder / "scenarios" / "brussels_2026.yaml").read_bytes() == \
        (ROOT / "scenarios" / "brussels_2026.yaml").read_bytes()
    assert (folder / "seeds" / SEED).read_bytes() == (ROOT / "seeds" / SEED).read_bytes()


def test_an_installed_copy_comes_before_any_checkout(tmp_path: Path) -> None:
    package = tmp_path / "site-packages" / "sim" / "builtin"
    (package / "scenarios").mkdir(parents=True)
    assert builtin.locate(package) == package


def test_parley_home_overrides_the_built_in_folders(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "scenarios").mkdir()
    (tmp_path / "scenarios" / "elsewhere.yaml").write_text("title: x\n", encoding="utf-8")
    monkeypatch.setenv("PARLEY_HOME", str(tmp_path))
    assert [path.name for path in builtin_scenarios()] == ["elsewhere.yaml"]
    assert find_seed(SEED, None) is None

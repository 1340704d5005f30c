"""Where Parley finds its built-in scenarios and seed documents, wherever it is run from."""

from __future__ import annotations

import os
from pathlib import Path

from sim import builtin


def parley_home() -> Path:
    """The folder holding the built-in `scenarios/` and `seeds/`: `$PARLEY_HOME` when set,
    else the ones installed with Parley (`sim.builtin`: inside the package, or a source
    checkout's own)."""
    env = os.environ.get("PARLEY_HOME")
    return Path(env).resolve() if env else builtin.root()


def scenarios_dir() -> Path:
    """Folder of the built-in scenarios."""
    return parley_home() / "scenarios"


def seeds_dir() -> Path:
    """Folder of the built-in seed documents."""
    return parley_home() / "seeds"


def builtin_scenarios() -> list[Path]:
    """Built-in scenario files, sorted by name."""
    folder = scenarios_dir()
    return sorted(folder.glob("*.yaml")) if folder.is_dir() else []


DEFAULT_SCENARIO = "brussels_2026"
"""The built-in scenario opened when none is named: the first seed's talks."""


def resolve_scenario(name_or_path: str | os.PathLike[str] | None) -> Path:
    """A scenario file from a path, or a built-in scenario's name (with or without `.yaml`).

    A name with a folder in it (`./x.yaml`, `scenarios/x.yaml`) is always a path: a mistyped
    folder is reported, never quietly replaced by the built-in scenario of the same name.

    Raises:
        FileNotFoundError: with the built-in names listed, when nothing matches.
    """
    if name_or_path is None:
        name_or_path = DEFAULT_SCENARIO
    text = os.fspath(name_or_path)
    candidate = Path(text)
    if candidate.is_file():
        return candidate
    if candidate.is_dir():
        raise FileNotFoundError(f"{text} is a folder, not a scenario file")
    if candidate.exists():
        return candidate  # a device or a pipe: the loader says why it is not a scenario
    if "/" in text or os.sep in text or (os.altsep and os.altsep in text):
        raise FileNotFoundError(f"no scenario file {text} (a name with a folder in it is a "
                                "path, not a built-in scenario's name)")
    stem = candidate.name.removesuffix(".yaml")
    for path in builtin_scenarios():
        if path.stem == stem:
            return path
    known = ", ".join(p.stem for p in builtin_scenarios()) or "none"
    raise FileNotFoundError(f"no scenario file or built-in scenario named '{name_or_path}' "
                            f"(built-in: {known})")


def seed_search_path(scenario_file: Path | None) -> list[Path]:
    """Folders searched for a scenario's seeds: beside it, `../seeds`, then the built-ins."""
    folders: list[Path] = []
    if scenario_file is not None:
        here = scenario_file.resolve().parent
        folders += [here / "seeds", here.parent / "seeds", here]
    folders.append(seeds_dir())
    return folders


def is_seed_name(name: str) -> bool:
    """Whether `name` can name a seed: a plain file name, with no folder, no `..` and no
    absolute path, so a scenario can only cite documents in a seeds folder."""
    return (bool(name) and name not in (".", "..") and "/" not in name and "\\" not in name
            and "\0" not in name and not Path(name).is_absolute()
            and Path(name).name == name)


def find_seed(name: str, scenario_file: Path | None) -> Path | None:
    """The file of seed `name`, or None when no folder on the search path has it (or the
    name is not a plain file name: a scenario never reads `../../etc/passwd`)."""
    if not is_seed_name(name):
        return None
    for folder in seed_search_path(scenario_file):
        path = folder / name
        try:
            # Inside the folder once links are followed, and a regular file (not a pipe).
            inside = path.resolve().is_relative_to(folder.resolve())
        except (OSError, RuntimeError):
            continue
        if inside and path.is_file():
            return path
    return None

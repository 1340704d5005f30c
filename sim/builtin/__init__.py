"""The built-in scenarios and their seed documents, wherever Parley is installed.

The repository keeps them at its top, in `scenarios/` and `seeds/`, as the design fixes. An
installed Parley carries them inside this package, as `sim/builtin/scenarios/*.yaml` and
`sim/builtin/seeds/*.txt`, and finds them with `importlib.resources`, which reads a package's
files wherever it lives: unpacked from a wheel (`pip install .`, `pipx install .`), or inside
a zip (then they are copied once into a temporary folder, since the loader and the seed search
work with real paths).

How they get here: a build step (`setup.py`) copies the two top-level folders into this
package whenever setuptools builds it, and `MANIFEST.in` puts the two folders in the sdist,
so a wheel built from the sdist gets them the same way as one built from a checkout. Chosen
over the alternatives because it reads the folders where they are, on any system:

- `[tool.setuptools.data-files]` installs files outside every package, where
  `importlib.resources` cannot reach them (and a wheel is not a place to find them again);
- `[tool.setuptools.package-dir]` mapping a package onto `scenarios/` needs an `__init__.py`
  among the scenarios, and a second package for `seeds/`;
- a symlink `sim/builtin/scenarios -> ../../scenarios` with a package-data glob works where
  Git makes symlinks, but a checkout without them (Windows by default) would build a wheel
  with no scenarios at all, silently.

A source checkout has no copy here: an editable install (what `tasks.py` makes) maps `sim` to
the source folder and runs no build step, and the tests import `sim` from the checkout. There
the checkout's own `scenarios/` and `seeds/` are used, so an edited scenario counts at once.
`$PARLEY_HOME` overrides all of this (see `sim.scenario.library.parley_home`).
"""

from __future__ import annotations

import atexit
import functools
import shutil
import tempfile
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

FOLDERS = ("scenarios", "seeds")
"""The folders of built-in data, the same names in the repository and in this package."""


@functools.cache
def root() -> Path:
    """The folder holding the built-in `scenarios/` and `seeds/` (see `locate`)."""
    return locate(files(__name__))


def locate(packaged: Traversable) -> Path:
    """The folder of built-in data for a package whose files are `packaged`.

    The copy installed in the package when there is one (copied out first when the package
    is in a zip), else (a source checkout) the repository's top-level folders; when neither
    exists, the package's folder, which holds no scenario.
    """
    if packaged.joinpath(FOLDERS[0]).is_dir():
        return packaged if isinstance(packaged, Path) else on_disk(packaged)
    if isinstance(packaged, Path):
        checkout = packaged.resolve().parents[1]
        if (checkout / "pyproject.toml").is_file() and (checkout / FOLDERS[0]).is_dir():
            return checkout
        return packaged
    return on_disk(packaged)


def on_disk(data: Traversable) -> Path:
    """A real folder with a copy of `data`'s built-in folders (for a package inside a zip).

    Each call makes a new temporary folder, removed when Python exits; `root` calls it once.
    """
    target = Path(tempfile.mkdtemp(prefix="parley-builtin-"))
    atexit.register(shutil.rmtree, target, ignore_errors=True)
    for name in FOLDERS:
        folder = data.joinpath(name)
        if not folder.is_dir():
            continue
        (target / name).mkdir()
        for item in folder.iterdir():
            if item.is_file():
                (target / name / item.name).write_bytes(item.read_bytes())
    return target

"""Parley's one build step: the built-in scenarios and seeds go into the package `sim.builtin`.

Everything else about the package is declared in pyproject.toml. `scenarios/*.yaml` and
`seeds/*.txt` stay at the top of the repository; this copies them into `sim/builtin/` in the
build folder, so every wheel carries them where `importlib.resources` finds them. Why a copy
at build time rather than a setuptools mapping or a symlink is in sim/builtin/__init__.py.
"""

from __future__ import annotations

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
PACKAGE = Path("sim", "builtin")
FOLDERS = {"scenarios": "*.yaml", "seeds": "*.txt"}  # the names sim.builtin.FOLDERS reads


def builtin_files() -> dict[Path, Path]:
    """Each built-in file's place under the build folder, and the file it is copied from."""
    return {PACKAGE / folder / source.name: source
            for folder, pattern in FOLDERS.items()
            for source in sorted((HERE / folder).glob(pattern))}


class BuildPyWithBuiltins(build_py):
    """setuptools' `build_py`, which also copies the built-in scenarios and seeds."""

    def run(self) -> None:
        super().run()
        if self.editable_mode:  # an editable install reads the checkout's own folders
            return
        copies = builtin_files()
        if not any(target.parent.name == "scenarios" for target in copies):
            raise SystemExit(f"no built-in scenarios in {HERE / 'scenarios'}: a Parley built "
                             "without them could not open any scenario by name")
        for target, source in copies.items():
            self.mkpath(str(Path(self.build_lib, target.parent)))
            self.copy_file(str(source), str(Path(self.build_lib, target)))

    def get_outputs(self, include_bytecode: bool = True) -> list[str]:
        return [*super().get_outputs(include_bytecode),
                *(str(Path(self.build_lib, target)) for target in builtin_files())]

    def get_output_mapping(self) -> dict[str, str]:
        """Also used by a strict editable install, which links each output to its source."""
        return {**super().get_output_mapping(),
                **{str(Path(self.build_lib, target)): str(source)
                   for target, source in builtin_files().items()}}


setup(cmdclass={"build_py": BuildPyWithBuiltins})

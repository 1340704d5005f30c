"""Writing a draft scenario as YAML, beside the seeds it cites, and proving it loads.

A scenario finds its seeds beside itself, in `seeds/` next to it, in `../seeds` or among the
built-in ones; a draft written elsewhere gets copies of its documents in `seeds/` beside it,
so that `parley validate` can check every span.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

import yaml

from sim.derive.documents import DeriveError, Document
from sim.files import write_atomic
from sim.scenario.library import find_seed
from sim.scenario.loader import load_scenario, parse_scenario
from sim.scenario.schema import Scenario

HEADER = """\
# Draft scenario written by `parley derive` from {seeds}.
#
# Every party parameter cites the words it was read from (with how derive read them and how
# firm it judged them), or is an assumption: "Derived:" states the rule that turned quotes
# into a number; "TO FILL:" marks a decision the sources leave to you. Rename issues and
# options freely (and their uses below); `parley validate` checks the result.

"""


def render_yaml(scenario: dict[str, Any]) -> str:
    """The draft as YAML text, with a header that tells the author how to read it."""
    body = yaml.safe_dump(scenario, sort_keys=False, allow_unicode=True, width=100,
                          default_flow_style=None)
    return HEADER.format(seeds=", ".join(scenario["seeds"])) + body


def write_draft(text: str, out: Path, docs: list[Document]) -> tuple[Scenario, list[Path]]:
    """Write `text` to `out`, copy seeds it cannot find, and load it back.

    Returns:
        The loaded scenario and the seed copies made.

    Raises:
        DeriveError: when a different file of the same name already stands where a seed
            would be found.
        sim.scenario.loader.ScenarioError: when the written draft does not validate.
    """
    out.parent.mkdir(parents=True, exist_ok=True)
    copies: list[Path] = []
    for doc in docs:
        existing = find_seed(doc.name, out)
        if existing is not None:
            if existing.read_text(encoding="utf-8") != doc.text:
                raise DeriveError(f"{existing} differs from {doc.path} but has the same name; "
                                  "the draft would cite the wrong text. Rename one of them")
            continue
        target = out.parent / "seeds" / doc.name
        target.parent.mkdir(exist_ok=True)
        # Whole or not at all (a temporary file renamed into place): a copy cut short by a
        # full disk would later pass for the article and refuse every quote beyond its end.
        write_atomic(target, Path(doc.path).read_bytes())
        copies.append(target)
    write_atomic(out, text)
    return load_scenario(out), copies


def validate_text(text: str, docs: list[Document]) -> Scenario:
    """Validate a draft not written anywhere, against copies of its documents.

    Raises:
        sim.scenario.loader.ScenarioError: when the draft does not validate.
    """
    with tempfile.TemporaryDirectory(prefix="parley-derive-") as tmp:
        for doc in docs:
            shutil.copyfile(doc.path, Path(tmp) / doc.name)
        return parse_scenario(text, source="<draft>", file=Path(tmp) / "draft.yaml")

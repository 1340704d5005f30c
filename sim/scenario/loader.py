"""Loading scenario YAML with errors that name the file, the line, the field and the reason.

A teacher who mistypes a key should read `brussels.yaml:41: parties.Russia.cares: salience
weights sum to 0.900; they must sum to 1`, not a traceback. YAML is composed into nodes first
so that every field path can be traced back to the line it was written on.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from sim.scenario.checks import FieldPath, Problem, check_scenario, closest
from sim.scenario.schema import EVENT_KINDS, Scenario

_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class Located:
    """A problem placed in a file: line (1-based, when known), field path and reason."""

    source: str
    line: int | None
    field: str
    reason: str
    warning: bool = False
    """Only a warning: the scenario still loads (see `load_with_warnings`)."""

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line else self.source
        return f"{where}: {self.field}: {self.reason}" if self.field else f"{where}: {self.reason}"


class ScenarioError(Exception):
    """A scenario that cannot be used, with every problem found located in its file."""

    def __init__(self, source: str, problems: Iterable[Located]) -> None:
        self.source = source
        self.problems = sorted(problems, key=lambda p: p.line or 0)
        super().__init__(str(self))

    def __str__(self) -> str:
        count = len(self.problems)
        head = f"{self.source}: {count} problem{'s' if count != 1 else ''} in this scenario"
        return "\n".join([head, *(f"  {p}" for p in self.problems)])


def load_scenario(path: str | Path) -> Scenario:
    """Read, validate and cross-check the scenario in `path` (warnings are not reported:
    `load_with_warnings` returns them).

    Raises:
        ScenarioError: naming file, line, field and reason for every problem found.
    """
    return load_with_warnings(path)[0]


def load_with_warnings(path: str | Path) -> tuple[Scenario, list[Located]]:
    """Read, validate and cross-check the scenario in `path`; also return what it should
    warn its author of (a scenario with only warnings loads), located like errors.

    Raises:
        ScenarioError: naming file, line, field and reason for every error found.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ScenarioError(str(path), [Located(str(path), None, "", "file not found")]) from None
    except UnicodeDecodeError as exc:
        problem = Located(str(path), None, "", f"not UTF-8 text ({exc.reason} at byte {exc.start})")
        raise ScenarioError(str(path), [problem]) from None
    return parse_with_warnings(text, source=str(path), file=path)


def parse_scenario(text: str, source: str = "<scenario>", file: Path | None = None) -> Scenario:
    """Validate scenario YAML `text`; `file` locates its seeds (defaults to the built-ins)."""
    return parse_with_warnings(text, source, file)[0]


def parse_with_warnings(text: str, source: str = "<scenario>", file: Path | None = None,
                        ) -> tuple[Scenario, list[Located]]:
    """Validate scenario YAML `text` as `parse_scenario` does; also return its warnings."""
    data, lines = _compose(text, source)
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as exc:
        raise ScenarioError(source, _from_pydantic(exc, data, lines, source)) from None
    problems = [_locate(p, lines, source) for p in check_scenario(scenario, file)]
    errors = [p for p in problems if not p.warning]
    if errors:
        raise ScenarioError(source, errors)
    return scenario, sorted(problems, key=lambda p: p.line or 0)


def scenario_hash(scenario: Scenario) -> str:
    """A short content hash of the scenario's meaning (not its formatting)."""
    canonical = scenario.model_dump_json(exclude_defaults=False)
    return hashlib.sha256(canonical.encode()).hexdigest()[:16]


# --------------------------------------------------------------------------- YAML with lines


def _compose(text: str, source: str) -> tuple[Any, dict[FieldPath, int]]:
    # One parse gives both the node tree (for line numbers) and the data; libyaml's C parser
    # when available, since scenario loading sits on every command's path.
    loader = _YAML_LOADER(text)
    try:
        root = loader.get_single_node()
        data = loader.construct_document(root) if root is not None else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        reason = str(getattr(exc, "problem", None) or exc).strip()
        problem = Located(source, line, "", f"not valid YAML: {reason}")
        raise ScenarioError(source, [problem]) from None
    finally:
        loader.dispose()
    if root is None:
        raise ScenarioError(source, [Located(source, None, "", "the file is empty")])
    lines: dict[FieldPath, int] = {}
    _index_lines(root, (), lines)
    if not isinstance(data, dict):
        raise ScenarioError(source, [Located(source, 1, "", "a scenario must be a mapping of "
                                                             "fields (title:, parties:, ...)")])
    return data, lines


def _index_lines(node: yaml.Node, path: FieldPath, lines: dict[FieldPath, int]) -> None:
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value
            lines[(*path, key)] = key_node.start_mark.line + 1
            _index_lines(value_node, (*path, key), lines)
            lines[(*path, key)] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for k, item in enumerate(node.value):
            _index_lines(item, (*path, k), lines)


def _line_of(path: FieldPath, lines: dict[FieldPath, int]) -> int | None:
    for cut in range(len(path), -1, -1):
        line = lines.get(tuple(str(p) if not isinstance(p, int) else p for p in path[:cut]))
        if line is not None:
            return line
    return None


def _locate(problem: Problem, lines: dict[FieldPath, int], source: str) -> Located:
    return Located(source, _line_of(problem.path, lines), _dotted(problem.path), problem.reason,
                   problem.warning)


def _dotted(path: FieldPath) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


# --------------------------------------------------------------------------- pydantic errors


def _from_pydantic(exc: ValidationError, data: Any, lines: dict[FieldPath, int],
                   source: str) -> list[Located]:
    """Turn pydantic's errors into located, readable problems.

    Union types (evidence is a quote *or* an assumption) make pydantic report every branch;
    only the branch closest to what the author wrote is kept.
    """
    groups: dict[FieldPath, dict[str, list[tuple[FieldPath, dict[str, Any]]]]] = {}
    for details in exc.errors(include_url=False):
        err: dict[str, Any] = dict(details)
        path, tag, prefix = _walk(err["loc"], data)
        groups.setdefault(prefix, {}).setdefault(tag, []).append((path, err))
    chosen = [item for branches in groups.values() for item in _closest_branch(branches)]
    chosen = _explain_typos(chosen)
    return [Located(source, _line_of(path, lines), _dotted(path), _reason(err))
            for path, err in chosen]


def _explain_typos(errors: list[tuple[FieldPath, dict[str, Any]]],
                   ) -> list[tuple[FieldPath, dict[str, Any]]]:
    """Pair an unknown field with a missing one beside it: `reservaton` is `reservation`."""
    missing = {path: err for path, err in errors if err["type"] == "missing"}
    explained: set[FieldPath] = set()
    for path, err in errors:
        if err["type"] != "extra_forbidden":
            continue
        siblings = [str(p[-1]) for p in missing if p[:-1] == path[:-1]]
        close = closest(str(path[-1]), siblings)
        if close is not None:
            err["hint"] = close
            explained.add((*path[:-1], close))
    return [(path, err) for path, err in errors if path not in explained]


def _walk(loc: tuple[int | str, ...], data: Any) -> tuple[FieldPath, str, FieldPath]:
    """Follow `loc` through the data; names that are not in it are union-branch tags."""
    path: list[str | int] = []
    tag = ""
    prefix: FieldPath = ()
    node = data
    for part in loc:
        in_dict = isinstance(node, dict) and part in node
        in_list = isinstance(node, list) and isinstance(part, int) and part < len(node)
        if in_dict or in_list:
            node = node[part]
            path.append(part)
        elif isinstance(part, str) and not tag and _is_tag(part):
            tag, prefix = part, tuple(path)
        else:
            path.append(part)
            node = None
    return tuple(path), tag, prefix if tag else tuple(path)


def _is_tag(part: str) -> bool:
    return part[:1].isupper() or "[" in part or part in EVENT_KINDS


def _closest_branch(branches: dict[str, list[tuple[FieldPath, dict[str, Any]]]],
                    ) -> list[tuple[FieldPath, dict[str, Any]]]:
    if len(branches) == 1:
        return next(iter(branches.values()))
    # A list branch that fails only because the input is not a list says nothing useful.
    useful = {tag: errs for tag, errs in branches.items()
              if not all(e["type"] == "list_type" for _, e in errs)} or branches
    return min(useful.values(), key=len)


def _reason(err: dict[str, Any]) -> str:
    kind = err["type"]
    loc = err["loc"]
    if kind == "missing":
        return "required field is missing"
    if kind == "extra_forbidden":
        if "hint" in err:
            return f"unknown field '{loc[-1]}' (did you mean '{err['hint']}'?)"
        return f"unknown field '{loc[-1]}' (check its spelling)"
    msg = str(err["msg"])
    return msg.removeprefix("Value error, ")

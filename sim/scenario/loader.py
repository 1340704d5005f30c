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

from sim.files import ReadError, read_regular
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
        head = f"{self.source}: {count:,} problem{'s' if count != 1 else ''} in this scenario"
        shown = [f"  {p}" for p in self.problems[:MAX_SHOWN]]
        if count > MAX_SHOWN:
            shown.append(f"  ... and {count - MAX_SHOWN:,} more")
        return "\n".join([head, *shown])


MAX_SHOWN = 100
"""Problems printed for one file; a file with more has a bigger fault than each of them."""


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
    return parse_with_warnings(read_text_file(path, "scenario", MAX_BYTES), source=str(path),
                               file=path)


def read_text_file(path: Path, what: str, limit: int) -> str:
    """The UTF-8 text of a regular file of at most `limit` bytes (`sim.files.read_regular`).

    Raises:
        ScenarioError: saying why the file cannot be read, in one line.
    """
    try:
        return read_regular(path, limit, what).decode("utf-8")
    except ReadError as exc:
        reason = str(exc)
    except UnicodeDecodeError as exc:
        reason = f"not UTF-8 text ({exc.reason} at byte {exc.start})"
    raise ScenarioError(str(path), [Located(str(path), None, "", reason)])


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
    # A scenario without stages hashes exactly as before stages existed, so that its saves,
    # transcripts and batches stay valid.
    leave_out = None if scenario.stages is not None else {"stages"}
    canonical = scenario.model_dump_json(exclude_defaults=False, exclude=leave_out)
    return hashlib.sha256(canonical.encode()).hexdigest()[:16]


# --------------------------------------------------------------------------- YAML with lines


MAX_BYTES = 8 * 1024 * 1024
"""Largest scenario file read (the shipped ones are about 30 kB)."""
MAX_VALUES = 200_000
"""Most values (mappings, lists, scalars and keys) a scenario may hold once its YAML aliases
are expanded: far above any real scenario, far below what would take minutes to check. An
alias bomb (a few lines that expand to billions of values) is refused before it expands."""
MAX_DEPTH = 100
"""Deepest nesting of mappings and lists a scenario may have (the format needs about 8)."""


def _compose(text: str, source: str) -> tuple[Any, dict[FieldPath, int]]:
    # One parse gives both the node tree (for line numbers) and the data; libyaml's C parser
    # when available, since scenario loading sits on every command's path. The node tree is
    # checked (size, nesting, duplicate keys) before any of it becomes data.
    if len(text) > MAX_BYTES:
        raise ScenarioError(source, [Located(source, None, "", f"the file is {len(text):,} "
                                             f"characters long; a scenario is at most "
                                             f"{MAX_BYTES:,}")])
    _count_values(text, source)
    loader = _YAML_LOADER(text)
    try:
        root = loader.get_single_node()
        if root is not None:
            _check_nodes(root, source)
        data = loader.construct_document(root) if root is not None else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        reason = str(getattr(exc, "problem", None) or exc).strip()
        problem = Located(source, line, "", f"not valid YAML: {reason}")
        raise ScenarioError(source, [problem]) from None
    except RecursionError:
        raise ScenarioError(source, [Located(source, None, "", "not valid YAML: nested too "
                                                               "deeply")]) from None
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


_ENDS = (yaml.MappingEndEvent, yaml.SequenceEndEvent, yaml.DocumentEndEvent,
         yaml.StreamEndEvent)


def _count_values(text: str, source: str) -> None:
    """Refuse a file written with more than `MAX_VALUES` values before composing it (which
    costs far more per value than reading its events). Aliases count once here; expanded,
    by `_check_nodes`. Errors in the YAML are left for the composer to report with lines."""
    loader = _YAML_LOADER(text)
    try:
        count = 0
        while loader.check_event():
            if not isinstance(loader.get_event(), _ENDS):
                count += 1
                if count > MAX_VALUES:
                    raise ScenarioError(source, [Located(
                        source, None, "", f"this file holds more than {MAX_VALUES:,} values "
                        "(keys, values and list items); a scenario is far smaller")])
    except yaml.YAMLError:
        pass
    finally:
        loader.dispose()


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _check_nodes(root: yaml.Node, source: str) -> None:
    """Refuse, in time linear in the file, a node tree that is too big once its aliases are
    expanded, nested too deeply, refers to itself, or repeats a key in a mapping.

    Raises:
        ScenarioError: naming the line of each problem (both lines of a repeated key).
    """
    size: dict[int, int] = {}  # expanded size of each node, by identity (aliases share one)
    open_nodes: set[int] = set()
    duplicates: list[Located] = []
    stack: list[tuple[yaml.Node, int, bool]] = [(root, 0, False)]
    while stack:
        node, depth, done = stack.pop()
        ident = id(node)
        if done:
            open_nodes.discard(ident)
            total = 1 + sum(size[id(child)] for child in _children(node))
            if total > MAX_VALUES:
                raise ScenarioError(source, [Located(
                    source, node.start_mark.line + 1, "",
                    f"this holds more than {MAX_VALUES:,} values (keys, values and list "
                    "items, with every YAML alias *name expanded); a scenario is far "
                    "smaller")])
            size[ident] = total
            continue
        if ident in size:
            continue
        if depth > MAX_DEPTH:
            raise ScenarioError(source, [Located(source, node.start_mark.line + 1, "",
                                                 f"nested more than {MAX_DEPTH} levels deep")])
        open_nodes.add(ident)
        stack.append((node, depth, True))
        if isinstance(node, yaml.MappingNode):
            duplicates += _repeated_keys(node, source)
        for child in _children(node):
            if id(child) in open_nodes:
                raise ScenarioError(source, [Located(
                    source, child.start_mark.line + 1, "",
                    "a YAML alias (*name) refers to the value that contains it")])
            if id(child) not in size:
                stack.append((child, depth + 1, False))
    if duplicates:
        raise ScenarioError(source, duplicates)


def _repeated_keys(node: yaml.MappingNode, source: str) -> list[Located]:
    """Keys written twice in one mapping (YAML would silently keep the last)."""
    seen: dict[str, int] = {}
    found = []
    for key_node, _ in node.value:
        if not isinstance(key_node, yaml.ScalarNode) or key_node.tag.endswith(":merge"):
            continue  # `<<: *defaults` merges; the keys written beside it override on purpose
        line = key_node.start_mark.line + 1
        key = str(key_node.value)
        if key not in seen:
            seen[key] = line
            continue
        where = (f"on lines {seen[key]} and {line}" if seen[key] != line
                 else f"twice on line {line}")
        found.append(Located(source, line, key, f"written {where}; YAML would keep only the "
                                                "last, so remove one"))
    return found


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
    missing: dict[FieldPath, list[str]] = {}  # by the mapping they are missing from
    for path, err in errors:
        if err["type"] == "missing":
            missing.setdefault(path[:-1], []).append(str(path[-1]))
    explained: set[FieldPath] = set()
    tried: dict[FieldPath, int] = {}
    for path, err in errors:
        if err["type"] != "extra_forbidden":
            continue
        siblings = missing.get(path[:-1], [])
        # A few unknown fields per mapping are typos; thousands are not worth comparing.
        tried[path[:-1]] = tried.get(path[:-1], 0) + 1
        if not siblings or tried[path[:-1]] > MAX_TYPO_CHECKS:
            continue
        close = closest(str(path[-1]), siblings)
        if close is not None:
            err["hint"] = close
            explained.add((*path[:-1], close))
    return [(path, err) for path, err in errors if path not in explained]


MAX_TYPO_CHECKS = 50
"""Unknown fields per mapping compared with the missing ones for a likely misspelling."""


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

"""Issue 13: random bytes and random YAML/JSON trees never make the readers behind
`validate`, `report`/`replay` and `play --resume` raise anything but their own one-line
errors, and never hang."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sim.negotiation.game import Game, compile_game
from sim.play.saves import SaveFileError, read_save
from sim.scenario.library import resolve_scenario
from sim.scenario.loader import ScenarioError, load_scenario, parse_scenario
from sim.transcript.check import check_records
from sim.transcript.format import TranscriptError, read_transcript
from tests.hang_guard import no_hang

LIMIT = 60.0
"""A hang guard per example, not a speed limit."""
FUZZ = settings(max_examples=50, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture])

scalars = (st.none() | st.booleans() | st.integers(-2**70, 2**70)
           | st.floats(allow_nan=True, allow_infinity=True) | st.text(max_size=20))
trees = st.recursive(scalars, lambda inner: st.lists(inner, max_size=5)
                     | st.dictionaries(st.text(max_size=12), inner, max_size=5), max_leaves=40)
keys = st.sampled_from(["title", "protocol", "consent", "issues", "parties", "events",
                        "seeds", "type", "round", "party", "humans", "seed", "format",
                        "version", "decisions", "outcome", "utilities", "kind", "deal"])
shaped = st.dictionaries(keys, trees, max_size=8)


@pytest.fixture(scope="module")
def game() -> Game:
    return compile_game(load_scenario(resolve_scenario("brussels_2026")))


def _one_line(exc: Exception) -> None:
    # The message's first line names the file; scenario errors list one problem a line.
    assert str(exc).strip(), type(exc)
    assert "Traceback" not in str(exc)


@FUZZ
@given(st.binary(max_size=2000) | shaped.map(lambda d: yaml.safe_dump(d).encode())
       | trees.map(lambda t: json.dumps(t).encode()))
def test_the_scenario_loader_reports_or_loads(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "fuzz.yaml"
    path.write_bytes(data)
    with no_hang("loading a fuzzed scenario", limit=LIMIT):
        try:
            load_scenario(path)
        except ScenarioError as exc:
            _one_line(exc)


@FUZZ
@given(st.text(max_size=500))
def test_yaml_text_never_escapes_the_loader(text: str) -> None:
    try:
        parse_scenario(text, source="<fuzz>")
    except ScenarioError as exc:
        _one_line(exc)


def _header(seed: int = 1) -> dict[str, Any]:
    return {"type": "header", "parley": "0", "scenario": "x", "scenario_hash": "h",
            "seed": seed, "protocol": "alternating", "deadline": 24, "humans": []}


@FUZZ
@given(st.lists(shaped | trees, max_size=6) | st.binary(max_size=500).map(lambda b: [b]))
def test_transcripts_are_read_and_checked_or_refused(tmp_path: Path, game: Game,
                                                     body: list[Any]) -> None:
    path = tmp_path / "fuzz.jsonl"
    if body and isinstance(body[0], bytes):
        path.write_bytes(body[0])
    else:
        lines = [_header(), *body]
        path.write_text("".join(json.dumps(r) + "\n" for r in lines), encoding="utf-8")
    with no_hang("reading a fuzzed transcript", limit=LIMIT):
        try:
            records = read_transcript(path)
            check_records(records, game, path)
        except TranscriptError as exc:
            _one_line(exc)


@FUZZ
@given(shaped | trees | st.binary(max_size=500))
def test_save_files_are_read_or_refused(tmp_path: Path, content: Any) -> None:
    path = tmp_path / "fuzz.json"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        if isinstance(content, dict):
            content = {"format": "parley-save", "version": 1, **content}
        path.write_text(json.dumps(content), encoding="utf-8")
    try:
        read_save(path)
    except SaveFileError as exc:
        _one_line(exc)


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for k, value in enumerate(node):
            found += _paths(value, (*prefix, k))
    return found


def _mutate(data: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    node = data
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return data


BRUSSELS = Path(resolve_scenario("brussels_2026"))
BRUSSELS_DATA = yaml.safe_load(BRUSSELS.read_text(encoding="utf-8"))


@FUZZ
@given(st.data())
def test_a_real_scenario_with_one_field_replaced_loads_or_is_reported(data: Any) -> None:
    scenario = json.loads(json.dumps(BRUSSELS_DATA, default=str))
    path = data.draw(st.sampled_from(_paths(scenario)))
    value = data.draw(trees)
    text = yaml.safe_dump(_mutate(scenario, path, value), allow_unicode=True)
    try:
        parse_scenario(text, source="<fuzz>", file=BRUSSELS)
    except ScenarioError as exc:
        _one_line(exc)


@FUZZ
@given(st.data())
def test_a_real_transcript_with_one_field_replaced_is_read_or_refused(
        tmp_path: Path, game: Game, data: Any) -> None:
    records = json.loads(json.dumps(_game(game)))
    path_in = data.draw(st.sampled_from(_paths(records)[1:]))
    value = data.draw(trees)
    path = tmp_path / "fuzz.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in _mutate(records, path_in, value)),
                    encoding="utf-8")
    try:
        check_records(read_transcript(path), game, path)
    except TranscriptError as exc:
        _one_line(exc)


_GAMES: dict[int, list[dict[str, Any]]] = {}


def _game(game: Game) -> list[dict[str, Any]]:
    if id(game) not in _GAMES:
        from sim.negotiation.engine import Negotiation

        neg = Negotiation(game, 3)
        neg.run()
        _GAMES[id(game)] = neg.recorder.records
    return _GAMES[id(game)]

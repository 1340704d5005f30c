"""Golden transcripts: a handful of whole games, stored byte for byte, that guard `sim.RULES`.

`sim.RULES` names how scripted parties and mediators play; any change that makes the same
scenario and seed play out differently must bump it. `tests/test_golden_transcripts.py`
replays every game below and compares it with the file stored in `tests/data/golden/`, so a
change to how games play out cannot slip in unnoticed.

The games: every shipped scenario under both protocols with scripted players only (exactly
the bytes `parley run SCENARIO --seed 7 --protocol P --transcript FILE` writes), and one game
of brussels_2026 in which a person plays Ukraine with a fixed script of decisions.

Regenerate the files, after bumping `RULES` in sim/__init__.py for an intended change to how
games play out, with

    .venv/bin/python tests/golden.py            # from the repository root

It refuses to overwrite a file whose rules version and scenario are unchanged but whose game
is not: that is exactly the change that needs a new `RULES`. Pass `--force` only when the
bytes changed for another reason (say, a new field in the transcript format).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sim import RULES
from sim.actors.human import Decision
from sim.negotiation.engine import Negotiation
from sim.negotiation.game import compile_game
from sim.negotiation.stages import Drawn, StagedNegotiation, StagedPlan
from sim.play.session import PlaySession
from sim.scenario.library import builtin_scenarios, resolve_scenario
from sim.scenario.loader import load_scenario
from sim.transcript.format import to_jsonl

GOLDEN = Path(__file__).resolve().parent / "data" / "golden"
"""Where the golden transcripts live."""

SEED = 7
"""Seed of every golden game (with it the three scenarios end in deals, a walk-out and
deadlines, with events and ratification votes along the way)."""

PROTOCOLS = ("alternating", "mediated")

PERSON_SCENARIO = "brussels_2026"
PERSON_SIDE = "Ukraine"


@dataclass(frozen=True)
class GoldenGame:
    """One golden game: its file name and how to play it."""

    name: str
    """File stem in `tests/data/golden/` and test id."""
    play: Callable[[], str]
    """Plays the game and returns its transcript as JSON Lines text."""
    command: tuple[str, ...] | None = None
    """For all-scripted games: the `parley` arguments that write the same transcript
    (followed by `--transcript FILE`)."""

    @property
    def path(self) -> Path:
        """The stored golden file."""
        return GOLDEN / f"{self.name}.jsonl"


def scripted_transcript(scenario: str, seed: int, protocol: str) -> str:
    """An all-scripted game, built as `parley run ... --transcript` builds it."""
    loaded = load_scenario(resolve_scenario(scenario))
    if loaded.staged:  # staged talks, as `parley run --pinned` plays them
        staged = StagedNegotiation(StagedPlan(loaded, protocol), seed, numbers=Drawn(pinned=True))
        staged.run()
        return to_jsonl(staged.recorder.records)
    game = compile_game(loaded)
    negotiation = Negotiation(game, seed, protocol=protocol)
    negotiation.run()
    return to_jsonl(negotiation.recorder.records)


def person_transcript(scenario: str, seed: int, side: str) -> str:
    """A game where a person plays `side` by a fixed script, driven through `PlaySession`.

    The person tables their own ideal offer whenever it is their turn and rejects every
    offer put to them.
    """
    session = PlaySession(scenario, seed=seed, humans=(side,))
    ideal = session.ideal_offer(side)
    request = session.advance()
    while request is not None:
        decision = Decision.propose(ideal) if request.kind == "propose" else Decision.reject()
        request = session.decide(decision)
    if session.outcome is None:
        raise RuntimeError(f"the scripted person's game of {scenario} did not finish")
    return to_jsonl(session.records)


def _scripted(scenario: str, protocol: str) -> GoldenGame:
    return GoldenGame(
        name=f"{scenario}-{protocol}-seed{SEED}",
        play=lambda: scripted_transcript(scenario, SEED, protocol),
        command=("run", scenario, "--seed", str(SEED), "--protocol", protocol,
                 "--pinned"))


def golden_games() -> list[GoldenGame]:
    """Every golden game, in a fixed order."""
    games = [_scripted(path.stem, protocol)
             for path in builtin_scenarios() for protocol in PROTOCOLS]
    games.append(GoldenGame(
        name=f"{PERSON_SCENARIO}-person-{PERSON_SIDE}-seed{SEED}",
        play=lambda: person_transcript(PERSON_SCENARIO, SEED, PERSON_SIDE)))
    return games


def header(text: str) -> dict[str, object]:
    """A transcript's header record (empty when the text has none that parses)."""
    first = text.split("\n", 1)[0]
    try:
        record = json.loads(first)
    except json.JSONDecodeError:
        return {}
    return record if isinstance(record, dict) and record.get("type") == "header" else {}


def first_difference(stored: str, fresh: str, skip: int = 0) -> tuple[int, str, str] | None:
    """(line number from 1, stored line, fresh line) where two transcripts first differ,
    looking past the first `skip` lines."""
    old, new = stored.splitlines(), fresh.splitlines()
    for number in range(skip + 1, max(len(old), len(new)) + 1):
        a = old[number - 1] if number <= len(old) else "<end of file>"
        b = new[number - 1] if number <= len(new) else "<end of file>"
        if a != b:
            return number, a, b
    if not skip and stored != fresh:  # same lines, different line endings or final newline
        return len(old), "(line endings differ)", "(line endings differ)"
    return None


def _needs_new_rules(stored: str, fresh: str) -> bool:
    """Whether the game changed although its rules version and scenario did not."""
    old, new = header(stored), header(fresh)
    if not old or old.get("rules") != RULES or old.get("scenario_hash") != new.get(
            "scenario_hash"):
        return False
    return stored.splitlines()[1:] != fresh.splitlines()[1:]


def write(force: bool = False) -> int:
    """(Re)write every golden file and remove stale ones; 1 when one was refused."""
    GOLDEN.mkdir(parents=True, exist_ok=True)
    games = golden_games()
    refused = 0
    for game in games:
        fresh = game.play()
        stored = game.path.read_text(encoding="utf-8") if game.path.exists() else None
        if stored == fresh:
            print(f"unchanged  {game.path.name}")
            continue
        if stored is not None and not force and _needs_new_rules(stored, fresh):
            diff = first_difference(stored, fresh)
            line = f" (first at line {diff[0]})" if diff else ""
            print(f"REFUSED    {game.path.name}: the game plays out differently{line} but "
                  f"sim.RULES is still {RULES}. Bump RULES in sim/__init__.py first, or pass "
                  "--force if the bytes changed for a reason other than how games play.",
                  file=sys.stderr)
            refused += 1
            continue
        game.path.write_bytes(fresh.encode("utf-8"))
        print(f"{'wrote' if stored is None else 'rewrote':<10} {game.path.name}")
    keep = {game.path.name for game in games}
    for stale in sorted(GOLDEN.glob("*.jsonl")):
        if stale.name not in keep:
            stale.unlink()
            print(f"removed    {stale.name} (no such golden game any more)")
    return 1 if refused else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--force", action="store_true",
                        help="overwrite files even where the game changed under the same RULES")
    args = parser.parse_args(argv)
    return write(force=args.force)


if __name__ == "__main__":
    sys.exit(main())

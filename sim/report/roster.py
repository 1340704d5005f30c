"""The class's roster (`class.json`) against the games handed in: who has no game, and which
game was played with another seed, side or setting than the roster's command gives."""

from __future__ import annotations

from typing import Any

from sim.report.class_summary import Played, RosterCheck


def check_roster(manifest: dict[str, Any], source: str, games: list[Played],
                 skipped: tuple[tuple[str, str], ...], scenario_hash: str) -> RosterCheck:
    """Compare the games (and the files left out) with the roster of `manifest`.

    A game is matched to a student by its file name (`student-07.jsonl` is student-07's), as
    the roster's commands name them; at a class host, by the table's (`table-02.jsonl` is the
    game of every student at table-02).
    """
    from sim.classroom.pack import Settings

    roster = {str(s.get("label")): s for s in manifest.get("students", [])
              if isinstance(s, dict)}
    settings = Settings.from_json(manifest.get("settings"))
    by_name = {g.name: g for g in games}
    left_out = dict(skipped)
    missing = tuple(
        (label, str(s.get("side", "?")),
         "its file was left out (see below)" if _game_of(label, s) in left_out
         else "no game handed in")
        for label, s in roster.items() if _game_of(label, s) not in by_name)
    problems: list[tuple[str, str]] = []
    if manifest.get("scenario_hash") not in (None, scenario_hash):
        problems.append(("all games", "the roster was written for another version of the "
                         "scenario than the one these games were played on"))
    for game in games:
        players = [s for label, s in roster.items() if _game_of(label, s) == game.name]
        if not players:
            problems.append((game.name, "not on the roster (no student of that name)"))
            continue
        student = players[0]
        side, seed = student.get("side"), student.get("seed")
        wrong = []
        if student.get("table"):  # a host's table: the game's sides are its students' sides
            sides = sorted({str(s.get("side")) for s in players})
            if sorted(game.sides) != sides:
                wrong.append(f"played {', '.join(game.sides) or 'no side'}, the roster "
                             f"says {', '.join(sides)}")
        elif list(game.sides) != [side]:
            wrong.append(f"played {', '.join(game.sides) or 'no side'}, the roster says {side}")
        if game.seed != seed:
            wrong.append(f"played seed {game.seed}, the roster says {seed}")
        if game.random_events != settings.random_events:
            wrong.append("played with chance events " + ("on" if game.random_events else "off")
                         + ", the class has them " + ("on" if settings.random_events else "off"))
        if game.difficulty != settings.difficulty:
            from sim.classroom.difficulty import WORDS

            wrong.append(f"played with the scripted sides {WORDS.get(game.difficulty, '?')}, "
                         f"the class has them {WORDS[settings.difficulty]}")
        if game.practice and not settings.practice:
            wrong.append("played in practice mode (the others' private numbers on screen), "
                         "the class is not")
        if wrong:
            problems.append((game.name, "; ".join(wrong)))
    return RosterCheck(source, len(roster), missing, tuple(problems))


def _game_of(label: str, student: dict[str, Any]) -> str:
    """The name of the game a roster entry plays: its own, or at a host its table's."""
    table = student.get("table")
    return str(table) if isinstance(table, str) and table else label

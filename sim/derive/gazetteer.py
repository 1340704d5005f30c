"""Who speaks for whom: the parties Parley knows by name and their aliases.

A gazetteer maps a party's id (e.g. `EU`) to the names that stand for it in news text: its
people (Kallas), capital (Brussels) and bodies (the Commission). Parley ships one; a run can
extend it from a YAML file of the same shape or from a scenario's party `aliases`.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import yaml

from sim.derive.documents import DeriveError

Gazetteer = dict[str, list[str]]
"""Party id → aliases (the id itself counts as one)."""


def shipped_gazetteer() -> Gazetteer:
    """The gazetteer that ships with Parley."""
    text = resources.files("sim.derive").joinpath("gazetteer.yaml").read_text(encoding="utf-8")
    return _validated(yaml.safe_load(text), "built-in gazetteer")


def gazetteer_from_file(path: Path) -> Gazetteer:
    """A gazetteer file: a mapping of party id to a list of aliases.

    Raises:
        DeriveError: when the file cannot be read or has another shape.
    """
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise DeriveError(f"{path}: cannot read gazetteer ({exc})") from None
    return _validated(data, str(path))


def gazetteer_from_scenario(path: Path) -> Gazetteer:
    """The party aliases of a scenario file (read as YAML, without validating the rest).

    Raises:
        DeriveError: when the file is not a scenario with `parties`.
    """
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise DeriveError(f"{path}: cannot read scenario ({exc})") from None
    parties = data.get("parties") if isinstance(data, dict) else None
    if not isinstance(parties, dict) or not parties:
        raise DeriveError(f"{path}: not a scenario with `parties:`; cannot take aliases from it")
    found: Gazetteer = {}
    for name, party in parties.items():
        aliases = party.get("aliases", []) if isinstance(party, dict) else []
        found[str(name)] = [str(a) for a in aliases if isinstance(a, str)]
    return found


def merge(*gazetteers: Gazetteer) -> Gazetteer:
    """Merge gazetteers; later ones add aliases, and an alias moves to the last party naming it."""
    merged: Gazetteer = {}
    owner: dict[str, str] = {}
    for gaz in gazetteers:
        for party, aliases in gaz.items():
            for alias in [party, *aliases]:
                previous = owner.get(alias)
                if previous is not None and previous != party:
                    merged[previous].remove(alias)
                owner[alias] = party
                bucket = merged.setdefault(party, [])
                if alias not in bucket:
                    bucket.append(alias)
    return merged


def _validated(data: object, source: str) -> Gazetteer:
    if not isinstance(data, dict):
        raise DeriveError(f"{source}: a gazetteer maps each party to a list of aliases")
    gaz: Gazetteer = {}
    for party, aliases in data.items():
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            raise DeriveError(f"{source}: party '{party}' must list its aliases as strings")
        gaz[str(party)] = [a.strip() for a in aliases if a.strip()]
    return gaz

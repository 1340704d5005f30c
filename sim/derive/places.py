"""Countries as news text names them: every country `pycountry` knows, with its capital(s),
demonyms and short names from `places.yaml`.

News reports stand a country in for its government ("Canada"), its capital ("Ottawa imposed"),
and its people or officials ("Canadian officials", "Swiss mediators"). Names invented for a
scenario ("Marovia") are found in the text itself (`sim.derive.discover`); their demonyms
follow the usual endings (`demonym_of`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from importlib import resources

import pycountry


@dataclass
class Country:
    """One country and the words that stand for it."""

    code: str
    name: str
    """The short name a reader expects ("Turkey", "Russia", "United Kingdom")."""
    names: list[str] = field(default_factory=list)
    """Every name, short and official."""
    capitals: list[str] = field(default_factory=list)
    demonyms: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Places:
    """Look-ups from a word to the country it stands for."""

    countries: dict[str, Country]
    by_name: dict[str, str]
    by_capital: dict[str, str]
    by_demonym: dict[str, str]


@cache
def places() -> Places:
    """Every country, with its names, capitals and demonyms (loaded once)."""
    text = resources.files("sim.derive").joinpath("places.yaml").read_text(encoding="utf-8")
    extra: dict[str, tuple[list[str], list[str], list[str]]] = {}
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#") or ":" not in line:
            continue
        code, rest = line.split(":", 1)
        fields = [[w.strip() for w in part.split(",") if w.strip()]
                  for part in [*rest.split("|"), "", ""][:3]]
        extra[code.strip()] = (fields[0], fields[1], fields[2])
    countries: dict[str, Country] = {}
    for c in pycountry.countries:
        given = [getattr(c, "common_name", None), c.name, getattr(c, "official_name", None)]
        clean = [str(n) for n in given if n and "," not in n and "(" not in n]
        capitals, demonyms, short = extra.get(c.alpha_2, ([], [], []))
        listed = [n.removeprefix("the ") for n in short]
        every: list[str] = list(dict.fromkeys([*listed, *clean]))
        if not every:
            continue
        name: str = clean[0] if clean and not _is_official(clean[0]) else every[0]
        countries[c.alpha_2] = Country(c.alpha_2, name, every, capitals, demonyms)
    for code, (capitals, demonyms, short) in extra.items():
        if code not in countries and short:
            forms = [n.removeprefix("the ") for n in short]
            countries[code] = Country(code, forms[0], forms, capitals, demonyms)
    by_name = {n: k.code for k in countries.values() for n in k.names}
    by_capital = {cap: k.code for k in countries.values() for cap in k.capitals}
    by_demonym: dict[str, str] = {}
    for k in countries.values():
        for d in k.demonyms:
            by_demonym.setdefault(d, k.code)
    return Places(countries, by_name, by_capital, by_demonym)


def _is_official(name: str) -> bool:
    return name.startswith(("Republic of", "Kingdom of", "State of", "Islamic Republic"))


DEMONYM_ENDINGS = ("n", "an", "ian", "ese", "i", "ish", "ic", "ns", "ans", "ians")
"""Endings that turn a place name into its people ("Arvania" → "Arvanian", "Velan" →
"Velanese")."""


def demonym_of(word: str, name: str) -> bool:
    """Whether `word` reads as the demonym of the place `name` ("Marovian" of "Marovia")."""
    if " " in name or len(name) < 4 or word == name or not word[:1].isupper():
        return False
    for stem in (name, name[:-1], name[:-2] if name.endswith(("ia", "ya")) else name):
        rest = word[len(stem):]
        if word.startswith(stem) and rest in DEMONYM_ENDINGS:
            return True
    return False

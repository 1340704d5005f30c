"""Parley: diplomatic scenario simulation."""

__version__ = "0.1.0"

RULES = 4
"""Version of how scripted parties and mediators play. Bump it whenever a change makes the
same scenario and seed play out differently, so that saves made under older rules are
refused instead of being replayed into a different game, and transcripts say which rules
they were played under."""

MAX_SEED = 2**64 - 1
"""Largest seed a game or batch is played with: run keys are 64-bit unsigned integers
(`sim.negotiation.randomness`). `parley run --seed` and every transcript reader take seeds
from 0 to this."""

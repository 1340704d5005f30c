"""Parley: diplomatic scenario simulation."""

__version__ = "0.1.0"

RULES = 4
"""Version of how scripted parties and mediators play. Bump it whenever a change makes the
same scenario and seed play out differently, so that saves made under older rules are
refused instead of being replayed into a different game, and transcripts say which rules
they were played under."""

MAX_SEED = 2**64 - 1
"""Largest seed a game, batch or class is played with: run keys are 64-bit unsigned integers
(`sim.negotiation.randomness`), and numpy's `SeedSequence` takes any of them. Every command's
`--seed`, save files and transcript readers take seeds from 0 to this (`check_seed`)."""

SEEDS = "a whole number from 0 to 2**64 - 1"
"""The seeds Parley plays with (0 to `MAX_SEED`), in the words every error message uses."""


def check_seed(value: object, name: str = "seed") -> int:
    """`value` as a seed: an int, or text as typed after `--seed`, from 0 to `MAX_SEED`.

    Args:
        name: what the message calls the value (`--seed`, `seed`).

    Raises:
        ValueError: not a whole number, or out of range; one line naming `name` and the range.
    """
    number: int | None = None
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str):
        try:
            number = int(value)
        except ValueError:  # not a number (or one too long to read)
            number = None
    if number is None or not 0 <= number <= MAX_SEED:
        shown = str(number) if number is not None else repr(value)
        if len(shown) > 40:
            shown = shown[:37] + "..."
        raise ValueError(f"{name} must be {SEEDS}, not {shown}")
    return number

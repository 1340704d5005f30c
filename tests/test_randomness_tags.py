"""Slot tags are part of every game's draws: one table of them, numbers that never move."""

from __future__ import annotations

from sim.negotiation import randomness as rnd


def test_every_slot_tag_keeps_its_number() -> None:
    assert {tag.name: int(tag) for tag in rnd.Tag} == {
        "FIRST_PROPOSER": 1, "EVENT_FIRES": 2, "EVENT_ROUND": 3, "RATIFICATION": 4,
        "ACCEPTANCE": 5, "WORLD": 6, "STAGE": 7, "PERTURB": 16, "PERTURB_2": 17}


def test_a_slot_number_is_its_tag_and_indices_side_by_side() -> None:
    assert rnd.slot(rnd.Tag.RATIFICATION, 2, 7) == (4 << 40) | (2 << 20) | 7

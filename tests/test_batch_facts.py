"""Stylised facts of a batch: known answers on hand-built rows, the `first` column, the summary."""

from __future__ import annotations

import json
import math

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from sim.batch.facts import (
    Facts,
    FactTargets,
    check_targets,
    fifth_of,
    fifth_rounds,
    missed_targets,
    stylised_facts,
)
from sim.batch.job import BatchJob, run_chunk
from sim.batch.parquet import METADATA_KEY, part_files
from sim.batch.summary import summarise
from sim.negotiation import randomness as rnd
from sim.negotiation.engine import Negotiation
from sim.negotiation.game import compile_game
from tests.conftest import parley


def dictionary(values: list[str | None]) -> pa.DictionaryArray:
    """A dictionary-encoded string column, as `parley batch` writes them."""
    return pa.array(values, type=pa.string()).dictionary_encode()


def rows(outcome: list[str], round_: list[int], deal: dict[str, list[str | None]],
         utility: dict[str, list[float]], first: list[str | None] | None = None) -> pa.Table:
    """Hand-built batch rows (rounds 0-based, as the `round` column holds them)."""
    cols: dict[str, pa.Array] = {
        "outcome": dictionary(list(outcome)),
        "round": pa.array(round_, type=pa.int16()),
    }
    if first is not None:
        cols["first"] = dictionary(first)
    for issue, options in deal.items():
        cols[f"deal.{issue}"] = dictionary(options)
    for party, values in utility.items():
        cols[f"utility.{party}"] = pa.array(values, type=pa.float64())
    return pa.table(cols)


@pytest.fixture
def five_runs() -> pa.Table:
    """Three deals (rounds 1, 10, 10 of 10; two packages), a deadline and a walk-out."""
    return rows(
        outcome=["deal", "deal", "deal", "deadline", "walk_out"],
        round_=[0, 9, 9, 10, 3],
        deal={"land": ["a", "a", "b", None, None], "money": ["x", "x", "y", None, None]},
        utility={"A": [0.8, 0.6, 0.4, 0.3, 0.3], "B": [0.2, 0.4, 0.6, 0.3, 0.3]},
        first=["A", "B", "A", "B", "A"])


def test_the_facts_of_hand_built_rows_are_the_known_answers(five_runs) -> None:
    f = stylised_facts(five_runs, 10)
    assert f.runs == 5 and f.deals == 3 and f.deadline == 10
    assert f.outcome_rates == pytest.approx({"deal": 0.6, "deadline": 0.2, "walk_out": 0.2})
    assert f.round_counts == (1, 0, 0, 0, 0, 0, 0, 0, 0, 2)
    assert f.round_mean == pytest.approx(7.0)
    assert f.round_sd == pytest.approx(math.sqrt(18.0))  # rounds 1, 10, 10 around 7
    assert f.distinct_rounds == 2
    assert f.top_round == 10 and f.top_round_share == pytest.approx(2 / 3)
    assert f.fifth_shares == pytest.approx((1 / 3, 0, 0, 0, 2 / 3))
    assert f.last_fifth_share == pytest.approx(2 / 3)
    assert f.before_last_fifth_share == pytest.approx(1 / 3)
    assert f.distinct_packages == 2
    assert f.utility_mean == pytest.approx({"A": 0.48, "B": 0.36})
    assert f.utility_sd == pytest.approx({"A": float(np.std([0.8, 0.6, 0.4, 0.3, 0.3])),
                                          "B": float(np.std([0.2, 0.4, 0.6, 0.3, 0.3]))})
    # A first in runs 0, 2, 4: (0.8 + 0.4 + 0.3) / 3 - (0.6 + 0.3) / 2
    # B first in runs 1, 3:    (0.4 + 0.3) / 2 - (0.2 + 0.6 + 0.3) / 3
    assert f.first_advantage == pytest.approx({"A": 0.5 - 0.45, "B": 0.35 - 1.1 / 3})


def test_parties_and_issues_can_be_named_and_record_batches_are_read_too(five_runs) -> None:
    named = stylised_facts(five_runs.to_batches()[0], 10, parties=["B"], issues=["land"])
    assert list(named.utility_mean) == ["B"]
    assert named.distinct_packages == 2  # land a, b
    assert stylised_facts(five_runs, 10, issues=["money"]).distinct_packages == 2
    assert stylised_facts(five_runs, 10, issues=[]).distinct_packages == 1


def test_plain_strings_and_chunks_with_different_dictionaries_give_the_same_facts(
        five_runs) -> None:
    plain = pa.table({name: (five_runs[name].cast(pa.string())
                             if pa.types.is_dictionary(five_runs[name].type)
                             else five_runs[name]) for name in five_runs.column_names})
    chunked = pa.concat_tables([  # each chunk with its own dictionaries
        pa.table({name: five_runs[name].slice(a, b).combine_chunks().dictionary_decode()
                  .dictionary_encode() if pa.types.is_dictionary(five_runs[name].type)
                  else five_runs[name].slice(a, b).combine_chunks()
                  for name in five_runs.column_names}) for a, b in ((0, 2), (2, 3))])
    assert chunked["outcome"].chunk(0).dictionary.to_pylist() == ["deal"]
    assert stylised_facts(plain, 10) == stylised_facts(five_runs, 10)
    assert stylised_facts(chunked, 10) == stylised_facts(five_runs, 10)


def test_the_fifths_of_a_game_split_its_rounds_and_the_last_is_after_80_percent() -> None:
    assert fifth_rounds(24) == [(1, 4), (5, 9), (10, 14), (15, 19), (20, 24)]
    assert fifth_rounds(16) == [(1, 3), (4, 6), (7, 9), (10, 12), (13, 16)]
    assert fifth_rounds(10) == [(1, 2), (3, 4), (5, 6), (7, 8), (9, 10)]
    for deadline in range(1, 40):
        rounds = np.arange(1, deadline + 1)
        fifths = fifth_of(rounds, deadline)
        assert np.all(np.diff(fifths) >= 0) and fifths.min() >= 0 and fifths.max() == 4
        assert np.array_equal(fifths == 4, rounds > 0.8 * deadline)
        for k, (a, b) in enumerate(fifth_rounds(deadline)):
            assert np.array_equal(rounds[fifths == k], np.arange(a, b + 1))
    assert fifth_rounds(3) == [(1, 0), (1, 1), (2, 1), (2, 2), (3, 3)]  # two empty fifths


def test_ties_share_the_top_round_and_a_tied_last_fifth_is_not_ahead() -> None:
    table = rows(outcome=["deal"] * 4, round_=[1, 1, 9, 9],
                 deal={"land": ["a", "b", "c", "d"]},
                 utility={"A": [0.5, 0.5, 0.5, 0.5]}, first=["A"] * 4)
    f = stylised_facts(table, 10)
    assert f.top_round_share == pytest.approx(0.5)
    assert f.top_round == 2  # the earliest of the tied rounds
    assert f.fifth_shares == pytest.approx((0.5, 0, 0, 0, 0.5))
    checks = {c.target: c for c in check_targets(f)}
    assert checks["no round holds more than 50% of the deals"].met  # exactly half is allowed
    ahead = checks["the last fifth holds more deals than any earlier fifth"]
    assert not ahead.met and ahead.measured == "last 50.0%, best earlier 50.0%"
    assert f.first_advantage == {"A": pytest.approx(float("nan"), nan_ok=True)}


def test_a_batch_without_deals_has_no_round_facts_and_misses_the_round_targets() -> None:
    table = rows(outcome=["deadline", "walk_out", "deadline"], round_=[10, 2, 10],
                 deal={"land": [None, None, None]},
                 utility={"A": [0.3, 0.3, 0.3], "B": [0.1, 0.2, 0.3]},
                 first=["A", "B", "A"])
    f = stylised_facts(table, 10)
    assert f.deals == 0 and f.round_counts == (0,) * 10 and f.distinct_rounds == 0
    assert math.isnan(f.round_mean) and math.isnan(f.round_sd)
    assert math.isnan(f.top_round_share) and f.top_round is None
    assert all(math.isnan(s) for s in f.fifth_shares)
    assert f.distinct_packages == 0
    assert f.outcome_rates["deal"] == 0.0
    assert f.utility_sd["A"] == 0.0
    missed = missed_targets(f)
    assert "deal rate between 20% and 85%: 0.0%" in missed
    assert "no round holds more than 50% of the deals: no deals" in missed
    assert "at least 15% of deals before the last fifth: no deals" in missed
    assert "the last fifth holds more deals than any earlier fifth: no deals" in missed
    assert "at least 10 distinct deal packages: 0 packages" in missed
    assert "every party's utility sd at least 0.05: below: A 0.000" in missed
    assert not any(m.startswith(("walk-outs", "deadlines")) for m in missed)


def test_one_party_that_always_proposes_first_has_no_measurable_advantage() -> None:
    table = rows(outcome=["deal", "deal", "deadline"], round_=[2, 4, 5],
                 deal={"land": ["a", "b", None]}, utility={"Solo": [0.9, 0.5, 0.1]},
                 first=["Solo", "Solo", "Solo"])
    f = stylised_facts(table, 5)
    assert list(f.utility_mean) == ["Solo"]
    assert f.utility_mean["Solo"] == pytest.approx(0.5)
    assert f.utility_sd["Solo"] == pytest.approx(float(np.std([0.9, 0.5, 0.1])))
    assert math.isnan(f.first_advantage["Solo"])
    assert f.round_counts == (0, 0, 1, 0, 1)


def test_without_a_first_column_or_with_nulls_the_advantage_uses_known_proposers_only(
        five_runs) -> None:
    none = stylised_facts(five_runs.drop_columns(["first"]), 10)
    assert all(math.isnan(v) for v in none.first_advantage.values())
    some = five_runs.set_column(five_runs.column_names.index("first"), "first",
                                dictionary(["A", "B", None, None, None]))
    f = stylised_facts(some, 10)
    assert f.first_advantage == pytest.approx({"A": 0.8 - 0.6, "B": 0.4 - 0.2})


def test_a_deal_outside_the_game_is_refused(five_runs) -> None:
    with pytest.raises(ValueError, match="outside the game's rounds 1-5"):
        stylised_facts(five_runs, 5)
    with pytest.raises(ValueError, match="deadline"):
        stylised_facts(five_runs, 0)


def varied_facts(**changes: object) -> Facts:
    """Facts that meet every default target, with `changes`."""
    counts = (1, 1, 1, 1, 1, 1, 2, 2, 2, 3)
    good = Facts(runs=100, deadline=10, deals=15,
                 outcome_rates={"deal": 0.15 + 0.35, "deadline": 0.3, "walk_out": 0.2},
                 round_counts=counts, round_mean=6.0, round_sd=2.0, distinct_rounds=10,
                 top_round_share=3 / 15, fifth_shares=(2 / 15, 2 / 15, 2 / 15, 4 / 15, 5 / 15),
                 distinct_packages=12, utility_mean={"A": 0.5, "B": 0.5},
                 utility_sd={"A": 0.1, "B": 0.06}, first_advantage={"A": 0.0, "B": 0.0})
    return Facts(**{**good.__dict__, **changes})  # type: ignore[arg-type]


def test_facts_that_meet_every_target_miss_none() -> None:
    f = varied_facts()
    assert missed_targets(f) == []
    assert all(c.met for c in check_targets(f)) and len(check_targets(f)) == 9


@pytest.mark.parametrize(("changes", "missed"), [
    ({"outcome_rates": {"deal": 0.9, "deadline": 0.05, "walk_out": 0.05}},
     "deal rate between 20% and 85%: 90.0%"),
    ({"outcome_rates": {"deal": 0.5, "deadline": 0.5, "walk_out": 0.0}},
     "walk-outs possible (rate > 0): 0.0%"),
    ({"outcome_rates": {"deal": 0.5, "deadline": 0.0, "walk_out": 0.5}},
     "deadlines possible (rate > 0): 0.0%"),
    ({"distinct_rounds": 5}, "deals in at least 6 different rounds: 5 rounds"),
    ({"distinct_rounds": 1}, "deals in at least 6 different rounds: 1 round"),
    ({"top_round_share": 0.6}, "no round holds more than 50% of the deals: round 10 holds 60.0%"),
    ({"fifth_shares": (0.02, 0.02, 0.02, 0.04, 0.9)},
     "at least 15% of deals before the last fifth: 10.0%"),
    ({"fifth_shares": (0.1, 0.1, 0.1, 0.4, 0.3)},
     "the last fifth holds more deals than any earlier fifth: last 30.0%, best earlier 40.0%"),
    ({"distinct_packages": 9}, "at least 10 distinct deal packages: 9 packages"),
    ({"utility_sd": {"A": 0.1, "B": 0.049}},
     "every party's utility sd at least 0.05: below: B 0.049"),
])
def test_each_missed_target_is_reported_with_its_number(changes, missed) -> None:
    assert missed_targets(varied_facts(**changes)) == [missed]


def test_targets_can_be_set() -> None:
    strict = FactTargets(min_packages=20, deal_rate=(0.6, 0.9))
    assert missed_targets(varied_facts(), strict) == [
        "deal rate between 60% and 90%: 50.0%", "at least 20 distinct deal packages: 12 packages"]


def test_the_first_column_names_the_engines_first_proposer_and_is_empty_when_mediated(
        brussels) -> None:
    game = compile_game(brussels)
    table = run_chunk(BatchJob(game, 5, (), "alternating"), 0, 40)
    seeds = rnd.batch_seeds(5, 0, 40)
    engine = Negotiation(game, seeds, protocol="alternating", record=False)
    assert pa.types.is_dictionary(table["first"].type)
    assert table["first"].to_pylist() == [game.parties[int(k)] for k in engine.first]
    assert len(set(table["first"].to_pylist())) > 1
    mediated = run_chunk(BatchJob(game, 5, (), "mediated"), 0, 20)
    assert mediated["first"].null_count == 20


def test_the_summary_measures_the_facts_and_reads_batches_from_before_the_first_column(
        tmp_path) -> None:
    out = tmp_path / "r"
    assert parley("batch", "saru_river_2026", "-n", "400", "--seed", "3", "--out",
                  str(out)).returncode == 0
    facts = summarise(out).facts
    table = pq.read_table(part_files(out)[0])
    assert facts == stylised_facts(table, 18)
    assert facts.runs == 400 and not math.isnan(next(iter(facts.first_advantage.values())))
    for part in part_files(out):  # rewrite the batch as an older Parley wrote it
        old = pq.read_table(part)
        meta = old.schema.metadata
        pq.write_table(old.drop_columns(["first"]).replace_schema_metadata(meta), part)
    assert json.loads(pq.read_schema(part_files(out)[0]).metadata[METADATA_KEY])["deadline"] == 18
    older = summarise(out).facts
    assert all(math.isnan(v) for v in older.first_advantage.values())
    assert older.round_counts == facts.round_counts


@pytest.mark.slow  # a real batch through the command
def test_parley_summary_prints_the_stylised_facts_and_their_targets(tmp_path) -> None:
    out = tmp_path / "results.parquet"
    batch = parley("batch", "brussels_2026", "-n", "500", "--seed", "4", "--uncertainty", "0.05",
                   "--out", str(out))
    assert batch.returncode == 0, batch.stderr
    assert "Stylised facts" in batch.stdout
    proc = parley("summary", str(out))
    assert proc.returncode == 0, proc.stderr
    text = proc.stdout
    assert "What the deals settle" in text and "What moves the deal rate" in text  # as before
    assert "Stylised facts — deals per round" in text
    assert "(round)" in text and "█" in text
    assert "rounds 20–24 of 24" in text
    for fact in ("outcomes", "deal round", "deals per fifth", "before the last fifth",
                 "distinct deal packages", "utility sd", "first proposer's advantage"):
        assert fact in text, fact
    assert "Stylised-fact targets" in text
    assert "deal rate between 20% and 85%" in text and ("MISSED" in text or "met" in text)
    only = parley("summary", str(out), "--facts-only")
    assert only.returncode == 0, only.stderr
    assert "Stylised-fact targets" in only.stdout
    assert "What the deals settle" not in only.stdout

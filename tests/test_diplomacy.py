"""Tests for the diplomacy data (data/diplomacy/) and the UN voting-agreement helpers (unvotes)."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from ecfr_belarus import catalog
from ecfr_belarus.catalog import DataError, load
from ecfr_belarus.unvotes import (OTHER_TOPIC, agreement, bootstrap_agreement, median_gap,
                                  rank_summary, state_columns, tally, topic_of)

# ---------------------------------------------------------------- the agreement index, hand-checked

# Four resolutions, three states. Votes of RUS (reference), BLR and POL:
#   r1: RUS Y, BLR Y, POL N
#   r2: RUS N, BLR N, POL A
#   r3: RUS A, BLR Y, POL X   (POL absent)
#   r4: RUS X, BLR N, POL Y   (RUS absent: nobody can agree with it)
SMALL = pd.DataFrame({
    "undl_id": [1, 2, 3, 4],
    "year": [2014, 2014, 2022, 2022],
    "RUS": ["Y", "N", "A", "X"],
    "BLR": ["Y", "N", "Y", "N"],
    "POL": ["N", "A", "X", "Y"],
})


def _one(df: pd.DataFrame, state: str, **where) -> pd.Series:
    sel = df["state"] == state
    for col, val in where.items():
        sel &= df[col] == val
    assert sel.sum() == 1
    return df[sel].iloc[0]


def test_exact_agreement_by_hand():
    out = agreement(SMALL, "RUS", ["BLR", "POL"])
    # BLR: counted r1, r2, r3 (r4: RUS absent) -> same on r1, r2 -> 2/3
    blr = _one(out, "BLR")
    assert blr["n_votes"] == 3
    assert blr["agreement"] == pytest.approx(200 / 3)
    # POL: counted r1, r2 (r3: POL absent, r4: RUS absent) -> same on none -> 0
    pol = _one(out, "POL")
    assert pol["n_votes"] == 2
    assert pol["agreement"] == 0


def test_half_agreement_by_hand():
    out = agreement(SMALL, "RUS", ["BLR", "POL"], method="half")
    # BLR: r1 1, r2 1, r3 (A vs Y) 0.5 -> 2.5/3
    assert _one(out, "BLR")["agreement"] == pytest.approx(250 / 3)
    # POL: r1 (Y vs N) 0, r2 (N vs A) 0.5 -> 0.5/2
    assert _one(out, "POL")["agreement"] == pytest.approx(25.0)


def test_agreement_by_group_and_empty_group():
    out = agreement(SMALL, "RUS", ["BLR", "POL"], by="year")
    assert list(out.columns) == ["year", "state", "agreement", "n_votes"]
    # 2014: BLR agrees on r1, r2 -> 100%; POL on neither -> 0%
    assert _one(out, "BLR", year=2014)["agreement"] == 100
    assert _one(out, "POL", year=2014)["agreement"] == 0
    # 2022: BLR counted only r3 (A vs Y) -> 0%; POL has no counted vote -> NaN, n 0
    assert _one(out, "BLR", year=2022)[["agreement", "n_votes"]].tolist() == [0, 1]
    pol22 = _one(out, "POL", year=2022)
    assert pol22["n_votes"] == 0 and math.isnan(pol22["agreement"])


def test_not_member_is_not_counted_and_identity():
    df = SMALL.assign(SSD=[None, "Y", "A", "N"])  # not listed on r1 (not yet a member)
    out = agreement(df, "RUS", ["SSD", "RUS"])
    ssd = _one(out, "SSD")
    assert ssd["n_votes"] == 2  # r2 (N vs Y) and r3 (A vs A)
    assert ssd["agreement"] == 50
    assert _one(out, "RUS")["agreement"] == 100  # a state always agrees with itself


def test_agreement_rejects_unknown_codes_and_method():
    with pytest.raises(ValueError, match="unknown vote codes"):
        agreement(SMALL.assign(BLR=["Y", "N", "yes", "N"]), "RUS", ["BLR"])
    with pytest.raises(ValueError, match="method"):
        agreement(SMALL, "RUS", ["BLR"], method="lijphart")
    with pytest.raises(KeyError):
        agreement(SMALL, "RUS", ["UKR"])


def test_yes_no_coincidence_by_hand():
    # State Department coincidence: only Y/N against Y/N counts; abstentions and absences drop out
    out = agreement(SMALL, "RUS", ["BLR", "POL"], method="yes_no")
    # BLR: r1, r2 count (r3: RUS abstains); POL: r1 only (r2: POL abstains)
    assert _one(out, "BLR")[["agreement", "n_votes"]].tolist() == [100, 2]
    assert _one(out, "POL")[["agreement", "n_votes"]].tolist() == [0, 1]


def test_bootstrap_is_seeded_and_resamples_resolutions():
    a = bootstrap_agreement(SMALL, "RUS", ["BLR", "POL"], n_boot=200, seed=7)
    b = bootstrap_agreement(SMALL, "RUS", ["BLR", "POL"], n_boot=200, seed=7)
    pd.testing.assert_frame_equal(a, b)
    assert list(a.columns) == ["BLR", "POL"] and len(a) == 200
    # BLR agrees on r1 and r2, not on r3 (r4 never counts): resamples vary between 0 and 100
    assert a["BLR"].dropna().between(0, 100).all() and a["BLR"].nunique() > 2


def test_bootstrap_by_group_draws_whole_groups():
    # Two groups of two resolutions: BLR agrees with RUS on all of g1 and on none of g2
    df = pd.DataFrame({"RUS": ["Y", "Y", "Y", "Y"], "BLR": ["Y", "Y", "N", "N"]})
    by_row = bootstrap_agreement(df, "RUS", ["BLR"], n_boot=500, seed=1)["BLR"]
    by_group = bootstrap_agreement(df, "RUS", ["BLR"], n_boot=500, seed=1,
                                   groups=pd.Series(["g1", "g1", "g2", "g2"]))["BLR"]
    assert set(by_group.round(6)) == {0.0, 50.0, 100.0}  # g1+g1, g1+g2, g2+g2
    assert {25.0, 75.0} <= set(by_row.round(6))  # rows drawn one by one can split a group


def test_rank_summary_counts_firsts_and_ties():
    boot = pd.DataFrame({"a": [3, 3, 1, 2], "b": [2, 1, 2, 2], "c": [1, 2, 3, 1]})
    out = rank_summary(boot, level=0.5)
    # a first in resamples 1, 2 and (tied with b) 4; b first only in the tie; c first in resample 3
    assert out["share_first"].tolist() == [75.0, 25.0, 25.0]
    assert out.loc["a", "rank_lo"] == 1 and out.loc["c", "rank_hi"] == 3
    assert out.loc["a", "value_hi"] == 3


def test_median_gap_is_value_minus_median_member():
    values = pd.DataFrame({"BLR": [80.0, 70.0], "X1": [60.0, 50.0], "X2": [50.0, None],
                           "X3": [40.0, 55.0]})
    # row 1: median of 80, 60, 50, 40 = 55 -> 25; row 2: median of 70, 50, 55 (NaN out) = 55 -> 15
    assert median_gap(values, "BLR").tolist() == [25.0, 15.0]


@pytest.mark.parametrize("title, agenda, topic", [
    ("Situation of human rights in the Islamic Republic of Iran", "",
     "Human rights: country situations"),
    ("Situation of human rights in the Autonomous Republic of Crimea", "", "Ukraine"),  # first wins
    ("The occupied Syrian Golan", "", "Israel and Palestine"),
    ("Report of the Special Committee", "A/66/251 53 ... TERRITORIES OCCUPIED BY ISRAEL--RIGHTS",
     "Israel and Palestine"),  # the agenda's subject heading decides
    ("Nuclear disarmament", "", "Disarmament and arms control"),
    ("The Arms Trade Treaty", "", "Disarmament and arms control"),
    ("Dissemination of information on decolonization", "", "Decolonisation"),
    ("Human rights and unilateral coercive measures", "", "Human rights: thematic"),
    ("Necessity of ending the economic, commercial and financial embargo against Cuba", "",
     "Economy and development"),
    ("Oceans and the law of the sea", None, OTHER_TOPIC),
])
def test_topic_rule_on_titles(title, agenda, topic):
    out = topic_of(pd.Series([title]), pd.Series([agenda]))
    assert out.iloc[0] == topic


def test_tally_by_hand():
    t = tally(SMALL, ["RUS", "BLR", "POL"])
    assert t[["yes", "no", "abstain", "non_voting", "listed"]].to_numpy().tolist() == [
        [2, 1, 0, 0, 3],
        [0, 2, 1, 0, 3],
        [1, 0, 1, 1, 3],
        [1, 1, 0, 1, 3],
    ]
    assert state_columns(SMALL) == ["RUS", "BLR", "POL"]


# ---------------------------------------------------------------- the data files

def test_wide_table_loads_with_all_states():
    wide = load("unga_recorded_votes_2010_2025_wide")
    states = state_columns(wide)
    assert len(states) == 193 and len(wide) == 1310
    assert wide["undl_id"].is_unique
    fields = catalog.describe("unga_recorded_votes_2010_2025_wide")["schema"]["fields"]
    assert all(f["constraints"]["enum"] == ["Y", "N", "A", "X"]
               for f in fields if f["name"] in states)


def test_es11_1_votes_match_reported_totals():
    votes = load("unga_votes_ukraine_resolutions")
    es = votes[votes["resolution"] == "A/RES/ES-11/1"]["ms_vote"].value_counts()
    assert (es["Y"], es["N"], es["A"], es["X"]) == (141, 5, 35, 12)
    no = votes[(votes["resolution"] == "A/RES/ES-11/1") & (votes["ms_vote"] == "N")]["ms_code"]
    assert sorted(no) == ["BLR", "ERI", "PRK", "RUS", "SYR"]


def test_article19_reports_name_the_eight_states_of_january_2022():
    reports = load("unga_article19_reports_2022")
    letter = reports[reports["publisher"].str.startswith("Associated Press")]
    assert sorted(letter["iso3"]) == ["ATG", "COG", "GIN", "IRN", "PNG", "SDN", "VEN", "VUT"]
    assert (letter["status"] == "without vote").all()
    assert set(reports["iso3"]) <= set(load("countries_un_members")["iso3"])
    # the latest report of January leaves two states without a vote: Venezuela and Papua New Guinea
    january = reports[reports["as_of"] == "2022-01"].groupby("iso3")["status"].last()
    assert sorted(january.index[january == "without vote"]) == ["PNG", "VEN"]


@pytest.mark.parametrize("name, columns, key", [
    ("countries_un_members", ["iso3", "in_ne_110m", "eu27_member_2020_onward"], "iso3"),
    ("unga_recorded_votes_2010_2025_resolutions",
     ["undl_id", "resolution", "total_yes", "ukraine_related"],
     "undl_id"),
    ("unga_ukraine_resolutions_index",
     ["resolution", "computed_yes", "reported_yes", "totals_match"], "resolution"),
    ("unga_votes_focus_states_2010_2025", ["undl_id", "ms_code", "ms_vote"],
     ["undl_id", "ms_code"]),
    ("unga_votes_ukraine_resolutions", ["undl_id", "ms_code", "ms_vote", "core_resolution"],
     ["undl_id", "ms_code"]),
    ("unga_article19_reports_2022", ["iso3", "as_of", "status", "url", "quote"],
     ["iso3", "as_of", "publisher"]),
])
def test_resources_load_with_key(name, columns, key):
    df = load(name)
    assert set(columns) <= set(df.columns)
    assert not df.duplicated(key).any()
    assert catalog.describe(name)["schema"]["primaryKey"] == key


# ---------------------------------------------------------------- bad data is refused

# resource, data row (0-based), column, bad value, value it replaces, file line named in the error
BAD_DATA = [
    ("unga_recorded_votes_2010_2025_wide", 0, "AFG", "yes", "X", 2),  # first resolution (64/254)
    ("unga_recorded_votes_2010_2025_resolutions", 0, "total_yes", "980", "98", 2),  # over 193
    ("countries_un_members", 1, "iso3", "AFG", "AGO", 3),  # ANGOLA's row gets a duplicate code
    ("unga_votes_focus_states_2010_2025", 0, "ms_code", "BYS", "BLR", 2),
    ("unga_votes_ukraine_resolutions", 0, "ms_vote", "Abstain", "A", 2),
    ("unga_ukraine_resolutions_index", 0, "core_resolution", "2", "1", 2),
    ("unga_article19_reports_2022", 0, "status", "lost", "without vote", 2),
]


@pytest.mark.parametrize("name,row,column,bad,was,line", BAD_DATA,
                         ids=[f"{c[0]}-{c[2]}" for c in BAD_DATA])
def test_bad_data_is_refused(corrupt, name, row, column, bad, was, line):
    package, _ = corrupt(name, row, column, bad, was=was)
    with pytest.raises(DataError) as err:
        load(name, package)
    msg = str(err.value)
    assert f"{name}.csv" in msg and f"line {line}" in msg and f"'{column}'" in msg


# ---------------------------------------------------------------- recurring titles, year on year

def test_title_key_merges_spelling_variants():
    from ecfr_belarus.unvotes import title_key
    titles = pd.Series(["Oceans and the law of the sea : resolution / adopted by the Assembly",
                        "Oceans and law of the sea : resolution / adopted by the Assembly",
                        "Implementation of the Convention on Cluster Munitions",
                        "Theatre of war"])
    key = title_key(titles)
    assert key[0] == key[1] == "oceans and law of sea"
    assert key[2] == "implementation of convention on cluster munitions"
    assert key[3] == "theatre of war"  # "the" only as a whole word


def test_vote_changes_pairs_titles_and_flags_only_cast_votes():
    from ecfr_belarus.unvotes import changed_cast_vote, title_key, vote_changes
    wide = pd.DataFrame({"year": [2014, 2014, 2014, 2015, 2015, 2015],
                         "title": ["A", "B", "C", "A", "the B", "D"],
                         "BLR": ["Y", "A", "N", "X", "N", "Y"],
                         "RUS": ["Y", "A", "N", "Y", "N", "N"]})
    pairs = vote_changes(wide, title_key(wide["title"]), 2014, 2015, ["BLR", "RUS"])
    assert list(pairs.index) == ["a", "b"]  # C only in 2014, D only in 2015
    assert pairs.loc["a", "BLR_2015"] == "X"
    assert list(changed_cast_vote(pairs, "BLR", 2014, 2015)) == [False, True]  # Y->X is not
    assert list(changed_cast_vote(pairs, "RUS", 2014, 2015)) == [False, True]
    twice = pd.concat([wide, wide.iloc[[0]]], ignore_index=True)
    with pytest.raises(ValueError, match="more than once"):
        vote_changes(twice, title_key(twice["title"]), 2014, 2015, ["BLR"])


def test_recorded_votes_2014_2015_recurring_titles():
    """On the texts voted in both 2014 and 2015, Belarus never changed a cast vote."""
    from ecfr_belarus.unvotes import changed_cast_vote, title_key, vote_changes
    wide = load("unga_recorded_votes_2010_2025_wide").merge(
        load("unga_recorded_votes_2010_2025_resolutions")[["undl_id", "title"]], on="undl_id")
    wide["year"] = wide["date"].dt.year
    pairs = vote_changes(wide, title_key(wide["title"]), 2014, 2015, ["BLR", "RUS"])
    assert len(pairs) == 57
    assert not changed_cast_vote(pairs, "BLR", 2014, 2015).any()
    assert changed_cast_vote(pairs, "RUS", 2014, 2015).sum() == 2

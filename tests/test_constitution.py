"""Tests for the constitution theme: data files read by notebook 06 and the denominator helper."""

import pytest

from ecfr_belarus import DataError, load
from ecfr_belarus.checks import rounds_to
from ecfr_belarus.elections import (constitutional_tests, counts_from, share,
                                    shares_by_denominator)

EXPECTED = {
    "referendum_2022_national": ["stage", "measure", "value", "unit", "denominator", "source_id"],
    "referendum_2022_turnout_timeline": ["report_label", "geo_code", "turnout_cumulative_pct",
                                         "source_id"],
    "referendum_2022_subnational": ["geo_code", "stage", "measure", "value", "value_qualifier"],
    "referendums_history": ["referendum_id", "question_no", "yes_votes", "participants",
                            "yes_pct_reported"],
    "presidential_elections_official": ["election_date", "round", "stage", "lukashenko_pct"],
    "presidential_2020_turnout_by_region": ["geo_code", "turnout_pct"],
    "alternative_tallies": ["event", "initiative", "measure", "value"],
    "constitution_2022_amendments": ["change_id", "topic", "sources"],
    "constitution_2022_amendment_sources": ["change_id", "source_url", "publisher_kind",
                                            "text_described"],
    "constitution_2022_change_counts": ["source_id", "articles_amended", "articles_added",
                                        "articles_removed"],
    "constitution_timeline": ["date", "event_en", "event_type"],
    "referendum_2004_cec_and_exit_poll": ["figure_by", "measure", "value", "base", "source_url"],
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_resource_loads_with_columns(name):
    df = load(name)
    assert len(df) > 0
    assert set(EXPECTED[name]) <= set(df.columns)


def test_final_counts_are_internally_consistent():
    nat = load("referendum_2022_national")
    wiki = nat[nat["source_id"] == "WIKI_EN_2022"].set_index("measure")["value"]
    assert wiki["yes_votes"] + wiki["no_votes"] == wiki["valid_votes"]
    assert wiki["valid_votes"] + wiki["invalid_votes"] == wiki["participants"]


CORRUPTIONS = [  # (resource, column, row index, bad value, expected error type)
    ("referendum_2022_national", "denominator", 2, "households", "constraint-error"),
    ("referendum_2022_national", "value", 0, "-5", "constraint-error"),
    ("referendum_2022_turnout_timeline", "turnout_cumulative_pct", 3, "101.5", "constraint-error"),
    ("referendum_2022_subnational", "value_qualifier", 10, "roughly", "constraint-error"),
    ("referendums_history", "yes_votes", 0, "4 017 273", "type-error"),
    ("presidential_elections_official", "lukashenko_pct", 0, "145.8", "constraint-error"),
    ("presidential_2020_turnout_by_region", "geo_code", 1, "BY-XX", "constraint-error"),
    ("alternative_tallies", "event_date", 0, "27.02.2022", "type-error"),
    ("constitution_2022_amendments", "change_id", 1, "C2", "constraint-error"),
    ("constitution_2022_amendment_sources", "publisher_kind", 0, "blog", "constraint-error"),
    ("constitution_2022_change_counts", "articles_amended", 0, "eighty-five", "type-error"),
    ("constitution_timeline", "event_type", 0, "coup", "constraint-error"),
]


@pytest.mark.parametrize("name,column,row,value,kind", CORRUPTIONS)
def test_bad_value_is_rejected_with_location(corrupt, name, column, row, value, kind):
    package, _ = corrupt(name, row, column, value)
    with pytest.raises(DataError) as err:
        load(name, package)
    msg = str(err.value)
    assert f"data/constitution/{name}.csv" in msg
    assert f"column {column!r}" in msg
    assert f"line {row + 2}" in msg  # header is line 1
    assert kind in msg


@pytest.mark.parametrize("name,key_row", [("referendum_2022_national", 1),
                                          ("referendums_history", 3),
                                          ("constitution_2022_amendments", 2)])
def test_duplicate_primary_key_is_rejected(corrupt, name, key_row):
    package, line = corrupt.duplicate_row(name, key_row)
    with pytest.raises(DataError) as err:
        load(name, package)
    msg = str(err.value)
    assert f"data/constitution/{name}.csv" in msg and "primary-key" in msg
    assert f"line {line}" in msg


# --- the denominator helper, against values checked by hand ------------------------------------

def test_share_hand_checked():
    assert share(1, 4) == 25.0
    assert share(3, 3) == 100.0
    assert share(0, 7) == 0.0
    # 2004 referendum: 5,548,477 yes of 6,986,163 registered = 79.42% (as published on en.wikipedia)
    assert round(share(5_548_477, 6_986_163), 2) == 79.42


@pytest.mark.parametrize("part,whole", [(5, 4), (-1, 10), (1, 0), (None, 10), (float("nan"), 3)])
def test_share_rejects_impossible_inputs(part, whole):
    with pytest.raises(ValueError):
        share(part, whole)


def test_shares_by_denominator_order_and_values():
    out = shares_by_denominator(50, {"registered": 200, "participants": 100, "valid": 80})
    assert list(out["denominator"]) == ["registered", "participants", "valid"]
    assert list(out["share_pct"]) == [25.0, 50.0, 62.5]
    assert list(out["denominator_count"]) == [200, 100, 80]
    with pytest.raises(ValueError):
        shares_by_denominator(1, {})


def test_published_shares_reproduce_with_the_project_rounding_rule():
    """Notebook 06 checks published percentages with checks.rounds_to (half-interval)."""
    assert rounds_to(share(4_440_830, 5_359_403), "82.86")      # yes / participants, CEC
    assert rounds_to(share(4_440_830, 6_815_635), "65.16")      # yes / registered voters, CEC
    assert rounds_to(share(684_946, 5_359_403), "12.8")         # no / participants, article
    assert not rounds_to(share(684_946, 5_359_403), "12.80")    # at two decimals: 12.78
    assert rounds_to(78.65, "78.6")  # exactly half a unit away counts as a match (tie rule unknown)
    # the close-of-voting turnout is not the final count
    assert not rounds_to(share(5_359_403, 6_815_635), "78.61")


def test_constitutional_tests_use_registered_voters():
    out = constitutional_tests(registered=6_815_635, participants=5_359_403, yes=4_440_830)
    assert list(out["passes"]) == [True, True]
    assert list(out["needed"]) == [3_407_818, 3_407_818]     # more than half of an odd register
    assert list(out["margin"]) == [5_359_403 - 3_407_818, 4_440_830 - 3_407_818]
    assert round(out.loc[1, "share_of_registered_pct"], 2) == 65.16


@pytest.mark.parametrize("registered,participants,yes,passes", [
    (100, 51, 51, [True, True]),
    (100, 50, 40, [False, False]),   # exactly half is not "more than half"
    (100, 90, 50, [True, False]),    # 56% of participants said yes, but only half the register
    (101, 51, 51, [True, True]),     # 51 > 50.5
])
def test_constitutional_tests_thresholds(registered, participants, yes, passes):
    assert list(constitutional_tests(registered, participants, yes)["passes"]) == passes


def test_constitutional_tests_reject_impossible_counts():
    with pytest.raises(ValueError):
        constitutional_tests(100, 120, 50)
    with pytest.raises(ValueError):
        constitutional_tests(None, 10, 5)


def test_every_amendment_the_notebook_grades_has_a_source_row():
    amendments = set(load("constitution_2022_amendments")["change_id"])
    sources = load("constitution_2022_amendment_sources")
    assert set(sources["change_id"]) <= amendments
    graded = {"C01", "C02", "C03", "C04", "C05", "C06", "C07", "C08", "C09"}
    assert graded <= set(sources["change_id"])


def test_counts_from_reads_one_source_and_refuses_a_measure_given_twice():
    import pandas as pd

    from ecfr_belarus.elections import counts_from

    table = pd.DataFrame({"source_id": ["A", "A", "B", "A"],
                          "measure": ["yes_votes", "participants", "yes_votes", "turnout"],
                          "unit": ["persons", "persons", "persons", "percent"],
                          "value": [60, 100, 61, 78.6]})
    assert counts_from(table, "A") == {"yes_votes": 60, "participants": 100}
    with pytest.raises(ValueError, match="no counts"):
        counts_from(table, "C")
    doubled = pd.concat([table, table.iloc[[2]]])
    with pytest.raises(ValueError, match="more than once"):
        counts_from(doubled, "B")


def test_regional_yes_shares_are_shares_of_registered_voters():
    """Weighted by the pre-vote lists, the regional 'yes' shares give back the national share of
    registered voters (65.16%), not the share of participants (82.86%)."""
    region = load("referendum_2022_subnational")
    region = region[(region["admin_level"] == "region") & (region["value_qualifier"] == "exact")]

    def by_geo(stage, measure):
        rows = region[(region["stage"] == stage) & (region["measure"] == measure)]
        return rows.set_index("geo_code")["value"].astype("float64")

    yes_pct = by_geo("preliminary_cec_2022-02-28", "yes_share")
    lists = by_geo("cec_lists_pre_vote_2022-02", "registered_voters").reindex(yes_pct.index)
    assert len(yes_pct) == 7 and lists.notna().all()
    assert rounds_to((yes_pct * lists).sum() / lists.sum(), "65.16")


def test_wikipedia_invalid_count_is_participants_minus_yes_minus_no():
    """The invalid count (Wikipedia only) is not an independent check on participants: it equals
    participants - yes - no exactly; the CEC's own invalid share agrees with it."""
    national = load("referendum_2022_national")
    cec, wiki = counts_from(national, "CEC_SITE_FINAL"), counts_from(national, "WIKI_EN_2022")
    left = cec["participants"] - cec["yes_votes"] - cec["no_votes"]
    assert wiki["invalid_votes"] == left
    pct = national[(national["measure"] == "invalid_share")
                   & (national["source_id"] == "PROF1_FINAL")]
    assert rounds_to(share(left, cec["participants"]), f"{float(pct['value'].iloc[0]):g}")


def test_2004_cec_share_of_eligible_voters_matches_the_counts():
    """RFE/RL's report of the CEC's 2004 figure reproduces from the Nohlen & Stöver counts."""
    ep = load("referendum_2004_cec_and_exit_poll")
    cec = ep[ep["figure_by"].str.startswith("Central") & (ep["measure"] == "yes_share")]
    hist = load("referendums_history").set_index("referendum_id").loc["BY-2004"]
    computed = share(int(hist["yes_votes"]), int(hist["registered_voters"]))
    assert rounds_to(computed, f"{cec['value'].iloc[0]:g}")


def test_2004_exit_poll_figures_are_kept_as_published_and_below_half():
    ep = load("referendum_2004_cec_and_exit_poll")
    poll = ep[ep["figure_by"].str.startswith("Gallup") & (ep["measure"] == "yes_share")]
    assert sorted(poll["value"].unique()) == [48.1, 48.4, 48.7]
    assert (poll["value"] < 50).all()

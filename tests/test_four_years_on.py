"""Notebook 07 (four years on): the helpers in ecfr_belarus.since and the data they read."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from ecfr_belarus import ledger, load, since


# --- parse_value


@pytest.mark.parametrize(
    "text, expected",
    [
        ("4.0", (4.0, 4.0)),
        ("-4.7", (-4.7, -4.7)),
        ("16-18", (16.0, 18.0)),
        ("59 - 60", (59.0, 60.0)),
        ("1/3", (1 / 3, 1 / 3)),
        ("1,000", (1000.0, 1000.0)),
    ],
)
def test_parse_value_reads_numbers_and_ranges_as_bounds(text, expected):
    assert since.parse_value(text) == pytest.approx(expected)


@pytest.mark.parametrize("text", ["none", "blocked by Hungary", "", None, float("nan"), "1/0"])
def test_parse_value_leaves_words_and_blanks_unread(text):
    assert since.parse_value(text) is None


def test_parse_value_refuses_a_backwards_range():
    with pytest.raises(ValueError, match="backwards"):
        since.parse_value("18-16")


# --- timelines on common lanes


def test_every_category_of_both_timelines_has_a_lane():
    for name in ("military_events_2022_2026", "belarus_military_timeline_2022_2023"):
        for category in load(name)["category"].unique():
            assert since.lane_of(category) in since.LANE_ORDER


def test_an_unknown_category_is_an_error_not_other():
    with pytest.raises(KeyError, match="no lane"):
        since.lane_of("parade")


def test_combined_timeline_keeps_every_event_and_its_file():
    before = pd.DataFrame({"date": ["2022-02-24"], "category": ["troops"], "event": ["a"]})
    after = pd.DataFrame(
        {
            "date": pd.to_datetime(["2022-04-06", "2022-02-24"]),
            "category": ["withdrawal", "nuclear"],
            "event": ["b", "c"],
        }
    )
    out = since.combined_timeline(before, after, labels=("old", "new"))
    assert list(out["event"]) == ["c", "a", "b"]  # by date, then file
    assert out.set_index("event")["file"].to_dict() == {"a": "old", "b": "new", "c": "new"}
    assert out.set_index("event").loc["c", "lane"] == "Weapons, nuclear"


# --- conflicting counts


def _events(rows):
    return pd.DataFrame(
        rows,
        columns=[
            "date",
            "event",
            "unit",
            "value",
            "value_qualifier",
            "estimated_by",
            "publisher",
            "source_url",
        ],
    )


def test_count_ranges_give_lowest_and_highest_by_source_never_a_mean():
    events = _events(
        [
            (
                "2023-08-01",
                "LT and PL estimate",
                "Wagner fighters",
                4000,
                "about",
                "Lithuania",
                "LRT",
                "u1",
            ),
            (
                "2023-08-23",
                "tent count",
                "Wagner fighters previously at Tsel",
                5000,
                "estimate",
                "RFE/RL",
                "KI",
                "u2",
            ),
            (
                "2023-07-29",
                "Morawiecki: 100 moved towards the Suwalki Gap",
                "Wagner fighters",
                100,
                "more_than",
                "Morawiecki",
                "X",
                "u3",
            ),
        ]
    )
    counts = since.conflicting_counts(events)
    assert set(counts["value"]) == {4000, 5000}  # a part that moved is not a count of the force
    row = since.count_ranges(counts).set_index("topic").loc["Wagner fighters in Belarus"]
    assert (row["lowest"], row["lowest_by"]) == (4000, "Lithuania")
    assert (row["highest"], row["highest_by"]) == (5000, "RFE/RL")
    assert not any("mean" in c or "average" in c for c in since.count_ranges(counts).columns)


def test_real_counts_conflict_and_are_kept_apart():
    counts = since.conflicting_counts(load("military_events_2022_2026"))
    ranges = since.count_ranges(counts).set_index("topic")
    for topic in ("Russian troops in Belarus", "Wagner fighters in Belarus"):
        assert ranges.loc[topic, "lowest"] < ranges.loc[topic, "highest"]
        assert ranges.loc[topic, "sources"] > 1
    assert counts.loc[counts["topic"].str.contains("warheads"), "value_qualifier"].eq("claim").all()


# --- Russia's share: one series per basis


def _econ(rows):
    return pd.DataFrame(
        rows, columns=["year", "indicator", "value", "unit", "basis", "value_qualifier"]
    )


def test_share_series_never_joins_two_bases():
    econ = _econ(
        [
            ("2021", "Russia share of Belarus goods exports", "41.1", "%", "Belarus MFA", "exact"),
            (
                "2022",
                "Russia share of Belarus goods exports (Jan-Sep)",
                "57",
                "%",
                "Deputy PM",
                "claim",
            ),
            (
                "2025",
                "Russia share of Belarus exports (start of 2025)",
                "65",
                "%",
                "Ukrainian intelligence",
                "claim",
            ),
            (
                "2025",
                "Russia share of Belarus exports (summer 2025)",
                "67",
                "%",
                "Ukrainian intelligence",
                "claim",
            ),
            ("2021", "Russia-Belarus trade turnover", "38", "USD billion", "Belstat", "exact"),
            ("2022", "China share of Belarus foreign trade", "11", "%", "Snopkov", "claim"),
        ]
    )
    out = since.share_series(econ)
    assert len(out) == 4  # values in USD and other partners are not shares of Russia
    assert out.groupby("series")["basis"].nunique().max() == 1
    # the same concept from two bases stays two series; the same basis across part-years stays one
    assert out["series"].nunique() == 3
    assert (
        out.loc[out["year"] == "2022", "series"].iloc[0]
        != out.loc[out["year"] == "2021", "series"].iloc[0]
    )


def test_share_series_parses_ranges_as_bounds():
    econ = _econ([("2024", "Russia share of Belarus exports", "59-60", "%", "official", "claim")])
    row = since.share_series(econ).iloc[0]
    assert (row["low"], row["high"]) == (59.0, 60.0)


def test_no_basis_of_russias_share_runs_across_the_2021_break():
    shares = since.share_series(load("economy_indicators_2019_2025"))
    first_year = shares["year"].str[:4].astype(int)
    spans = shares.assign(y=first_year).groupby("series")["y"].agg(["min", "max"])
    crossing = spans[(spans["min"] <= 2021) & (spans["max"] >= 2022)]
    assert crossing.empty, (
        f"a series joins figures before and after Belstat's break: {list(crossing.index)}"
    )


# --- places: coordinates only from data


def test_places_without_coordinates_are_listed_not_placed():
    coords = pd.DataFrame({"name_ne": ["Minsk"], "longitude": [27.57], "latitude": [53.9]})
    texts = pd.Series(["Treaty signed in Minsk", "Wagner camp at Tsel", "nothing here"])
    named = since.places_named(texts, {"Minsk": "Minsk", "Tsel": None, "Vilnius": None}, coords)
    assert list(named["place"]) == ["Minsk", "Tsel"]  # Vilnius is not named: not listed
    tsel = named.set_index("place").loc["Tsel"]
    assert math.isnan(tsel["longitude"]) and math.isnan(tsel["latitude"])
    assert named.set_index("place").loc["Minsk", "longitude"] == 27.57


def test_a_gazetteer_entry_must_exist_in_the_coordinates_file():
    coords = pd.DataFrame({"name_ne": ["Minsk"], "longitude": [27.57], "latitude": [53.9]})
    with pytest.raises(KeyError):
        since.places_named(pd.Series(["Hrodna"]), {"Hrodna": "Hrodna"}, coords)


# --- the scorecard rule


@pytest.mark.parametrize(
    "holds, caveat, partial, expected",
    [
        (None, None, None, ledger.NO_SOURCE),
        (None, "a caveat", "a part", ledger.NO_SOURCE),
        (False, None, None, ledger.DIFFERS),
        (False, "a caveat", "a part", ledger.DIFFERS),  # a caveat never rescues a failed test
        (True, None, "a part", ledger.PARTLY),
        (True, "a caveat", "a part", ledger.PARTLY),
        (True, "a caveat", None, ledger.CAVEAT),
        (True, None, None, ledger.CONFIRMED),
    ],
)
def test_verdict_rule(holds, caveat, partial, expected):
    assert since.verdict(holds, caveat, partial) == expected


def test_verdicts_are_on_the_ledger_scale():
    assert {
        since.verdict(h, c, p)
        for h in (None, False, True)
        for c in (None, "c")
        for p in (None, "p")
    } <= set(ledger.VERDICTS)


# --- the data behind the notebook


def test_eu_running_totals_never_fall_between_stated_dates():
    s = load("sanctions_events_2022_2026")
    eu = s[(s["jurisdiction"] == "EU") & s["listed_persons_total"].notna()].copy()
    eu["when"] = pd.to_datetime(eu["date"], format="mixed")
    persons = eu.sort_values("when")["listed_persons_total"]
    assert persons.is_monotonic_increasing


def test_prisoner_release_events_are_marked_single_or_cumulative():
    p = load("political_prisoners_2020_2026")
    releases = p[p["metric"] == "released_pardoned"]
    us = releases[releases["value_qualifier"].fillna("").str.contains("US-brokered")]
    assert len(us) > 0 and us["value_qualifier"].str.contains("single").all()


def test_the_ecfr_wave_7_figures_are_flagged_unverified():
    polls = load("opinion_war_2022_2025")
    ecfr = polls[polls["publisher"] == "ECFR"]
    assert len(ecfr) > 0 and ecfr["note"].str.contains("UNVERIFIED").all()
    assert ecfr["source_url"].isna().all()


def test_official_2025_vote_shares_match_the_counts():
    v = load("elections_2024_2025").set_index("measure")["value"]
    share = 100 * float(v["votes: Aliaksandr Lukashenka"]) / float(v["voters participating"])
    assert share == pytest.approx(float(v["vote share: Aliaksandr Lukashenka"]), abs=0.005)


# --- figures stated in event text or notes


@pytest.mark.parametrize(
    "passage, expected",
    [
        ("about 8,000 in summer 2023", (8000, 8000)),
        ("down from about 10-11 thousand earlier", (10000, 11000)),
        ("Hajun counted 2,000-2,500 by 19 Jul", (2000, 2500)),
        ("reached a maximum of 12,000", (12000, 12000)),
    ],
)
def test_figure_in_reads_the_first_figure_as_bounds(passage, expected):
    assert since.figure_in(passage) == expected


def test_figure_in_refuses_a_passage_without_a_figure():
    with pytest.raises(ValueError, match="no figure"):
        since.figure_in("several dozen")


def test_every_noted_figure_stands_verbatim_in_its_row():
    events = load("military_events_2022_2026")
    noted = since.noted_figures(events)
    assert len(noted) == len(since.NOTED_FIGURES)
    assert noted["found_in"].eq("event text or note").all()
    assert (noted["value"] <= noted["high"]).all()


def test_a_noted_figure_not_in_its_row_is_an_error():
    events = load("military_events_2022_2026")
    bad = [("2023-08-01", "Wagner fighters in Belarus", "about 99,000", "nobody", "about", "-")]
    with pytest.raises(ValueError, match="not in the text"):
        since.noted_figures(events, bad)


def test_stated_ranges_take_every_figure_and_never_average():
    events = load("military_events_2022_2026")
    figures = since.all_stated_figures(events)
    ranges = since.count_ranges(figures).set_index("topic")
    values = since.conflicting_counts(events).groupby("topic")["value"]
    for topic in ("Russian troops in Belarus", "Wagner fighters in Belarus"):
        # the notes widen the value column's range; they never narrow it
        assert ranges.loc[topic, "lowest"] <= values.min()[topic]
        assert ranges.loc[topic, "highest"] >= values.max()[topic]
        assert ranges.loc[topic, "highest"] == figures.loc[figures["topic"] == topic, "high"].max()


# --- before/after pairs on one basis


def test_stated_comparators_stay_on_their_own_basis():
    shares = since.share_series(load("economy_indicators_2019_2025"))
    pairs = since.stated_comparators(shares)
    assert len(pairs) >= 1
    for r in pairs.itertuples():
        later = shares[shares["series"] == r.series]
        assert len(later) == 1  # the comparator joins its own series and no other
        assert f"comparator {r.value}%" in later["basis"].iloc[0]
        assert int(r.year) < int(r.comparator_of)


# --- what counts as a crossing from Belarus (review 07b, item 2)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Two Belarusian helicopters cross into Polish airspace", True),
        ("25 smuggling balloons cross from Belarus", True),
        ("A Gerbera drone enters Lithuania from Belarus", True),
        ("Russian drones violate Polish airspace 19 times", True),
        ("A Gerbera decoy drone from Belarus crashes about 1 km inside Lithuania", True),
        ("Lithuania keeps its border crossings with Belarus closed", False),
        ("Hajun records a record of Shahed drones entering Belarus", False),
    ],
)
def test_crossed_from_belarus(text, expected):
    assert bool(since.crossed_from_belarus(pd.Series([text])).iloc[0]) is expected


def test_the_lithuanian_border_closure_is_not_counted_as_a_crossing():
    events = load("military_events_2022_2026")
    into = events[events["category"] == "airspace_incident"]
    crossed = into[since.crossed_from_belarus(into["event"])]
    assert not crossed["event"].str.contains("border crossings").any()
    assert crossed["event"].str.contains("inside Lithuania").any()

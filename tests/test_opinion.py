"""Tests for the public-opinion theme: the poll helpers and the data files notebook 05 reads.

Run: .venv/bin/python -m pytest -p no:xdist tests/test_opinion.py
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from ecfr_belarus import catalog
from ecfr_belarus.catalog import DataError
from ecfr_belarus.stats import Z95, max_margin_of_error, normal_interval, wilson_interval

# --------------------------------------------------------------------------------------------
# Wilson score interval, checked against values worked out by hand (z = 1.959963984540054).
#
# z^2 = 3.841458820694124
#
# p = 0.13, n = 1000: z^2/n = 0.0038414588        -> denominator 1 + z^2/n = 1.0038414588 z^2/(2n) =
# 0.0019207294     -> centre = (0.13 + 0.0019207294) / 1.0038414588 = 0.1314159 p(1-p)/n =
# 0.1131/1000 = 0.0001131;  z^2/(4n^2) = 0.00000096036 sqrt(0.0001131 + 0.00000096036) =
# sqrt(0.00011406036) = 0.0106799 half-width = 1.959964 * 0.0106799 / 1.0038414588 = 0.0208521
# interval = 0.1314159 -/+ 0.0208521 = [0.1105638, 0.1522680] (normal approximation: 0.13 -/+
# 1.959964 * sqrt(0.0001131) = 0.13 -/+ 0.0208441 = [0.1091559, 0.1508441])
#
# p = 0, any n:  the sqrt term is sqrt(z^2/(4n^2)) = z/(2n), so high = (z^2/(2n) + z^2/(2n)) / (1 +
# z^2/n) = z^2 / (n + z^2);  n = 1000: 3.8414588 / 1003.8414588 = 0.0038268 low = 0 exactly (the
# textbook interval would be [0, 0]: zero width) p = 1 mirrors it: low = n / (n + z^2) = 1000 /
# 1003.8414588 = 0.9961732, high = 1.
#
# Pollsters' maximum margin of error for n = 755: 1.959964 * sqrt(0.25 / 755) = 1.959964 * 0.0181969
# = 0.0356652
# --------------------------------------------------------------------------------------------


def test_z_is_the_95_percent_normal_quantile():
    # Phi(z) = 0.975  <=>  erf(z / sqrt(2)) = 0.95
    assert math.erf(Z95 / math.sqrt(2)) == pytest.approx(0.95, abs=1e-12)


def test_wilson_hand_checked_13_percent_of_1000():
    low, high = wilson_interval(0.13, 1000)
    assert low == pytest.approx(0.1105638, abs=5e-7)
    assert high == pytest.approx(0.1522680, abs=5e-7)
    # The Wilson interval is shifted towards 50% relative to the normal one, by about z^2/(2n).
    nlow, nhigh = normal_interval(0.13, 1000)
    assert (nlow, nhigh) == pytest.approx((0.1091559, 0.1508441), abs=5e-7)
    assert low > nlow and high > nhigh


def test_wilson_edge_cases_p_zero_and_one():
    n = 1000
    low, high = wilson_interval(0.0, n)
    assert low == pytest.approx(0.0, abs=1e-15)
    assert high == pytest.approx(0.0038268, abs=5e-7)
    assert high == pytest.approx(Z95**2 / (n + Z95**2), rel=1e-12)
    low, high = wilson_interval(1.0, n)
    assert low == pytest.approx(0.9961732, abs=5e-7)
    assert high == pytest.approx(1.0, abs=1e-15)
    # The normal approximation collapses to a point at p = 0: the reason to use Wilson.
    assert normal_interval(0.0, n) == (0.0, 0.0)


def test_wilson_bounds_solve_the_score_equation():
    # Each bound pi satisfies (p - pi)^2 = z^2 pi (1 - pi) / n: the definition, independent of the
    # closed form.
    for p, n in [(0.03, 896), (0.13, 755), (0.5, 50), (0.9, 30)]:
        for pi in wilson_interval(p, n):
            assert (p - pi) ** 2 == pytest.approx(Z95**2 * pi * (1 - pi) / n, rel=1e-9)


def test_wilson_agrees_with_normal_approximation_for_large_n_mid_p():
    low, high = wilson_interval(0.5, 10_000)
    nlow, nhigh = normal_interval(0.5, 10_000)
    # 1.96 * sqrt(0.25 / 10000) = 1.96 * 0.005
    assert nhigh - 0.5 == pytest.approx(0.0098, abs=1e-5)
    assert low == pytest.approx(nlow, abs=2e-5) and high == pytest.approx(nhigh, abs=2e-5)


def test_wilson_differs_from_normal_for_small_shares():
    # 3% of 100: the normal interval runs below zero, Wilson stays inside [0, 1] and is asymmetric.
    nlow, _ = normal_interval(0.03, 100)
    low, high = wilson_interval(0.03, 100)
    assert nlow < 0
    assert 0 < low < 0.03 < high
    assert (high - 0.03) > (0.03 - low)


def test_symmetry_between_p_and_one_minus_p():
    low, high = wilson_interval(0.2, 300)
    low2, high2 = wilson_interval(0.8, 300)
    assert low == pytest.approx(1 - high2, abs=1e-12) and high == pytest.approx(1 - low2, abs=1e-12)


def test_design_effect_is_an_effective_sample_size():
    halved = wilson_interval(0.13, 500)
    assert wilson_interval(0.13, 1000, design_effect=2) == pytest.approx(halved, abs=1e-12)
    narrow, wide = wilson_interval(0.13, 755), wilson_interval(0.13, 755, design_effect=1.5)
    assert wide[0] < narrow[0] and wide[1] > narrow[1]


def test_wilson_vectorised():
    low, high = wilson_interval(np.array([0.13, 0.03]), np.array([1000, 896]))
    assert low.shape == (2,)
    assert low[0] == pytest.approx(0.1105638, abs=5e-7)
    assert high[0] == pytest.approx(0.1522680, abs=5e-7)


def test_max_margin_of_error_hand_checked():
    assert max_margin_of_error(755) == pytest.approx(0.0356652, abs=5e-7)
    assert max_margin_of_error(1000) == pytest.approx(0.0309898, abs=5e-7)  # 1.959964 * 0.0158114


@pytest.mark.parametrize("p, n, deff", [(-0.01, 100, 1), (1.2, 100, 1), (13, 100, 1), (0.1, 0, 1),
                                        (0.1, 100, 0), (float("nan"), 100, 1)])
def test_invalid_input_is_refused(p, n, deff):
    with pytest.raises(ValueError):
        wilson_interval(p, n, design_effect=deff)


# --------------------------------------------------------------------------------------------
# Data files read by notebooks/05_public_opinion.ipynb
# --------------------------------------------------------------------------------------------

EXPECTED = {
    "belarus_opinion_polls_long": (
        ["wave_label", "question_key", "subgroup", "answer", "percent", "sample_size",
         "answer_harmonized", "source_publisher"],
        ["wave_label", "question_key", "subgroup", "answer", "source_publisher"]),
    "chatham_house_waves": (
        ["wave_label", "field_start", "field_end", "sample_size", "moe_pct_95"], ["wave_label"]),
    "ecfr_article_claims_check": (
        ["claim_id", "value", "status", "supporting_value"], ["claim_id"]),
    "belarus_repression_counts": (
        ["metric", "value", "value_qualifier", "as_of_date", "counting_org"],
        ["metric", "counting_org", "value", "source_url"]),
    "unhcr_ukraine_refugees_by_country_snapshots": (
        ["country", "data_date", "individuals", "snapshot_commit"],
        ["country", "data_date", "snapshot_commit"]),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_resource_loads_with_columns_and_unique_key(name):
    columns, key = EXPECTED[name]
    df = catalog.load(name)
    assert set(columns) <= set(df.columns)
    assert catalog.describe(name)["schema"]["primaryKey"] == key
    assert not df.duplicated(key).any()
    assert len(df) > 0


def test_key_figures_are_in_the_data():
    polls = catalog.load("belarus_opinion_polls_long")
    wave7 = polls[(polls["wave_label"] == "CH wave 7")
                  & (polls["answer_harmonized"] == "join the war on Russia's side")]
    assert wave7["percent"].tolist() == [13] and wave7["sample_size"].tolist() == [755]
    assert not polls.loc[polls["wave_label"] == "CH wave 7", "percent"].isin([56, 58]).any()
    snaps = catalog.load("unhcr_ukraine_refugees_by_country_snapshots")
    bel = snaps[snaps["country"] == "Belarus"].sort_values("data_date").iloc[0]
    assert (str(bel["data_date"].date()), bel["individuals"]) == ("2022-03-04", 406)


@pytest.mark.parametrize("name, file, row, column, value", [
    # share over 100; no respondents; unknown pollster
    ("belarus_opinion_polls_long", "belarus_opinion_polls_long.csv", 24, "percent", "113"),
    ("belarus_opinion_polls_long", "belarus_opinion_polls_long.csv", 25, "sample_size", "0"),
    ("belarus_opinion_polls_long", "belarus_opinion_polls_long.csv", 5, "pollster", "Gallup"),
    # negative margin; not an ISO date; id pattern
    ("chatham_house_waves", "chatham_house_waves.csv", 3, "moe_pct_95", "-3.3"),
    ("chatham_house_waves", "chatham_house_waves.csv", 2, "field_start", "20/01/2022"),
    ("ecfr_article_claims_check", "ecfr_article_claims_check.csv", 1, "claim_id", "claim 2"),
    # not an integer; date pattern
    ("belarus_repression_counts", "belarus_repression_counts.csv", 25, "value", "1,374"),
    ("belarus_repression_counts", "belarus_repression_counts.csv", 25, "as_of_date", "21 May"),
    # country list; negative count
    ("unhcr_ukraine_refugees_by_country_snapshots",
     "unhcr_ukraine_refugees_by_country_snapshots.csv", 6, "country", "Belarus (via Mozyr)"),
    ("unhcr_ukraine_refugees_by_country_snapshots",
     "unhcr_ukraine_refugees_by_country_snapshots.csv", 6, "individuals", "-406"),
])
def test_bad_cell_is_reported_with_file_column_and_line(corrupt, name, file, row, column, value):
    package, line = corrupt(name, row, column, value)
    with pytest.raises(DataError) as err:
        catalog.load(name, package)
    message = str(err.value)
    assert f"data/opinion/{file}" in message
    assert f"line {line}" in message
    assert repr(column) in message


def test_duplicate_wave_breaks_the_primary_key(corrupt):
    package, line = corrupt.duplicate_row("chatham_house_waves", 2)  # wave 8 twice
    with pytest.raises(DataError) as err:
        catalog.load("chatham_house_waves", package)
    message = str(err.value)
    assert "data/opinion/chatham_house_waves.csv" in message and "primary-key" in message
    assert f"line {line}" in message and "wave_label" in message


# --------------------------------------------------------------------------------------------
# Which poll points may be joined by a line (version_runs, points_on_lines) and what two answers
# leave out.
# --------------------------------------------------------------------------------------------

def _poll_points():
    import pandas as pd

    return pd.DataFrame({
        "month": pd.to_datetime(["2022-02-01", "2022-03-01", "2022-04-01", "2022-06-01",
                                 "2022-08-01", "2023-03-01"]),
        "percent": [13.0, 3.0, 6.0, 5.0, 5.0, 3.0],
        "version": ["hypothetical", "multi-option", "yes/no", "multi-option", "any side",
                    "multi-option"],
    })


def test_version_runs_join_only_the_joinable_version_in_time_order():
    from ecfr_belarus.stats import version_runs

    pts = _poll_points().iloc[::-1]  # order of rows must not matter
    runs = version_runs(pts, "month", "version", {"multi-option", "yes/no"})
    assert len(runs) == 1  # "yes/no" has a single point: nothing to join
    assert list(runs[0]["percent"]) == [3.0, 5.0, 3.0]
    assert runs[0]["month"].is_monotonic_increasing


def test_version_runs_never_join_other_versions_or_missing_values():
    import pandas as pd

    from ecfr_belarus.stats import version_runs

    pts = _poll_points()
    assert version_runs(pts, "month", "version", set()) == []
    pts.loc[5, "version"] = None
    runs = version_runs(pts, "month", "version", {"multi-option"})
    assert list(runs[0]["percent"]) == [3.0, 5.0]
    assert version_runs(pd.DataFrame(columns=["month", "version"]), "month", "version", {"x"}) == []


def test_points_on_lines_finds_the_august_point_sitting_on_the_line():
    from ecfr_belarus.stats import points_on_lines, version_runs

    pts = _poll_points()
    runs = version_runs(pts, "month", "version", {"multi-option"})
    others = pts[pts["version"] != "multi-option"]
    # Jun 2022 (5) to Mar 2023 (3): in August the line is at 5 - 2 * 61/273 = 4.55, so the "any
    # side" 5 is on it.
    hits = points_on_lines(runs, others, "month", "percent", tolerance=1.0)
    assert list(hits["version"]) == ["any side"]
    # April's 6 is 2.5 points above the line between March (3) and June (5) at April (3.66): not on
    # it at 1 point.
    assert "yes/no" not in set(hits["version"])
    assert points_on_lines(runs, others, "month", "percent", tolerance=0.1).empty


def test_points_on_lines_ignores_points_at_or_outside_a_run_end():
    import pandas as pd

    from ecfr_belarus.stats import points_on_lines

    run = pd.DataFrame({"x": [1.0, 3.0], "y": [10.0, 20.0]})
    pts = pd.DataFrame({"x": [1.0, 2.0, 3.0, 4.0], "y": [10.0, 15.0, 20.0, 25.0]})
    assert list(points_on_lines([run], pts, "x", "y", tolerance=0.5)["x"]) == [2.0]


def test_unstated_share_of_the_baw_answers():
    from ecfr_belarus.stats import unstated_share

    # BAW March 2022: support 42, do not support 50
    assert unstated_share([42, 50]) == pytest.approx(8)
    assert unstated_share([47.3, 41.3]) == pytest.approx(11.4)  # BAW September 2022
    assert unstated_share([]) == 100
    with pytest.raises(ValueError, match="more than 100"):
        unstated_share([60, 50])


def test_iiseps_either_or_holds_two_waves_and_a_russia_majority():
    # Notebook 05 once said integration with Russia "never won a majority": the data say otherwise.
    polls = catalog.load("belarus_opinion_polls_long")
    q = polls[polls["question_key"] == "either_or_russia_vs_eu"]
    # the rest of the 2008-2016 series is not in our data
    assert sorted(q["period_month"].unique()) == ["2013-12", "2014-03"]
    russia = q[(q["period_month"] == "2014-03") & (q["answer"] == "Russia")]["percent"]
    assert russia.tolist() == [51.5] and russia.iloc[0] > 50


def test_unstated_share_allows_rounding_only_when_asked():
    from ecfr_belarus.stats import unstated_share

    # Chatham House March 2023: 33 + 44 + 24 = 101, a rounding artefact, not an overlap.
    with pytest.raises(ValueError):
        unstated_share([33, 44, 24])
    assert unstated_share([33, 44, 24], rounding=1) == 0
    assert unstated_share([32, 15, 13, 40], rounding=1) == 0
    assert unstated_share([14, 19, 43], rounding=1) == pytest.approx(24)
    with pytest.raises(ValueError, match="more than 100"):
        unstated_share([60, 45], rounding=1)


# --------------------------------------------------------------------------------------------
# The margin of the gap between two answers of one sample (multinomial):
#   var(p1 - p2) = (p1 + p2 - (p1 - p2)^2) / n
# IISEPS December 2008, integration with Russia: against 38.8, for 35.7; n = 1502 (the size stated
# for March 2014; December 2008's is not in our data):
#   p1 + p2 = 0.745; (p1 - p2)^2 = 0.031^2 = 0.000961; 0.744039 / 1502 = 0.00049537
#   sqrt = 0.0222568; times 1.959964 = 0.0436225  -> the 3.1-point gap is inside 4.4 points.
# p1 = 0.5, p2 = 0.3, n = 1000: (0.8 - 0.04) / 1000 = 0.00076; sqrt = 0.0275681; * z = 0.0540325
# --------------------------------------------------------------------------------------------

def test_difference_margin_hand_checked():
    from ecfr_belarus.stats import difference_margin

    assert difference_margin(0.388, 0.357, 1502) == pytest.approx(0.0436225, abs=5e-7)
    assert difference_margin(0.5, 0.3, 1000) == pytest.approx(0.0540325, abs=5e-7)
    # wider than the margin of either share alone at these values, because the errors move apart
    assert difference_margin(0.5, 0.3, 1000) > 1.96 * math.sqrt(0.25 / 1000)
    # a design effect of 2 halves the effective sample: margin times sqrt(2)
    assert difference_margin(0.5, 0.3, 1000, design_effect=2) == pytest.approx(
        0.0540325 * math.sqrt(2), abs=1e-6)
    low = difference_margin(np.array([0.388, 0.5]), np.array([0.357, 0.3]), np.array([1502, 1000]))
    assert low.shape == (2,)


@pytest.mark.parametrize("p1, p2, n", [(0.6, 0.5, 100), (-0.1, 0.2, 100), (0.2, 0.2, 0)])
def test_difference_margin_refuses_impossible_input(p1, p2, n):
    from ecfr_belarus.stats import difference_margin

    with pytest.raises(ValueError):
        difference_margin(p1, p2, n)


def test_wave_7_answer_names_no_side_in_the_source():
    # The raw label says "on Russia's side"; the source (df.news, in the later file) names no side.
    # Notebook 05 relabels it; the raw file is left as collected.
    later = catalog.load("opinion_war_2022_2025")
    w7 = later[(later["wave"] == "wave 7") & (later["percent"] == 13)].iloc[0]
    assert "Russia" not in w7["answer"] and "Russia" not in w7["quote"][:150]


def test_unhcr_values_rise_across_scrapes_of_one_data_date():
    # Notebook 05 keeps the first scrape per data date: later scrapes under the same date are
    # newer counts with a stale date stamp (they only ever grow), not corrections.
    snaps = catalog.load("unhcr_ukraine_refugees_by_country_snapshots")
    early = snaps[snaps["country"].isin(["Poland", "Belarus"])
                  & (snaps["data_date"] <= "2022-04-30")].sort_values("snapshot_committed_at")
    grew = early.groupby(["country", "data_date"])["individuals"].apply(
        lambda s: len(s) > 1 and s.is_monotonic_increasing and s.iloc[-1] > s.iloc[0])
    repeated = early.groupby(["country", "data_date"]).size() > 1
    assert repeated.sum() == 4 and grew[repeated].all()
    pol = early[(early["country"] == "Poland") & (early["data_date"] == "2022-03-08")]
    assert pol["individuals"].iloc[0] == 1204403 and pol["individuals"].iloc[-1] == 1412503

"""Tests for the public-opinion theme: the poll-interval helper and the data files notebook 05 reads.

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
# p = 0.13, n = 1000:
#   z^2/n = 0.0038414588        -> denominator 1 + z^2/n = 1.0038414588
#   z^2/(2n) = 0.0019207294     -> centre = (0.13 + 0.0019207294) / 1.0038414588 = 0.1314159
#   p(1-p)/n = 0.1131/1000 = 0.0001131;  z^2/(4n^2) = 0.00000096036
#   sqrt(0.0001131 + 0.00000096036) = sqrt(0.00011406036) = 0.0106799
#   half-width = 1.959964 * 0.0106799 / 1.0038414588 = 0.0208521
#   interval = 0.1314159 -/+ 0.0208521 = [0.1105638, 0.1522680]
#   (normal approximation: 0.13 -/+ 1.959964 * sqrt(0.0001131) = 0.13 -/+ 0.0208441 = [0.1091559, 0.1508441])
#
# p = 0, any n:  the sqrt term is sqrt(z^2/(4n^2)) = z/(2n), so
#   high = (z^2/(2n) + z^2/(2n)) / (1 + z^2/n) = z^2 / (n + z^2);  n = 1000: 3.8414588 / 1003.8414588 = 0.0038268
#   low = 0 exactly (the textbook interval would be [0, 0]: zero width)
# p = 1 mirrors it: low = n / (n + z^2) = 1000 / 1003.8414588 = 0.9961732, high = 1.
#
# Pollsters' maximum margin of error for n = 755: 1.959964 * sqrt(0.25 / 755) = 1.959964 * 0.0181969 = 0.0356652
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
    # Each bound pi satisfies (p - pi)^2 = z^2 pi (1 - pi) / n: the definition, independent of the closed form.
    for p, n in [(0.03, 896), (0.13, 755), (0.5, 50), (0.9, 30)]:
        for pi in wilson_interval(p, n):
            assert (p - pi) ** 2 == pytest.approx(Z95**2 * pi * (1 - pi) / n, rel=1e-9)


def test_wilson_agrees_with_normal_approximation_for_large_n_mid_p():
    low, high = wilson_interval(0.5, 10_000)
    nlow, nhigh = normal_interval(0.5, 10_000)
    assert nhigh - 0.5 == pytest.approx(0.0098, abs=1e-5)  # 1.96 * sqrt(0.25 / 10000) = 1.96 * 0.005
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
    assert wilson_interval(0.13, 1000, design_effect=2) == pytest.approx(wilson_interval(0.13, 500), abs=1e-12)
    narrow, wide = wilson_interval(0.13, 755), wilson_interval(0.13, 755, design_effect=1.5)
    assert wide[0] < narrow[0] and wide[1] > narrow[1]


def test_wilson_vectorised():
    low, high = wilson_interval(np.array([0.13, 0.03]), np.array([1000, 896]))
    assert low.shape == (2,)
    assert low[0] == pytest.approx(0.1105638, abs=5e-7) and high[0] == pytest.approx(0.1522680, abs=5e-7)


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
    "belarus_opinion_polls_long": (["wave_label", "question_key", "subgroup", "answer", "percent", "sample_size",
                                    "answer_harmonized", "source_publisher"],
                                   ["wave_label", "question_key", "subgroup", "answer", "source_publisher"]),
    "chatham_house_waves": (["wave_label", "field_start", "field_end", "sample_size", "moe_pct_95"], ["wave_label"]),
    "ecfr_article_claims_check": (["claim_id", "value", "status", "supporting_value"], ["claim_id"]),
    "belarus_repression_counts": (["metric", "value", "value_qualifier", "as_of_date", "counting_org"],
                                  ["metric", "counting_org", "value", "source_url"]),
    "unhcr_ukraine_refugees_by_country_snapshots": (["country", "data_date", "individuals", "snapshot_commit"],
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
    wave7 = polls[(polls["wave_label"] == "CH wave 7") & (polls["answer_harmonized"] == "join the war on Russia's side")]
    assert wave7["percent"].tolist() == [13] and wave7["sample_size"].tolist() == [755]
    assert not polls.loc[polls["wave_label"] == "CH wave 7", "percent"].isin([56, 58]).any()
    snaps = catalog.load("unhcr_ukraine_refugees_by_country_snapshots")
    bel = snaps[snaps["country"] == "Belarus"].sort_values("data_date").iloc[0]
    assert (str(bel["data_date"].date()), bel["individuals"]) == ("2022-03-04", 406)


@pytest.mark.parametrize("name, file, row, column, value", [
    ("belarus_opinion_polls_long", "belarus_opinion_polls_long.csv", 24, "percent", "113"),      # share over 100
    ("belarus_opinion_polls_long", "belarus_opinion_polls_long.csv", 25, "sample_size", "0"),    # no respondents
    ("belarus_opinion_polls_long", "belarus_opinion_polls_long.csv", 5, "pollster", "Gallup"),   # unknown pollster
    ("chatham_house_waves", "chatham_house_waves.csv", 3, "moe_pct_95", "-3.3"),                 # negative margin
    ("chatham_house_waves", "chatham_house_waves.csv", 2, "field_start", "20/01/2022"),          # not ISO date
    ("ecfr_article_claims_check", "ecfr_article_claims_check.csv", 1, "claim_id", "claim 2"),    # id pattern
    ("belarus_repression_counts", "belarus_repression_counts.csv", 25, "value", "1,374"),        # not an integer
    ("belarus_repression_counts", "belarus_repression_counts.csv", 25, "as_of_date", "21 May"),  # date pattern
    ("unhcr_ukraine_refugees_by_country_snapshots", "unhcr_ukraine_refugees_by_country_snapshots.csv", 6,
     "country", "Belarus (via Mozyr)"),                                                         # country list
    ("unhcr_ukraine_refugees_by_country_snapshots", "unhcr_ukraine_refugees_by_country_snapshots.csv", 6,
     "individuals", "-406"),                                                                    # negative count
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

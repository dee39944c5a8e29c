"""Tests for the sanctions-exposure data (data/sanctions/) and the helper ecfr_belarus.trade."""

import shutil

import pandas as pd
import pytest

from ecfr_belarus.catalog import DataError, load
from ecfr_belarus.paths import DATA_DIR
from ecfr_belarus.trade import (
    eu_monthly,
    export_shares,
    listing_residuals,
    source_kind,
    value_of,
    world_shares,
)

RESOURCES = {
    "belarus_exposure_figures_transcribed": (
        ["figure_id", "theme", "value", "value_numeric", "unit", "original_source_cited"],
        163,
    ),
    "eurostat_eu_trade_with_belarus_russia_monthly_2020_2022": (
        ["reporter_code", "partner_code", "flow", "product", "period", "value_eur"],
        7560,
    ),
    "gdp_current_usd_worldbank": (["iso3", "year", "gdp_current_usd"], 362),
    "sanctions_timeline_2020_2023": (
        ["event_id", "date", "actor", "individuals_added", "regime_total_individuals_after"],
        21,
    ),
    "swift_excluded_banks_2022": (
        ["bank", "decision_date", "reported_disconnection_date", "share_of_banking_assets_pct"],
        4,
    ),
    "swift_belinvestbank_june_2022": (["bank", "in_force_date", "source_url", "quote"], 2),
    "wdi_exports_pct_gdp_belarus_1990_2019": (["year", "value_pct_of_gdp"], 30),
    "wits_commodity_trade_2020_all_countries": (
        ["iso3", "variable", "flow", "value_thousand_usd"],
        2171,
    ),
    "wto_merchandise_exports_annual_2014_2019": (
        ["reporting_economy", "partner", "year", "value_million_usd"],
        1555,
    ),
    "wto_merchandise_exports_monthly_2014_2021": (
        ["reporting_economy", "partner", "year", "month", "value_million_usd"],
        935,
    ),
}


@pytest.mark.parametrize("name", sorted(RESOURCES))
def test_resource_loads_with_columns_and_rows(name):
    columns, n_rows = RESOURCES[name]
    df = load(name)
    assert set(columns) <= set(df.columns)
    assert len(df) == n_rows


def test_typed_columns():
    timeline = load("sanctions_timeline_2020_2023")
    assert pd.api.types.is_datetime64_any_dtype(timeline["date"])
    assert str(timeline["individuals_added"].dtype) == "Int64"
    banks = load("swift_excluded_banks_2022")
    assert set(banks["decision_date"].dropna().dt.strftime("%Y-%m-%d")) == {"2022-03-09"}
    assert set(banks["reported_disconnection_date"].dropna().dt.strftime("%Y-%m-%d")) == {
        "2022-03-20"
    }


# --- bad data: corrupt a copy of data/ and expect a DataError naming file, column and line
# -------------

CASES = [
    # resource (file = name + .csv), line, column, bad value, rule expected in the message
    ("belarus_exposure_figures_transcribed", 3, "figure_id", "F001", "unique"),
    ("belarus_exposure_figures_transcribed", 5, "theme", "sanctions", "enum"),
    ("eurostat_eu_trade_with_belarus_russia_monthly_2020_2022", 10, "value_eur", "-5", "minimum"),
    ("eurostat_eu_trade_with_belarus_russia_monthly_2020_2022", 4, "period", "2020-02", "primary"),
    ("gdp_current_usd_worldbank", 7, "year", "2031", "maximum"),
    ("sanctions_timeline_2020_2023", 4, "date", "17 Dec 2020", "type"),
    ("sanctions_timeline_2020_2023", 6, "actor", "NATO", "enum"),
    ("swift_excluded_banks_2022", 5, "share_of_banking_assets_pct", "141", "maximum"),
    ("wdi_exports_pct_gdp_belarus_1990_2019", 12, "value_pct_of_gdp", "-1.5", "minimum"),
    ("wits_commodity_trade_2020_all_countries", 20, "value_thousand_usd", "n/a", "type"),
    ("wits_commodity_trade_2020_all_countries", 21, "flow", "re-export", "enum"),
    ("wto_merchandise_exports_annual_2014_2019", 8, "year", "2013", "minimum"),
    ("wto_merchandise_exports_monthly_2014_2021", 9, "month", "13", "maximum"),
]


@pytest.mark.parametrize("name,line,column,bad,rule", CASES, ids=[f"{c[0]}-{c[2]}" for c in CASES])
def test_bad_data_is_refused(corrupt, name, line, column, bad, rule):
    package, _ = corrupt(name, line - 2, column, bad)  # line counts the header as line 1
    with pytest.raises(DataError) as err:
        load(name, package)
    message = str(err.value)
    assert f"data/sanctions/{name}.csv" in message
    if rule == "primary":  # a duplicate key is reported by row, not by one column
        assert f"line {line}" in message and "primary-key" in message
    else:
        assert f"line {line}" in message and f"column {column!r}" in message
        assert rule in message


def test_unchanged_copy_loads(tmp_path):
    from ecfr_belarus.catalog import build

    data_copy = tmp_path / "data"
    shutil.copytree(DATA_DIR, data_copy)
    build(data_copy)
    assert len(load("swift_excluded_banks_2022", data_copy / "datapackage.json")) == 4


# --- helper: ecfr_belarus.trade, against hand-made tables
# ------------------------------------------


def wits_table(rows):
    return pd.DataFrame(rows, columns=["iso3", "variable", "product", "value_thousand_usd"])


TOY = wits_table(
    [
        ("AAA", "goods_exports", "Total goods", 200.0),
        ("AAA", "exp_potas", "Potash", 50.0),
        ("AAA", "exp_oil2", "Oil products", 20.0),
        ("BBB", "exp_potas", "Potash", 150.0),
        ("CCC", "exp_potas", "Potash", 50.0),
    ]
)


def test_value_of():
    assert value_of(TOY, "AAA", "exp_oil2") == 20.0
    with pytest.raises(ValueError, match="found 0"):
        value_of(TOY, "BBB", "goods_exports")


def test_export_shares_by_hand():
    out = export_shares(TOY, "AAA", ["exp_oil2", "exp_potas"])
    # 50 / 200 = 25 %, 20 / 200 = 10 %; largest first
    assert list(out["variable"]) == ["exp_potas", "exp_oil2"]
    assert out["share_pct"].tolist() == pytest.approx([25.0, 10.0])
    assert (out["total_thousand_usd"] == 200.0).all()


def test_export_shares_with_another_denominator():
    # a customs total of 250 instead of the WITS row of 200: 50 / 250 = 20 %, 20 / 250 = 8 %
    out = export_shares(TOY, "AAA", ["exp_oil2", "exp_potas"], denominator=250.0)
    assert out["share_pct"].tolist() == pytest.approx([20.0, 8.0])
    assert (out["total_thousand_usd"] == 250.0).all()
    with pytest.raises(ValueError, match="positive"):
        export_shares(TOY, "AAA", ["exp_potas"], denominator=0.0)


def test_swift_fourth_bank_sources_agree():
    added = load("swift_belinvestbank_june_2022")
    assert set(added["bank"]) == {"Belinvestbank"}
    assert set(added["in_force_date"].dt.strftime("%Y-%m-%d")) == {"2022-06-14"}
    first_three = load("swift_excluded_banks_2022")
    assert "Belinvestbank" not in set(first_three["bank"])


def test_export_shares_missing_product_raises():
    with pytest.raises(ValueError, match="exp_urea"):
        export_shares(TOY, "AAA", ["exp_potas", "exp_urea"])


def test_world_shares_by_hand():
    out = world_shares(TOY, "exp_potas")
    # 150 / 250 = 60 %, then the two 50s (20 % each), ties broken by code
    assert list(out["iso3"]) == ["BBB", "AAA", "CCC"]
    assert out["share_pct"].tolist() == pytest.approx([60.0, 20.0, 20.0])
    assert list(out["rank"]) == [1, 2, 3]


def test_world_shares_refuses_duplicated_reporter():
    doubled = pd.concat([TOY, wits_table([("CCC", "exp_potas", "Potash", 9.0)])])
    with pytest.raises(ValueError, match="CCC"):
        world_shares(doubled, "exp_potas")


def test_real_table_potash_rank_and_nigeria_duplicate():
    wits = load("wits_commodity_trade_2020_all_countries")
    potash = world_shares(wits, "exp_potas")
    assert list(potash["iso3"][:3]) == ["CAN", "BLR", "RUS"]
    assert potash["share_pct"].sum() == pytest.approx(100.0)
    with pytest.raises(ValueError, match="NGA"):  # the source has two NGA blocks for oil products
        world_shares(wits, "exp_oil2")


# --- who says a figure: official claim, statistic or legal act
# ---------------------------------------


@pytest.mark.parametrize(
    "cited,note,kind",
    [
        ("Kremlin spokesman Dmitry Peskov via TASS", None, "official claim"),
        ("PM Roman Golovchenko", "PM Golovchenko, 2 March 2022", "official claim"),
        (
            "FM Uladzimir Makei via BelTA",
            "~ -$650 million; Belstat classified detailed data",
            "official claim",
        ),
        (
            "First Deputy PM Nikolai Snopkov",
            "Belstat / government",
            "statistic or legal act",
        ),  # GDP outturn
        ("Russian government decree; Siluanov", None, "statistic or legal act"),  # a loan decree
        ("Belstat", None, "statistic or legal act"),
        ("OSW Centre for Eastern Studies", None, "other"),
        # the speaker in the note wins over background sources in the cited field
        (
            "World Bank; Belarus MinFin (Seliverstov); Lukashenka",
            "Finance Minister Seliverstov, April 2022; ~1 year deferral",
            "official claim",
        ),
        ("World Bank; Belarus MinFin (Seliverstov); Lukashenka", "Lukashenka 1 Sep 2022",
         "official claim"),
        ("World Bank; Belaruskali", "company claim; 16,000 employees", "company claim"),
        ("Russian government decree; Siluanov",
         "$1bn intergovernmental loan in two tranches 2020-2021 (Siluanov)",
         "statistic or legal act"),
        (float("nan"), float("nan"), "other"),
    ],
)
def test_source_kind(cited, note, kind):
    assert source_kind(cited, note) == kind


def test_source_kind_on_the_real_table():
    figs = load("belarus_exposure_figures_transcribed").set_index("figure_id")
    kind = {
        f: source_kind(figs.loc[f, "original_source_cited"], figs.loc[f, "note"])
        for f in figs.index
    }
    assert kind["F159"] == kind["F130"] == kind["F131"] == "statistic or legal act"
    assert kind["F124"] == kind["F054"] == kind["F058"] == "official claim"
    assert kind["F144"] == kind["F145"] == "official claim"  # finance minister; Lukashenka
    assert kind["F106"] == "company claim"


# --- Eurostat monthly sums and the running totals of a list
# ------------------------------------------


def eurostat_table(rows):
    return pd.DataFrame(
        rows,
        columns=[
            "reporter_code",
            "partner_code",
            "flow",
            "product",
            "period",
            "value_eur",
            "value_available",
        ],
    )


def test_eu_monthly_by_hand():
    toy = eurostat_table(
        [
            ("AT", "BY", "import", "HS27", "2022-01", 10, "yes"),
            ("DE", "BY", "import", "HS27", "2022-01", 5, "yes"),
            ("PL", "BY", "import", "HS27", "2022-01", None, "no"),
            ("AT", "BY", "import", "HS27", "2022-02", 1, "yes"),
            ("AT", "RU", "import", "HS27", "2022-01", 99, "yes"),
            ("AT", "BY", "import", "TOTAL", "2022-01", 99, "yes"),
        ]
    )
    out = eu_monthly(toy, "BY", "HS27")
    assert out["value_eur"].tolist() == [15, 1]
    assert out["reporters"].tolist() == [2, 1]
    assert out["cells_not_available"].tolist() == [1, 0]
    assert out["month_start"].dt.strftime("%Y-%m").tolist() == ["2022-01", "2022-02"]
    with pytest.raises(ValueError, match="twice"):
        eu_monthly(pd.concat([toy, toy.iloc[:1]]), "BY", "HS27")
    with pytest.raises(ValueError, match="no rows"):
        eu_monthly(toy, "UA", "HS27")


def test_eu_monthly_real_fuel_collapse():
    fuel = eu_monthly(load("eurostat_eu_trade_with_belarus_russia_monthly_2020_2022"), "BY", "HS27")
    imports = fuel[fuel["flow"] == "import"].set_index("month_start")["value_eur"]
    assert imports["2021"].sum() == pytest.approx(1.212e9, rel=0.01)
    assert imports["2022-04":].max() < 0.05 * imports["2021"].mean()


def test_listing_residuals_by_hand():
    rounds = pd.DataFrame({"total": ["10", None, "25", "30"], "added": [10, 3, 15, 6]})
    # 25 = 10 + 15 (consistent); 30 < 25 + 6: one name left the list between rounds
    assert listing_residuals(rounds, "total", "added").tolist() == [0.0, -1.0]

"""Trade helpers for notebook 04: shares from the WITS 2020 commodity table, Eurostat monthly sums,
running totals of a sanctions list, and who a transcribed figure rests on.

The WITS table (data/sanctions/wits_commodity_trade_2020_all_countries.csv) is long: one row per
reporter (``iso3``) and ``variable`` (``exp_potas``, ``goods_exports``, ...), values in thousand
US$. It is reporter-based, so a "world" total is the sum over the countries that reported. A
reporter that appears twice for the same variable (the source has two blocks coded NGA) makes any
share ambiguous: the functions below refuse to guess and raise instead.
"""

from __future__ import annotations

import pandas as pd


def _check_unique(rows: pd.DataFrame, what: str) -> None:
    doubled = sorted(rows.loc[rows["iso3"].duplicated(), "iso3"].unique())
    if doubled:
        raise ValueError(
            f"{what}: reporter(s) {doubled} appear more than once; shares would be ambiguous"
        )


def value_of(wits: pd.DataFrame, iso3: str, variable: str) -> float:
    """The one value (thousand US$) of ``variable`` for ``iso3``; error if absent or repeated."""
    rows = wits[(wits["iso3"] == iso3) & (wits["variable"] == variable)]
    if len(rows) != 1:
        raise ValueError(f"{iso3} {variable}: expected exactly one row, found {len(rows)}")
    return float(rows["value_thousand_usd"].iloc[0])


def export_shares(
    wits: pd.DataFrame,
    iso3: str,
    variables: list[str],
    total: str = "goods_exports",
    denominator: float | None = None,
) -> pd.DataFrame:
    """Each product's share (%) of a reporter's total goods exports, largest first.

    By default the total is the WITS row ``total`` (World Bank goods exports, a balance-of-payments
    figure). Pass ``denominator`` (thousand US$) to divide by another total instead, e.g. a customs
    total on the same basis as the Comtrade product values.
    Columns: variable, product, value_thousand_usd, total_thousand_usd, share_pct.
    """
    if denominator is None:
        denominator = value_of(wits, iso3, total)
    if denominator <= 0:
        raise ValueError(f"{iso3} {total}: total must be positive, got {denominator}")
    rows = wits[(wits["iso3"] == iso3) & (wits["variable"].isin(variables))]
    if rows["variable"].duplicated().any():
        raise ValueError(f"{iso3}: a product appears more than once; shares would be ambiguous")
    missing = sorted(set(variables) - set(rows["variable"]))
    if missing:
        raise ValueError(f"{iso3}: no rows for {missing}")
    out = rows[["variable", "product", "value_thousand_usd"]].copy()
    out["total_thousand_usd"] = denominator
    out["share_pct"] = 100 * out["value_thousand_usd"] / denominator
    return out.sort_values(["share_pct", "variable"], ascending=[False, True]).reset_index(
        drop=True
    )


def world_shares(wits: pd.DataFrame, variable: str) -> pd.DataFrame:
    """Each reporter's share (%) of the sum over all reporters of ``variable``, largest first.

    Columns: iso3, value_thousand_usd, share_pct, rank (1 = largest). The denominator is the sum
    over reporters, not a true world total: countries that did not report are missing.
    """
    rows = wits.loc[wits["variable"] == variable, ["iso3", "value_thousand_usd"]]
    if rows.empty:
        raise ValueError(f"no rows for {variable}")
    _check_unique(rows, variable)
    total = rows["value_thousand_usd"].sum()
    out = rows.assign(share_pct=100 * rows["value_thousand_usd"] / total)
    out = out.sort_values(["value_thousand_usd", "iso3"], ascending=[False, True]).reset_index(
        drop=True
    )
    out["rank"] = range(1, len(out) + 1)
    return out


# ------------------------------------------------------------------ who says a figure: claim,
# statistic, legal act

# A named official or a government body speaking for itself (the figure rests on their word).
OFFICIAL_SPEAKER = (
    r"\b(?:PM|FM|Prime Minister|Minister|President|ambassador|spokesman|Kremlin|Lukashenka|Putin"
    r"|Siluanov|Ministry of Energy|Belneftekhim|Belaruskali)\b"
)
# A statistical body or a legal act behind the figure: an official may announce it, but it is not
# only
# their word (Belstat's GDP outturn read out by a deputy PM; the amount written in a government
# decree).
STATISTIC_OR_ACT = (
    r"\b(?:Belstat|MinFin|Ministry of Finance|NBRB|Bank of Russia|central bank|World Bank|IMF"
    r"|Eurostat|decree|resolution|agreement)\b"
)


def source_kind(cited: str | None, note: str | None = None) -> str:
    """How a transcribed figure is sourced, by who is speaking: ``"official claim"``,
    ``"company claim"``, ``"statistic or legal act"`` or ``"other"``.

    The note says who gave the figure, so it is read first. A note that calls the figure a company
    claim makes it a ``"company claim"``. A note that opens with a statistical body or a legal act
    makes it a statistic or legal act (Belstat's GDP outturn read out by a deputy PM). A note that
    opens with a named official (up to two words before the title: "Finance Minister Seliverstov",
    "Lukashenka 1 Sep 2022") makes it an official claim, even when the cited field also lists the
    World Bank or a finance ministry as background. Only then is the cited field read: a
    statistical body or legal act there makes a statistic or legal act, a named official alone an
    official claim.
    """
    import re

    cited = cited if isinstance(cited, str) else ""
    note = note if isinstance(note, str) else ""
    if re.search(r"\bcompany claim\b", note, flags=re.I):
        return "company claim"
    if re.match(rf"\s*{STATISTIC_OR_ACT}", note, flags=re.I):
        return "statistic or legal act"
    if re.match(rf"\s*(?:[A-Z][\w-]*\s+){{0,2}}{OFFICIAL_SPEAKER}", note):
        return "official claim"
    if re.search(STATISTIC_OR_ACT, cited, flags=re.I):
        return "statistic or legal act"
    if re.search(OFFICIAL_SPEAKER, cited):
        return "official claim"
    return "other"


# ------------------------------------------------------------------ Eurostat monthly mirror data


def eu_monthly(eurostat: pd.DataFrame, partner_code: str, product: str) -> pd.DataFrame:
    """EU27 monthly trade with one partner for one product: the sum over the reporting member
    states.

    Columns: month_start, flow ("import"/"export", the EU's view), value_eur, reporters (with a
    value),
    cells_not_available (member states whose cell is confidential or missing: the sum leaves
    them out).
    """
    rows = eurostat[(eurostat["partner_code"] == partner_code) & (eurostat["product"] == product)]
    if rows.empty:
        raise ValueError(f"no rows for partner {partner_code!r} and product {product!r}")
    if rows.duplicated(["reporter_code", "flow", "period"]).any():
        raise ValueError(
            f"{partner_code} {product}: a reporter appears twice in one month and flow"
        )
    out = (
        rows.assign(available=rows["value_available"].eq("yes"))
        .groupby(["period", "flow"])
        .agg(
            value_eur=("value_eur", "sum"),
            reporters=("available", "sum"),
            cells_not_available=("available", lambda s: int((~s).sum())),
        )
        .reset_index()
    )
    out["month_start"] = pd.to_datetime(out["period"], format="%Y-%m")
    out["reporters"] = out["reporters"].astype(int)
    return (
        out[["month_start", "flow", "value_eur", "reporters", "cells_not_available"]]
        .sort_values(["flow", "month_start"])
        .reset_index(drop=True)
    )


# ------------------------------------------------------------------ running totals of a sanctions
# list


def listing_residuals(rounds: pd.DataFrame, total: str, added: str) -> pd.Series:
    """For each round after the first: total after - (previous total + names added in the round).

    Zero means the running total is the sum of the additions. A negative residual means names
    left the
    list between rounds (delistings, deaths, annulments); a positive one, names added that the
    round's
    count does not show. ``rounds`` must be sorted by date; rows with no total are skipped.
    """
    r = rounds.dropna(subset=[total])
    totals = pd.to_numeric(r[total]).astype(float)
    adds = pd.to_numeric(r[added]).astype(float)
    return (totals - (totals.shift(1) + adds)).iloc[1:]

"""Shares computed from the WITS 2020 commodity table (data/sanctions/wits_commodity_trade_2020_all_countries.csv).

The table is long: one row per reporter (``iso3``) and ``variable`` (``exp_potas``, ``goods_exports``, ...),
values in thousand US$. It is reporter-based, so a "world" total is the sum over the countries that reported.
A reporter that appears twice for the same variable (the source has two blocks coded NGA) makes any share
ambiguous: the functions below refuse to guess and raise instead.
"""

from __future__ import annotations

import pandas as pd


def _check_unique(rows: pd.DataFrame, what: str) -> None:
    doubled = sorted(rows.loc[rows["iso3"].duplicated(), "iso3"].unique())
    if doubled:
        raise ValueError(f"{what}: reporter(s) {doubled} appear more than once; shares would be ambiguous")


def value_of(wits: pd.DataFrame, iso3: str, variable: str) -> float:
    """The one value (thousand US$) of ``variable`` for reporter ``iso3``; error if absent or repeated."""
    rows = wits[(wits["iso3"] == iso3) & (wits["variable"] == variable)]
    if len(rows) != 1:
        raise ValueError(f"{iso3} {variable}: expected exactly one row, found {len(rows)}")
    return float(rows["value_thousand_usd"].iloc[0])


def export_shares(wits: pd.DataFrame, iso3: str, variables: list[str],
                  total: str = "goods_exports") -> pd.DataFrame:
    """Each product's share (%) of a reporter's total goods exports, largest first.

    Columns: variable, product, value_thousand_usd, total_thousand_usd, share_pct.
    """
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
    return out.sort_values(["share_pct", "variable"], ascending=[False, True]).reset_index(drop=True)


def world_shares(wits: pd.DataFrame, variable: str) -> pd.DataFrame:
    """Each reporter's share (%) of the sum over all reporters of ``variable``, largest first.

    Columns: iso3, value_thousand_usd, share_pct, rank (1 = largest). The denominator is the sum over
    reporters, not a true world total: countries that did not report are missing.
    """
    rows = wits.loc[wits["variable"] == variable, ["iso3", "value_thousand_usd"]]
    if rows.empty:
        raise ValueError(f"no rows for {variable}")
    _check_unique(rows, variable)
    total = rows["value_thousand_usd"].sum()
    out = rows.assign(share_pct=100 * rows["value_thousand_usd"] / total)
    out = out.sort_values(["value_thousand_usd", "iso3"], ascending=[False, True]).reset_index(drop=True)
    out["rank"] = range(1, len(out) + 1)
    return out

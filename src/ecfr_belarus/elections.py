"""Denominator arithmetic for official election and referendum results.

The same count of "yes" ballots is a different percentage of registered voters, of the voters who
took part (ballots cast) and of the valid votes. These helpers compute the shares from counts, so a
notebook can say which base each percentage uses, and check a published percentage against the
counts it should come from.

    >>> round(share(4_440_830, 5_359_403), 4)       # yes / participants, in percent
    82.8605
    >>> from ecfr_belarus.checks import rounds_to   # the project's one rounding rule
    >>> rounds_to(share(4_440_830, 5_359_403), "82.86")
    True

``constitutional_tests`` applies the two legal tests of a constitutional referendum in Belarus
(Electoral Code, Article 121): the vote counts only if more than half of the registered voters took
part, and amendments to the Constitution pass only if more than half of the registered voters voted
for them. Both are shares of registered voters, not of the voters who took part.
"""

from __future__ import annotations

import math

import pandas as pd

DENOMINATORS = ("registered_voters", "participants", "valid_votes")


def _check_count(name: str, value) -> float:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        raise ValueError(f"{name} is missing")
    value = float(value)
    if value < 0:
        raise ValueError(f"{name} is negative: {value}")
    return value


def counts_from(results: pd.DataFrame, source_id: str) -> dict[str, int]:
    """The counts (unit "persons") one source published, by measure.

    For example ``{"yes_votes": 4440830, ...}``.

    ``results`` is a long table with ``source_id``, ``measure``, ``unit`` and ``value`` columns,
    such as ``load("referendum_2022_national")``. A measure given twice by the same source is an
    error, not a choice.
    """
    rows = results[(results["source_id"] == source_id) & (results["unit"] == "persons")]
    if rows.empty:
        raise ValueError(f"no counts from source {source_id!r}")
    twice = sorted(rows.loc[rows["measure"].duplicated(), "measure"])
    if twice:
        raise ValueError(f"source {source_id!r} gives {twice} more than once")
    return {m: int(v) for m, v in zip(rows["measure"], rows["value"])}


def share(part, whole) -> float:
    """``part`` as a percentage of ``whole`` (0-100).

    Both must be non-negative and ``part <= whole``.
    """
    part = _check_count("part", part)
    whole = _check_count("whole", whole)
    if whole == 0:
        raise ValueError("whole is zero: a share of nothing is undefined")
    if part > whole:
        raise ValueError(f"part ({part:g}) is larger than whole ({whole:g}): not a share")
    return 100.0 * part / whole


def shares_by_denominator(count, denominators: dict) -> pd.DataFrame:
    """One count as a share of several bases.

    ``denominators`` maps a base name (e.g. "participants") to its count. Returns a DataFrame with
    columns ``denominator``, ``denominator_count``, ``count`` and ``share_pct``, in the order given.
    """
    if not denominators:
        raise ValueError("give at least one denominator")
    rows = [
        {"denominator": name, "denominator_count": whole, "count": count,
         "share_pct": share(count, whole)}
        for name, whole in denominators.items()
    ]
    return pd.DataFrame(rows)


def constitutional_tests(registered, participants, yes) -> pd.DataFrame:
    """The two legal tests of a constitutional referendum (Electoral Code, Art. 121).

    Each test is "more than half of the registered voters": ``participants`` for the vote to be
    valid, ``yes`` for the amendments to pass. Returns one row per test with the count, its share of
    registered voters, the smallest count that is more than half (``registered // 2 + 1``), the
    margin over it (negative if short) and ``passes``.
    """
    registered = _check_count("registered", registered)
    rows = []
    for test, count in (("valid: more than half of registered voters took part", participants),
                        ("adopted: more than half of registered voters voted yes", yes)):
        count = _check_count(test, count)
        if count > registered:
            raise ValueError(f"{test}: count {count:g} exceeds registered voters {registered:g}")
        needed = int(registered) // 2 + 1
        rows.append({"test": test, "count": int(count),
                     "share_of_registered_pct": share(count, registered), "needed": needed,
                     "margin": int(count) - needed, "passes": count > registered / 2})
    return pd.DataFrame(rows)

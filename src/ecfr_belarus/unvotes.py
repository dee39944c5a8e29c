"""UN General Assembly recorded votes: tallies and a pairwise voting-agreement index.

Input is the *wide* vote table (``unga_recorded_votes_2010_2025_wide``): one row per resolution, one
column per member state (ISO3 code), each cell one of

    Y  yes          N  no          A  abstain          X  non-voting (absent or did not take part)
    NA not listed (not a UN member at the time)

Agreement index (``method="exact"``, the default)
    For a state *s* and a reference state *r* (e.g. Russia), over a set of resolutions:

        agreement(s, r) = (resolutions where s and r cast the same vote)
                          / (resolutions where both s and r cast Y, N or A)

    * Only votes actually cast count: Y, N and A. A resolution on which either state is ``X``
      (absent/non-voting) or not listed is left out of both numerator and denominator; absence is
      not read as agreement or disagreement.
    * An abstention is a vote: A-A agrees; A against Y or N disagrees.

Variant (``method="half"``): abstention as half-agreement
    Same resolutions counted; Y-Y, N-N, A-A score 1, Y-N scores 0, and A against Y or N scores 0.5
    (the scoring of Lijphart's index of agreement). It reads an abstention as standing between yes
    and no.

Both are returned in percent (0-100) with ``n_votes``, the number of resolutions counted. Everything
is vectorised over the table (no loops over rows). Caveat for any reader: the index depends on which
resolutions reach a recorded vote, and recorded votes over-represent contested topics (Middle East,
disarmament, human rights); most GA resolutions are adopted without a vote and never enter it.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

CAST = ("Y", "N", "A")
CODES = ("Y", "N", "A", "X")
METHODS = ("exact", "half")


def state_columns(wide: pd.DataFrame) -> list[str]:
    """The member-state columns of the wide table (three-letter upper-case ISO3 codes)."""
    return [c for c in wide.columns if len(c) == 3 and c.isalpha() and c.isupper()]


def _check_codes(votes: pd.DataFrame) -> None:
    seen = set(pd.unique(votes.to_numpy().ravel()))
    bad = sorted(str(v) for v in seen if not (pd.isna(v) or v in CODES))
    if bad:
        raise ValueError(f"unknown vote codes {bad}; expected {CODES} or missing")


def agreement(wide: pd.DataFrame, reference: str, states: Sequence[str] | None = None,
              by: str | pd.Series | None = None, method: str = "exact") -> pd.DataFrame:
    """Voting agreement of each state in ``states`` with ``reference``, overall or per group.

    ``by``: a column of ``wide`` (e.g. ``"year"``) or a Series aligned with it; None = all rows.
    Returns a long DataFrame: [by,] ``state``, ``agreement`` (percent, NaN when ``n_votes`` is 0),
    ``n_votes``; sorted by group and then by state in the order given.
    """
    if method not in METHODS:
        raise ValueError(f"method must be one of {METHODS}, not {method!r}")
    states = list(states) if states is not None else [c for c in state_columns(wide) if c != reference]
    missing = [c for c in [reference, *states] if c not in wide.columns]
    if missing:
        raise KeyError(f"no vote column for {missing}")
    _check_codes(wide[[reference, *states]])
    votes = wide[states].astype(object).fillna("")  # "" = not listed; never counted
    ref = wide[reference].astype(object).fillna("")

    counted = votes.isin(CAST) & ref.isin(CAST).to_numpy()[:, None]
    score = votes.eq(ref, axis=0).astype(float)
    if method == "half":
        one_abstains = votes.eq("A") ^ ref.eq("A").to_numpy()[:, None]
        score = score.mask(one_abstains, 0.5)
    score = score.where(counted, 0.0)

    if by is None:
        keys = pd.Series("all", index=wide.index, name="_all")
    elif isinstance(by, str):
        keys = wide[by]
    else:
        keys = pd.Series(by, index=wide.index)
    name = keys.name if keys.name is not None else "group"
    hits = score.groupby(keys.to_numpy()).sum()
    n = counted.astype(int).groupby(keys.to_numpy()).sum()

    out = pd.DataFrame({
        name: n.index.repeat(len(states)),
        "state": list(states) * len(n.index),
        "agreement": (100 * hits / n.where(n > 0)).to_numpy().ravel(),
        "n_votes": n.to_numpy().ravel().astype("int64"),
    })
    if by is None:
        out = out.drop(columns=name)
    return out.reset_index(drop=True)


def tally(wide: pd.DataFrame, states: Sequence[str] | None = None) -> pd.DataFrame:
    """Count Y, N, A and X per resolution (row) over the state columns; NA (not listed) is not counted.

    Returns a DataFrame with the index of ``wide`` and columns ``yes``, ``no``, ``abstain``,
    ``non_voting``, ``listed``.
    """
    votes = wide[list(states) if states is not None else state_columns(wide)]
    _check_codes(votes)
    listed = votes.notna().sum(axis=1)
    votes = votes.astype(object).fillna("")
    out = pd.DataFrame({label: votes.eq(code).sum(axis=1)
                        for label, code in zip(("yes", "no", "abstain", "non_voting"), CODES)})
    out["listed"] = listed
    return out

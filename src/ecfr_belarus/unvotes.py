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

Variant (``method="yes_no"``): the US State Department's voting coincidence
    Only resolutions on which both states voted yes or no are counted; abstentions and absences are
    left out. Coincidence = identical votes / (identical + opposite votes), as in the State
    Department's annual report to Congress "Voting Practices in the United Nations".

Also here: a bootstrap over resolutions (``bootstrap_agreement``, ``rank_summary``) for an
interval on a level or a rank; the median member (``median_gap``); and a topic rule on resolution
titles and agenda subjects (``TOPIC_RULES``, ``topic_of``).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

CAST = ("Y", "N", "A")
CODES = ("Y", "N", "A", "X")
METHODS = ("exact", "half", "yes_no")


def state_columns(wide: pd.DataFrame) -> list[str]:
    """The member-state columns of the wide table (three-letter upper-case ISO3 codes)."""
    return [c for c in wide.columns if len(c) == 3 and c.isalpha() and c.isupper()]


def _check_codes(votes: pd.DataFrame) -> None:
    seen = set(pd.unique(votes.to_numpy().ravel()))
    bad = sorted(str(v) for v in seen if not (pd.isna(v) or v in CODES))
    if bad:
        raise ValueError(f"unknown vote codes {bad}; expected {CODES} or missing")


def scores(wide: pd.DataFrame, reference: str, states: Sequence[str],
           method: str = "exact") -> tuple[pd.DataFrame, pd.DataFrame]:
    """Per resolution and state: the score (1 same, 0 different, 0.5 for "half" when one
    abstains) and whether the pair counts. Both DataFrames have the index of ``wide`` and one
    column per state."""
    if method not in METHODS:
        raise ValueError(f"method must be one of {METHODS}, not {method!r}")
    votes = wide[list(states)].astype(object).fillna("")  # "" = not listed; never counted
    ref = wide[reference].astype(object).fillna("")
    cast = ("Y", "N") if method == "yes_no" else CAST
    counted = votes.isin(cast) & ref.isin(cast).to_numpy()[:, None]
    score = votes.eq(ref, axis=0).astype(float)
    if method == "half":
        one_abstains = votes.eq("A") ^ ref.eq("A").to_numpy()[:, None]
        score = score.mask(one_abstains, 0.5)
    return score.where(counted, 0.0), counted


def agreement(wide: pd.DataFrame, reference: str, states: Sequence[str] | None = None,
              by: str | pd.Series | None = None, method: str = "exact") -> pd.DataFrame:
    """Voting agreement of each state in ``states`` with ``reference``, overall or per group.

    ``by``: a column of ``wide`` (e.g. ``"year"``) or a Series aligned with it; None = all rows.
    Returns a long DataFrame: [by,] ``state``, ``agreement`` (percent, NaN when ``n_votes`` is 0),
    ``n_votes``; sorted by group and then by state in the order given.
    """
    if method not in METHODS:
        raise ValueError(f"method must be one of {METHODS}, not {method!r}")
    if states is None:
        states = [c for c in state_columns(wide) if c != reference]
    states = list(states)
    missing = [c for c in [reference, *states] if c not in wide.columns]
    if missing:
        raise KeyError(f"no vote column for {missing}")
    _check_codes(wide[[reference, *states]])
    score, counted = scores(wide, reference, states, method)

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
    """Count Y, N, A and X per resolution (row) over the state columns; NA (not listed) is not
    counted.

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


# ---------------------------------------------------------------- intervals: resampling resolutions

def bootstrap_agreement(wide: pd.DataFrame, reference: str, states: Sequence[str] | None = None,
                        method: str = "exact", n_boot: int = 1000, seed: int = 0,
                        groups: pd.Series | None = None) -> pd.DataFrame:
    """Agreement with ``reference`` recomputed on ``n_boot`` resamples of the resolutions.

    Each resample draws as many resolutions (rows of ``wide``) as there are, with replacement
    (``numpy`` generator seeded with ``seed``, so the result is the same on every run). Returns one
    row per resample, one column per state, in percent. A resolution enters a resample with all its
    votes, so states are compared on the same draw. Caveat: resolutions that recur every year are
    not independent draws; the interval treats them as if they were and is, if anything, too
    narrow. ``groups`` (aligned with ``wide``, e.g. the title) resamples whole groups instead: each
    drawn group brings all its resolutions (a cluster bootstrap).
    """
    if states is None:
        states = [c for c in state_columns(wide) if c != reference]
    states = list(states)
    _check_codes(wide[[reference, *states]])
    score, counted = scores(wide, reference, states, method)
    rng = np.random.default_rng(seed)
    codes = (np.arange(len(wide)) if groups is None
             else pd.factorize(pd.Series(groups, index=wide.index))[0])
    n_groups = codes.max() + 1
    drawn = rng.multinomial(n_groups, np.full(n_groups, 1 / n_groups), size=n_boot).astype(float)
    weights = drawn[:, codes]  # each resolution weighs as often as its group was drawn
    hits = weights @ score.to_numpy()
    n = weights @ counted.to_numpy().astype(float)
    with np.errstate(invalid="ignore", divide="ignore"):
        values = np.where(n > 0, 100 * hits / n, np.nan)
    return pd.DataFrame(values, columns=states).rename_axis("resample")


def rank_summary(boot: pd.DataFrame, level: float = 0.95) -> pd.DataFrame:
    """Per state (column of ``boot``): the interval of its value and of its rank over the resamples.

    Rank 1 = highest value in a resample (ties share the better rank). Columns: ``value_lo``,
    ``value_hi`` (central ``level`` interval, percentile method), ``rank_lo``, ``rank_hi`` (the
    same for the rank, read as whole ranks), ``share_first`` (percent of resamples in which the
    state ranks first).
    """
    lo, hi = (1 - level) / 2, 1 - (1 - level) / 2
    ranks = boot.rank(axis=1, ascending=False, method="min")
    return pd.DataFrame({
        "value_lo": boot.quantile(lo),
        "value_hi": boot.quantile(hi),
        "rank_lo": ranks.quantile(lo, interpolation="lower").astype("Int64"),
        "rank_hi": ranks.quantile(hi, interpolation="higher").astype("Int64"),
        "share_first": 100 * ranks.eq(1).mean(),
    }).rename_axis("state")


def median_gap(values: pd.DataFrame, state: str) -> pd.Series:
    """``state``'s value minus the median of all columns (the median member, ``state`` included),
    per row.

    ``values``: one row per group (a year, a resample), one column per member state; NaN (no votes
    counted) is left out of the median.
    """
    return values[state] - values.median(axis=1)


# ---------------------------------------------------------------- topics: a written rule on titles

# First matching rule wins; each pattern is searched in the upper-cased "title | agenda" text of a
# resolution (the agenda field ends with the UN Library's subject headings, e.g. "DISARMAMENT").
TOPIC_RULES: list[tuple[str, str]] = [
    ("Ukraine", r"UKRAINE|CRIMEA|SEVASTOPOL|ZAPORIZHZHIA"),
    ("Israel and Palestine", r"PALESTIN|ISRAEL|GOLAN|UNRWA|JERUSALEM|MIDDLE EAST|NEAR EAST"),
    ("Human rights: country situations", r"SITUATION OF HUMAN RIGHTS|HUMAN RIGHTS SITUATION"),
    ("Disarmament and arms control", r"DISARMAMENT|NUCLEAR|WEAPON|\bARMS\b|MISSILE|OUTER SPACE|"
                                     r"NON-PROLIFERATION|\bMINES\b|MUNITION|ARMAMENT|"
                                     r"GENEVA PROTOCOL|BROKERING"),
    ("Decolonisation", r"DECOLONI|NON-SELF-GOVERNING|COLONIAL"),
    ("Human rights: thematic", r"HUMAN RIGHTS|RIGHTS OF|DISCRIMINATION|RACIS|RACIAL|"
                               r"DEATH PENALTY|TORTURE|SELF-DETERMINATION|MERCENAR|DEMOCRA"),
    ("Economy and development", r"EMBARGO|ECONOMIC|DEVELOPMENT|TRADE|DEBT|FINANC|COERCIVE"),
]
OTHER_TOPIC = "Other"


def topic_of(title: pd.Series, agenda: pd.Series | None = None) -> pd.Series:
    """The topic of each resolution by ``TOPIC_RULES`` (first match wins; no match: ``"Other"``)."""
    text = title.fillna("").astype(str)
    if agenda is not None:
        text = text + " | " + agenda.reindex(title.index).fillna("").astype(str)
    text = text.str.upper()
    out = pd.Series(OTHER_TOPIC, index=title.index, name="topic")
    undecided = pd.Series(True, index=title.index)
    for topic, pattern in TOPIC_RULES:
        hit = undecided & text.str.contains(pattern, regex=True)
        out[hit] = topic
        undecided &= ~hit
    return out


# ---------------------------------------------------------------- recurring titles, year on year

def title_key(title: pd.Series) -> pd.Series:
    """A key that groups the recorded votes on one recurring text: the UN record's title without
    its suffix (": resolution / adopted by ..."), lower-cased, without the word "the" and with
    every run of punctuation or spaces made one space, so that spelling variants of a yearly title
    ("Oceans and the law of the sea", "Oceans and law of the sea") fall together."""
    base = title.fillna("").astype(str).str.replace(r"\s*:\s*resolution.*$", "", regex=True)
    return (base.str.lower().str.replace(r"\bthe\b", " ", regex=True)
            .str.replace(r"[^a-z0-9]+", " ", regex=True).str.strip())


def vote_changes(wide: pd.DataFrame, key: pd.Series, year_a: int, year_b: int,
                 states: Sequence[str]) -> pd.DataFrame:
    """The texts voted in both ``year_a`` and ``year_b`` (same ``key``), with each state's vote in
    both years: one row per key, columns ``<state>_<year>``. A key voted more than once in a year
    is ambiguous and raises."""
    out = []
    for year in (year_a, year_b):
        part = wide.loc[wide["year"] == year, list(states)].assign(key=key[wide["year"] == year])
        if part["key"].duplicated().any():
            dup = sorted(part.loc[part["key"].duplicated(), "key"])
            raise ValueError(f"titles voted more than once in {year}: {dup[:3]}")
        out.append(part.set_index("key").add_suffix(f"_{year}"))
    return out[0].join(out[1], how="inner").sort_index()


def changed_cast_vote(pairs: pd.DataFrame, state: str, year_a: int, year_b: int) -> pd.Series:
    """Per row of ``vote_changes``: True where ``state`` cast a vote (Y/N/A) in both years and the
    two differ. A change to or from non-voting (X) is not a changed vote."""
    a, b = pairs[f"{state}_{year_a}"], pairs[f"{state}_{year_b}"]
    return a.isin(CAST) & b.isin(CAST) & a.ne(b)

"""Helpers for notebook 07, "four years on": the article's reading held against 2022-2026.

* ``combined_timeline`` puts notebook 03's timeline (Jan 2022 - Sep 2023) and the since-2022
  events (Apr 2022 - Feb 2026) on common lanes, keeping which file each event comes from (they
  overlap and were built independently, so an event can appear twice).
* ``parse_value`` reads a stated figure ("4.0", "16-18", "1/3") into a (low, high) pair, never a
  midpoint.
* ``conflicting_counts`` and ``count_ranges`` keep conflicting counts apart by source; a range is
  the lowest and highest figure stated, never an average.
* ``share_series`` gives each basis of "Russia's share" its own series key, so two bases are never
  joined.
* ``places_named`` matches the place names of the events with coordinates held in a data file,
  and lists the places that have none (they are not given invented coordinates).
* ``verdict`` applies the scorecard's rule, on the claims ledger's scale.
"""

from __future__ import annotations

import re

import pandas as pd

from .ledger import CAVEAT, CONFIRMED, DIFFERS, NO_SOURCE, PARTLY

# Lanes common to both timelines: notebook 03's categories and the since-2022 categories.
LANES = {
    "troops": "Russian troops, training", "training": "Russian troops, training",
    "logistics": "Russian troops, training", "withdrawal": "Russian troops, training",
    "missiles": "Strikes from Belarus", "drones": "Strikes from Belarus",
    "strike_from_belarus": "Strikes from Belarus",
    "airspace": "Airspace, border incidents", "airspace_incident": "Airspace, border incidents",
    "incident": "Airspace, border incidents",
    "weapons_transfer": "Weapons, nuclear", "nuclear": "Weapons, nuclear",
    "mercenaries": "Wagner", "wagner": "Wagner",
    "exercise": "Exercises",
    "diplomacy": "Treaties, statements", "rhetoric": "Treaties, statements",
    "treaty": "Treaties, statements",
    "statement": "Treaties, statements",
}
LANE_ORDER = ["Russian troops, training", "Strikes from Belarus", "Weapons, nuclear", "Wagner",
              "Exercises", "Airspace, border incidents", "Treaties, statements"]


def lane_of(category: str) -> str:
    """The common lane of a category from either timeline; an unknown category is an error."""
    try:
        return LANES[category]
    except KeyError:
        raise KeyError(f"category {category!r} has no lane; add it to since.LANES") from None


def combined_timeline(before: pd.DataFrame, after: pd.DataFrame,
                      labels: tuple[str, str] = ("notebook 03 timeline", "since-2022 events"),
                      ) -> pd.DataFrame:
    """Both timelines in one long table: date, lane, category, event, file (the file it is from)."""
    parts = []
    for df, label in zip((before, after), labels):
        part = df[["date", "category", "event"]].copy()
        part["date"] = pd.to_datetime(part["date"])
        part["lane"] = part["category"].map(lane_of)
        part["file"] = label
        parts.append(part)
    out = pd.concat(parts, ignore_index=True)
    return out.sort_values(["date", "file", "lane", "event"]).reset_index(drop=True)


_NUMBER = r"-?\d+(?:\.\d+)?"


def parse_value(text) -> tuple[float, float] | None:
    """A stated figure as (low, high): "4.0" -> (4.0, 4.0), "16-18" -> (16, 18), "1/3" -> (1/3, 1/3)

    Anything else (words, blanks) gives None: it stays text, never a guessed number.
    """
    if text is None or (isinstance(text, float) and pd.isna(text)) or text is pd.NA:
        return None
    s = str(text).strip().replace("\u2013", "-").replace(",", "")
    if re.fullmatch(_NUMBER, s):
        return float(s), float(s)
    m = re.fullmatch(rf"({_NUMBER})\s*-\s*({_NUMBER})", s)
    if m:
        low, high = float(m.group(1)), float(m.group(2))
        if low > high:
            raise ValueError(f"range {text!r} runs backwards")
        return low, high
    m = re.fullmatch(r"(\d+)\s*/\s*(\d+)", s)
    if m and int(m.group(2)) != 0:
        v = int(m.group(1)) / int(m.group(2))
        return v, v
    return None


# Conflicting counts: which rows of the military events count the same thing.
# Each topic: (pattern of the unit, pattern of events to leave out or None), case-insensitive.
# Left out: a count of a part that moved somewhere (Morawiecki's "more than 100 ... towards the
# Suwalki Gap") is not a count of the force in Belarus.
COUNT_TOPICS = {
    "Russian troops in Belarus":
        (r"^Russian (?:troops in Belarus|servicemen|soldiers|troops before the rotation)$", None),
    "Wagner fighters in Belarus": (r"^Wagner fighters", r"moved towards"),
    "Russian nuclear warheads in Belarus": (r"nuclear warheads", None),
}


def conflicting_counts(events: pd.DataFrame, topics: dict = COUNT_TOPICS) -> pd.DataFrame:
    """The military events that give a number for each topic, one row per source and date."""
    rows = []
    for topic, (unit_pattern, leave_out) in topics.items():
        hit = events["unit"].fillna("").str.contains(unit_pattern, case=False, regex=True)
        if leave_out:
            hit &= ~events["event"].str.contains(leave_out, case=False, regex=True)
        rows.append(events[hit & events["value"].notna()].assign(topic=topic))
    cols = ["topic", "date", "value", "unit", "value_qualifier", "estimated_by", "publisher",
            "source_url"]
    out = pd.concat(rows, ignore_index=True)[cols]
    return out.sort_values(["topic", "date", "value"]).reset_index(drop=True)


# Figures the military events state in their event text or note rather than in the value column.
# Each entry: (date of the row, topic, a passage copied verbatim from that row's event, note or
# quote, who stated the figure, qualifier, what the figure refers to). The number itself is read
# from the passage by ``figure_in`` below, never typed here. Left out on purpose: Verstka's "camp
# for 8,000" (a capacity), Lukashenka's "10-15 thousand" (what he would not demand), Zelensky's
# "100-150 thousand" (a plan he alleged), Zapad-2025's 13,000 (exercise, both armies), Hajun's
# 15,000 (trained over nine months), UK DI's 1,000 redeployed (a part that moved).
NOTED_FIGURES = [
    ("2023-01-25", "Russian troops in Belarus", "about 9,000 on 30 Jan 2023",
     "State Border Guard Service of Ukraine", "about", "30 Jan 2023"),
    ("2023-04-05", "Russian troops in Belarus", "reached a maximum of 12,000",
     "State Border Guard Service of Ukraine (TVP summary)", "up_to", "peak, 2022"),
    ("2023-04-05", "Russian troops in Belarus", "later 10,000",
     "State Border Guard Service of Ukraine (TVP summary)", "about", "after the peak"),
    ("2023-05-01", "Russian troops in Belarus", "down from about 10-11 thousand earlier",
     "State Border Guard Service of Ukraine", "about", "earlier peak"),
    ("2023-08-01", "Wagner fighters in Belarus", "up to 10,000 (Wagner channel)",
     "Wagner-linked Telegram channel", "claim", "summer 2023"),
    ("2023-08-01", "Wagner fighters in Belarus", "Hajun counted 2,000-2,500 by 19 Jul",
     "Belarusian Hajun", "estimate", "by 19 Jul 2023"),
    ("2023-09-18", "Wagner fighters in Belarus", "after a peak of 'around 6,000'",
     "State Border Guard Service of Ukraine", "about", "peak, summer 2023"),
    ("2023-09-18", "Wagner fighters in Belarus", "'no more than 1,000'",
     "State Border Guard Service of Ukraine", "up_to", "after the peak"),
    ("2023-09-18", "Wagner fighters in Belarus", "remaining Wagner force at 2,500 on 8 Sep",
     "iStories", "estimate", "8 Sep 2023"),
    ("2024-02-04", "Wagner fighters in Belarus", "down from about 8,000 in summer 2023",
     "UK Defence Intelligence", "about", "peak, summer 2023"),
]

_FIGURE = re.compile(r"(\d{1,3}(?:,\d{3})+|\d+)(?:\s*-\s*(\d{1,3}(?:,\d{3})+|\d+))?(\s*thousand)?")


def figure_in(passage: str) -> tuple[int, int]:
    """The first figure in a passage as (low, high): "about 8,000" -> (8000, 8000),
    "10-11 thousand" -> (10000, 11000), "2,000-2,500" -> (2000, 2500). Dates are not figures:
    the passage must start its first number with the figure."""
    m = _FIGURE.search(passage)
    if m is None:
        raise ValueError(f"no figure in {passage!r}")
    factor = 1000 if m.group(3) else 1
    low = int(m.group(1).replace(",", "")) * factor
    high = int((m.group(2) or m.group(1)).replace(",", "")) * factor
    return low, high


def noted_figures(events: pd.DataFrame, noted: list = NOTED_FIGURES) -> pd.DataFrame:
    """The figures of ``NOTED_FIGURES``, each checked to stand verbatim in its row's text."""
    rows = []
    dates = pd.to_datetime(events["date"]).dt.strftime("%Y-%m-%d")
    text = events["event"].fillna("") + " " + events["note"].fillna("") + " " + \
        events["quote"].fillna("")
    for day, topic, passage, who, qualifier, refers_to in noted:
        hit = events[(dates == day) & text.str.contains(passage, regex=False)]
        if hit.empty:
            raise ValueError(f"{passage!r} is not in the text of any row dated {day}")
        low, high = figure_in(passage)
        rows.append({"topic": topic, "date": hit["date"].iloc[0], "value": low, "high": high,
                     "unit": "people", "value_qualifier": qualifier, "estimated_by": who,
                     "publisher": hit["publisher"].iloc[0], "source_url": hit["source_url"].iloc[0],
                     "found_in": "event text or note", "passage": passage,
                     "refers_to": refers_to})
    return pd.DataFrame(rows)


def all_stated_figures(events: pd.DataFrame) -> pd.DataFrame:
    """The value column's figures and the figures stated in event texts and notes, in one table
    (``found_in`` says which); ``value`` is the low end, ``high`` the high end of a range."""
    counts = conflicting_counts(events).assign(found_in="value column", passage="",
                                              refers_to="date of the statement")
    counts["high"] = counts["value"]
    out = pd.concat([counts, noted_figures(events)], ignore_index=True)
    out["value"] = out["value"].astype(int)
    out["high"] = out["high"].astype(int)
    return out.sort_values(["topic", "value", "date"]).reset_index(drop=True)


def count_ranges(counts: pd.DataFrame) -> pd.DataFrame:
    """Per topic: lowest and highest stated figure, who stated each, how many. No average.

    With a ``high`` column (ranges such as "10-11 thousand") the highest figure is the highest
    upper end."""
    out = []
    for topic, part in counts.groupby("topic", sort=False):
        top = part["high"] if "high" in part else part["value"]
        low = part.loc[part["value"].idxmin()]
        high = part.loc[top.idxmax()]
        out.append({"topic": topic, "figures": len(part), "sources": part["estimated_by"].nunique(),
                    "lowest": int(low["value"]), "lowest_by": low["estimated_by"],
                    "lowest_qualifier": low["value_qualifier"],
                    "highest": int(top.max()), "highest_by": high["estimated_by"],
                    "highest_qualifier": high["value_qualifier"]})
    return pd.DataFrame(out)


_PERIOD = re.compile(r"\s*\((?:Jan|H1|start|summer|Jan-[A-Z][a-z]{2})[^)]*\)\s*$")


def share_series(econ: pd.DataFrame, partner: str = "Russia") -> pd.DataFrame:
    """Rows giving a partner's percentage share of Belarus's trade, each with a ``series`` key.

    The key is the concept measured (the indicator without its part-year label) plus the basis
    (whose number): two rows join one series only if both are the same. Across bases there is no
    series to join: Belstat stopped publishing its partner breakdown after 2021.
    """
    is_share = (econ["indicator"].str.startswith(f"{partner} share")
                & econ["unit"].eq("%"))
    rows = econ[is_share].copy()
    rows["concept"] = rows["indicator"].str.replace(_PERIOD, "", regex=True)
    rows["series"] = rows["concept"] + " | " + rows["basis"]
    bounds = rows["value"].map(lambda v: parse_value(v) or (float("nan"), float("nan")))
    rows["low"] = bounds.str[0]
    rows["high"] = bounds.str[1]
    return rows.sort_values(["year", "series"]).reset_index(drop=True)


_COMPARATOR = re.compile(r"(?P<period>[^;]*?)\s*comparator (?P<value>\d+(?:\.\d+)?)%")


def stated_comparators(shares: pd.DataFrame) -> pd.DataFrame:
    """Earlier figures that a source gives on its own basis ("Jan-Sep 2021 comparator 41%" in the
    basis text) as rows of the same series, so a before/after pair stays on one basis."""
    rows = []
    for r in shares.itertuples():
        m = _COMPARATOR.search(r.basis)
        if m is None:
            continue
        period = m.group("period").strip()
        year = re.search(r"20\d\d", period).group(0)
        rows.append({**r._asdict(), "year": year, "value": m.group("value"),
                     "low": float(m.group("value")), "high": float(m.group("value")),
                     "indicator": r.indicator.replace(r.year, year),
                     "value_qualifier": r.value_qualifier, "comparator_of": r.year,
                     "period": period})
    out = pd.DataFrame(rows)
    return out.drop(columns=["Index"]) if "Index" in out else out


def places_named(texts: pd.Series, gazetteer: dict[str, str | None],
                 coords: pd.DataFrame) -> pd.DataFrame:
    """Which places the texts name, how often, and their coordinates where a data file holds them.

    ``gazetteer`` maps a spelling found in the texts to a ``name_ne`` of ``coords`` (columns
    ``name_ne``, ``longitude``, ``latitude``), or to None when no data file holds the place: it
    then keeps NaN coordinates and is listed, not placed.
    """
    rows = []
    index = coords.set_index("name_ne")
    for spelling, key in gazetteer.items():
        mentions = int(texts.str.contains(spelling, case=False, regex=False).sum())
        if not mentions:
            continue
        lon = index.loc[key, "longitude"] if key is not None else float("nan")
        lat = index.loc[key, "latitude"] if key is not None else float("nan")
        rows.append({"place": spelling, "data_name": key, "mentions": mentions,
                     "longitude": lon, "latitude": lat})
    return pd.DataFrame(rows, columns=["place", "data_name", "mentions", "longitude", "latitude"])


# Something crossing from Belarus into a neighbour's airspace or territory: "crosses", "crossed",
# "enters", "violate", or a crash "inside" the neighbour. "Crossings" (border checkpoints) and
# "entering Belarus" are not crossings out of Belarus.
CROSSED = r"\bcross(?:es|ed)?\b|\benters?\b|violat|\bcrash(?:es|ed)?\b[^.;]*\binside\b"


def crossed_from_belarus(events: pd.Series) -> pd.Series:
    """True where an event text describes something crossing from Belarus into a neighbour."""
    return events.str.contains(CROSSED, case=False, regex=True) & ~events.str.contains(
        "entering Belarus", case=False, regex=False)


VERDICT_RULE = (
    "Each forward-looking statement is reduced to a test the data can run. "
    "How a statement is read: (a) a present-tense 'not yet' is scored on whether it still held at "
    "the end of the data; (b) a conditional ('would', 'when ... begins', 'after stepping down') "
    "whose condition has not arisen is open; (c) a statement of motive or intent is scored on an "
    "observable act it names, and is open when the only observable facts fit it and its opposite "
    "alike; (d) an event known only from a party's own claim or official statistics carries a "
    "caveat. "
    "No data reach the test, or the condition it needs has not arisen by February 2026: "
    "'no independent source found'. The test fails: 'differs'. It holds for one part of the "
    "statement but the other part fails or cannot be tested: 'partly confirmed'. It holds, but the "
    "evidence is an official result of an unfree vote, a claim of a party, a floor or a poll of a "
    "narrow population, or the statement's time frame runs beyond the data: 'confirmed with a "
    "caveat'. It holds with none of these: 'confirmed'."
)


def verdict(holds: bool | None, caveat: str | None = None, partial: str | None = None) -> str:
    """The scorecard verdict on the ledger's scale (see ``VERDICT_RULE``).

    ``holds`` is None when the data cannot run the test. A failing test is "differs" whatever the
    caveat.
    """
    if holds is None:
        return NO_SOURCE
    if not holds:
        return DIFFERS
    if partial:
        return PARTLY
    return CAVEAT if caveat else CONFIRMED

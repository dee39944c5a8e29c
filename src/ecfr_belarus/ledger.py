"""The claims ledger: the verdict rules and the generic checks. The claims live in the data.

Everything about a particular claim is in ``data/article/``: the article's words, the claimed value
and date (``claims.csv``, ``claims_additional.csv``), and every editorial judgement
(``claims_review.csv``: how the article words the value, which check applies and its parameters,
the caveat or the partial confirmation and its reason, the theme notebook and section heading, the
first edition's verdict); primary sources are in ``primary_sources.csv``. This module holds no
claim: only the verdict scale, its written rules, and checks that read the claimed value from the
claims data and the independent value from the repository's tables.

The three bases of a verdict, from strongest to weakest:

* ``RECOMPUTED``: the independent value is computed here from data in the repository (a count of
  recorded votes, a share of official counts, the first reading of a UNHCR series). Change the
  data, the verdict follows.
* ``MATCHED``: the claim is matched to a sourced record in the repository (a timeline row, a
  transcribed estimate, count or poll figure, each with its own source URL). Change the record,
  the verdict follows.
* ``DOCUMENTED``: a cited source only (a web page named in the claims data, with what it states).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from .checks import rounds_to
from .elections import counts_from, share

CONFIRMED = "confirmed"
CAVEAT = "confirmed with a caveat"
PARTLY = "partly confirmed"
DIFFERS = "differs"
NO_SOURCE = "no independent source found"
NOT_CHECKED = "not checked"

VERDICTS = (CONFIRMED, CAVEAT, PARTLY, DIFFERS, NO_SOURCE, NOT_CHECKED)
CONFIRMING = (CONFIRMED, CAVEAT)

RECOMPUTED = "recomputed from repo data"
MATCHED = "matched to a sourced record in the repo"
DOCUMENTED = "documented by a cited source only"
NO_BASIS = "none"
BASES = (RECOMPUTED, MATCHED, DOCUMENTED, NO_BASIS)

DATE_WINDOW_DAYS = 7

VERDICT_RULES = {
    CONFIRMED: (
        "An independent source gives the same value at the precision the article uses "
        "(78.63 -> 78.6), or the same event on the same date, with no qualification a reader needs."
    ),
    CAVEAT: (
        "The value or event matches, but the source qualifies it in a way a reader should know: an "
        "estimate or a lower bound stated as a fact, a narrower population, a date of decision "
        "given as the date of effect, readings of different days, words checkable only in a copy "
        "or a translation."
    ),
    PARTLY: (
        "The occasion is confirmed but the claim's core element is not as the article states it: "
        "a wrong actor or subject, a wording that widens or changes what the source says (or takes "
        "it out of its context), or a core element that no source confirms."
    ),
    DIFFERS: (
        "An independent source gives a different value at the article's precision, or the same "
        f"event on another date within {DATE_WINDOW_DAYS} days of the claimed one (both dates are "
        "shown)."
    ),
    NO_SOURCE: (
        "No independent source for the value or event was found, in this repository or in the "
        f"sources consulted (for a dated event: nothing matching within {DATE_WINDOW_DAYS} days of "
        "the date)."
    ),
    NOT_CHECKED: "Qualitative context, not checked against a source.",
}

# The written rule on actors and wording, applied to every claim through the 'partly' column of
# claims_review.csv.
WORDING_RULE = (
    "A claim whose numbers and date match but which names the wrong actor or subject, widens or "
    "changes the source's words, or takes them out of their context is 'partly confirmed', never "
    "'confirmed with a caveat': who acted and what was said are the core of such a claim. One "
    "exception, the same actor under another name: a state named for its government or regime "
    "(the Council's 'Belarus' for 'the Lukashenka regime'), or a ruler named for an official body "
    "of his regime (Lukashenka for his Central Election Commission), is a caveat. Another state or "
    "another body outside the regime (Moscow for Minsk; 'Western' for 'American') is a wrong "
    "actor. An evaluative phrase that is the claim's point and that no source states ('fell on "
    "deaf ears', 'multi-layered defence') is a core element no source confirms. A caveat is kept "
    "for qualifications that leave the claim's core intact."
)

BASIS_RULES = {
    RECOMPUTED: "The independent value is computed in src/ecfr_belarus/ledger.py from repo data.",
    MATCHED: "The claim is matched, by value or by a dated text pattern, to a sourced record in "
    "the repository.",
    DOCUMENTED: "A source cited in the claims data (a URL with what it states); nothing in the "
    "repository's tables.",
    NO_BASIS: "No source.",
}

# Status recorded for a cited source (claims.csv vocabulary) -> result of the check.
STATUS_RESULT = {
    "verified": "match",
    "partially_verified": "match",
    "approximately_consistent": "match",
    "consistent_derived": "match",
    "not_verified": "missing",
    "not_checked": "unchecked",
}
# A documented source that contradicts the claim: the review's 'contradicted' column gives the
# reason, and the check's result is a mismatch ("differs"), whatever the status recorded.
CONTRADICTED = "mismatch"
# Statuses that say the source itself qualifies the claim: the review must then give the reason.
STATUS_NEEDS = {
    "partially_verified": "partly",
    "approximately_consistent": "caveat",
    "consistent_derived": "caveat",
}


@dataclass
class Outcome:
    """What a check found: result (match, mismatch, missing, unchecked), the independent value,
    its source."""

    result: str
    value: str = ""
    title: str = ""
    url: str = ""
    basis: str = MATCHED


def verdict(result: str, caveat: str = "", partly: str = "") -> str:
    """The verdict from a check's result and the review's reasons. A reason never rescues a
    mismatch."""
    if result == "missing":
        return NO_SOURCE
    if result == "unchecked":
        return NOT_CHECKED
    if result == "mismatch":
        return DIFFERS
    if result != "match":
        raise ValueError(f"unknown check result {result!r}")
    if partly:
        return PARTLY
    return CAVEAT if caveat else CONFIRMED


# ---------------------------------------------------------------- reading the claims data


def text(value) -> str:
    return (
        ""
        if value is None or (not isinstance(value, str) and pd.isna(value))
        else str(value).strip()
    )


def parse_params(spec) -> dict[str, str]:
    """'table=x; pattern=a|b' -> {'table': 'x', 'pattern': 'a|b'}."""
    out = {}
    for part in filter(None, (p.strip() for p in text(spec).split(";"))):
        key, _, value = part.partition("=")
        out[key.strip()] = value.strip()
    return out


def claimed_numbers(value) -> list[str]:
    """The figures of a claimed value as printed: '70 of 480' -> ['70', '480']; '30000' ->
    ['30000']."""
    return re.findall(r"\d[\d,]*(?:\.\d+)?", text(value))


def date_interval(spec) -> tuple[pd.Timestamp, pd.Timestamp] | None:
    """The days a claimed date covers: '2022-03-02' one day, '2022-02' the month, 'a/b' from a to b,
    '2022-02-27 onward' from that day; None if no date is given."""
    spec = text(spec).replace(" onward", "")
    if not spec:
        return None
    start, _, end = spec.partition("/")
    end = end or start

    def bounds(s: str) -> tuple[pd.Timestamp, pd.Timestamp]:
        period = pd.Period(s, freq={1: "Y", 2: "M", 3: "D"}[len(s.split("-"))])
        return period.start_time.normalize(), period.end_time.normalize()

    return bounds(start)[0], bounds(end)[1]


def as_dates(values: pd.Series) -> pd.Series:
    """Dates of a column that may hold text of mixed precision ('2022-02-03', '2023-09')."""
    if pd.api.types.is_datetime64_any_dtype(values):
        return values
    return pd.to_datetime(values.astype("string"), format="ISO8601", errors="coerce")


def dated_rows(df: pd.DataFrame, column: str, claimed_date) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Rows dated within the claimed date, and rows within ``DATE_WINDOW_DAYS`` of it but not on
    it."""
    interval = date_interval(claimed_date)
    if interval is None:
        raise ValueError("a dated check needs a claimed date")
    dates = as_dates(df[column])
    window = pd.Timedelta(days=DATE_WINDOW_DAYS)
    on = dates.between(*interval)
    near = dates.between(interval[0] - window, interval[1] + window) & ~on
    return df[on], df[near]


def _first(rows: pd.DataFrame, column: str) -> str:
    if column not in rows.columns or not len(rows):
        return ""
    return text(rows[column].iloc[0])


def _source(rows: pd.DataFrame) -> tuple[str, str]:
    publisher = _first(rows, "publisher") or _first(rows, "source_publisher")
    title = _first(rows, "source_title")
    title = f"{title} ({publisher})" if title and publisher else (title or publisher)
    return title, _first(rows, "source_url").split(" ; ")[0]


def _dates(rows: pd.DataFrame, column: str) -> str:
    return ", ".join(sorted(as_dates(rows[column]).dt.strftime("%Y-%m-%d").unique()))


# ---------------------------------------------------------------- generic checks
# Each takes (claim, params, data) and returns an Outcome. ``claim`` is one row of the merged
# claims data.


def check_un_vote_count(claim: pd.Series, p: dict, data: dict) -> Outcome:
    """Count the states recording ``vote`` on ``resolution``; the claimed count must match and
    include ``includes``."""
    votes = data["unga_votes_ukraine_resolutions"]
    rows = votes[votes["resolution"] == p["resolution"]]
    if rows.empty:
        return Outcome("missing", basis=RECOMPUTED)
    chosen = rows[rows["ms_vote"] == p["vote"]].sort_values("ms_code")
    tally = rows["ms_vote"].value_counts()
    ok = rounds_to(len(chosen), claimed_numbers(claim["value"])[0]) and p.get(
        "includes", ""
    ) in set(chosen["ms_code"]) | {""}
    words = {"Y": "in favour", "N": "against", "A": "abstaining", "X": "not voting"}
    others = ", ".join(
        f"{tally.get(code, 0)} {word}" for code, word in words.items() if code != p["vote"]
    )
    value = f"{len(chosen)} {words[p['vote']]} ({', '.join(chosen['ms_code'])}); {others}"
    return Outcome(
        "match" if ok else "mismatch",
        value,
        f"UN Digital Library voting record, {p['resolution']}",
        f"https://digitallibrary.un.org/record/{rows['undl_id'].iloc[0]}",
        RECOMPUTED,
    )


def referendum_final(national: pd.DataFrame) -> dict[str, float]:
    """Final CEC counts (persons) of the 2022 referendum, from the CEC's own communiqué."""
    return counts_from(national, "CEC_SITE_FINAL")


def referendum_shares(national: pd.DataFrame) -> dict[str, float]:
    """Turnout (% of registered) and yes/no/invalid (% of participants), computed from the
    counts."""
    c = referendum_final(national)
    invalid = c["participants"] - c["yes_votes"] - c["no_votes"]
    return {
        "turnout": share(c["participants"], c["registered_voters"]),
        "yes": share(c["yes_votes"], c["participants"]),
        "no": share(c["no_votes"], c["participants"]),
        "invalid": share(invalid, c["participants"]),
    }


def check_referendum_share(claim: pd.Series, p: dict, data: dict) -> Outcome:
    national = data["referendum_2022_national"]
    value = referendum_shares(national)[p["share"]]
    base = "registered voters" if p["share"] == "turnout" else "participants"
    ok = rounds_to(value, claimed_numbers(claim["value"])[0], zeros_significant=False)
    title = "Belarus Central Election Commission (CEC): communiqué on the final referendum results"
    url = _first(national[national["source_id"] == "CEC_SITE_FINAL"], "source_url")
    return Outcome(
        "match" if ok else "mismatch",
        f"{value:.2f}% of {base} (official CEC counts)",
        title,
        url,
        RECOMPUTED,
    )


def check_estimate(claim: pd.Series, p: dict, data: dict) -> Outcome:
    """The published estimate nearest the claimed date (within the window) must round to the
    claimed figure."""
    df = data[p["table"]]
    df = df[df["subject"] == p["subject"]]
    on, near = dated_rows(df, "date", claim["date"])
    rows = pd.concat([on, near])
    if rows.empty:
        return Outcome("missing")
    centre = date_interval(claim["date"])[0]
    rows = rows.assign(gap=(as_dates(rows["date"]) - centre).abs()).sort_values(["gap", "date"])
    value = rows["value"].iloc[0]
    ok = rounds_to(value, claimed_numbers(claim["value"])[0], zeros_significant=False)
    title, url = _source(rows.head(1))
    return Outcome(
        "match" if ok else "mismatch",
        f"{value:,.0f} ({_first(rows, 'qualifier')}, {_first(rows, 'estimated_by')}, "
        f"{_first(rows, 'date')})",
        title,
        url,
    )


def check_reported_counts(claim: pd.Series, p: dict, data: dict) -> Outcome:
    """Figures reported on the claimed date, one per part ('metric' or 'metric:origin'), in the
    claim's order."""
    df = data[p["table"]]
    on, near = dated_rows(df, "date_reported", claim["date"])
    parts = p["parts"].split(",")
    found, values = [], []
    for part in parts:
        metric, _, origin = part.partition(":")
        rows = on[(on["metric"] == metric) & ((on["launch_origin"] == origin) if origin else True)]
        found.append(rows)
        values.append(rows["value"].iloc[0] if len(rows) else None)
    if any(v is None for v in values):
        return (
            Outcome(
                "mismatch", f"reported on {_dates(near, 'date_reported')}, not on {claim['date']}"
            )
            if len(near)
            else Outcome("missing")
        )
    ok = all(
        rounds_to(v, c, zeros_significant=False)
        for v, c in zip(values, claimed_numbers(claim["value"]))
    )
    value = " of ".join(f"{_first(r, 'qualifier')} {v:,.0f}".strip() for r, v in zip(found, values))
    title, url = _source(found[-1])
    return Outcome("match" if ok else "mismatch", f"{value} (reported {claim['date']})", title, url)


def check_event(claim: pd.Series, p: dict, data: dict) -> Outcome:
    """A record whose ``text`` matches ``pattern``: on the claimed date (match), within the
    window on another date (mismatch, both dates shown), or nowhere near it (missing)."""
    df = data[p["table"]]
    df = df[df[p["text"]].fillna("").str.contains(p["pattern"], case=False, regex=True)]
    on, near = dated_rows(df, "date", claim["date"])
    if len(on):
        title, url = _source(on)
        return Outcome("match", f"{_first(on, p['text'])} ({_dates(on, 'date')})", title, url)
    if len(near):
        title, url = _source(near)
        return Outcome(
            "mismatch",
            f"{_first(near, p['text'])} (dated {_dates(near, 'date')}; the article: "
            f"{claim['date']})",
            title,
            url,
        )
    return Outcome("missing")


def check_banks_cut(claim: pd.Series, p: dict, data: dict) -> Outcome:
    """Banks whose exclusion was decided on the claimed date: at least ``at_least`` of them."""
    banks = data["swift_excluded_banks_2022"]
    on, near = dated_rows(banks, "decision_date", claim["date"])
    if on.empty:
        return (
            Outcome("mismatch", f"decided {_dates(near, 'decision_date')}, not {claim['date']}")
            if len(near)
            else Outcome("missing")
        )
    on = on.sort_values("bank")
    effective = _dates(
        on.dropna(subset=["reported_disconnection_date"]), "reported_disconnection_date"
    )
    banks = ", ".join(on["bank"])
    value = f"{len(on)} banks ({banks}); decided {claim['date']}, disconnected {effective}"
    return Outcome(
        "match" if len(on) >= int(p["at_least"]) else "mismatch",
        value,
        "Council of the EU press release of 9 March 2022 (via IEU Monitoring)",
        _first(on, "sources").split(" ; ")[0],
    )


def check_poll_share(claim: pd.Series, p: dict, data: dict) -> Outcome:
    polls = data["belarus_opinion_polls_long"]
    rows = polls[
        (polls["wave_label"] == p["wave"])
        & (polls["answer_harmonized"] == p["answer"])
        & (polls["subgroup"] == "all respondents")
    ]
    if rows.empty:
        return Outcome("missing")
    pct = rows["percent"].iloc[0]
    title, url = _source(rows)
    return Outcome(
        "match" if rounds_to(pct, claimed_numbers(claim["value"])[0]) else "mismatch",
        f"{pct:g}% of respondents ({p['wave']}, {p['answer']})",
        title,
        url,
    )


def check_count_above(claim: pd.Series, p: dict, data: dict) -> Outcome:
    """'More than X': the largest count by ``org`` for periods ending by ``by`` must exceed X."""
    df = data["belarus_repression_counts"]
    rows = df[
        (df["metric"] == p["metric"])
        & df["counting_org"].str.contains(p["org"])
        & (pd.to_datetime(df["period_end"]) <= pd.Timestamp(p["by"]))
    ]
    if rows.empty:
        return Outcome("missing")
    rows = rows.sort_values(["value", "period_end"], ascending=[False, True])
    best = rows["value"].iloc[0]
    claimed = float(claimed_numbers(claim["value"])[0].replace(",", ""))
    start = pd.Timestamp(rows["period_start"].iloc[0])
    end = pd.Timestamp(rows["period_end"].iloc[0])
    period = f"{start:%d %b}-{end:%d %b %Y}"
    title, url = _source(rows)
    return Outcome(
        "match" if best > claimed else "mismatch",
        f"{_first(rows, 'value_qualifier')} {best:,.0f} detained {period}".strip(),
        title,
        url,
    )


def _refugees(data: dict, country: str) -> pd.DataFrame:
    df = data["unhcr_ukraine_refugees_by_country_snapshots"]
    return first_scrapes(df[df["country"] == country])


def first_scrapes(snapshots: pd.DataFrame) -> pd.DataFrame:
    """The first scrape of each country and data date: a later scrape under the same date stamp
    carries a newer count under a stale date (data/opinion/PROVENANCE.md), not a correction."""
    df = snapshots.assign(data_date=pd.to_datetime(snapshots["data_date"]),
                          scraped=pd.to_datetime(snapshots["snapshot_committed_at"], utc=True))
    df = df.sort_values(["country", "data_date", "scraped"], kind="stable")
    return (df.drop_duplicates(["country", "data_date"]).drop(columns="scraped")
            .sort_values("data_date", kind="stable"))


UNHCR = "UNHCR Operational Data Portal, daily snapshots (via gridviz/ukraine-refugees git history)"


def check_refugees_first(claim: pd.Series, p: dict, data: dict) -> Outcome:
    """'Initially X': the first UNHCR reading for ``country`` must round to X at the article's
    precision."""
    rows = _refugees(data, p["country"])
    if rows.empty:
        return Outcome("missing", basis=RECOMPUTED)
    first = rows.iloc[0]
    ok = rounds_to(
        first["individuals"], claimed_numbers(claim["value"])[0], zeros_significant=False
    )
    return Outcome(
        "match" if ok else "mismatch",
        f"{first['individuals']:,} (first reading, data date {first['data_date']:%Y-%m-%d})",
        UNHCR,
        "https://github.com/" + text(first["source_repo"]),
        RECOMPUTED,
    )


def check_refugees_above(claim: pd.Series, p: dict, data: dict) -> Outcome:
    """'More than X': some UNHCR reading for ``country`` up to ``by`` must exceed X (the first
    such is shown)."""
    rows = _refugees(data, p["country"])
    rows = rows[rows["data_date"] <= pd.Timestamp(p["by"])]
    if rows.empty:
        return Outcome("missing", basis=RECOMPUTED)
    claimed = float(claimed_numbers(claim["value"])[0].replace(",", ""))
    above = rows[rows["individuals"] > claimed]
    url = "https://github.com/" + text(rows["source_repo"].iloc[0])
    if above.empty:
        return Outcome(
            "mismatch",
            f"at most {rows['individuals'].max():,} by {p['by']}",
            UNHCR,
            url,
            RECOMPUTED,
        )
    first = above.iloc[0]
    return Outcome(
        "match",
        f"{first['individuals']:,} (first reading over {claimed:,.0f}, data date "
        f"{first['data_date']:%Y-%m-%d})",
        UNHCR,
        url,
        RECOMPUTED,
    )


def check_documented(claim: pd.Series, p: dict, data: dict) -> Outcome:
    """The cited source and what it states, with the result its recorded status gives."""
    url = text(claim["verification_source_url"])
    has_source = url.startswith("http")
    contradicted = has_source and text(claim.get("contradicted", ""))
    return Outcome(
        CONTRADICTED if contradicted else STATUS_RESULT[claim["status"]],
        text(claim["verified_value"]),
        text(claim["verification_source_title"]),
        url if has_source else "",
        DOCUMENTED if has_source else NO_BASIS,
    )


CHECKS = {
    "un_vote_count": check_un_vote_count,
    "referendum_share": check_referendum_share,
    "estimate": check_estimate,
    "reported_counts": check_reported_counts,
    "event": check_event,
    "banks_cut": check_banks_cut,
    "poll_share": check_poll_share,
    "count_above": check_count_above,
    "refugees_first": check_refugees_first,
    "refugees_above": check_refugees_above,
    "documented": check_documented,
}


# ---------------------------------------------------------------- the ledger

REVIEW_COLUMNS = [
    "claim_id",
    "merged_into",
    "documented_row",
    "claimed_as_worded",
    "check",
    "check_params",
    "source_kind",
    "caveat",
    "partly",
    "contradicted",
    "theme",
    "notebook",
    "section_heading",
    "first_edition_verdict",
    "second_edition_verdict",
]
SOURCE_KINDS = ("primary", "copy of primary", "secondary", "none")

LEDGER_COLUMNS = [
    "claim_id",
    "theme",
    "quote",
    "claimed_as_worded",
    "claimed_value",
    "claimed_date",
    "check",
    "independent_value",
    "source_title",
    "source_url",
    "source_kind",
    "primary_source_title",
    "primary_source_url",
    "primary_states_value",
    "cited_source_title",
    "cited_source_url",
    "verdict",
    "verdict_basis",
    "reason",
    "section_heading",
    "notebook_section",
    "first_edition_verdict",
    "second_edition_verdict",
]


def merge_claims(
    claims: pd.DataFrame, additional: pd.DataFrame, review: pd.DataFrame
) -> pd.DataFrame:
    """One row per claim of the ledger: the article's claim (both claims files) beside its review.

    A claim merged into another (``merged_into``) is dropped; a claim whose cited source is
    another row's
    (``documented_row``) takes that row's source, what it states and its status.
    """
    raw = pd.concat([claims, additional], ignore_index=True).set_index("claim_id")
    raw = raw.rename(columns={"theme": "source_theme"})  # the review's theme is the chart label
    merged = raw.join(review.set_index("claim_id"), how="outer")
    source_cols = [
        "verification_source_title",
        "verification_source_url",
        "verified_value",
        "status",
        "note",
    ]
    for claim_id, row in merged.iterrows():
        other = text(row["documented_row"])
        if other:
            merged.loc[claim_id, source_cols] = raw.loc[other, source_cols].to_numpy()
    kept = merged[merged["merged_into"].map(text) == ""]
    return (
        kept.reset_index()
        .rename(columns={"index": "claim_id"})
        .sort_values("claim_id", ignore_index=True)
    )


def review_problems(merged: pd.DataFrame) -> list[str]:
    """Where the claims data contradict themselves; each problem names the claim. Empty =
    consistent."""
    problems = []
    for _, c in merged.iterrows():
        cid = c["claim_id"]
        if text(c["check"]) not in CHECKS:
            problems.append(f"{cid}: unknown or missing check {text(c['check'])!r}")
        if text(c["quote"]) == "":
            problems.append(f"{cid}: no quote (a review row without a claim)")
        if text(c["source_kind"]) not in SOURCE_KINDS:
            problems.append(f"{cid}: source_kind must be one of {SOURCE_KINDS}")
        need = STATUS_NEEDS.get(text(c["status"]))
        if (text(c["check"]) == "documented" and need and not text(c[need])
                and not text(c["contradicted"])):
            problems.append(
                f"{cid}: its source is {c['status']}, so the review must give the {need} reason"
            )
        if text(c["caveat"]) and text(c["partly"]):
            problems.append(f"{cid}: give a caveat or a partial confirmation, not both")
        if text(c["contradicted"]) and (text(c["check"]) != "documented"
                                        or text(c["caveat"]) or text(c["partly"])):
            problems.append(f"{cid}: 'contradicted' is for a documented claim without a caveat "
                            "or partial reason (a data check finds its own mismatch)")
        if text(c["section_heading"]) and not text(c["section_heading"]).startswith("## "):
            problems.append(f"{cid}: section_heading must be an H2 heading ('## ...')")
    return problems


def heading_anchor(heading: str) -> str:
    """GitHub-style anchor of a Markdown heading ('## 3. A b?' -> '3-a-b')."""
    words = heading.lstrip("#").strip().lower()
    keep = "".join(ch for ch in words if ch.isalnum() or ch in " -_")
    return keep.replace(" ", "-")


def section_link(notebook: str, heading: str) -> str:
    """Relative link from notebooks/ to the theme notebook and, where a heading is given, its
    section."""
    return f"{notebook}#{heading_anchor(heading)}" if text(heading) else notebook


def states_value(claimed_value, held_text) -> bool:
    """True if every number of the claimed value appears in the text (thousands separators
    aside); a claim without a number has nothing to state."""
    held = set(re.findall(r"\d+(?:\.\d+)?", re.sub(r"(?<=\d),(?=\d{3})", "", text(held_text))))
    return all(n.replace(",", "") in held for n in claimed_numbers(claimed_value))


def first_primary(primary: pd.DataFrame, claimed: pd.Series | None = None) -> pd.DataFrame:
    """One primary source per claim: a row that states the claimed value before one that does not
    (``claimed``: claimed value by claim id), then the first found and linked row, else the first
    linked row (a faithful copy; a title in square brackets names a primary that was not found),
    else the first row (named, not linked). ``primary_states_value`` says whether it states the
    value; a row that does not is shown as a related (later or other) source, not as the primary."""
    value = primary["claim_id"].map(claimed if claimed is not None else {}).fillna("")
    said = primary["quote"].map(text) + " " + primary["note"].map(text)
    rows = primary.assign(linked=primary["primary_source_url"].map(text) != "",
                          found=~primary["primary_source_title"].map(text).str.startswith("["),
                          primary_states_value=[states_value(v, t) for v, t in zip(value, said)])
    rows = rows.sort_values(["claim_id", "primary_states_value", "linked", "found"],
                            ascending=[True, False, False, False], kind="stable")
    return rows.groupby("claim_id", as_index=False).first()[
        ["claim_id", "primary_source_title", "primary_source_url", "primary_states_value"]
    ]


def check_claim(claim: pd.Series, data: dict) -> dict:
    """Run a claim's check and apply the verdict rules; the reason is the review's caveat or
    partial note."""
    outcome = CHECKS[claim["check"]](claim, parse_params(claim["check_params"]), data)
    caveat, partly = text(claim["caveat"]), text(claim["partly"])
    result = verdict(outcome.result, caveat, partly)
    reason = partly if result == PARTLY else caveat if result == CAVEAT else ""
    if result in (NO_SOURCE, NOT_CHECKED, DIFFERS):
        reason = text(claim["note"]) if claim["check"] == "documented" else ""
    if result == DIFFERS and text(claim["contradicted"]):
        reason = text(claim["contradicted"])
    return {
        "claim_id": claim["claim_id"],
        "independent_value": outcome.value,
        "source_title": outcome.title,
        "source_url": outcome.url,
        "verdict": result,
        "verdict_basis": outcome.basis if outcome.result != "missing" or outcome.url else NO_BASIS,
        "reason": reason,
    }


def build_ledger(merged: pd.DataFrame, primary: pd.DataFrame, data: dict) -> pd.DataFrame:
    """One row per claim: claim, the article's words, check, independent value, sources, verdict
    and basis."""
    problems = review_problems(merged)
    if problems:
        raise ValueError("the claims data contradict themselves:\n  " + "\n  ".join(problems))
    checked = pd.DataFrame([check_claim(c, data) for _, c in merged.iterrows()])
    ledger = merged.merge(checked, on="claim_id").merge(
        first_primary(primary, merged.set_index("claim_id")["value"]), on="claim_id", how="left"
    )
    ledger = ledger.assign(
        claimed_value=ledger["value"].map(text),
        claimed_date=ledger["date"].map(text),
        cited_source_title=ledger["verification_source_title"].map(text),
        cited_source_url=ledger["verification_source_url"].map(text),
        notebook_section=[
            section_link(n, h) for n, h in zip(ledger["notebook"], ledger["section_heading"])
        ],
    )
    unknown = set(ledger["verdict"]) - set(VERDICTS)
    if unknown:
        raise ValueError(f"verdicts outside the scale: {sorted(unknown)}")
    return ledger[LEDGER_COLUMNS].fillna("")


# ---------------------------------------------------------------- the reader's table


def _cell(value) -> str:
    return text(value).replace("|", "\\|").replace("\n", " ")


def _link(title: str, url: str) -> str:
    title, url = _cell(title), text(url)
    if not title:
        return ""
    return f"[{title}]({url})" if url.startswith("http") else title


def reader_table(ledger: pd.DataFrame, notebook_prefix: str = "../../notebooks/") -> str:
    """The ledger as one Markdown table a reader can read on GitHub without running anything.

    Only addresses the data confirm are linked; a source without a confirmed address is named,
    not linked.
    """
    head = (
        "| claim | the article's words | claimed | independent value | source (primary where "
        "held) | "
        "verdict | basis | reason for the caveat or partial verdict | examined in |"
    )
    lines = [head, "|" + "---|" * 9]
    for r in ledger.itertuples():
        source = _link(r.source_title, r.source_url)
        if text(r.primary_source_title) and text(r.primary_source_url) != text(r.source_url):
            label = ("primary" if text(r.primary_states_value) != "False"
                     else "related source, which does not state the claimed value")
            source += f"; {label}: " + _link(r.primary_source_title, r.primary_source_url)
        shown = {text(r.source_url), text(r.primary_source_url)}
        if text(r.cited_source_url).startswith("http") and text(r.cited_source_url) not in shown:
            cited = _link(r.cited_source_title, r.cited_source_url)
            source += ("; also cited in the claims data: " if source else "") + cited
        if source and text(r.source_kind) not in ("", "none"):
            source += f" (best source held: {r.source_kind})"
        claimed = _cell(r.claimed_as_worded) + (
            f" ({_cell(r.claimed_value)})" if text(r.claimed_value) else ""
        )
        label = r.notebook_section.split("#")[0].removesuffix(".ipynb")
        if text(r.section_heading):
            label += ": " + text(r.section_heading).lstrip("# ")
        section = f"[{_cell(label)}]({notebook_prefix + r.notebook_section})"
        lines.append(
            f"| {r.claim_id} ({_cell(r.theme)}) | {_cell(r.quote)} | {claimed} | "
            f"{_cell(r.independent_value)} | {source} | **{r.verdict}** | {r.verdict_basis} | "
            f"{_cell(r.reason)} | {section} |"
        )
    return "\n".join(lines) + "\n"


# Chart colours (Okabe-Ito): blues confirm, orange/vermillion warn, greys = no evidence either way.
VERDICT_COLORS = {
    CONFIRMED: "#0072B2",
    CAVEAT: "#56B4E9",
    PARTLY: "#E69F00",
    DIFFERS: "#D55E00",
    NO_SOURCE: "#8C8C8C",
    NOT_CHECKED: "#DDDDDD",
}
# Hatching flags the qualified verdicts, so the chart reads in greyscale too.
VERDICT_HATCH = {CAVEAT: "//", PARTLY: "..", NOT_CHECKED: ""}


# ---------------------------------------------------------------- the article's quotation marks

def quoted_phrases(quote) -> list[str]:
    """The words the article puts in quotation marks (an unclosed quotation runs to the end)."""
    return [m.group(1).strip() for m in re.finditer(r"\u201c([^\u201d]+)(?:\u201d|$)", text(quote))]


def _words(value) -> str:
    return " ".join(re.findall(r"\w+", text(value).lower()))


def words_found(phrase: str, source_text) -> bool:
    """True if the quoted words appear, in order, in the source's words (case aside)."""
    return bool(_words(phrase)) and _words(phrase) in _words(source_text)


def reader_page(ledger: pd.DataFrame) -> str:
    """The whole reader's page: what it is, the counts, the rules in words, then the table."""
    counts = ledger["verdict"].value_counts().reindex(VERDICTS, fill_value=0)
    bases = ledger["verdict_basis"].value_counts().reindex(BASES, fill_value=0)
    lines = [
        "# The claims ledger",
        "",
        "Every checkable claim of the ECFR commentary \"How to train your dictator: Putin's "
        "control over Lukashenka\" (Pavel Slunkin; its address and date are not confirmed, so it "
        "is not linked), beside independent evidence, with a verdict. Written by "
        "[notebooks/01_claims_ledger.ipynb](../../notebooks/01_claims_ledger.ipynb) from "
        "`data/article/` (do not edit by hand); the same rows as data: `claims_ledger.csv`.",
        "",
        f"**{len(ledger)} claims.** Verdicts: "
        + "; ".join(f"{v} {n}" for v, n in counts.items() if n)
        + ". Bases: " + "; ".join(f"{b} {n}" for b, n in bases.items() if n) + ".",
        "",
        "**Verdicts.**",
    ]
    lines += [f"- *{v}*: {rule}" for v, rule in VERDICT_RULES.items()]
    lines += ["", f"**Actors and wording.** {WORDING_RULE}", "", "**Bases.**"]
    lines += [f"- *{b}*: {rule}" for b, rule in BASIS_RULES.items()]
    return "\n".join(lines) + "\n\n" + reader_table(ledger)

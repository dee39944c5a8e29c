"""The claims ledger: a verdict for each checkable statement of the ECFR article.

The verdict scale and its rules live here, so the notebook and the tests use the same ones.

* Where the evidence is data in this repository, a ``check_*`` function recomputes the
  independent value from the loaded tables and the verdict follows from the rules below
  (basis ``"computed from repo data"``). Change the data and the verdict changes.
* Where the evidence is a web page cited in ``article/claims.csv``, the verdict follows from the
  status recorded there (basis ``"documented source"``).

A *caveat* (``CAVEATS``) is an editorial note written down here, with its reason, where the source
qualifies the claim (an estimate, a lower bound, a different actor or date). It can only downgrade
"confirmed" to "confirmed with a caveat"; it never turns a mismatch into a match.
"""

from __future__ import annotations

from decimal import Decimal

import pandas as pd

from .elections import counts_from, share

CONFIRMED = "confirmed"
CAVEAT = "confirmed with a caveat"
PARTLY = "partly confirmed"
DIFFERS = "differs"
NO_SOURCE = "no independent source found"
NOT_CHECKED = "not checked"

VERDICTS = (CONFIRMED, CAVEAT, PARTLY, DIFFERS, NO_SOURCE, NOT_CHECKED)
CONFIRMING = (CONFIRMED, CAVEAT)

COMPUTED = "computed from repo data"
DOCUMENTED = "documented source"
NO_BASIS = "none"
BASES = (COMPUTED, DOCUMENTED, NO_BASIS)

VERDICT_RULES = {
    CONFIRMED: "An independent source gives the same value at the precision the article uses "
               "(e.g. 78.63 -> 78.6), or the same event on the same date, with no qualification.",
    CAVEAT: "The value or event matches, but the source qualifies it in a way a reader should know "
            "(an estimate, a lower bound, a narrower population, another actor, another date of effect).",
    PARTLY: "Part of the claim is confirmed (e.g. the date and the occasion), but its core element is not.",
    DIFFERS: "An independent source gives a different value at the article's precision, or a different date.",
    NO_SOURCE: "No independent source for the value was found, in this repository or in the sources consulted.",
    NOT_CHECKED: "Qualitative context, not checked against a source.",
}

# Where each claim is examined in depth (theme notebooks, relative links from notebooks/).
NOTEBOOKS = {
    "diplomacy": "02_diplomacy_un_votes.ipynb",
    "military": "03_military_complicity.ipynb",
    "sanctions": "04_sanctions_exposure.ipynb",
    "opinion": "05_public_opinion.ipynb",
    "constitution": "06_constitutional_changes.ipynb",
}

# claims.csv theme -> (short theme label for charts, theme notebook key)
THEMES = {
    "diplomacy/UN votes": ("Diplomacy", "diplomacy"),
    "diplomacy": ("Diplomacy", "diplomacy"),
    "military": ("Military", "military"),
    "military/disinformation": ("Military", "military"),
    "rhetoric": ("Rhetoric", "military"),
    "sanctions/EU": ("Sanctions", "sanctions"),
    "public opinion": ("Public opinion", "opinion"),
    "repression": ("Repression", "opinion"),
    "refugees": ("Refugees", "opinion"),
    "referendum": ("Referendum", "constitution"),
}

# Claims whose claims.csv theme points to a notebook other than the one that examines them.
CLAIM_NOTEBOOK = {"C21": "military", "C22": "military"}

# Section heading (by claim) in the theme notebook, when known (anchor = GitHub's slug of the heading).
# Checked against the theme notebooks when this ledger was last built; tests/test_ledger.py fails if one disappears.
_TIMELINE = "## 1. What happened when?"
SECTION_HEADINGS: dict[str, str] = {
    "C01": "## 1. 2 March 2022: who voted against resolution ES-11/1?",
    "C24": '## 3. Did 2014\'s "diversification" show at the UN?',
    "C02": "## 3. How big was the Russian force in Belarus, next to Belarus's own army?",
    "C03": _TIMELINE, "C06": _TIMELINE, "C07": _TIMELINE, "C21": _TIMELINE, "C22": _TIMELINE, "C23": _TIMELINE,
    "C04": "## 2. How many missiles came from Belarus?",
    "C05": "## 4. How did sanctions build up?", "C08": "## 4. How did sanctions build up?",
    "C09": "## 1. What should Belarus do in the war?", "C11": "## 1. What should Belarus do in the war?",
    "C10": "## 2. Before and after the invasion: 13%, then 3%",
    "C12": "## 2. Before and after the invasion: 13%, then 3%",
    "C13": "## 5. Repression: the cost of saying no in public",
    "C14": "## 6. Refugees: Poland against Belarus in the first weeks",
    "C15": "## 6. Refugees: Poland against Belarus in the first weeks",
    "C16": "## 1. One result, three percentages", "C17": "## 1. One result, three percentages",
    "C18": "## 1. One result, three percentages",
    "C19": "## 5. What changed in the constitution", "C20": "## 5. What changed in the constitution",
}

# Editorial caveats: the source confirms the claim but qualifies it. Reason in words.
CAVEATS = {
    "C02": "NATO's estimate of troops it expected in Belarus, not a count; the article states it as a fact.",
    "C03": "The extension was announced by Belarus's defence minister, not by Moscow as the article says.",
    "C04": "Both numbers are 'more than' lower bounds from an anonymous US official's background briefing.",
    "C05": "A Council decision of 2 March is confirmed; the quoted wording was not checked against the Council text.",
    "C06": "Lukashenka spoke of a hypothetical Ukraine-Belarus war ('maximum three or four days'), "
           "before the invasion; the article presents it as a forecast for Russia's war.",
    "C07": "Reznikov warned of Russian strikes on Belarusian villages to drag Belarus in; "
           "reported through secondary media.",
    "C08": "Decided on 9 March; the disconnection took effect on 20 March. 'Several' = three banks.",
    "C10": "Online survey of urban internet users, not all Belarusians; known from a secondary report.",
    "C12": "Online survey of urban internet users (wave 8, 5-14 March 2022), not all Belarusians.",
    "C21": "Date inferred from the weekday in the report; 'fell on deaf ears' is the article's reading.",
    "C23": "The source has Lukashenka call American intelligence worthless, not Western intelligence.",
}

# Claims whose core element the data cannot reach although the occasion is confirmed.
PARTIAL = {
    "C22": "A Makei statement at a 16 February press conference is confirmed, the joke itself is not.",
}

STATUS_TO_VERDICT = {
    "verified": CONFIRMED,
    "partially_verified": PARTLY,
    "approximately_consistent": CAVEAT,
    "consistent_derived": CAVEAT,
    "not_verified": NO_SOURCE,
    "not_checked": NOT_CHECKED,
}


# ---------------------------------------------------------------- rules on values

def precision_of(claimed: str) -> Decimal:
    """The rounding unit the article uses: '78.6' -> 0.1, '13' -> 1, '400' -> 100, '30000' -> 10000."""
    text = str(claimed).strip().replace(",", "")
    if "." in text:
        return Decimal(1).scaleb(-len(text.split(".")[1]))
    zeros = len(text) - len(text.rstrip("0"))
    return Decimal(1).scaleb(min(zeros, len(text) - 1))


def matches(claimed: str, independent: float) -> bool:
    """True if ``independent`` rounds (half up) to the claimed value at the claim's precision."""
    unit = precision_of(claimed)
    rounded = (Decimal(str(independent)) / unit).quantize(Decimal(1), rounding="ROUND_HALF_UP") * unit
    return rounded == Decimal(str(claimed).replace(",", ""))


def value_verdict(claimed: str, independent, caveat: str | None = None) -> str:
    """Verdict for a claimed number against an independent one."""
    if independent is None or pd.isna(independent):
        return NO_SOURCE
    if not matches(claimed, independent):
        return DIFFERS
    return CAVEAT if caveat else CONFIRMED


def minimum_verdict(claimed_minimum: float, independent, caveat: str | None = None) -> str:
    """Verdict for 'more than X': the independent count must exceed X."""
    if independent is None or pd.isna(independent):
        return NO_SOURCE
    if not independent > claimed_minimum:
        return DIFFERS
    return CAVEAT if caveat else CONFIRMED


def event_verdict(found: bool, caveat: str | None = None, partial: str | None = None) -> str:
    """Verdict for a dated event: a repo row on the claimed date that matches the description."""
    if not found:
        return NO_SOURCE
    if partial:
        return PARTLY
    return CAVEAT if caveat else CONFIRMED


def _check(claim_id, independent_value, verdict, source_title, source_url, detail, basis=COMPUTED) -> dict:
    return {"claim_id": claim_id, "independent_value": independent_value, "verdict": verdict,
            "verdict_basis": basis, "source_title": source_title, "source_url": source_url, "detail": detail}


def _first(rows: pd.DataFrame, column: str) -> str:
    if column not in rows.columns or not len(rows) or pd.isna(rows[column].iloc[0]):
        return ""
    return str(rows[column].iloc[0])


# ---------------------------------------------------------------- computed checks

def un_vote_against(votes: pd.DataFrame, resolution: str = "A/RES/ES-11/1") -> pd.DataFrame:
    """The states recorded as voting No on a resolution, sorted by code."""
    rows = votes[(votes["resolution"] == resolution) & (votes["ms_vote"] == "N")]
    return rows[["ms_code", "ms_name"]].sort_values("ms_code").reset_index(drop=True)


def check_c01(votes: pd.DataFrame) -> dict:
    against = un_vote_against(votes)
    rows = votes[votes["resolution"] == "A/RES/ES-11/1"]
    tally = rows["ms_vote"].value_counts()
    n_no = len(against)
    includes_blr = "BLR" in set(against["ms_code"])
    verdict = value_verdict("5", n_no) if includes_blr else DIFFERS
    value = (f"{n_no} against ({', '.join(against['ms_code'])}); {tally.get('Y', 0)} yes, "
             f"{tally.get('A', 0)} abstain, {tally.get('X', 0)} not voting")
    url = f"https://digitallibrary.un.org/record/{rows['undl_id'].iloc[0]}" if len(rows) else ""
    return _check("C01", value, verdict, "UN Digital Library voting record, A/RES/ES-11/1 (2 March 2022)", url,
                  "Counted from the recorded vote of every UN member state.")


def referendum_final(national: pd.DataFrame) -> dict[str, float]:
    """Final CEC counts (persons) of the 2022 referendum, from the CEC's own communiqué."""
    return counts_from(national, "CEC_SITE_FINAL")


def referendum_shares(national: pd.DataFrame) -> dict[str, float]:
    """Turnout (% of registered) and yes/no/invalid (% of participants), computed from the counts."""
    c = referendum_final(national)
    invalid = c["participants"] - c["yes_votes"] - c["no_votes"]
    return {"turnout": share(c["participants"], c["registered_voters"]),
            "yes": share(c["yes_votes"], c["participants"]),
            "no": share(c["no_votes"], c["participants"]),
            "invalid": share(invalid, c["participants"])}


def check_referendum(national: pd.DataFrame) -> list[dict]:
    shares = referendum_shares(national)
    rows = national[national["source_id"] == "CEC_SITE_FINAL"]
    title = "Belarus Central Election Commission (CEC): communiqué on the final referendum results"
    url = _first(rows, "source_url")
    note = "Computed from the CEC's final counts; official figures, not independently observed."
    out = []
    for claim_id, key, claimed, label in [("C16", "turnout", "78.6", "% of registered voters"),
                                          ("C17", "yes", "82.9", "% of participants"),
                                          ("C18", "no", "12.8", "% of participants")]:
        out.append(_check(claim_id, f"{shares[key]:.2f} {label}", value_verdict(claimed, shares[key]),
                          title, url, note))
    return out


def check_c02(estimates: pd.DataFrame) -> dict:
    early_feb = estimates[estimates["date"].astype(str).str.startswith("2022-02-0")
                          & (estimates["subject"] == "Russian forces in Belarus")]
    value = early_feb["value"].iloc[0] if len(early_feb) else None
    qualifier = _first(early_feb, "qualifier")
    return _check("C02", f"{value:,} ({qualifier}, {_first(early_feb, 'estimated_by')})" if value else "",
                  value_verdict("30000", value, CAVEATS["C02"]), _first(early_feb, "source_title"),
                  _first(early_feb, "source_url"), CAVEATS["C02"])


def check_c04(counts: pd.DataFrame) -> dict:
    day = counts[counts["date_reported"] == pd.Timestamp("2022-03-03")]
    total = day[day["metric"] == "total_launched"]
    belarus = day[(day["metric"] == "launched_by_origin") & (day["launch_origin"] == "Belarus")]
    t, b = (total["value"].iloc[0] if len(total) else None), (belarus["value"].iloc[0] if len(belarus) else None)
    verdicts = [value_verdict("480", t, CAVEATS["C04"]), value_verdict("70", b, CAVEATS["C04"])]
    verdict = next((v for v in (NO_SOURCE, DIFFERS) if v in verdicts), verdicts[0])
    value = f"{_first(belarus, 'qualifier')} {b} of {_first(total, 'qualifier')} {t}" if t and b else ""
    return _check("C04", value, verdict, _first(total, "source_title") + f" ({_first(total, 'publisher')})",
                  _first(total, "source_url"), CAVEATS["C04"])


def check_c05(timeline: pd.DataFrame) -> dict:
    rows = timeline[(timeline["date"] == pd.Timestamp("2022-03-02")) & (timeline["actor"] == "EU")
                    & timeline["event"].str.contains("aggression", case=False)]
    return _check("C05", _first(rows, "event"), event_verdict(len(rows) > 0, CAVEATS["C05"]),
                  _first(rows, "source_title") + f" ({_first(rows, 'publisher')})", _first(rows, "source_url"),
                  CAVEATS["C05"])


def check_c08(banks: pd.DataFrame) -> dict:
    cut = banks[banks["decision_date"] == pd.Timestamp("2022-03-09")].sort_values("bank")
    n = len(cut)
    effective = sorted(cut["reported_disconnection_date"].dropna().dt.strftime("%Y-%m-%d").unique())
    verdict = NO_SOURCE if n == 0 else (DIFFERS if n < 2 else CAVEAT)  # 'several' = two or more
    value = f"{n} banks ({', '.join(cut['bank'])}); decided 2022-03-09, disconnected {', '.join(effective)}"
    url = _first(cut, "sources").split(" ; ")[0]
    return _check("C08", value, verdict, "EU Council press release of 9 March 2022 (via IEU Monitoring)", url,
                  CAVEATS["C08"])


def _poll_rows(polls: pd.DataFrame, wave: str, answer: str) -> pd.DataFrame:
    return polls[(polls["wave_label"] == wave) & (polls["answer_harmonized"] == answer)
                 & (polls["subgroup"] == "all respondents")]


def check_polls(polls: pd.DataFrame) -> list[dict]:
    out = []
    for claim_id, wave, answer, claimed in [("C09", "CH wave 7", "neutrality", "56"),
                                            ("C10", "CH wave 7", "join the war on Russia's side", "13"),
                                            ("C11", "CH wave 7", "oppose sending troops", "58"),
                                            ("C12", "CH wave 8", "join the war on Russia's side", "3")]:
        rows = _poll_rows(polls, wave, answer)
        pct = rows["percent"].iloc[0] if len(rows) else None
        caveat = CAVEATS.get(claim_id)
        detail = caveat if len(rows) else (f"No {wave} figure for this answer in the repo's poll table "
                                           "(nor in any source consulted).")
        value = f"{pct:g}% of respondents ({wave}, online survey of urban internet users)" if len(rows) else ""
        out.append(_check(claim_id, value, value_verdict(claimed, pct, caveat),
                          _first(rows, "source_title"), _first(rows, "source_url"), detail))
    return out


def check_c13(repression: pd.DataFrame, latest: str = "2022-03-15") -> dict:
    """More than 1,000 anti-war detentions: Viasna counts of periods ending by the article's earliest date."""
    rows = repression[(repression["metric"] == "anti_war_protest_detentions")
                      & repression["counting_org"].str.contains("Viasna")
                      & (repression["period_end"] <= pd.Timestamp(latest))]
    rows = rows.sort_values(["value", "period_end"], ascending=[False, True])
    best = rows["value"].iloc[0] if len(rows) else None
    value = (f"{_first(rows, 'value_qualifier')} {best:,} detained "
             f"{rows['period_start'].iloc[0]:%d %b}-{rows['period_end'].iloc[0]:%d %b %Y}") if len(rows) else ""
    return _check("C13", value, minimum_verdict(1000, best), _first(rows, "source_title"),
                  _first(rows, "source_url"), "Viasna count for the first weekend after the invasion.")


def first_refugee_counts(snapshots: pd.DataFrame) -> pd.DataFrame:
    """Earliest UNHCR reading per country (the first vintage of the first data date)."""
    df = snapshots.assign(data_date=pd.to_datetime(snapshots["data_date"]))
    df = df.sort_values(["country", "data_date", "snapshot_commit"], kind="stable")
    return df.groupby("country", as_index=False).first()


def check_refugees(snapshots: pd.DataFrame, latest: str = "2022-03-15") -> list[dict]:
    """C14: earliest Belarus reading; C15: Poland's largest reading up to the article's earliest date."""
    df = snapshots.assign(data_date=pd.to_datetime(snapshots["data_date"]))
    by = df[df["country"] == "Belarus"].sort_values(["data_date", "individuals"], kind="stable")
    pl = df[(df["country"] == "Poland") & (df["individuals"] > 1_000_000)].sort_values(
        ["data_date", "individuals"], kind="stable")
    url = "https://github.com/" + _first(df, "source_repo")
    title = "UNHCR Operational Data Portal, daily snapshots (via gridviz/ukraine-refugees git history)"
    c14 = _check("C14", f"{by['individuals'].iloc[0]:,} (data date {by['data_date'].iloc[0]:%Y-%m-%d})"
                 if len(by) else "", value_verdict("400", by["individuals"].iloc[0] if len(by) else None),
                 title, url, "Earliest UNHCR reading for Belarus in the snapshots.")
    early_pl = df[(df["country"] == "Poland") & (df["data_date"] <= pd.Timestamp(latest))]
    best = early_pl["individuals"].max() if len(early_pl) else None
    c15 = _check("C15", f"{pl['individuals'].iloc[0]:,} (first reading over one million, "
                 f"data date {pl['data_date'].iloc[0]:%Y-%m-%d})" if len(pl) else "",
                 minimum_verdict(1_000_000, best), title, url,
                 "Cumulative border crossings into Poland, not refugees staying there.")
    return [c14, c15]


def _event(df: pd.DataFrame, claim_id: str, date: str, pattern: str, text: str = "event") -> dict:
    rows = df[(df["date"] == pd.Timestamp(date)) & df[text].str.contains(pattern, case=False, regex=True)]
    caveat, partial = CAVEATS.get(claim_id), PARTIAL.get(claim_id)
    publisher = _first(rows, "publisher") or _first(rows, "source_publisher")
    title = f"{_first(rows, 'source_title')} ({publisher})" if _first(rows, "source_title") else publisher
    return _check(claim_id, _first(rows, text), event_verdict(len(rows) > 0, caveat, partial),
                  title,
                  _first(rows, "source_url").split(" ; ")[0], partial or caveat or "Event found on the claimed date.")


def check_events(military_timeline: pd.DataFrame, constitution_timeline: pd.DataFrame) -> list[dict]:
    return [
        _event(military_timeline, "C03", "2022-02-20", r"extend"),
        _event(military_timeline, "C06", "2022-02-06", r"three or four days"),
        _event(military_timeline, "C22", "2022-02-16", r"Makei"),
        _event(constitution_timeline, "C19", "2022-03-15", r"enters into force", text="event_en"),
    ]


def documented_check(claim: pd.Series) -> dict:
    """Verdict from the status recorded in claims.csv (a cited web page), plus any caveat written here."""
    verdict = STATUS_TO_VERDICT[claim["status"]]
    if verdict == CONFIRMED and claim["claim_id"] in CAVEATS:
        verdict = CAVEAT
    source = claim["verification_source_url"]
    has_source = isinstance(source, str) and source.startswith("http")
    detail = CAVEATS.get(claim["claim_id"]) or PARTIAL.get(claim["claim_id"]) or claim["note"]
    return _check(claim["claim_id"], "" if pd.isna(claim["verified_value"]) else claim["verified_value"],
                  verdict, "" if pd.isna(claim["verification_source_title"]) else claim["verification_source_title"],
                  source if has_source else "", detail, DOCUMENTED if has_source else NO_BASIS)


# ---------------------------------------------------------------- the ledger

LEDGER_COLUMNS = ["claim_id", "quote", "theme", "claimed_value", "independent_value", "source_title",
                  "source_url", "verdict", "verdict_basis", "detail", "notebook_section"]


def heading_anchor(heading: str) -> str:
    """GitHub-style anchor of a Markdown heading ('## 3. A b?' -> '3-a-b')."""
    text = heading.lstrip("#").strip().lower()
    keep = "".join(ch for ch in text if ch.isalnum() or ch in " -_")
    return keep.replace(" ", "-")


def section_link(claim_id: str, theme: str) -> str:
    """Relative link to the theme notebook (and its section, where the heading is known)."""
    key = CLAIM_NOTEBOOK.get(claim_id, THEMES[theme][1])
    notebook = NOTEBOOKS[key]
    heading = SECTION_HEADINGS.get(claim_id)
    return f"{notebook}#{heading_anchor(heading)}" if heading else notebook


# Where claims.csv records a number the article words differently ('several', 'more than').
CLAIMED_AS_WORDED = {
    "C08": "several banks (claims.csv: 3)",
    "C13": "more than 1,000 people detained",
    "C15": "more than 1,000,000 refugees",
}


def claimed_value(claim: pd.Series) -> str:
    if claim["claim_id"] in CLAIMED_AS_WORDED:
        return CLAIMED_AS_WORDED[claim["claim_id"]]
    if pd.notna(claim["value"]):
        return f"{claim['value']} {claim['unit']}".strip()
    return f"event dated {claim['date']}"


def build_ledger(claims: pd.DataFrame, checks: list[dict]) -> pd.DataFrame:
    """One row per claim: computed checks where given, documented verdicts for the rest."""
    computed = {c["claim_id"]: c for c in checks}
    rows = []
    for _, claim in claims.sort_values("claim_id").iterrows():
        check = computed.get(claim["claim_id"]) or documented_check(claim)
        rows.append({**check, "quote": claim["quote"], "theme": THEMES[claim["theme"]][0],
                     "claimed_value": claimed_value(claim), "notebook_section": section_link(claim["claim_id"], claim["theme"])})
    ledger = pd.DataFrame(rows)[LEDGER_COLUMNS]
    unknown = set(ledger["verdict"]) - set(VERDICTS)
    if unknown:
        raise ValueError(f"verdicts outside the scale: {sorted(unknown)}")
    return ledger


def all_checks(data: dict[str, pd.DataFrame]) -> list[dict]:
    """Every computed check, from the loaded tables (keys = resource names)."""
    return [check_c01(data["unga_votes_ukraine_resolutions"]),
            *check_referendum(data["referendum_2022_national"]),
            check_c02(data["russian_forces_in_belarus_estimates"]),
            check_c04(data["missile_launch_counts_reported_2022"]),
            check_c05(data["sanctions_timeline_2020_2023"]),
            check_c08(data["swift_excluded_banks_2022"]),
            *check_polls(data["belarus_opinion_polls_long"]),
            check_c13(data["belarus_repression_counts"]),
            *check_refugees(data["unhcr_ukraine_refugees_by_country_snapshots"]),
            *check_events(data["belarus_military_timeline_2022_2023"], data["constitution_timeline"])]


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

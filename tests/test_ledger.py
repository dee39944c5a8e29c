"""The claims ledger: verdicts follow the claims data and the repository's data, under one set of
rules."""

from __future__ import annotations

import hashlib
import json
import re

import pandas as pd
import pytest

from ecfr_belarus import DataError, ledger as L, load
from ecfr_belarus.catalog import load as load_from
from ecfr_belarus.checks import rounds_to
from ecfr_belarus.paths import COMMITTED_DERIVED_DIR, NOTEBOOKS_DIR, ROOT

TABLES = [
    "unga_votes_ukraine_resolutions",
    "referendum_2022_national",
    "russian_forces_in_belarus_estimates",
    "missile_launch_counts_reported_2022",
    "sanctions_timeline_2020_2023",
    "swift_excluded_banks_2022",
    "belarus_opinion_polls_long",
    "belarus_repression_counts",
    "unhcr_ukraine_refugees_by_country_snapshots",
    "belarus_military_timeline_2022_2023",
    "constitution_timeline",
]


@pytest.fixture(scope="module")
def data() -> dict[str, pd.DataFrame]:
    return {name: load(name) for name in TABLES}


@pytest.fixture(scope="module")
def merged() -> pd.DataFrame:
    return L.merge_claims(load("claims"), load("claims_additional"), load("claims_review"))


@pytest.fixture(scope="module")
def primary() -> pd.DataFrame:
    return load("claims_primary_sources")


@pytest.fixture(scope="module")
def recomputed(merged, primary, data) -> pd.DataFrame:
    return L.build_ledger(merged, primary, data).set_index("claim_id")


@pytest.fixture(scope="module")
def saved() -> pd.DataFrame:
    return load("claims_ledger").set_index("claim_id")


def verdict_of(merged: pd.DataFrame, data: dict, claim_id: str, **changes) -> dict:
    """Check one claim after changing fields of its row in the claims data (a modified frame)."""
    claim = merged.set_index("claim_id").loc[claim_id].copy()
    for column, value in changes.items():
        claim[column] = value
    return L.check_claim(
        claim.rename(claim_id).to_frame().T.reset_index(names="claim_id").iloc[0], data
    )


# ---------------------------------------------------------------- the saved ledger


def test_ledger_holds_every_checkable_claim(saved, merged):
    assert len(saved) >= 35
    assert sorted(saved.index) == sorted(merged["claim_id"])
    review = load("claims_review")
    merged_away = set(review.loc[review["merged_into"].notna(), "claim_id"])
    listed = set(load("claims")["claim_id"]) | set(load("claims_additional")["claim_id"])
    assert set(saved.index) == listed - merged_away
    assert set(saved["verdict"]) <= set(L.VERDICTS)


def test_saved_ledger_matches_a_fresh_computation(saved, recomputed):
    """If the data change and the notebook is not rerun, the committed verdicts are stale: fail."""
    assert list(saved.columns) == list(recomputed.columns)
    for column in saved.columns:
        diff = saved[column].fillna("").astype(str) != recomputed[column].fillna("").astype(str)
        assert not diff.any(), f"{column} differs for {list(saved.index[diff])}: rerun notebook 01"


def test_every_confirmed_claim_has_a_linked_source(saved):
    confirmed = saved[saved["verdict"].isin(L.CONFIRMING + (L.PARTLY,))]
    no_url = confirmed[~confirmed["source_url"].fillna("").str.match(r"https?://")]
    assert no_url.empty, f"confirmed without a source link: {list(no_url.index)}"
    assert (confirmed["independent_value"].fillna("") != "").all()
    assert (confirmed["verdict_basis"] != L.NO_BASIS).all()


def test_claims_with_a_primary_source_carry_it(saved, primary):
    with_primary = set(primary["claim_id"]) & set(saved.index)
    assert with_primary, "primary_sources.csv names no claim of the ledger"
    missing = [
        c for c in with_primary if not str(saved.loc[c, "primary_source_title"] or "").strip()
    ]
    assert not missing, f"primary source not carried into the ledger: {missing}"


def test_reader_table_is_written_with_every_claim_and_only_confirmed_links(saved):
    table = (COMMITTED_DERIVED_DIR / "claims_ledger.md").read_text(encoding="utf-8")
    rows = [line for line in table.splitlines() if re.match(r"^\| C\d\d ", line)]
    assert sorted(r.split()[1] for r in rows) == sorted(saved.index)
    links = re.findall(r"\]\(([^)]*)\)", table)
    bad = [u for u in links if not (u.startswith("http") or u.startswith("../../notebooks/0"))]
    assert not bad, f"links that are neither a source address nor a notebook: {bad}"
    assert "ecfr.eu/article" not in table, (
        "the article's address is not confirmed: name it, do not link it"
    )


# ---------------------------------------------------------------- no claim in the code


def test_no_claim_id_in_the_package():
    ids = set(load("claims")["claim_id"]) | set(load("claims_additional")["claim_id"])
    found = {}
    for path in (ROOT / "src").rglob("*.py"):
        hits = set(re.findall(r"\bC\d\d\b", path.read_text(encoding="utf-8"))) & ids
        if hits:
            found[path.name] = sorted(hits)
    assert not found, (
        f"claim ids in src/ (judgements belong in data/article/claims_review.csv): {found}"
    )


def test_one_rounding_rule():
    assert not hasattr(L, "precision_of") and not hasattr(L, "matches")


def test_the_claims_data_are_consistent(merged):
    assert L.review_problems(merged) == []


def test_inconsistent_review_is_named(merged):
    broken = merged.copy()
    row = broken.index[broken["check"] == "documented"][0]
    broken.loc[row, "check"] = "guess"
    partial = broken.index[
        (broken["status"] == "partially_verified") & (broken["check"] == "documented")
    ][0]
    broken.loc[partial, "partly"] = pd.NA
    problems = L.review_problems(broken)
    assert any(p.startswith(broken.loc[row, "claim_id"] + ": unknown") for p in problems)
    assert any(
        p.startswith(broken.loc[partial, "claim_id"] + ":") and "partly" in p for p in problems
    )


# ---------------------------------------------------------------- verdicts follow the claimed
# value and date


def value_claims(merged: pd.DataFrame) -> list[str]:
    checks = ["un_vote_count", "referendum_share", "estimate", "poll_share", "refugees_first"]
    return list(merged.loc[merged["check"].isin(checks), "claim_id"])


def test_changing_a_claimed_value_gives_differs(merged, data):
    """Every value check reads the claimed value from the claims data: a different figure
    differs."""
    claims = value_claims(merged)
    assert len(claims) >= 8
    for claim_id in claims:
        value = merged.set_index("claim_id").loc[claim_id, "value"]
        assert verdict_of(merged, data, claim_id)["verdict"] in L.CONFIRMING, claim_id
        bumped = str(float(value) + 1) if "." in value else str(int(value) * 2)
        assert verdict_of(merged, data, claim_id, value=bumped)["verdict"] == L.DIFFERS, (
            claim_id,
            bumped,
        )


def test_more_than_claims_follow_the_claimed_minimum(merged, data):
    for claim_id in merged.loc[merged["check"].isin(["count_above", "refugees_above"]), "claim_id"]:
        assert verdict_of(merged, data, claim_id, value="100000000")["verdict"] == L.DIFFERS, (
            claim_id
        )


def test_changing_c16_in_the_claims_file_gives_differs(corrupt, primary, data):
    """End to end through the loader: 78.6 -> 79.6 in a copy of claims.csv, as the issue reported
    it."""
    claims = load("claims")
    row = int(claims.index[claims["value"] == "78.6"][0])
    package, _ = corrupt("claims", row, "value", "79.6", was="78.6")
    edited = reload(corrupt, "claims", package)
    merged = L.merge_claims(edited, load("claims_additional"), load("claims_review"))
    ledger = L.build_ledger(merged, primary, data).set_index("claim_id")
    claim_id = claims.loc[row, "claim_id"]
    assert ledger.loc[claim_id, "verdict"] == L.DIFFERS
    assert ledger.loc[claim_id, "claimed_value"] == "79.6"


def event_claims(merged: pd.DataFrame) -> list[str]:
    events = merged[merged["check"] == "event"]
    return list(events.loc[events["date"].str.fullmatch(r"\d{4}-\d\d-\d\d"), "claim_id"])


def test_moving_an_event_date_by_a_day_gives_differs(merged, data):
    """The same event on another date within the window differs, and both dates are shown."""
    claims = event_claims(merged)
    assert len(claims) >= 8
    for claim_id in claims:
        date = pd.Timestamp(merged.set_index("claim_id").loc[claim_id, "date"])
        moved = (date + pd.Timedelta(days=1)).strftime("%Y-%m-%d")
        check = verdict_of(merged, data, claim_id, date=moved)
        assert check["verdict"] == L.DIFFERS, claim_id
        assert (
            date.strftime("%Y-%m-%d") in check["independent_value"]
            and moved in check["independent_value"]
        )


def test_moving_an_event_date_in_the_claims_file_gives_differs(corrupt, primary, data):
    claims = load("claims")
    row = int(claims.index[claims["date"] == "2022-02-20"][0])
    package, _ = corrupt("claims", row, "date", "2022-02-21", was="2022-02-20")
    merged = L.merge_claims(
        reload(corrupt, "claims", package), load("claims_additional"), load("claims_review")
    )
    ledger = L.build_ledger(merged, primary, data).set_index("claim_id")
    assert ledger.loc[claims.loc[row, "claim_id"], "verdict"] == L.DIFFERS


def test_an_event_far_from_the_claimed_date_has_no_source(merged, data):
    for claim_id in event_claims(merged):
        date = pd.Timestamp(merged.set_index("claim_id").loc[claim_id, "date"]) - pd.Timedelta(
            days=400
        )
        assert (
            verdict_of(merged, data, claim_id, date=date.strftime("%Y-%m-%d"))["verdict"]
            == L.NO_SOURCE
        )


def test_moving_the_record_gives_differs(merged, data):
    """Moving the repository's record instead of the claim: the constitution's entry into force,
    a day later."""
    claim_id = merged.loc[
        merged["check_params"].str.contains("enters into force", na=False), "claim_id"
    ].iloc[0]
    const = data["constitution_timeline"]
    moved = const.assign(
        date=const["date"].where(
            ~const["event_en"].str.contains("enters into force"),
            const["date"] + pd.Timedelta(days=1),
        )
    )
    assert (
        verdict_of(merged, {**data, "constitution_timeline": moved}, claim_id)["verdict"]
        == L.DIFFERS
    )


def test_the_vote_count_follows_the_votes(merged, data):
    claim_id = merged.loc[merged["check"] == "un_vote_count", "claim_id"].iloc[0]
    votes = data["unga_votes_ukraine_resolutions"].copy()
    cuba = (votes["resolution"] == "A/RES/ES-11/1") & (votes["ms_code"] == "CUB")
    votes.loc[cuba, "ms_vote"] = "N"  # six against
    assert (
        verdict_of(merged, {**data, "unga_votes_ukraine_resolutions": votes}, claim_id)["verdict"]
        == L.DIFFERS
    )


def test_value_checks_find_their_rows(recomputed):
    """A check that cannot find its row on the real data is looking for something the table
    cannot hold."""
    lost = recomputed[
        (recomputed["check"] != "documented") & (recomputed["verdict"] == L.NO_SOURCE)
    ]
    assert lost.empty, f"checks that find nothing: {list(lost.index)}"


# ---------------------------------------------------------------- the rules


@pytest.mark.parametrize(
    "value, published, expected",
    [
        (78.634, "78.6", True),
        (78.65, "78.6", True),
        (78.651, "78.6", False),
        (78.55, "78.6", True),
        (78.549, "78.6", False),
        (13.4, "13", True),
        (406, "400", True),
        (450, "400", True),
        (451, "400", False),
        (34_999, "30000", True),
        (35_000, "30000", True),
        (35_001, "30000", False),
        (6, "5", False),
    ],
)
def test_rounding_at_the_articles_precision(value, published, expected):
    assert rounds_to(value, published, zeros_significant=False) is expected


def test_verdict_rules():
    assert L.verdict("match") == L.CONFIRMED
    assert L.verdict("match", caveat="an estimate") == L.CAVEAT
    assert L.verdict("match", partly="wrong actor") == L.PARTLY
    assert (
        L.verdict("mismatch", caveat="an estimate", partly="x") == L.DIFFERS
    )  # a reason never rescues
    assert L.verdict("missing", caveat="an estimate") == L.NO_SOURCE
    assert L.verdict("unchecked") == L.NOT_CHECKED


def test_date_intervals_and_parameters():
    assert L.date_interval("2022-02") == (pd.Timestamp("2022-02-01"), pd.Timestamp("2022-02-28"))
    assert L.date_interval("2022-01-20/2022-02-09")[1] == pd.Timestamp("2022-02-09")
    assert L.date_interval("2022-02-27 onward")[0] == pd.Timestamp("2022-02-27")
    assert L.parse_params("table=t; pattern=a|b") == {"table": "t", "pattern": "a|b"}
    assert L.claimed_numbers("70 of 480") == ["70", "480"]


def test_heading_anchor():
    assert (
        L.heading_anchor("## 3. Did Belarus vote with Russia?") == "3-did-belarus-vote-with-russia"
    )


# ---------------------------------------------------------------- links into the theme notebooks


def test_section_links_point_at_existing_headings(merged):
    """Each claim's notebook must exist and its section heading (from claims_review.csv) must be
    in it."""
    problems = []
    for claim in merged.itertuples():
        path = NOTEBOOKS_DIR / claim.notebook
        if not path.exists():
            problems.append(f"{claim.claim_id}: notebook {claim.notebook} does not exist")
            continue
        if pd.isna(claim.section_heading) or not claim.section_heading:
            continue
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        headings = {
            line.strip()
            for c in cells
            if c["cell_type"] == "markdown"
            for line in "".join(c["source"]).splitlines()
            if line.startswith("## ")
        }
        if claim.section_heading not in headings:
            problems.append(
                f"{claim.claim_id}: no heading {claim.section_heading!r} in {claim.notebook}"
            )
    assert not problems, "\n".join(problems)


# ---------------------------------------------------------------- the schemas bite


def reload(corrupt, name: str, package):
    """Load an edited copy after recording its new checksum (the schema is still checked)."""
    path = corrupt.path(name)
    desc = json.loads(package.read_text(encoding="utf-8"))
    for res in desc["resources"]:
        if res["name"] == name:
            res["bytes"] = path.stat().st_size
            res["hash"] = "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest()
    package.write_text(json.dumps(desc), encoding="utf-8")
    return load_from(name, package)


def test_unknown_claim_status_is_rejected(corrupt):
    package, _ = corrupt("claims", 0, "status", "probably", was="verified")
    with pytest.raises(DataError, match=r"data/article/claims\.csv.*line 2.*'status'"):
        load_from("claims", package)


def test_unknown_check_is_rejected(corrupt):
    package, _ = corrupt("claims_review", 0, "check", "guess", was="un_vote_count")
    with pytest.raises(DataError, match=r"data/article/claims_review\.csv.*line 2.*'check'"):
        load_from("claims_review", package)


def test_duplicate_metadata_field_is_rejected(corrupt):
    package, _ = corrupt(
        "article_metadata", 2, "field", "title", was="author"
    )  # line 4: a second "title"
    with pytest.raises(DataError, match=r"data/article/article_metadata\.csv.*line 4"):
        load_from("article_metadata", package)


def test_ledger_verdict_outside_the_scale_is_rejected(corrupt):
    package, _ = corrupt("claims_ledger", 0, "verdict", "true", was="confirmed")
    with pytest.raises(DataError, match=r"data/derived/claims_ledger\.csv.*line 2.*'verdict'"):
        load_from("claims_ledger", package)


# ---------------------------------------------------------------- a documented claim can differ


def test_every_documented_claim_can_differ(merged, data):
    """A contradiction recorded in the review turns any documented claim with a source into
    'differs', whatever the status of its source, and the reason is the contradiction."""
    documented = merged[(merged["check"] == "documented")
                        & merged["verification_source_url"].fillna("").str.startswith("http")]
    assert len(documented) >= 15
    for claim_id in documented["claim_id"]:
        out = verdict_of(merged, data, claim_id, contradicted="the source says otherwise",
                         caveat=pd.NA, partly=pd.NA)
        assert out["verdict"] == L.DIFFERS, claim_id
        assert out["reason"] == "the source says otherwise"


def test_contradicted_is_only_for_documented_claims(merged):
    broken = merged.copy()
    row = broken.index[broken["check"] == "referendum_share"][0]
    broken.loc[row, "contradicted"] = "a data check finds its own mismatch"
    problems = L.review_problems(broken)
    assert any(p.startswith(broken.loc[row, "claim_id"] + ": 'contradicted'") for p in problems)


def test_a_primary_must_state_the_claimed_value():
    assert not L.states_value("70 of 480", "more than 710 missile launches; just more than 70")
    assert L.states_value("70 of 480", "more than 480 missiles, more than 70 from Belarus")
    assert L.states_value("30000", "expected 30,000 combat troops")
    assert L.states_value("", "a claim without a number has nothing to state")


def test_first_scrape_of_each_data_date_is_kept():
    snaps = pd.DataFrame({
        "country": ["Poland"] * 3,
        "data_date": ["2022-03-08"] * 3,
        "individuals": [1_412_503, 1_204_403, 1_294_903],
        "snapshot_committed_at": ["2022-03-10T08:00:00-08:00", "2022-03-08T20:00:00-08:00",
                                  "2022-03-09T08:00:00-08:00"],
    })
    assert L.first_scrapes(snaps)["individuals"].tolist() == [1_204_403]

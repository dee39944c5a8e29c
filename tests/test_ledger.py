"""The claims ledger: verdicts follow the data, confirmed claims have sources, the schemas bite."""

from __future__ import annotations

import pandas as pd
import pytest

from ecfr_belarus import DataError, ledger as L, load
from ecfr_belarus.catalog import load as load_from

INPUTS = ["unga_votes_ukraine_resolutions", "referendum_2022_national", "russian_forces_in_belarus_estimates",
          "missile_launch_counts_reported_2022", "sanctions_timeline_2020_2023", "swift_excluded_banks_2022",
          "belarus_opinion_polls_long", "belarus_repression_counts", "unhcr_ukraine_refugees_by_country_snapshots",
          "belarus_military_timeline_2022_2023", "constitution_timeline"]


@pytest.fixture(scope="module")
def data() -> dict[str, pd.DataFrame]:
    return {name: load(name) for name in INPUTS}


@pytest.fixture(scope="module")
def saved() -> pd.DataFrame:
    return load("claims_ledger").set_index("claim_id")


@pytest.fixture(scope="module")
def recomputed(data) -> pd.DataFrame:
    return L.build_ledger(load("claims"), L.all_checks(data)).set_index("claim_id")


def by_id(checks: list[dict], claim_id: str) -> dict:
    return next(c for c in checks if c["claim_id"] == claim_id)


# ---------------------------------------------------------------- the saved ledger

def test_ledger_has_one_row_per_claim(saved):
    claims = load("claims")
    assert sorted(saved.index) == sorted(claims["claim_id"])
    assert set(saved["verdict"]) <= set(L.VERDICTS)


def test_every_confirmed_claim_has_a_source(saved):
    confirmed = saved[saved["verdict"].isin(L.CONFIRMING)]
    assert len(confirmed) > 0
    no_url = confirmed[~confirmed["source_url"].fillna("").str.match(r"https?://")]
    no_title = confirmed[confirmed["source_title"].fillna("").str.strip() == ""]
    assert no_url.empty, f"confirmed without a source link: {list(no_url.index)}"
    assert no_title.empty, f"confirmed without a source title: {list(no_title.index)}"
    assert (confirmed["independent_value"].fillna("") != "").all()


def test_saved_ledger_matches_a_fresh_computation(saved, recomputed):
    """If the data changes and the notebook is not rerun, the committed verdicts are stale: fail."""
    for column in ["verdict", "verdict_basis", "independent_value", "source_url"]:
        diff = saved[column].fillna("") != recomputed[column].fillna("")
        assert not diff.any(), f"{column} differs for {list(saved.index[diff])}: rerun the notebook"


def test_computed_claims_are_those_with_data(recomputed):
    computed = set(recomputed.index[recomputed["verdict_basis"] == L.COMPUTED])
    assert {"C01", "C02", "C04", "C08", "C14", "C15", "C16", "C17", "C18"} <= computed


# ---------------------------------------------------------------- verdicts recomputed from the data

def test_five_states_voted_against_es_11_1(data):
    against = L.un_vote_against(data["unga_votes_ukraine_resolutions"])
    assert list(against["ms_code"]) == ["BLR", "ERI", "PRK", "RUS", "SYR"]
    assert L.check_c01(data["unga_votes_ukraine_resolutions"])["verdict"] == L.CONFIRMED


def test_c01_verdict_changes_when_the_votes_change(data):
    votes = data["unga_votes_ukraine_resolutions"].copy()
    belarus = (votes["resolution"] == "A/RES/ES-11/1") & (votes["ms_code"] == "BLR")
    votes.loc[belarus, "ms_vote"] = "A"
    assert L.check_c01(votes)["verdict"] == L.DIFFERS
    votes.loc[belarus, "ms_vote"] = "N"
    cuba = (votes["resolution"] == "A/RES/ES-11/1") & (votes["ms_code"] == "CUB")
    votes.loc[cuba, "ms_vote"] = "N"  # six against
    assert L.check_c01(votes)["verdict"] == L.DIFFERS


def test_referendum_shares_from_counts(data):
    national = data["referendum_2022_national"]
    counts = L.referendum_final(national)
    # hand check against the CEC communiqué: 5,359,403 / 6,815,635 = 78.63 %; 4,440,830 / 5,359,403 = 82.86 %
    assert counts["participants"] == 5_359_403
    shares = L.referendum_shares(national)
    assert round(shares["turnout"], 2) == 78.63
    assert round(shares["yes"], 2) == 82.86
    assert round(shares["no"], 2) == 12.78
    assert round(shares["invalid"], 2) == 4.36  # 'the remainder of the votes were invalid'


def test_referendum_verdict_changes_when_counts_change(data):
    national = data["referendum_2022_national"].copy()
    row = (national["source_id"] == "CEC_SITE_FINAL") & (national["measure"] == "participants")
    national.loc[row, "value"] = 5_500_000  # turnout 80.70 %, yes 80.74 %
    verdicts = {c["claim_id"]: c["verdict"] for c in L.check_referendum(national)}
    assert verdicts == {"C16": L.DIFFERS, "C17": L.DIFFERS, "C18": L.DIFFERS}


def test_missile_claim_follows_the_counts(data):
    missiles = data["missile_launch_counts_reported_2022"].copy()
    assert L.check_c04(missiles)["verdict"] == L.CAVEAT
    row = (missiles["date_reported"] == "2022-03-03") & (missiles["launch_origin"] == "Belarus")
    missiles.loc[row, "value"] = 90
    assert L.check_c04(missiles)["verdict"] == L.DIFFERS


def test_troops_claim_is_a_nato_estimate(data):
    check = L.check_c02(data["russian_forces_in_belarus_estimates"])
    assert check["verdict"] == L.CAVEAT and "NATO" in check["independent_value"]


def test_swift_claim_follows_the_bank_list(data):
    banks = data["swift_excluded_banks_2022"].copy()
    check = L.check_c08(banks)
    assert check["verdict"] == L.CAVEAT and "2022-03-20" in check["independent_value"]
    banks["decision_date"] = pd.Timestamp("2022-03-10")
    assert L.check_c08(banks)["verdict"] == L.NO_SOURCE


def test_poll_claims_follow_the_poll_table(data):
    polls = data["belarus_opinion_polls_long"].copy()
    checks = L.check_polls(polls)
    assert {c["claim_id"]: c["verdict"] for c in checks} == {
        "C09": L.NO_SOURCE, "C10": L.CAVEAT, "C11": L.NO_SOURCE, "C12": L.CAVEAT}
    row = ((polls["wave_label"] == "CH wave 7") & (polls["answer_harmonized"] == "join the war on Russia's side")
           & (polls["subgroup"] == "all respondents"))
    polls.loc[row, "percent"] = 17.0
    assert by_id(L.check_polls(polls), "C10")["verdict"] == L.DIFFERS


def test_refugee_claims_follow_unhcr(data):
    snapshots = data["unhcr_ukraine_refugees_by_country_snapshots"].copy()
    checks = L.check_refugees(snapshots)
    assert by_id(checks, "C14")["independent_value"].startswith("406 ")
    assert {c["verdict"] for c in checks} == {L.CONFIRMED}
    snapshots.loc[snapshots["country"] == "Belarus", "individuals"] *= 3  # first reading 1,218
    snapshots.loc[snapshots["country"] == "Poland", "individuals"] //= 10
    assert {c["verdict"] for c in L.check_refugees(snapshots)} == {L.DIFFERS}


def test_detention_claim_follows_viasna(data):
    repression = data["belarus_repression_counts"].copy()
    assert L.check_c13(repression)["verdict"] == L.CONFIRMED
    repression.loc[repression["value"] > 1000, "value"] = 900
    assert L.check_c13(repression)["verdict"] == L.DIFFERS


def test_event_claims_need_a_row_on_the_date(data):
    mil, const = data["belarus_military_timeline_2022_2023"], data["constitution_timeline"]
    assert by_id(L.check_events(mil, const), "C19")["verdict"] == L.CONFIRMED
    moved = const.assign(date=const["date"].where(const["date"] != "2022-03-15", pd.Timestamp("2022-03-16")))
    assert by_id(L.check_events(mil, moved), "C19")["verdict"] == L.NO_SOURCE


# ---------------------------------------------------------------- the rules (hand-checked values)

@pytest.mark.parametrize("claimed, independent, expected", [
    ("78.6", 78.634, True), ("78.6", 78.649, True), ("78.6", 78.65, False), ("78.6", 78.549, False), ("13", 13.4, True),
    ("400", 406, True), ("400", 451, False), ("30000", 34_999, True), ("30000", 35_000, False), ("5", 6, False),
])
def test_matches_at_the_articles_precision(claimed, independent, expected):
    assert L.matches(claimed, independent) is expected


def test_verdict_rules():
    assert L.value_verdict("12.8", 12.78) == L.CONFIRMED
    assert L.value_verdict("12.8", 12.78, caveat="estimate") == L.CAVEAT
    assert L.value_verdict("12.8", 13.1, caveat="estimate") == L.DIFFERS  # a caveat never rescues a mismatch
    assert L.value_verdict("12.8", None) == L.NO_SOURCE
    assert L.minimum_verdict(1000, 1000) == L.DIFFERS
    assert L.event_verdict(True, partial="joke not on record") == L.PARTLY


def test_documented_confirmed_without_url_gets_no_basis():
    claim = pd.Series({"claim_id": "C99", "status": "verified", "verification_source_url": pd.NA,
                       "verification_source_title": pd.NA, "verified_value": pd.NA, "note": ""})
    assert L.documented_check(claim)["verdict_basis"] == L.NO_BASIS


def test_heading_anchor():
    assert L.heading_anchor("## 3. Did Belarus vote with Russia?") == "3-did-belarus-vote-with-russia"


# ---------------------------------------------------------------- the schemas bite

def test_unknown_claim_status_is_rejected(corrupt):
    package, _ = corrupt("claims", 0, "status", "probably", was="verified")
    with pytest.raises(DataError, match=r"data/article/claims\.csv.*line 2.*'status'"):
        load_from("claims", package)


def test_duplicate_metadata_field_is_rejected(corrupt):
    package, _ = corrupt("article_metadata", 2, "field", "title", was="author")  # line 4: a second "title"
    with pytest.raises(DataError, match=r"data/article/article_metadata\.csv.*line 4"):
        load_from("article_metadata", package)


def test_ledger_verdict_outside_the_scale_is_rejected(corrupt):
    package, _ = corrupt("claims_ledger", 0, "verdict", "true", was="confirmed")
    with pytest.raises(DataError, match=r"data/derived/claims_ledger\.csv.*line 2.*'verdict'"):
        load_from("claims_ledger", package)


def test_section_links_point_at_existing_headings(recomputed):
    """A link to a theme notebook section must name a heading that is still there."""
    from ecfr_belarus.paths import NOTEBOOKS_DIR
    import json
    for claim_id, link in recomputed["notebook_section"].items():
        notebook, _, anchor = link.partition("#")
        path = NOTEBOOKS_DIR / notebook
        if not path.exists():
            continue  # theme notebook not written yet
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        headings = {L.heading_anchor("".join(c["source"]).splitlines()[0]) for c in cells
                    if c["cell_type"] == "markdown" and "".join(c["source"]).startswith("## ")}
        assert not anchor or anchor in headings, f"{claim_id}: no heading #{anchor} in {notebook}"

"""The findings helper and the number reader: a sentence is published only if the data carry
every word."""

from __future__ import annotations

import matplotlib

matplotlib.use("agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from ecfr_belarus import findings as F  # noqa: E402
from ecfr_belarus import save_figure  # noqa: E402
from ecfr_belarus.checks import number_tokens, precision_of, rounds_to  # noqa: E402


@pytest.fixture(autouse=True)
def empty_register():
    F.reset()
    yield
    F.reset()


SHARES = pd.Series({"Russia": 41.1, "EU": 18.1, "Ukraine": 12.9})


def test_a_true_finding_is_recorded_with_its_check():
    s = F.finding(
        "Russia took 41.1% of exports, more than any other partner",
        F.largest(SHARES, "Russia", what="export share, %", fmt=".1f"),
    )
    assert s.startswith("Russia")
    row = F.table().iloc[0]
    assert (
        row["result"] == "holds"
        and "above every other of 3" in row["check"]
        and "41.1" in row["evidence"]
    )


def test_a_false_finding_raises_quoting_the_sentence():
    with pytest.raises(F.FindingError, match='"Belarus sold mostly to Russia"'):
        F.finding("Belarus sold mostly to Russia", F.majority(41.1, "Russia's share of exports"))


@pytest.mark.parametrize(
    "sentence, check",
    [
        ("Russia took most exports", lambda: F.largest(SHARES, "Russia", "share")),
        ("Belarus voted no on all resolutions", lambda: F.every([True, True], "no votes")),
        (
            "Support never reached a majority",
            lambda: F.never([False, False], "support > 50%", also=("majority",)),
        ),
        ("Only Russia is above 40", lambda: F.only(SHARES > 40, ["Russia"], "share above 40")),
        ("Imports fell", lambda: F.fell(10, 5, "imports")),
        ("Imports doubled", lambda: F.ratio(5, 10, 2, "imports")),
        ("Support did not rise", lambda: F.negate(F.rose(5, 4, "support"))),
    ],
)
def test_each_regulated_word_passes_with_its_own_kind_of_check(sentence, check):
    assert F.finding(sentence, check()) == sentence


@pytest.mark.parametrize(
    "sentence",
    [
        "Belarus sold mostly to Russia",
        "Belarus voted no on every resolution",
        "Support never won",
        "Only China comes close",
        "Belarus was the largest",
        "Imports fell",
        "Exports doubled",
        "The count stalled",
    ],
)
def test_a_regulated_word_without_its_check_raises(sentence):
    with pytest.raises(F.FindingError, match="needs a check of kind"):
        F.finding(sentence, F.holds(True, "something true", "1 of 1"))


def test_bounds_are_not_superlatives():
    assert F.regulated_words("at least 35 launches, at most 11,000 troops") == []
    assert F.regulated_words("the least developed") == ["least"]


def test_every_and_never_fail_on_one_exception_and_on_no_cases():
    assert not F.every([True, False], "x").holds
    assert not F.never([False, True], "x").holds
    assert not F.every([], "x").holds


def test_only_demands_exactly_the_named_set():
    assert not F.only(SHARES > 10, ["Russia"], "share above 10").holds
    assert F.only(SHARES > 10, ["Russia", "EU", "Ukraine"], "share above 10").holds


def test_largest_needs_a_strict_lead_and_respects_a_margin():
    assert not F.largest(pd.Series({"a": 1, "b": 1}), "a", "x").holds
    assert not F.largest(pd.Series({"a": 77.0, "b": 76.1}), "a", "x", margin=1.0).holds


def test_numbers_in_the_sentence_must_come_from_the_evidence():
    with pytest.raises(F.FindingError, match="numbers not given by the evidence: 51%"):
        F.finding("Russia took 51% of exports", F.majority(41.1, "share"))
    assert F.finding("Russia took 41% of exports", F.compare(41.1, ">", 18.1, "share", ".1f"))
    with pytest.raises(F.FindingError, match="82.9"):  # 182.95 does not give 82.9
        F.finding("Yes won 82.9%", F.holds(True, "yes share", "182.95%"))


def test_a_finding_needs_a_check():
    with pytest.raises(F.FindingError, match="no check given"):
        F.finding("Anything")


def test_save_figure_refuses_an_unchecked_title(tmp_path):
    fig, ax = plt.subplots()
    ax.plot([1, 2])
    ax.set_title("An unchecked title")
    with pytest.raises(F.FindingError, match="not a checked finding"):
        save_figure(fig, "t", pd.DataFrame({"x": [1]}), "Source: test", directory=tmp_path)
    ax.set_title(F.chart_title("A checked title", F.holds(True, "true", "1")))
    save_figure(fig, "t", pd.DataFrame({"x": [1]}), "Source: test", directory=tmp_path)
    assert (tmp_path / "t.png").exists() and F.table().iloc[0]["figure"] == "t"
    plt.close(fig)


@pytest.mark.parametrize(
    "text, tokens",
    [
        ("13%", ["13%"]),
        ("Poland 3,014,157 and -4.7% growth", ["3014157", "-4.7%"]),
        ("82.9 is not 182.95", ["82.9", "182.95"]),
        ("9,000-10,000 troops", ["9000", "10000"]),
        ("a 2.5 pp gap, 13 per cent", ["2.5pp", "13%"]),
    ],
)
def test_number_tokens_read_numbers_with_their_units(text, tokens):
    assert number_tokens(text) == tokens


@pytest.mark.parametrize(
    "text",
    [
        "in 2014 and 2015-16, from 2010 to 2025",
        "on 27 February 2022 and 3-4 March",
        "on February 27",
        "at 14:00",
        "resolution ES-11/1 and 68/262, A/RES/ES-11/4",
        "Article 18 and Articles 79 and 81",
        "Kh-22 and S-400",
        "wave 7 and HS 27",
        "claim C16",
        "## 3. Title",
        "1. first item",
        '"the article said 56%"',
        "> quoted 13%",
        "[link](https://example.org/2022/13)",
        "`code 13`",
        "1:110m",
    ],
)
def test_exempt_numbers_are_not_read(text):
    assert number_tokens(text) == []


@pytest.mark.parametrize(
    "value, published, zeros, expected",
    [
        (78.63, "78.6", True, True),
        (78.65, "78.6", True, True),
        (78.66, "78.6", True, False),
        (41.1, "41", True, True),
        (41.6, "41", True, False),
        (380, "400", False, True),
        (380, "400", True, False),
        (30000, "30,000", False, True),
        (-4.7, "-4.7", True, True),
    ],
)
def test_one_rounding_rule_half_interval(value, published, zeros, expected):
    assert rounds_to(value, published, zeros) is expected


def test_precision_of():
    assert str(precision_of("78.6")) == "0.1"
    assert precision_of("400", zeros_significant=False) == 100
    assert precision_of("400") == 1

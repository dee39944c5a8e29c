"""How a written number is read and compared: one rule for the article's claims and for our own
sentences.

* ``number_tokens(text)`` finds the numbers a reader would quote in a sentence, with their unit
  ("13%", "3,014,157", "-4.7%"), and skips, by explicit and tested rules, what is not a quantity:
  years, dates and times, resolution and article numbers, codes such as "Kh-22" or "HS 27",
  section numbers, and quotations.
* ``precision_of(text)`` and ``rounds_to(value, text)`` say whether a computed value, written at
  the precision of a published figure, gives that figure. This is the single rounding rule of the
  project: the claims ledger, the referendum checks and the findings of every notebook use it.
"""

from __future__ import annotations

import re
from decimal import Decimal

MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
)

# Each exemption is (name, pattern). The text a pattern matches is removed before numbers are read.
# Order matters: dates before day numbers, year ranges before ranges of numbers.
EXEMPT: list[tuple[str, re.Pattern]] = [
    ("link target", re.compile(r"\]\([^)]*\)")),
    ("url", re.compile(r"https?://\S+")),
    ("code span", re.compile(r"`[^`\n]*`")),
    ("quotation", re.compile(r"\"[^\"\n]*\"|\u201c[^\u201d]*\u201d|\u00ab[^\u00bb]*\u00bb")),
    ("iso date", re.compile(r"\b\d{4}-\d{2}(?:-\d{2})?\b")),
    ("year range", re.compile(r"\b(?:19|20)\d\d\s?[-\u2013/]\s?(?:(?:19|20)\d\d|\d\d)\b")),
    ("time of day", re.compile(r"\b\d{1,2}:\d{2}\b")),
    ("day and month", re.compile(rf"\b\d{{1,2}}(?:\s?[-\u2013]\s?\d{{1,2}})?\s+(?:{MONTHS})\b\.?")),
    ("month and day", re.compile(rf"\b(?:{MONTHS})\s+\d{{1,2}}(?!\d|,\d)\b")),
    ("resolution symbol", re.compile(r"\b(?:A/RES/|ES-)[\w./-]*\d|\b\d+/\d+(?:/\d+)?\b")),
    (
        "legal article",
        re.compile(
            r"\b(?:Articles?|Arts?\.?|Chapter|Section|Part|para(?:graph)?\.?)\s+\d+"
            r"(?:(?:\s?[-\u2013,]\s?|\s+and\s+)\d+)*\b",
            re.I,
        ),
    ),
    (
        "label number",
        re.compile(
            r"\b(?:wave|waves|notebook|notebooks|section|sections|table|figure|chart|question|"
            r"questions|step|round|claim|HS|chapter|option|panel|row|cell)\s+\d+"
            r"(?:(?:\s?[-\u2013,]\s?|\s+and\s+|\s+to\s+)\d+)*\b",
            re.I,
        ),
    ),
    ("claim id", re.compile(r"\bC\d{2}\b")),
    ("heading or list number", re.compile(r"^\s*(?:#+\s*)?\d+\.(?=\s)", re.M)),
    ("blockquote", re.compile(r"^\s*>.*$", re.M)),
    ("scale", re.compile(r"\b1:\d+m\b")),
]

NUMBER = re.compile(
    r"(?<![\w.,/#\-\u2013])"
    r"(?P<sign>[-\u2212])?"
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?P<unit>\s?%|\s?per\s?cent\b|\s?pp\b|\s?percentage points?\b)?"
    r"(?![\w]|[.,]\d|/\d)"
)
YEAR = re.compile(r"^(?:19|20)\d\d$")


def _strip_exempt(text: str) -> str:
    for _, pattern in EXEMPT:
        text = pattern.sub(" ", text)
    # a range of numbers ("9,000-10,000", "3-4"): both ends are numbers
    return re.sub(r"(?<=\d)\s?[-\u2013]\s?(?=\d)", " \u2013 ", text)


def number_tokens(text: str) -> list[str]:
    """The numbers in ``text`` as a reader would quote them: ``"41.1%"``, ``"3014157"``,
    ``"-4.7%"``.

    Thousands separators are dropped, decimals kept as written ("82.90" stays "82.90"); a percentage
    keeps its "%", percentage points become "pp". Years (1900-2099 written without a separator),
    dates, times, resolution symbols, legal articles, labelled numbers ("wave 7", "HS 27"), claim
    ids, heading and list numbers, quotations (in quotation marks or a blockquote) and codes joined
    to letters ("Kh-22") are not read.
    """
    out = []
    for m in NUMBER.finditer(_strip_exempt(text)):
        num = m.group("num").replace(",", "")
        unit = (m.group("unit") or "").strip()
        if not unit and "," not in m.group("num") and YEAR.match(num):
            continue
        suffix = "%" if unit in ("%",) or unit.startswith("per") else ("pp" if unit else "")
        sign = "-" if m.group("sign") else ""
        out.append(f"{sign}{num}{suffix}")
    return out


def split_token(token: str) -> tuple[str, str]:
    """``"41.1%"`` -> ``("41.1", "%")``; ``"3014157"`` -> ``("3014157", "")``."""
    for unit in ("%", "pp"):
        if token.endswith(unit):
            return token[: -len(unit)], unit
    return token, ""


def precision_of(text: str, zeros_significant: bool = True) -> Decimal:
    """The rounding unit of a written figure: '78.6' -> 0.1, '13' -> 1.

    With ``zeros_significant=False`` trailing zeros of a whole number are read as rounding, as a
    journalist's round figures are meant: '400' -> 100, '30,000' -> 10,000. The article's figures
    are read that way; our own printed figures are exact at their last digit.
    """
    plain = str(text).strip().replace(",", "").lstrip("-\u2212")
    if "." in plain:
        return Decimal(1).scaleb(-len(plain.split(".")[1]))
    if zeros_significant:
        return Decimal(1)
    zeros = len(plain) - len(plain.rstrip("0"))
    return Decimal(1).scaleb(min(zeros, len(plain) - 1))


def rounds_to(value: float, published: str, zeros_significant: bool = True) -> bool:
    """True if ``value``, written at the precision of ``published``, gives ``published``.

    The half-interval test: |value - published| <= half a unit of its last digit. A value exactly
    half a unit away matches, so the verdict does not depend on how a source broke ties.
    """
    text = str(published).strip().replace(",", "").replace("\u2212", "-")
    half = precision_of(text, zeros_significant) / 2
    return abs(Decimal(str(float(value))) - Decimal(text)) <= half

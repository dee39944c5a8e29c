"""Our own sentences are claims too: every headline, chart title and takeaway carries a check.

A finding is a sentence plus one or more checks computed from the loaded data. The sentence is
published only if every check holds; otherwise the notebook stops with an error that quotes it::

    from ecfr_belarus import findings as F

    title = F.chart_title(
        "Russia bought more of Belarus's exports than any other partner in 2021",
        F.largest(shares_2021, "Russia", what="share of Belarus's goods exports, %"),
    )
    ...
    F.takeaway(
        "Belarus voted no on all 23 Ukraine resolutions.",
        F.every(blr_votes == "N", what="Belarus votes 'no' on the Ukraine resolutions"),
    )

The words carry the check. A sentence that says "most", "every", "never", "only", "largest", "fell",
"doubled" (see ``WORDS``) must be given a check of the matching kind: ``majority`` for "most",
``every`` for "all", ``fell`` for "fell", and so on. Each number written in the sentence must be
given, at the sentence's precision, by a number in the checks' evidence (``checks.rounds_to``).
Findings are collected per kernel and published by ``report.key_numbers`` as
``data/derived/findings_<notebook>.csv``: sentence, kind, check in words, evidence, result.
``save_figure`` refuses a chart whose title is not a checked finding.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable

import pandas as pd

from .checks import number_tokens, rounds_to, split_token

CONFIRMED = "holds"  # the result of a published finding (a failing one raises instead)

# A regulated word -> the kinds of check that may carry it (word boundaries, case-insensitive).
WORDS: dict[str, tuple[str, ...]] = {
    "most": ("majority", "largest"),
    "mostly": ("majority",),
    "majority": ("majority",),
    "more than half": ("majority",),
    "minority": ("minority",),
    "less than half": ("minority",),
    "every": ("every",),
    "all": ("every",),
    "always": ("every",),
    "never": ("never",),
    "none": ("never",),
    "no one": ("never",),
    "only": ("only",),
    "alone": ("only",),
    "largest": ("largest",),
    "biggest": ("largest",),
    "highest": ("largest",),
    "more than any": ("largest",),
    "more often than any": ("largest",),
    "top": ("largest",),
    "smallest": ("smallest",),
    "lowest": ("smallest",),
    "least": ("smallest",),
    "fewest": ("smallest",),
    "fell": ("fell",),
    "fall": ("fell",),
    "falls": ("fell",),
    "dropped": ("fell",),
    "declined": ("fell",),
    "decreased": ("fell",),
    "shrank": ("fell",),
    "collapsed": ("fell",),
    "rose": ("rose",),
    "rise": ("rose",),
    "rises": ("rose",),
    "grew": ("rose",),
    "increased": ("rose",),
    "surged": ("rose",),
    "climbed": ("rose",),
    "doubled": ("ratio",),
    "tripled": ("ratio",),
    "halved": ("ratio",),
    "stalled": ("unchanged",),
    "unchanged": ("unchanged",),
    "stable": ("unchanged",),
}
_WORD_RES = {w: re.compile(rf"(?<![\w-]){re.escape(w)}(?![\w-])", re.I) for w in WORDS}


class FindingError(AssertionError):
    """A finding the data do not carry. The message quotes the sentence."""


@dataclass(frozen=True)
class Check:
    """One test of a sentence against the data: the result, the rule in words, the numbers it rests
    on."""

    holds: bool
    rule: str
    evidence: str
    kind: str = "condition"
    also: tuple[
        str, ...
    ] = ()  # further kinds of word it carries (a "never" over majority tests: "majority")

    def __post_init__(self):
        object.__setattr__(self, "holds", bool(self.holds))

    @property
    def kinds(self) -> set[str]:
        return {self.kind, *self.also}


def _fmt(value, fmt: str) -> str:
    return format(value, fmt) if fmt else str(value)


def _series(values) -> pd.Series:
    if isinstance(values, pd.Series):
        return values
    return pd.Series(dict(values) if not isinstance(values, pd.Series) else values)


# ------------------------------------------------------------------ checks, one per kind of word


def holds(condition: bool, rule: str, evidence: str) -> Check:
    """A condition without a regulated word ("Belarus voted no on ES-11/1"). Say the rule in
    words."""
    return Check(condition, rule, evidence, "condition")


def compare(value: float, op: str, other: float, what: str, fmt: str = "") -> Check:
    """``value op other`` with op in ``> >= < <= ==``: "more than", "above", "below", "exactly"."""
    ops = {
        ">": lambda a, b: a > b,
        ">=": lambda a, b: a >= b,
        "<": lambda a, b: a < b,
        "<=": lambda a, b: a <= b,
        "==": lambda a, b: a == b,
    }
    if op not in ops:
        raise ValueError(f"op must be one of {list(ops)}")
    return Check(
        ops[op](value, other),
        f"{what}: {_fmt(value, fmt)} {op} {_fmt(other, fmt)}",
        f"{_fmt(value, fmt)} against {_fmt(other, fmt)}",
        "compare",
    )


def majority(share_pct: float, what: str, fmt: str = ".1f") -> Check:
    """ "most", "majority", "more than half": a share strictly over 50%."""
    return Check(share_pct > 50, f"{what} > 50%", f"{_fmt(share_pct, fmt)}%", "majority")


def minority(share_pct: float, what: str, fmt: str = ".1f") -> Check:
    """ "a minority", "less than half": a share strictly under 50%."""
    return Check(share_pct < 50, f"{what} < 50%", f"{_fmt(share_pct, fmt)}%", "minority")


def largest(values, key, what: str, fmt: str = "", margin: float = 0.0) -> Check:
    """ "largest", "more than any other", "most often": ``key`` is strictly above every other value.

    ``margin`` demands a lead of at least that much (e.g. the width an interval requires).
    """
    s = _series(values).dropna()
    others = s.drop(key)
    lead = s[key] - others.max() if len(others) else float("inf")
    runner = others.idxmax() if len(others) else "-"
    return Check(
        key in s.index and lead > margin,
        f"{what}: {key} above every other of {len(s)}"
        + (f" by more than {margin:g}" if margin else ""),
        f"{key} {_fmt(s[key], fmt)}; "
        f"next {runner} {_fmt(others.max(), fmt) if len(others) else '-'}",
        "largest",
    )


def smallest(values, key, what: str, fmt: str = "") -> Check:
    """ "smallest", "lowest", "fewest": ``key`` is strictly below every other value."""
    s = _series(values).dropna()
    others = s.drop(key)
    runner = others.idxmin() if len(others) else "-"
    return Check(
        key in s.index and (not len(others) or s[key] < others.min()),
        f"{what}: {key} below every other of {len(s)}",
        f"{key} {_fmt(s[key], fmt)}; "
        f"next {runner} {_fmt(others.min(), fmt) if len(others) else '-'}",
        "smallest",
    )


def every(mask, what: str, also: tuple[str, ...] = ()) -> Check:
    """ "every", "all", "always": the condition holds in each of the n cases (n > 0).

    ``also`` names the kind of the per-case test when the sentence words it ("a majority in every
    wave": ``also=("majority",)``, with ``mask`` computed as share > 50).
    """
    m = pd.Series(mask).astype(bool)
    return Check(
        len(m) > 0 and bool(m.all()),
        f"{what}: in each case",
        f"{int(m.sum())} of {len(m)}",
        "every",
        tuple(also),
    )


def never(mask, what: str, also: tuple[str, ...] = ()) -> Check:
    """ "never", "none", "no one": the condition holds in none of the n cases (n > 0). ``also``: as
    in ``every``."""
    m = pd.Series(mask).astype(bool)
    return Check(
        len(m) > 0 and not bool(m.any()),
        f"{what}: in no case",
        f"{int(m.sum())} of {len(m)}",
        "never",
        tuple(also),
    )


def only(mask, expected: Iterable, what: str) -> Check:
    """ "only": the cases where the condition holds are exactly ``expected`` (index labels of
    ``mask``)."""
    m = pd.Series(mask).astype(bool)
    found = sorted(map(str, m[m].index))
    want = sorted(map(str, expected))
    return Check(
        found == want, f"{what}: exactly {', '.join(want)}", f"{', '.join(found) or 'none'}", "only"
    )


def _change(before: float, after: float, what: str, fmt: str) -> str:
    return f"{what}: {_fmt(before, fmt)} then {_fmt(after, fmt)}"


def fell(before: float, after: float, what: str, fmt: str = "") -> Check:
    """ "fell", "dropped", "declined": ``after < before``."""
    return Check(
        after < before, f"{what} lower after than before", _change(before, after, what, fmt), "fell"
    )


def rose(before: float, after: float, what: str, fmt: str = "") -> Check:
    """ "rose", "grew", "increased": ``after > before``."""
    return Check(
        after > before,
        f"{what} higher after than before",
        _change(before, after, what, fmt),
        "rose",
    )


def ratio(before: float, after: float, factor: float, what: str, fmt: str = "") -> Check:
    """ "doubled" (factor 2), "tripled" (3), "halved" (0.5): after/before at least (or, below 1, at
    most) factor."""
    r = after / before
    ok = r >= factor if factor >= 1 else r <= factor
    return Check(
        ok,
        f"{what}: after/before {'>=' if factor >= 1 else '<='} {factor:g}",
        _change(before, after, what, fmt) + f" (x{r:.2f})",
        "ratio",
    )


def unchanged(values, tolerance: float, what: str, fmt: str = "") -> Check:
    """ "stable", "unchanged", "stalled": the values stay within ``tolerance`` of each other."""
    s = pd.Series(values).dropna()
    spread = s.max() - s.min() if len(s) else float("nan")
    return Check(
        len(s) > 1 and spread <= tolerance,
        f"{what}: range <= {tolerance:g}",
        f"{_fmt(s.min(), fmt)} to {_fmt(s.max(), fmt)} over {len(s)} values",
        "unchanged",
    )


def negate(check: Check, rule: str | None = None) -> Check:
    """The opposite of a check, carrying the same words ("did not fall", "not a majority")."""
    return Check(
        not check.holds, rule or f"not ({check.rule})", check.evidence, check.kind, check.also
    )


# ------------------------------------------------------------------ the register of findings


@dataclass
class Finding:
    kind: str  # headline, chart title, takeaway, finding
    sentence: str
    checks: list[Check] = field(default_factory=list)
    figure: str = ""


_REGISTER: list[Finding] = []


def reset() -> None:
    """Forget the findings of this kernel (tests use it; a notebook starts with an empty
    register)."""
    _REGISTER.clear()


def register() -> list[Finding]:
    return list(_REGISTER)


# Bounds, not quantifiers: "at least 35" and "at most 11,000" state a floor or a ceiling, which the
# numbers rule already checks; "least" and "most" inside them are not the superlatives of WORDS.
BOUND_PHRASES = ("at least", "at most")
_BOUND_RES = [re.compile(rf"(?<![\w-]){p}(?![\w-])", re.I) for p in BOUND_PHRASES]


def regulated_words(sentence: str) -> list[str]:
    """The regulated words in a sentence, longest first, each counted once.

    "more than any" is not also counted as "any"; "least" in "at least" is not counted at all.
    """
    found = []
    taken = [(m.start(), m.end()) for rx in _BOUND_RES for m in rx.finditer(sentence)]
    for word in sorted(WORDS, key=len, reverse=True):
        for m in _WORD_RES[word].finditer(sentence):
            if not any(a <= m.start() < b for a, b in taken):
                found.append(word)
                taken.append((m.start(), m.end()))
                break
    return found


def _numbers_carried(sentence: str, checks: list[Check]) -> list[str]:
    """Numbers in the sentence that no number in the evidence gives at the sentence's precision."""
    evidence = [split_token(t) for c in checks for t in number_tokens(c.evidence + " ; " + c.rule)]
    missing = []
    for token in number_tokens(sentence):
        num, unit = split_token(token)
        if not any(
            (unit == u or not unit or not u) and rounds_to(float(n), num) for n, u in evidence
        ):
            missing.append(token)
    return missing


def _fail(kind: str, sentence: str, reasons: list[str]) -> None:
    raise FindingError(f'{kind} does not hold: "{sentence}"\n  ' + "\n  ".join(reasons))


def finding(sentence: str, *checks: Check, kind: str = "finding") -> str:
    """Check a sentence against the data and record it; return it (for a title or a print)."""
    if not checks:
        _fail(kind, sentence, ["no check given: every finding needs at least one"])
    reasons = [f"check failed: {c.rule} (evidence: {c.evidence})" for c in checks if not c.holds]
    kinds = set().union(*(c.kinds for c in checks))
    for word in regulated_words(sentence):
        if not kinds & set(WORDS[word]):
            reasons.append(
                f"the word {word!r} needs a check of kind {' or '.join(WORDS[word])}; given: "
                f"{', '.join(sorted(kinds))}"
            )
    missing = _numbers_carried(sentence, list(checks))
    if missing:
        reasons.append(f"numbers not given by the evidence: {', '.join(missing)}")
    if reasons:
        _fail(kind, sentence, reasons)
    _REGISTER[:] = [f for f in _REGISTER if not (f.sentence == sentence and f.kind == kind)]
    _REGISTER.append(Finding(kind, sentence, list(checks)))
    return sentence


def headline(sentence: str, *checks: Check) -> str:
    """The notebook's H1 headline (tests require the H1 cell to read exactly this)."""
    return finding(sentence, *checks, kind="headline")


def chart_title(sentence: str, *checks: Check) -> str:
    """A chart title; ``save_figure`` accepts only titles made here."""
    return finding(sentence, *checks, kind="chart title")


def takeaway(sentence: str, *checks: Check) -> None:
    """A section's one-sentence takeaway: checked, recorded and shown as Markdown ("**Takeaway:**
    ...")."""
    finding(sentence, *checks, kind="takeaway")
    try:
        from IPython import get_ipython
        from IPython.display import Markdown, display
    except ImportError:  # pragma: no cover - outside IPython
        print(f"Takeaway: {sentence}")
        return
    if get_ipython() is None:
        print(f"Takeaway: {sentence}")
    else:
        display(Markdown(f"**Takeaway:** {sentence}"))


def title_checked(title: str, figure: str) -> bool:
    """True (and the figure noted) if ``title`` is a checked chart title of this kernel."""
    for f in _REGISTER:
        if f.kind == "chart title" and f.sentence == title:
            f.figure = figure
            return True
    return False


COLUMNS = ["kind", "figure", "finding", "check", "evidence", "result"]


def table() -> pd.DataFrame:
    """The findings of this kernel, one row each: kind, figure, sentence, checks in words, evidence,
    result."""
    rows = [
        {
            "kind": f.kind,
            "figure": f.figure,
            "finding": f.sentence,
            "check": " AND ".join(c.rule for c in f.checks),
            "evidence": " ; ".join(c.evidence for c in f.checks),
            "result": CONFIRMED,
        }
        for f in _REGISTER
    ]
    return pd.DataFrame(rows, columns=COLUMNS)

"""Sampling intervals for poll proportions.

    from ecfr_belarus.stats import wilson_interval
    low, high = wilson_interval(0.13, 755)          # 95% interval for 13% of 755 respondents

Why Wilson and not the textbook "p ± 1.96·sqrt(p(1-p)/n)" (the normal or Wald interval)?
The polls in this project report small shares (3%, 5%, 6% want Belarus to join the war). For such
shares the Wald interval is too narrow, is symmetric where the uncertainty is not, and can run
below 0% (for p = 0 it has zero width, claiming certainty). The Wilson score interval (Wilson 1927;
recommended by Brown, Cai & DasGupta 2001, "Interval Estimation for a Binomial Proportion") inverts
the score test instead: its bounds are the two values of the true share pi for which the observed
share p is exactly z standard errors away, with the standard error computed at pi:

    (p - pi)^2 = z^2 * pi * (1 - pi) / n

Solving that quadratic in pi gives

    centre     = (p + z^2 / (2n)) / (1 + z^2 / n)
    half-width = z / (1 + z^2 / n) * sqrt(p (1 - p) / n + z^2 / (4 n^2))
    interval   = centre ± half-width

which always stays inside [0, 1], is asymmetric near 0 and 1, and agrees with the Wald interval
when n is large and p is not close to 0 or 1.

z for a two-sided 95% interval is the 97.5th percentile of the standard normal distribution,
1.959963984540054 (written out here because scipy is not a dependency).

What the interval does NOT cover: it is a simple-random-sample sampling interval. Weighting,
clustering and panel recruitment widen the real sampling error; this is what ``design_effect``
is for (Kish's design effect, deff = variance under the actual design / variance under simple
random sampling; the interval is computed for the effective sample size n / deff). No interval
covers coverage bias (e.g. an online panel of urban internet users standing in for all adults) or
people answering what is safe rather than what they think. Those errors can be larger than the
interval and do not shrink with n.
"""

from __future__ import annotations

import math

import numpy as np

Z95 = 1.959963984540054
"""97.5th percentile of the standard normal distribution: z for a two-sided 95% interval."""


def _check(p, n, design_effect):
    p = np.asarray(p, dtype=float)
    n = np.asarray(n, dtype=float)
    if np.any(np.isnan(p)) or np.any((p < 0) | (p > 1)):
        raise ValueError("p must be a proportion between 0 and 1 (divide percentages by 100)")
    if np.any(np.isnan(n)) or np.any(n <= 0):
        raise ValueError("sample size n must be positive")
    if not (design_effect > 0 and math.isfinite(design_effect)):
        raise ValueError("design_effect must be a positive number (1 = simple random sample)")
    return p, n / design_effect


def wilson_interval(p, n, z: float = Z95, design_effect: float = 1.0):
    """Wilson score interval for a proportion ``p`` (0..1) observed in a sample of ``n``.

    ``p`` and ``n`` may be numbers or arrays of the same shape. ``design_effect`` (default 1, a
    simple random sample) divides ``n`` into the effective sample size. Returns ``(low, high)`` as
    proportions, floats for scalar input, numpy arrays otherwise.
    """
    p, n_eff = _check(p, n, design_effect)
    z2 = z * z
    denom = 1 + z2 / n_eff
    centre = (p + z2 / (2 * n_eff)) / denom
    half = z / denom * np.sqrt(p * (1 - p) / n_eff + z2 / (4 * n_eff**2))
    low, high = np.clip(centre - half, 0, 1), np.clip(centre + half, 0, 1)
    if low.ndim == 0:
        return float(low), float(high)
    return low, high


def normal_interval(p, n, z: float = Z95, design_effect: float = 1.0):
    """The normal-approximation (Wald) interval ``p ± z*sqrt(p(1-p)/n)``, for comparison only.

    Not clipped to [0, 1], so its failures near 0 and 1 stay visible.
    """
    p, n_eff = _check(p, n, design_effect)
    half = z * np.sqrt(p * (1 - p) / n_eff)
    low, high = p - half, p + half
    if low.ndim == 0:
        return float(low), float(high)
    return low, high


def max_margin_of_error(n, z: float = Z95, design_effect: float = 1.0):
    """The 'maximum margin of error' pollsters state: the Wald half-width at p = 0.5."""
    _, n_eff = _check(0.5, n, design_effect)
    moe = z * np.sqrt(0.25 / n_eff)
    return float(moe) if np.ndim(moe) == 0 else moe


# ------------------------------------------------------ which poll points may be joined by a line
#
# A line between two poll points tells the reader "this is one series: the same question, the same
# answer". Waves change their answer lists (March 2022 bundled neutrality with the withdrawal of
# foreign troops; April 2022 asked a separate yes/no question), so each point carries a ``version``
# label and only points of the same joinable version are joined. A point of another version that
# happens to lie on a drawn line would be read as part of it, so ``points_on_lines`` finds such
# points; the notebook draws them elsewhere or not at all.


def _as_number(values) -> np.ndarray:
    """Dates (numpy/pandas datetimes) as nanoseconds, numbers as floats, for interpolation."""
    arr = np.asarray(values)
    if np.issubdtype(arr.dtype, np.datetime64):
        return arr.astype("datetime64[ns]").astype("int64").astype(float)
    return arr.astype(float)


def version_runs(frame, x: str, version: str, joinable) -> list:
    """The groups of rows to join with one line each: every joinable ``version`` with 2+ points.

    ``frame`` is a pandas DataFrame, ``x`` its time column, ``version`` the column naming the
    question version of each point, ``joinable`` the versions that form a comparable series. Rows of
    other versions, and a version with a single point, are never joined. Each run is returned sorted
    by ``x``; runs are ordered by their first ``x``. Rows missing ``x`` or ``version`` are left out.
    """
    joinable = set(joinable)
    data = frame.dropna(subset=[x, version])
    runs = [g.sort_values(x) for v, g in data.groupby(version, sort=False)
            if v in joinable and len(g) >= 2]
    return sorted(runs, key=lambda g: g[x].iloc[0])


def points_on_lines(runs, points, x: str, y: str, tolerance: float):
    """Rows of ``points`` within ``tolerance`` (in y units) of a line drawn through any run.

    A point counts only if its ``x`` is strictly inside the run's span (a point at a run's end is a
    wave of its own, not "on" the line). The line is straight between consecutive points of the run,
    as plotted. Returns the matching rows of ``points`` (an empty frame if none).
    """
    hits = np.zeros(len(points), dtype=bool)
    px, py = _as_number(points[x]), np.asarray(points[y], dtype=float)
    for run in runs:
        rx, ry = _as_number(run[x]), np.asarray(run[y], dtype=float)
        inside = (px > rx.min()) & (px < rx.max())
        line_y = np.interp(px, rx, ry)
        hits |= inside & (np.abs(py - line_y) <= tolerance)
    return points[hits]


def unstated_share(shares, rounding: float = 0.0) -> float:
    """What the reported answers leave out: 100 minus their sum, in points (42 + 50 leaves 8).

    ``rounding`` allows published shares that add up to slightly more than 100 because each was
    rounded (33 + 44 + 24 = 101): up to ``100 + rounding`` the result is 0, never negative.
    Raises if the shares add up to more than that (answers that overlap, or a misread source).
    """
    total = float(np.sum(np.asarray(shares, dtype=float)))
    if total > 100 + rounding + 1e-9:
        raise ValueError(f"shares add up to {total:g}, more than 100: "
                         "the answers overlap or a figure is wrong")
    return max(0.0, round(100 - total, 10))


def difference_margin(p1, p2, n, z: float = Z95, design_effect: float = 1.0):
    """95% margin of error of the gap between two answers to one question in one sample.

    ``p1`` and ``p2`` are shares (0-1) of the same ``n`` respondents, so they are negatively
    correlated: var(p1 - p2) = (p1 + p2 - (p1 - p2)^2) / n (multinomial). A gap smaller than this
    margin is within sampling error. Simple random sample; ``design_effect`` divides ``n``.
    """
    p1, p2 = np.asarray(p1, dtype=float), np.asarray(p2, dtype=float)
    _check(p1, n, design_effect)
    _check(p2, n, design_effect)
    if np.any(p1 + p2 > 1 + 1e-12):
        raise ValueError("two answers to one question cannot add up to more than 100%")
    n_eff = np.asarray(n, dtype=float) / design_effect
    margin = z * np.sqrt((p1 + p2 - (p1 - p2) ** 2) / n_eff)
    return float(margin) if np.ndim(margin) == 0 else margin

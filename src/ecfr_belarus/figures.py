"""Saving a chart: PNG and SVG that are byte-identical on every rerun, plus the numbers plotted."""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd

from .paths import FIGURES_DIR

SOURCE_GID = "source-line"


def add_source(fig: plt.Figure, text: str) -> None:
    """Write the source line in the bottom-left corner of the figure (once)."""
    for artist in fig.texts:
        if artist.get_gid() == SOURCE_GID:
            artist.set_text(text)
            return
    fig.text(0.01, -0.02, text, ha="left", va="top", fontsize=8, color="#555555",
             wrap=True, gid=SOURCE_GID)


def source_of(fig: plt.Figure) -> str | None:
    for artist in fig.texts:
        if artist.get_gid() == SOURCE_GID:
            return artist.get_text()
    return None


def save_figure(fig: plt.Figure, name: str, data: pd.DataFrame, source: str,
                directory: Path = FIGURES_DIR) -> Path:
    """Save ``figures/<name>.png``, ``.svg`` and ``.csv`` (the numbers plotted).

    ``source`` is printed under the chart: every published chart says where its data comes from.
    Files carry no dates or random ids, so a rerun rewrites them byte for byte.
    """
    if not source or not source.strip():
        raise ValueError(f"figure {name!r}: a source line is required")
    if data is None or len(data) == 0:
        raise ValueError(f"figure {name!r}: pass the plotted numbers as a non-empty DataFrame")
    add_source(fig, source)
    directory.mkdir(parents=True, exist_ok=True)
    png = directory / f"{name}.png"
    fig.savefig(png, format="png", metadata={"Software": None})
    fig.savefig(directory / f"{name}.svg", format="svg", metadata={"Date": None, "Creator": None})
    data.to_csv(directory / f"{name}.csv", index=False, lineterminator="\n")
    return png

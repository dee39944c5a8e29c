"""Saving a chart: PNG and SVG that are byte-identical on every rerun, plus the numbers plotted."""

from __future__ import annotations

import io
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd

from . import findings
from .paths import FIGURES_DIR

SOURCE_GID = "source-line"


def add_source(fig: plt.Figure, text: str) -> None:
    """Write the source line in the bottom-left corner of the figure (once)."""
    for artist in fig.texts:
        if artist.get_gid() == SOURCE_GID:
            artist.set_text(text)
            return
    fig.text(
        0.01,
        -0.02,
        text,
        ha="left",
        va="top",
        fontsize=8,
        color="#555555",
        wrap=True,
        gid=SOURCE_GID,
    )


def source_of(fig: plt.Figure) -> str | None:
    for artist in fig.texts:
        if artist.get_gid() == SOURCE_GID:
            return artist.get_text()
    return None


def figure_title(fig: plt.Figure) -> str:
    """The chart's title: the figure's suptitle, else the first axes title (centre, then left)."""
    if fig._suptitle is not None and fig._suptitle.get_text().strip():
        return fig._suptitle.get_text()
    for ax in fig.axes:
        for loc in ("center", "left"):
            if ax.get_title(loc).strip():
                return ax.get_title(loc)
    return ""


def _in_notebook() -> bool:
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    return shell is not None and type(shell).__name__ == "ZMQInteractiveShell"


def save_figure(
    fig: plt.Figure, name: str, data: pd.DataFrame, source: str, directory: Path = FIGURES_DIR
) -> None:
    """Save ``figures/<name>.png``, ``.svg`` and ``.csv`` (the numbers plotted), and show the PNG.

    The chart's title (suptitle, else the first axes title) must come from ``findings.chart_title``:
    a title states a finding, and a finding is published only with its check. ``source`` is printed
    under the chart: every published chart says where its data comes from. Files carry no dates or
    random ids, so a rerun rewrites them byte for byte. In a notebook the saved PNG itself is
    displayed (and the figure closed), so the chart a reader sees is exactly the published file,
    drawn once instead of twice.
    """
    if not source or not source.strip():
        raise ValueError(f"figure {name!r}: a source line is required")
    if data is None or len(data) == 0:
        raise ValueError(f"figure {name!r}: pass the plotted numbers as a non-empty DataFrame")
    title = figure_title(fig)
    if not findings.title_checked(title, name):
        raise findings.FindingError(
            f"figure {name!r}: its title {title!r} is not a checked finding; "
            "make it with findings.chart_title(sentence, check, ...)"
        )
    add_source(fig, source)
    directory.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", metadata={"Software": None})
    png = directory / f"{name}.png"
    png.write_bytes(buffer.getvalue())
    fig.savefig(directory / f"{name}.svg", format="svg", metadata={"Date": None, "Creator": None})
    data.to_csv(directory / f"{name}.csv", index=False, lineterminator="\n")
    if _in_notebook():
        from IPython.display import Image, display

        display(Image(data=buffer.getvalue(), format="png"))
        plt.close(fig)
    # Returns nothing: a returned path would print as a machine path if a cell ended with this call.

"""The house chart style and the colours of the actors, the same in every notebook.

Colours are from the Okabe-Ito palette, which stays distinguishable for the common forms of
colour-blindness. One actor keeps one colour everywhere: Russia is always vermillion.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib as mpl

STYLE_FILE = Path(__file__).with_name("house.mplstyle")

ACTOR_COLORS = {
    "Belarus": "#009E73",  # bluish green
    "Russia": "#D55E00",  # vermillion
    "Ukraine": "#0072B2",  # blue
    "EU": "#cc79a7",  # reddish purple
    "Poland": "#56B4E9",  # sky blue
    "China": "#E69F00",  # orange
    "United States": "#000000",  # black
    "Lithuania": "#F0E442",  # yellow
    "Kazakhstan": "#8C8C8C",  # grey
    "Other": "#BBBBBB",  # light grey
}

# ISO3 codes used by the UN vote files map to the same colours.
ISO3 = {"BLR": "Belarus", "RUS": "Russia", "UKR": "Ukraine", "POL": "Poland", "CHN": "China",
        "USA": "United States", "LTU": "Lithuania", "KAZ": "Kazakhstan"}

VOTE_COLORS = {
    "Yes": "#0072B2",
    "No": "#D55E00",
    "Abstain": "#F0E442",  # yellow: far from No (vermillion) in hue and lightness
    "Absent": "#DDDDDD",
}


def color(actor: str) -> str:
    """The house colour of an actor, by name or ISO3 code ("Belarus", "BLR", "EU", ...)."""
    name = ISO3.get(actor, actor)
    try:
        return ACTOR_COLORS[name]
    except KeyError:
        raise KeyError(f"no house colour for {actor!r}; known: {sorted(ACTOR_COLORS)}") from None


def use() -> None:
    """Apply the house style to every chart drawn after this call, and show table text uncut.

    pandas cuts long cells to 50 characters with "..." by default: a reader would not know what was
    left out, so tables show their text in full (rows beyond 60 are still elided, and pandas then
    prints the table's shape underneath, which says so).
    """
    import pandas as pd

    mpl.style.use(STYLE_FILE)
    pd.set_option("display.max_colwidth", None)

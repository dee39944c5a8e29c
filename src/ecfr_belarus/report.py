"""The last cell of every notebook: the key numbers, printed and saved for the README."""

from __future__ import annotations

import pandas as pd

from .paths import DATA_DIR

KEY_NUMBERS_DIR = DATA_DIR / "derived"


def key_numbers(notebook: str, rows: list[tuple[str, object, str]]) -> None:
    """Print the findings as a table and save them to ``data/derived/key_numbers_<notebook>.csv``.

    ``rows`` are ``(finding, value, note)``; ``value`` is printed as given (format it in the
    notebook, e.g. ``f"{share:.1f}%"``), ``note`` says what it is and where it comes from.
    """
    table = pd.DataFrame(rows, columns=["finding", "value", "note"]).astype(str)
    KEY_NUMBERS_DIR.mkdir(parents=True, exist_ok=True)
    table.to_csv(KEY_NUMBERS_DIR / f"key_numbers_{notebook}.csv", index=False, lineterminator="\n")
    width = max(len(f) for f in table["finding"])
    for finding, value, note in table.itertuples(index=False):
        print(f"{finding:<{width}}  {value}" + (f"  ({note})" if note else ""))
    # Returns nothing on purpose: a trailing ';' does not silence output under nbval.


def show_io(inputs: list[str], outputs: list[str]) -> None:
    """Print what a notebook reads (resource names -> files in data/) and writes (figures)."""
    from .catalog import describe

    print("Reads:")
    for name in inputs:
        res = describe(name)
        print(f"  data/{res['path']}  ({name}: {res.get('title', '')})")
    print("Writes:")
    for name in outputs:
        print(f"  figures/{name}.png, .svg, .csv")

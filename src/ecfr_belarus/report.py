"""The last cell of every notebook: the key numbers and the findings, printed and saved for the
README."""

from __future__ import annotations

import pandas as pd

from . import findings
from .paths import DERIVED_DIR


def key_numbers(notebook: str, rows: list[tuple[str, object, str]]) -> None:
    """Print the key numbers and save them, with the notebook's checked findings, to
    ``data/derived/``.

    ``rows`` are ``(finding, value, note)``; ``value`` is printed as given (format it in the
    notebook, e.g. ``f"{share:.1f}%"``), ``note`` says what it is and where it comes from. Writes
    ``key_numbers_<notebook>.csv`` and ``findings_<notebook>.csv`` (every headline, chart title and
    takeaway of the notebook with its check in words, its evidence and its result). A notebook
    without a checked headline (``findings.headline``) cannot publish its key numbers.
    """
    register = findings.table()
    if not (register["kind"] == "headline").any():
        raise findings.FindingError(
            f"{notebook}: no checked headline; call findings.headline(sentence, check)"
        )
    table = pd.DataFrame(rows, columns=["finding", "value", "note"]).astype(str)
    DERIVED_DIR.mkdir(parents=True, exist_ok=True)
    table.to_csv(DERIVED_DIR / f"key_numbers_{notebook}.csv", index=False, lineterminator="\n")
    register.to_csv(DERIVED_DIR / f"findings_{notebook}.csv", index=False, lineterminator="\n")
    width = max(len(f) for f in table["finding"])
    for finding, value, note in table.itertuples(index=False):
        print(f"{finding:<{width}}  {value}" + (f"  ({note})" if note else ""))
    counts = register["kind"].value_counts()
    print(
        f"\nFindings checked against the data ({len(register)}, all hold): "
        + ", ".join(f"{n} {kind}{'s' if n > 1 else ''}" for kind, n in counts.items())
        + f"; see data/derived/findings_{notebook}.csv"
    )
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

"""Where things live in the repository (the package is installed in editable mode from it).

Notebooks read from ``data/`` and write their outputs (figures, derived tables) under
``OUTPUT_ROOT``: the repository itself when a reader reruns them, a temporary folder when the tests
rerun them (``ECFR_OUTPUT_DIR``), so that ``make test`` never rewrites a committed file and can
compare the fresh outputs with the committed ones byte for byte.
"""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA_DIR = ROOT / "data"
NOTEBOOKS_DIR = ROOT / "notebooks"
COMMITTED_FIGURES_DIR = ROOT / "figures"
COMMITTED_DERIVED_DIR = DATA_DIR / "derived"

OUTPUT_ROOT = Path(os.environ["ECFR_OUTPUT_DIR"]) if os.environ.get("ECFR_OUTPUT_DIR") else ROOT
FIGURES_DIR = OUTPUT_ROOT / "figures"
DERIVED_DIR = OUTPUT_ROOT / "data" / "derived"

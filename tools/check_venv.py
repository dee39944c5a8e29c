"""Refuse a virtual environment installed from another folder (a copied or moved repository).

The helper package is installed in editable mode, so a .venv copied along with the repository would
load the original folder's code and data. make runs this before every command with the venv's
python.
"""

import importlib.metadata
import json
import sys
from pathlib import Path
from urllib.parse import unquote, urlparse

here = Path(sys.argv[1]).resolve()
try:
    url = json.loads(importlib.metadata.distribution("ecfr-belarus").read_text("direct_url.json"))[
        "url"
    ]
    installed_from = Path(unquote(urlparse(url).path)).resolve()
except (importlib.metadata.PackageNotFoundError, TypeError, KeyError, ValueError):
    installed_from = None
if installed_from != here:
    where = f"from {installed_from}" if installed_from else "without this project's package"
    print(
        f".venv was installed {where}, not from this folder ({here}): "
        "it would run that folder's code "
        "and data. Run `make clean-venv`, then your command again.",
        file=sys.stderr,
    )
    raise SystemExit(1)

"""``python -m ecfr_belarus build`` rebuilds data/datapackage.json; ``check`` checks each file."""

import sys

from .catalog import main

raise SystemExit(main(["ecfr_belarus", *sys.argv[1:]]))

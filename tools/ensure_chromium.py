"""Make sure Debian's chromium is installed at /usr/bin/chromium (for `make test-browser`).

    python tools/ensure_chromium.py

Installs it with apt-get when missing (needs root). Never runs `playwright install`: the browser
tests drive this system chromium through Playwright's `executable_path`.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")


def main() -> int:
    if CHROMIUM.exists():
        print(f"chromium present: {CHROMIUM}")
        return 0
    if shutil.which("apt-get") is None:
        print(
            "chromium is missing and apt-get is not available: install chromium by hand",
            file=sys.stderr,
        )
        return 1
    prefix = [] if os.geteuid() == 0 else ["sudo"]
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    for cmd in (["apt-get", "update"], ["apt-get", "install", "-y", "chromium"]):
        print("+", " ".join(prefix + cmd), flush=True)
        result = subprocess.run(prefix + cmd, env=env, check=False)
        if result.returncode != 0:
            print(f"failed ({result.returncode}): {' '.join(cmd)}", file=sys.stderr)
            return result.returncode
    if not CHROMIUM.exists():
        print(f"apt-get finished but {CHROMIUM} is still missing", file=sys.stderr)
        return 1
    print(f"chromium installed: {CHROMIUM}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

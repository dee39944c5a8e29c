"""Prove that a command leaves every file of the repository as it was: same modification times.

    python tools/tree_guard.py snapshot .test-outputs/mtimes.json   # before
    python tools/tree_guard.py check .test-outputs/mtimes.json      # after: lists what changed

`make test` wraps its runs in these two calls. The files are those git tracks, or, in a source
archive without .git, every file outside the virtual environment and the scratch folders.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOT_SOURCE = {
    ".venv",
    ".git",
    ".test-outputs",
    ".ruff_cache",
    "__pycache__",
    ".ipynb_checkpoints",
    ".pytest_cache",
    "browser_screenshots",
    "bench_results",
    "build",
}


def files() -> list[str]:
    if (ROOT / ".git").exists():
        out = subprocess.run(
            ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
        ).stdout
        return [name for name in out.decode().split("\0") if name]
    return sorted(
        p.relative_to(ROOT).as_posix()
        for p in ROOT.rglob("*")
        if p.is_file()
        and not NOT_SOURCE & set(p.relative_to(ROOT).parts)
        and not p.parent.name.endswith(".egg-info")
    )


def mtimes() -> dict[str, int]:
    return {name: (ROOT / name).stat().st_mtime_ns for name in files() if (ROOT / name).exists()}


def main(argv: list[str]) -> int:
    action, record = argv[0], Path(argv[1])
    if action == "snapshot":
        record.parent.mkdir(parents=True, exist_ok=True)
        record.write_text(json.dumps(mtimes()), encoding="utf-8")
        return 0
    before, after = json.loads(record.read_text(encoding="utf-8")), mtimes()
    changed = sorted(
        name for name in before.keys() | after.keys() if before.get(name) != after.get(name)
    )
    if changed:
        print(
            f"these repository files were written during the run ({len(changed)}):",
            *changed[:40],
            sep="\n  ",
        )
        return 1
    print(f"{len(before)} repository files, none written during the run")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

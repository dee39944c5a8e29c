"""The repository's total size (a reader clones it). The static HTML rendering of the notebooks is
tested with the browser test (browser_tests/test_static_html.py); stderr and the 1 MB limit per
notebook are checked in test_notebook_conventions.py.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


REPO = Path(__file__).resolve().parents[1]
REPO_MAX_BYTES = 25_000_000


def repository_files() -> list[Path]:
    """Tracked files plus untracked ones git does not ignore (what the next commit can contain); in
    a source archive without .git, what tools/tree_guard.py counts as the repository."""
    if not (REPO / ".git").exists():
        sys.path.insert(0, str(REPO / "tools"))
        from tree_guard import files

        return [REPO / name for name in files()]
    listing = (
        subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            cwd=REPO,
            capture_output=True,
            check=True,
        )
        .stdout.decode()
        .split("\0")
    )
    return [REPO / name for name in listing if name]


def test_repository_is_under_25_mb():
    files = repository_files()
    sizes = {f: f.stat().st_size for f in files if f.is_file()}
    total = sum(sizes.values())
    largest = sorted(sizes.items(), key=lambda kv: -kv[1])[:5]
    assert total < REPO_MAX_BYTES, (
        f"repository files total {total:,} bytes (limit {REPO_MAX_BYTES:,}); largest: "
        + ", ".join(f"{f.relative_to(REPO)} {s:,}" for f, s in largest)
    )

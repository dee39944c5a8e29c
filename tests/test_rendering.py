"""Static rendering, as GitHub-like viewers show the notebooks: nbconvert HTML with every figure.

Cheap (in-process nbconvert, no kernel): part of `make test`. Stderr and the 1 MB limit per notebook
are checked in test_notebook_conventions.py; the repository's total size here.
"""

from __future__ import annotations

import subprocess
import sys
from html import escape
from pathlib import Path

import nbformat
import pytest

REPO = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))
REPO_MAX_BYTES = 25_000_000


def _outputs(nb):
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "code":
            for out in cell.get("outputs", []):
                yield index, out


@pytest.fixture(scope="module")
def exporter():
    from nbconvert import HTMLExporter

    return HTMLExporter()  # default "lab" template, images embedded as data: URIs


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_converts_to_html_with_every_figure(path, exporter):
    nb = nbformat.read(path, as_version=4)
    errors = [
        (i, out.get("ename"), out.get("evalue"))
        for i, out in _outputs(nb)
        if out.output_type == "error"
    ]
    assert not errors, f"{path.name}: error outputs stored (cell index, name, value): {errors}"
    pngs = sum("image/png" in out.get("data", {}) for _, out in _outputs(nb))
    assert pngs > 0, f"{path.name}: no inline figure stored"
    page, _ = exporter.from_notebook_node(nb)
    imgs = page.count("<img")
    assert imgs >= pngs, f"{path.name}: {pngs} image/png outputs but only {imgs} <img> in the HTML"
    title = next(c.source for c in nb.cells if c.cell_type == "markdown").splitlines()[0]
    assert title.startswith("# "), f"{path.name}: first markdown cell does not start with an H1"
    assert escape(title[2:].split()[0], quote=False) in page, (
        f"{path.name}: title missing from the HTML"
    )


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

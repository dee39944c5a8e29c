"""Static rendering, as GitHub-like viewers show the notebooks: nbconvert HTML with every figure.

Run by `make test-browser` (beside the JupyterLab test) rather than `make test`: converting seven
notebooks with nbconvert costs about half a minute of CPU, and the notebooks' stored outputs are
already checked by `make test` (no error, no stderr, figures present, under 1 MB).
"""

from __future__ import annotations

from html import escape
from pathlib import Path

import nbformat
import pytest

REPO = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))


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

"""What the notebooks publish is exactly what the code produces: every figure file and derived
table.

`make test` reruns the notebooks under nbval with ``ECFR_OUTPUT_DIR`` set to a scratch folder (so it
never rewrites a committed file), then runs this module with ``ECFR_FRESH_OUTPUTS`` pointing at that
folder. Run on its own, the module reruns the notebooks into a temporary folder first. A figure or
table that differs from the committed one by a byte fails with its file name, and so does a
committed file no notebook produces.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from ecfr_belarus.paths import COMMITTED_DERIVED_DIR, COMMITTED_FIGURES_DIR, NOTEBOOKS_DIR, ROOT

PUBLISHED = {"figures": COMMITTED_FIGURES_DIR, "data/derived": COMMITTED_DERIVED_DIR}
NOT_PRODUCED = {
    "data/derived/resources.json"
}  # the descriptor of the derived tables is written by hand


@pytest.fixture(scope="session")
def fresh(tmp_path_factory) -> Path:
    given = os.environ.get("ECFR_FRESH_OUTPUTS")
    if given:
        return Path(given)
    out = tmp_path_factory.mktemp("fresh")
    env = {**os.environ, "ECFR_OUTPUT_DIR": str(out)}
    notebooks = sorted(str(p) for p in NOTEBOOKS_DIR.glob("*.ipynb"))
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "tools" / "run_notebooks.py"),
            "--no-write",
            "--jobs",
            str(os.cpu_count() or 1),
            *notebooks,
        ],
        check=True,
        env=env,
        cwd=ROOT,
    )
    return out


def committed_files() -> list[str]:
    files = []
    for rel, folder in PUBLISHED.items():
        files += [f"{rel}/{p.name}" for p in sorted(folder.iterdir()) if p.is_file()]
    return [f for f in files if f not in NOT_PRODUCED]


def test_fresh_outputs_equal_the_committed_ones(fresh):
    differ = [
        f
        for f in committed_files()
        if (fresh / f).exists() and (fresh / f).read_bytes() != (ROOT / f).read_bytes()
    ]
    assert not differ, (
        f"the notebooks now produce different files (rerun `make run` and review): {differ}"
    )


def test_every_committed_output_is_still_produced(fresh):
    stale = [f for f in committed_files() if not (fresh / f).exists()]
    assert not stale, f"committed but no notebook produces them (stale): {stale}"


def test_every_produced_output_is_committed(fresh):
    produced = [
        f"{rel}/{p.name}"
        for rel in PUBLISHED
        for p in sorted((fresh / rel).glob("*"))
        if p.is_file()
    ]
    new = [f for f in produced if not (ROOT / f).exists()]
    assert not new, f"produced but not committed (run `make run` and commit them): {new}"

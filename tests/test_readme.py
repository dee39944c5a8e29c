"""The README shows what the notebooks produce: current tables and findings, figures that exist."""

from __future__ import annotations

import re
import subprocess
import sys

from ecfr_belarus.paths import NOTEBOOKS_DIR, ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_generated_blocks_are_current():
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "update_readme.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_linked_file_exists():
    links = re.findall(r"\]\(((?:figures|notebooks|data)/[^)#\s]+)", README)
    assert links
    missing = [link for link in links if not (ROOT / link).exists()]
    assert not missing, missing


def test_gallery_shows_one_figure_per_notebook_theme():
    gallery = README.split("## Figures", 1)[1].split("\n## ", 1)[0]
    shown = set(re.findall(r"!\[[^\]]*\]\(figures/([a-z]+)_", gallery))
    themes = {"ledger", "diplomacy", "military", "sanctions", "opinion", "constitution"}
    assert themes <= shown, f"gallery lacks {sorted(themes - shown)}"


def test_notebook_table_lists_every_notebook_and_start_here_first():
    table = README.split("<!-- generated:notebooks -->", 1)[1].split(
        "<!-- /generated:notebooks -->", 1
    )[0]
    names = re.findall(r"\[(\d\d_[a-z_0-9]+)\]\(notebooks/", table)
    assert names == sorted(p.stem for p in NOTEBOOKS_DIR.glob("*.ipynb"))
    assert "start here" in table.strip().splitlines()[2]

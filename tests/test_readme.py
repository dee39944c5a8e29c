"""The READMEs show what the notebooks produce: current findings and tables, links that resolve, and
a first screen with the article, the ledger and the two commands."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from ecfr_belarus.paths import NOTEBOOKS_DIR, ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_generated_blocks_are_current():
    result = subprocess.run([sys.executable, str(ROOT / "tools" / "update_readme.py"), "--check"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("readme", ["README.md", "data/README.md"])
def test_every_linked_file_exists(readme):
    path = ROOT / readme
    links = re.findall(r"\]\(([^)#\s:]+)\)", path.read_text(encoding="utf-8"))
    assert links
    missing = [link for link in links if not (path.parent / link).exists()]
    assert not missing, missing


def test_first_screen_has_the_article_the_ledger_and_the_two_commands():
    first = README.split("## What we found")[0]
    assert "How to train your dictator" in first and "Slunkin" in first
    assert "(data/derived/claims_ledger.md)" in first
    assert "make run" in first and "make test" in first
    assert len(first.splitlines()) <= 25


def block(name: str) -> str:
    return README.split(f"<!-- generated:{name} -->", 1)[1].split(f"<!-- /generated:{name} -->")[0]


def test_findings_give_every_notebooks_checked_headline():
    for nb in sorted(NOTEBOOKS_DIR.glob("*.ipynb")):
        link = f"]({nb.relative_to(ROOT).as_posix()})"
        assert link in block("findings"), f"{nb.stem} missing from the findings"


def test_gallery_shows_one_figure_per_notebook_theme():
    gallery = README.split("## Figures", 1)[1].split("\n## ", 1)[0]
    shown = set(re.findall(r"!\[[^\]]*\]\(figures/([a-z]+)_", gallery))
    themes = {"ledger", "diplomacy", "military", "sanctions", "opinion", "constitution"}
    assert themes <= shown, f"gallery lacks {sorted(themes - shown)}"


def test_notebook_table_lists_every_notebook_and_start_here_first():
    table = block("notebooks")
    names = re.findall(r"\[(\d\d_[a-z_0-9]+)\]\(notebooks/", table)
    assert names == sorted(p.stem for p in NOTEBOOKS_DIR.glob("*.ipynb"))
    assert "start here" in table.strip().splitlines()[2]


def test_no_hand_typed_counts():
    by_hand = README.split("<!-- generated:")[0] + README.split("<!-- /generated:notebooks -->")[1]
    typed = re.findall(r"\b\d+ (?:passed|tests?|pinned packages|corruptions)\b", by_hand)
    assert not typed, f"counts typed by hand (they go stale): {typed}"

"""Every notebook follows the house conventions: structure, clean outputs, declared inputs and
outputs.

These run on the committed notebooks (what GitHub shows); nbval separately reruns them.
"""

from __future__ import annotations

import ast
import functools
import json
import os
import re
from pathlib import Path

import pytest

from ecfr_belarus import catalog
from ecfr_belarus.checks import number_tokens, split_token
from ecfr_belarus.paths import (
    COMMITTED_DERIVED_DIR,
    COMMITTED_FIGURES_DIR,
    DATA_DIR,
    NOTEBOOKS_DIR,
    ROOT,
)

NOTEBOOKS = sorted(NOTEBOOKS_DIR.glob("*.ipynb"))
NAME = re.compile(r"^\d\d_[a-z0-9_]+\.ipynb$")
MACHINE_PATH = re.compile(r"(/wo" r"rk/|/tm" r"p/|/ro" r"ot/|/ho" r"me/[a-z]|[A-Z]:\\\\)")


def read(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def source(cell: dict) -> str:
    return "".join(cell["source"])


@functools.cache
def parsed(code: str) -> ast.Module:
    """A cell's syntax tree (each distinct cell is parsed once per session)."""
    return ast.parse(code)


def code_cells(nb: dict) -> list[dict]:
    return [c for c in nb["cells"] if c["cell_type"] == "code"]


def output_text(nb: dict) -> str:
    parts = []
    for cell in code_cells(nb):
        for out in cell.get("outputs", []):
            if "text" in out:
                parts.append("".join(out["text"]))
            for mime in ("text/plain", "text/html"):
                if mime in out.get("data", {}):
                    parts.append("".join(out["data"][mime]))
    return "\n".join(parts)


def calls(nb: dict, func: str) -> list[str]:
    """First string argument of every call to ``func`` in the notebook's code."""
    found = []
    for cell in code_cells(nb):
        tree = parsed(source(cell))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", getattr(node.func, "attr", None)) == func
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                found.append(node.args[0].value)
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", getattr(node.func, "attr", None)) == func
                and len(node.args) > 1
                and func == "save_figure"
                and isinstance(node.args[1], ast.Constant)
            ):
                found.append(node.args[1].value)
    return found


def io_lists(nb: dict) -> tuple[list[str], list[str]]:
    for cell in code_cells(nb):
        tree = parsed(source(cell))
        values = {}
        for node in tree.body:
            if isinstance(node, ast.Assign) and len(node.targets) == 1:
                target = getattr(node.targets[0], "id", None)
                if target in ("INPUTS", "OUTPUTS"):
                    values[target] = ast.literal_eval(node.value)
        if values:
            return values.get("INPUTS", []), values.get("OUTPUTS", [])
    return [], []


def test_there_are_notebooks():
    assert len(NOTEBOOKS) >= 1


@pytest.fixture(params=NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def nb_path(request) -> Path:
    return request.param


def test_file_name_and_size(nb_path):
    assert NAME.match(nb_path.name), f"{nb_path.name}: name must be NN_theme.ipynb"
    size = nb_path.stat().st_size
    assert size < 1_000_000, f"{nb_path.name}: {size} bytes, over 1 MB"


def test_opens_with_title_and_answer_then_sources(nb_path):
    cells = read(nb_path)["cells"]
    first = source(cells[0]).strip()
    assert cells[0]["cell_type"] == "markdown" and first.startswith("# "), (
        "first cell must be an H1 title"
    )
    paragraphs = [p for p in first.split("\n\n")[1:] if p.strip() and not p.startswith("#")]
    assert paragraphs and len(paragraphs[0].split()) >= 25, (
        "the title needs a paragraph with the question and answer"
    )
    sources = [
        c
        for c in cells[:3]
        if c["cell_type"] == "markdown" and source(c).lstrip().startswith("**Sources**")
    ]
    assert sources, "a '**Sources**' markdown cell must follow the title"
    assert "http" in source(sources[0]), "the sources cell must link its sources"


def test_declares_inputs_and_outputs(nb_path):
    nb = read(nb_path)
    inputs, outputs = io_lists(nb)
    assert inputs, "one code cell must set INPUTS (resource names) and OUTPUTS (figure names)"
    known = {r["name"] for r in catalog.resources()}
    assert set(inputs) <= known, (
        f"INPUTS not in data/datapackage.json: {sorted(set(inputs) - known)}"
    )
    loaded = set(calls(nb, "load")) | set(calls(nb, "load_geo"))
    assert loaded == set(inputs), f"loaded {sorted(loaded)} but INPUTS says {sorted(inputs)}"
    saved = set(calls(nb, "save_figure"))
    assert saved == set(outputs), f"saved {sorted(saved)} but OUTPUTS says {sorted(outputs)}"
    for name in outputs:
        for ext in ("png", "svg", "csv"):
            assert (COMMITTED_FIGURES_DIR / f"{name}.{ext}").exists(), (
                f"figures/{name}.{ext} missing: rerun the notebook"
            )


def test_sections_takeaways_and_key_numbers_last(nb_path):
    cells = read(nb_path)["cells"]
    h2 = [source(c) for c in cells if c["cell_type"] == "markdown" and source(c).startswith("## ")]
    assert len(h2) >= 3, "the story is told in H2 sections"
    assert any("cannot say" in h.splitlines()[0].lower() for h in h2), (
        "a '## What the data cannot say' section"
    )
    takeaways = [c for c in cells if c["cell_type"] == "code" and "takeaway(" in source(c)]
    assert len(takeaways) >= 3, (
        "each section ends with a checked takeaway: findings.takeaway(sentence, check)"
    )
    assert source(cells[-2]).startswith("## Key numbers"), (
        "'## Key numbers' comes just before the last cell"
    )
    assert cells[-1]["cell_type"] == "code" and "key_numbers(" in source(cells[-1])
    printed = "".join("".join(o.get("text", "")) for o in cells[-1].get("outputs", []))
    assert printed.count("\n") >= 3, "the key-numbers cell prints the findings"


def test_committed_executed_and_clean(nb_path):
    nb = read(nb_path)
    code = [c for c in code_cells(nb) if source(c).strip()]
    assert [c["execution_count"] for c in code] == list(range(1, len(code) + 1)), (
        "not run top to bottom"
    )
    for i, cell in enumerate(code, 1):
        assert len(source(cell).splitlines()) <= 30, f"cell [{i}] is long: split it"
        for out in cell.get("outputs", []):
            assert out["output_type"] != "error", f"cell [{i}] has an error output"
            assert out.get("name") != "stderr", (
                f"cell [{i}] writes to stderr: {''.join(out.get('text', ''))[:200]}"
            )
            mimes = set(out.get("data", {}))
            assert not mimes & {
                "application/javascript",
                "application/vnd.jupyter.widget-view+json",
                "text/javascript",
            }, f"cell [{i}] has a JavaScript/widget output"
            if (
                "image/png" not in mimes
            ):  # an image's text/plain fallback is "<Figure size ...>": fine
                assert not re.match(
                    r"^<(matplotlib|Axes|Figure)|^Text\(",
                    "".join(out.get("data", {}).get("text/plain", "")),
                ), f"cell [{i}] shows a matplotlib object repr: end with plt.show()"
    for cell in code_cells(nb):
        assert "metadata" not in cell or "execution" not in cell["metadata"], (
            "timing metadata leaks clock time"
        )


def test_no_machine_paths(nb_path):
    text = nb_path.read_text(encoding="utf-8")
    assert not MACHINE_PATH.search(text), (
        f"machine path in {nb_path.name}: {MACHINE_PATH.search(text).group(0)}"
    )


def printed_tokens(nb: dict) -> set[str]:
    """Every number the notebook's cells print, read by the same rules as prose (see
    ecfr_belarus.checks)."""
    return set(number_tokens(output_text(nb).replace("\u2009", " ")))


def unprinted_prose_numbers(nb: dict) -> list[str]:
    """Numbers in markdown cells that no cell prints as written ("13%" needs a printed 13%, not 13
    or 113%)."""
    printed = printed_tokens(nb)
    printed_bare = {t.rstrip("%") for t in printed if not t.endswith("pp")}
    missing = []
    for cell in nb["cells"]:
        if cell["cell_type"] != "markdown":
            continue
        for token in number_tokens(source(cell)):
            num, unit = split_token(token)
            if (unit and token not in printed) or (not unit and num not in printed_bare):
                missing.append(token)
    return missing


def test_prose_numbers_are_printed_by_cells(nb_path):
    missing = unprinted_prose_numbers(read(nb_path))
    assert not missing, f"numbers in prose that no cell prints: {sorted(set(missing))}"


def test_the_prose_number_check_can_fail():
    nb = {
        "cells": [
            {"cell_type": "markdown", "source": ["Support was 18% and 82.9 of 1,000."]},
            {
                "cell_type": "code",
                "source": [""],
                "outputs": [
                    {"output_type": "stream", "name": "stdout", "text": ["13% 182.95 1000 18"]}
                ],
            },
        ]
    }
    assert unprinted_prose_numbers(nb) == ["18%", "82.9"]


def findings_of(nb_path: Path):
    import pandas as pd

    path = COMMITTED_DERIVED_DIR / f"findings_{nb_path.stem}.csv"
    assert path.exists(), (
        f"{path.name} missing: the key-numbers cell publishes the checked findings"
    )
    return pd.read_csv(path, keep_default_na=False)


def test_headline_and_chart_titles_are_checked_findings(nb_path):
    nb = read(nb_path)
    table = findings_of(nb_path)
    h1 = source(nb["cells"][0]).splitlines()[0].lstrip("#").strip()
    headlines = list(table.loc[table["kind"] == "headline", "finding"])
    assert headlines == [h1], (
        f"the H1 must be the notebook's one checked headline: H1 {h1!r}, checked {headlines}"
    )
    _, outputs = io_lists(nb)
    titled = set(table.loc[table["kind"] == "chart title", "figure"])
    assert set(outputs) <= titled, (
        f"figures without a checked title: {sorted(set(outputs) - titled)}"
    )
    assert (table["result"] == "holds").all()


def test_takeaways_are_checked_not_typed(nb_path):
    nb = read(nb_path)
    typed = [
        source(c)[:80]
        for c in nb["cells"]
        if c["cell_type"] == "markdown" and "**Takeaway:**" in source(c)
    ]
    assert not typed, f"takeaways typed in markdown (use findings.takeaway): {typed}"


def test_every_data_file_is_declared_and_read_or_reference():
    declared = {r["path"]: r for r in catalog.resources()}
    on_disk = {
        p.relative_to(DATA_DIR).as_posix()
        for p in DATA_DIR.rglob("*")
        if p.is_file()
        and p.suffix in (".csv", ".geojson", ".json")
        and p.parent != DATA_DIR
        and p.name != "resources.json"
    }
    assert on_disk == set(declared), (
        f"undeclared: {sorted(on_disk - set(declared))}; "
        f"declared but missing: {sorted(set(declared) - on_disk)}"
    )
    read_by_notebooks = set()
    for path in NOTEBOOKS:
        read_by_notebooks |= set(io_lists(read(path))[0])
    for res in declared.values():
        role = res.get("role")
        assert role in catalog.ROLES, f"{res['name']}: role must be one of {catalog.ROLES}"
        if role == "analysis":
            assert res["name"] in read_by_notebooks, (
                f"{res['name']} is marked analysis but no notebook reads it"
            )


def test_no_machine_paths_in_repository_text_files():
    suffixes = {".md", ".json", ".csv", ".yml", ".yaml", ".cff", ".txt", ".toml", ".svg", ".ipynb"}
    # Not the project's files: the environment, git's store, local screenshots and benchmarks, and
    # the outputs `make test` is writing while this runs (compared with the committed ones by
    # tests/test_outputs.py).
    skipped = {".venv", ".git", "browser_screenshots", "bench_results", ".test-outputs"}
    offenders = []
    for folder, subfolders, files in os.walk(ROOT):
        subfolders[:] = sorted(d for d in subfolders if d not in skipped)  # never walked into
        for name in files:
            path = Path(folder) / name
            if path.suffix in suffixes and MACHINE_PATH.search(
                path.read_text(encoding="utf-8", errors="replace")
            ):
                offenders.append(path.relative_to(ROOT).as_posix())
    assert not offenders, f"machine paths in {offenders}"

"""Every notebook follows the house conventions: structure, clean outputs, declared inputs and outputs.

These run on the committed notebooks (what GitHub shows); nbval separately reruns them.
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest

from ecfr_belarus import catalog
from ecfr_belarus.paths import DATA_DIR, FIGURES_DIR, NOTEBOOKS_DIR, ROOT

NOTEBOOKS = sorted(NOTEBOOKS_DIR.glob("*.ipynb"))
NAME = re.compile(r"^\d\d_[a-z0-9_]+\.ipynb$")
MACHINE_PATH = re.compile(r"(/wo" r"rk/|/tm" r"p/|/ro" r"ot/|/ho" r"me/[a-z]|[A-Z]:\\\\)")


def read(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def source(cell: dict) -> str:
    return "".join(cell["source"])


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
        tree = ast.parse(source(cell))
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", None)) == func
                    and node.args and isinstance(node.args[0], ast.Constant)):
                found.append(node.args[0].value)
            if (isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", None)) == func
                    and len(node.args) > 1 and func == "save_figure" and isinstance(node.args[1], ast.Constant)):
                found.append(node.args[1].value)
    return found


def io_lists(nb: dict) -> tuple[list[str], list[str]]:
    for cell in code_cells(nb):
        tree = ast.parse(source(cell))
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
    assert cells[0]["cell_type"] == "markdown" and first.startswith("# "), "first cell must be an H1 title"
    paragraphs = [p for p in first.split("\n\n")[1:] if p.strip() and not p.startswith("#")]
    assert paragraphs and len(paragraphs[0].split()) >= 25, "the title needs a paragraph with the question and answer"
    sources = [c for c in cells[:3] if c["cell_type"] == "markdown" and source(c).lstrip().startswith("**Sources**")]
    assert sources, "a '**Sources**' markdown cell must follow the title"
    assert "http" in source(sources[0]), "the sources cell must link its sources"


def test_declares_inputs_and_outputs(nb_path):
    nb = read(nb_path)
    inputs, outputs = io_lists(nb)
    assert inputs, "one code cell must set INPUTS (resource names) and OUTPUTS (figure names)"
    known = {r["name"] for r in catalog.resources()}
    assert set(inputs) <= known, f"INPUTS not in data/datapackage.json: {sorted(set(inputs) - known)}"
    loaded = set(calls(nb, "load")) | set(calls(nb, "load_geo"))
    assert loaded == set(inputs), f"loaded {sorted(loaded)} but INPUTS says {sorted(inputs)}"
    saved = set(calls(nb, "save_figure"))
    assert saved == set(outputs), f"saved {sorted(saved)} but OUTPUTS says {sorted(outputs)}"
    for name in outputs:
        for ext in ("png", "svg", "csv"):
            assert (FIGURES_DIR / f"{name}.{ext}").exists(), f"figures/{name}.{ext} missing: rerun the notebook"


def test_sections_takeaways_and_key_numbers_last(nb_path):
    cells = read(nb_path)["cells"]
    h2 = [source(c) for c in cells if c["cell_type"] == "markdown" and source(c).startswith("## ")]
    assert len(h2) >= 3, "the story is told in H2 sections"
    assert any("cannot say" in h.splitlines()[0].lower() for h in h2), "a '## What the data cannot say' section"
    takeaways = [c for c in cells if c["cell_type"] == "markdown" and "**Takeaway:**" in source(c)]
    assert len(takeaways) >= 3, "each section ends with a '**Takeaway:**' sentence"
    assert source(cells[-2]).startswith("## Key numbers"), "'## Key numbers' comes just before the last cell"
    assert cells[-1]["cell_type"] == "code" and "key_numbers(" in source(cells[-1])
    printed = "".join("".join(o.get("text", "")) for o in cells[-1].get("outputs", []))
    assert printed.count("\n") >= 3, "the key-numbers cell prints the findings"


def test_committed_executed_and_clean(nb_path):
    nb = read(nb_path)
    code = [c for c in code_cells(nb) if source(c).strip()]
    assert [c["execution_count"] for c in code] == list(range(1, len(code) + 1)), "not run top to bottom"
    for i, cell in enumerate(code, 1):
        assert len(source(cell).splitlines()) <= 30, f"cell [{i}] is long: split it"
        for out in cell.get("outputs", []):
            assert out["output_type"] != "error", f"cell [{i}] has an error output"
            assert out.get("name") != "stderr", f"cell [{i}] writes to stderr: {''.join(out.get('text', ''))[:200]}"
            mimes = set(out.get("data", {}))
            assert not mimes & {"application/javascript", "application/vnd.jupyter.widget-view+json",
                                "text/javascript"}, f"cell [{i}] has a JavaScript/widget output"
            if "image/png" not in mimes:  # an image's text/plain fallback is "<Figure size ...>": fine
                assert not re.match(r"^<(matplotlib|Axes|Figure)|^Text\(", "".join(out.get("data", {}).get(
                    "text/plain", ""))), f"cell [{i}] shows a matplotlib object repr: end with plt.show()"
    for cell in code_cells(nb):
        assert "metadata" not in cell or "execution" not in cell["metadata"], "timing metadata leaks clock time"


def test_no_machine_paths(nb_path):
    text = nb_path.read_text(encoding="utf-8")
    assert not MACHINE_PATH.search(text), f"machine path in {nb_path.name}: {MACHINE_PATH.search(text).group(0)}"


NUMBER = re.compile(r"(?<![\w/.#-])(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d+|\d+)(\s?%)?(?![\w/-])")


def prose_numbers(markdown: str) -> set[str]:
    """Numbers a reader would quote: with a %, a decimal point, thousands separators, or of 3+ digits.

    Years (1990-2039), dates, resolution symbols, link targets, section numbers and quoted article text
    (lines starting with '>') are not findings and are skipped.
    """
    text = re.sub(r"\]\([^)]*\)", "]", markdown)  # link targets
    text = re.sub(r"`[^`]*`", "", text)  # code spans
    text = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith((">", "#", "|")))
    text = re.sub(r"\b\d{4}-\d{2}(-\d{2})?\b", "", text)  # ISO dates
    text = re.sub(r"\b(ES-\d+/\d+|\d+/\d+)\b", "", text)  # resolution numbers
    found = set()
    for number, percent in NUMBER.findall(text):
        plain = number.replace(",", "")
        if not percent and "." not in number and "," not in number:
            if len(plain) < 3 or (len(plain) == 4 and 1990 <= int(plain) <= 2039):
                continue
        found.add(number + ("%" if percent else ""))
    return found


def test_prose_numbers_are_printed_by_cells(nb_path):
    nb = read(nb_path)
    outputs = output_text(nb).replace("\u2009", " ")
    flat = outputs.replace(",", "")
    missing = []
    for cell in nb["cells"]:
        if cell["cell_type"] != "markdown":
            continue
        for number in prose_numbers(source(cell)):
            bare = number.rstrip("%")
            if bare not in outputs and bare.replace(",", "") not in flat:
                missing.append(number)
    assert not missing, f"numbers in prose that no cell prints: {sorted(set(missing))}"


def test_every_data_file_is_declared_and_read_or_reference():
    declared = {r["path"]: r for r in catalog.resources()}
    on_disk = {p.relative_to(DATA_DIR).as_posix() for p in DATA_DIR.rglob("*")
               if p.is_file() and p.suffix in (".csv", ".geojson", ".json") and p.parent != DATA_DIR
               and p.name != "resources.json"}
    assert on_disk == set(declared), (f"undeclared: {sorted(on_disk - set(declared))}; "
                                      f"declared but missing: {sorted(set(declared) - on_disk)}")
    read_by_notebooks = set()
    for path in NOTEBOOKS:
        read_by_notebooks |= set(io_lists(read(path))[0])
    for res in declared.values():
        role = res.get("role")
        assert role in catalog.ROLES, f"{res['name']}: role must be one of {catalog.ROLES}"
        if role == "analysis":
            assert res["name"] in read_by_notebooks, f"{res['name']} is marked analysis but no notebook reads it"


def test_no_machine_paths_in_repository_text_files():
    suffixes = {".md", ".json", ".csv", ".yml", ".yaml", ".cff", ".txt", ".toml", ".svg", ".ipynb"}
    offenders = []
    for path in ROOT.rglob("*"):
        parts = set(path.relative_to(ROOT).parts)
        if parts & {".venv", ".git", "browser_screenshots", "bench_results"} or path.suffix not in suffixes:
            continue
        if path.is_file() and MACHINE_PATH.search(path.read_text(encoding="utf-8", errors="replace")):
            offenders.append(path.relative_to(ROOT).as_posix())
    assert not offenders, f"machine paths in {offenders}"

"""Regenerate the README's notebook table and findings from the notebooks themselves.

The blocks between `<!-- generated:NAME -->` and `<!-- /generated:NAME -->` are written from each
notebook's title, its INPUTS/OUTPUTS cell and the key numbers its last cell saved in
data/derived/key_numbers_<notebook>.csv, so no number in the README is typed by hand.
`python tools/update_readme.py --check` exits 1 if the README is not current.
"""

from __future__ import annotations

import ast
import csv
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
HEADLINES = 3  # key numbers per notebook shown in the README's findings


def notebook_facts(path: Path) -> dict:
    nb = json.loads(path.read_text(encoding="utf-8"))
    title = "".join(nb["cells"][0]["source"]).splitlines()[0].lstrip("# ").strip()
    inputs, outputs = [], []
    for cell in nb["cells"]:
        if cell["cell_type"] != "code":
            continue
        for node in ast.parse("".join(cell["source"])).body:
            if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", None) in ("INPUTS", "OUTPUTS"):
                (inputs if node.targets[0].id == "INPUTS" else outputs).extend(ast.literal_eval(node.value))
    numbers_file = ROOT / "data" / "derived" / f"key_numbers_{path.stem}.csv"
    with numbers_file.open(encoding="utf-8", newline="") as handle:
        numbers = list(csv.DictReader(handle))
    return {"path": path, "title": title, "inputs": inputs, "outputs": outputs, "numbers": numbers}


def cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def notebook_table(facts: list[dict]) -> str:
    lines = ["| notebook | what it finds | reads (data/) | writes (figures/) | headline |", "|---|---|---|---|---|"]
    for f in facts:
        rel = f["path"].relative_to(ROOT).as_posix()
        start = " **(start here)**" if f is facts[0] else ""
        reads = ", ".join(f"`{name}`" for name in f["inputs"])
        writes = ", ".join(f"[{name}](figures/{name}.png)" for name in f["outputs"])
        top = f["numbers"][0] if f["numbers"] else {"finding": "", "value": ""}
        lines.append(f"| [{f['path'].stem}]({rel}){start} | {cell(f['title'])} | {reads} | {writes} | "
                     f"{cell(top['finding'])}: **{cell(top['value'])}** |")
    return "\n".join(lines)


def findings(facts: list[dict]) -> str:
    lines = []
    for f in facts:
        lines.append(f"- **{cell(f['title'])}** ([notebook]({f['path'].relative_to(ROOT).as_posix()}))")
        for row in f["numbers"][:HEADLINES]:
            note = f" ({cell(row['note'])})" if row.get("note") else ""
            lines.append(f"  - {cell(row['finding'])}: **{cell(row['value'])}**{note}")
    return "\n".join(lines)


def data_table() -> str:
    package = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    lines = ["| file | what it is | source | retrieved | licence | role |", "|---|---|---|---|---|---|"]
    for res in sorted(package["resources"], key=lambda r: r["path"]):
        sources = res.get("sources", [])
        publisher = "; ".join(sorted({s.get("publisher") or s.get("title", "") for s in sources})) or "this project"
        retrieved = ", ".join(sorted({s.get("retrieved", "") for s in sources if s.get("retrieved")})) or "-"
        licence = "; ".join(l.get("name", "") for l in res.get("licenses", [])) or "CC-BY-4.0 (ours)"
        lines.append(f"| [`{res['path']}`](data/{res['path']}) | {cell(res.get('title', ''))} | {cell(publisher)} | "
                     f"{retrieved} | {cell(licence)} | {res.get('role', '')} |")
    return "\n".join(lines)


def render(text: str, blocks: dict[str, str]) -> str:
    for name, body in blocks.items():
        pattern = re.compile(rf"(<!-- generated:{name} -->\n).*?(<!-- /generated:{name} -->)", re.S)
        if not pattern.search(text):
            raise SystemExit(f"README.md has no block <!-- generated:{name} -->")
        text = pattern.sub(lambda m: m.group(1) + body + "\n" + m.group(2), text)
    return text


def main(argv: list[str]) -> int:
    facts = [notebook_facts(p) for p in sorted((ROOT / "notebooks").glob("*.ipynb"))]
    current = README.read_text(encoding="utf-8")
    new = render(current, {"notebooks": notebook_table(facts), "findings": findings(facts), "data": data_table()})
    if "--check" in argv:
        if new != current:
            print("README.md is not current: run `make run` (or python tools/update_readme.py)")
            return 1
        return 0
    README.write_text(new, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

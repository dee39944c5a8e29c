"""Regenerate the README's findings and notebook table, and data/README.md's table of files.

The blocks between `<!-- generated:NAME -->` and `<!-- /generated:NAME -->` are written from the
notebooks themselves: each notebook's checked headline (data/derived/findings_<notebook>.csv, kind
"headline"), the key numbers its last cell saved (data/derived/key_numbers_<notebook>.csv), its
INPUTS/OUTPUTS cell, and data/datapackage.json; the speed table from tools/bench.json, which
`make bench` writes. No number in either README is typed by hand; a new
notebook is picked up as soon as it has run. `python tools/update_readme.py --check` exits 1 if
either file is not current.
"""

from __future__ import annotations

import ast
import csv
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DERIVED = ROOT / "data" / "derived"
KEY_NUMBERS = 3  # per notebook in the README's findings


def rows(path: Path) -> list[dict]:
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def notebook_facts(path: Path) -> dict:
    nb = json.loads(path.read_text(encoding="utf-8"))
    title = "".join(nb["cells"][0]["source"]).splitlines()[0].lstrip("# ").strip()
    io = {"INPUTS": [], "OUTPUTS": []}
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            for node in ast.parse("".join(cell["source"])).body:
                assigned = isinstance(node, ast.Assign)
                name = getattr(node.targets[0], "id", None) if assigned else None
                if name in io:
                    io[name].extend(ast.literal_eval(node.value))
    checked = [r["finding"] for r in rows(DERIVED / f"findings_{path.stem}.csv")
               if r["kind"] == "headline"]
    return {"path": path.relative_to(ROOT).as_posix(), "stem": path.stem, "title": title,
            "headline": checked[0] if checked else title, "inputs": io["INPUTS"],
            "outputs": io["OUTPUTS"], "numbers": rows(DERIVED / f"key_numbers_{path.stem}.csv")}


def cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def findings(facts: list[dict]) -> str:
    lines = []
    for f in facts:
        lines.append(f"- **{cell(f['headline'])}** ([{f['stem']}]({f['path']}))")
        for row in f["numbers"][:KEY_NUMBERS]:
            note = f" ({cell(row['note'])})" if row.get("note") else ""
            lines.append(f"  - {cell(row['finding'])}: **{cell(row['value'])}**{note}")
    return "\n".join(lines)


def notebook_table(facts: list[dict]) -> str:
    lines = ["| notebook | reads (data/) | writes (figures/) |", "|---|---|---|"]
    for f in facts:
        start = " **(start here)**" if f is facts[0] else ""
        reads = ", ".join(f"`{name}`" for name in f["inputs"])
        writes = ", ".join(f"[{name}](figures/{name}.png)" for name in f["outputs"])
        lines.append(f"| [{f['stem']}]({f['path']}){start} | {reads} | {writes} |")
    return "\n".join(lines)


def data_table() -> str:
    """One row per file, linked relative to data/ (the table lives in data/README.md)."""
    package = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    lines = ["| file | what it is | source | retrieved | licence | role |", "|---" * 6 + "|"]
    for res in sorted(package["resources"], key=lambda r: r["path"]):
        sources = res.get("sources", [])
        publishers = sorted({s.get("publisher") or s.get("title", "") for s in sources})
        retrieved = sorted({s["retrieved"] for s in sources if s.get("retrieved")})
        licences = [licence.get("name", "") for licence in res.get("licenses", [])]
        lines.append(
            f"| [`{res['path']}`]({res['path']}) | {cell(res.get('title', ''))} "
            f"| {cell('; '.join(publishers)) or 'this project'} | {', '.join(retrieved) or '-'} "
            f"| {cell('; '.join(licences)) or 'CC-BY-4.0 (ours)'} | {res.get('role', '')} |"
        )
    return "\n".join(lines)


def speed_table() -> str:
    """The last `make bench` (tools/bench.json): times, ratios and goals, with the machine."""
    result = ROOT / "tools" / "bench.json"
    if not result.exists():
        return "No measurement yet: run `make bench`."
    bench = json.loads(result.read_text(encoding="utf-8"))
    seconds = bench["median_seconds"]
    labels = {"first make run / warm make run": "first `make run` on a fresh clone against a warm "
              "`make run`", "make test / warm make run": "`make test` against a warm `make run`"}
    lines = ["| measure | time | ratio | goal |", "|---|---|---|---|"]
    for ratio, goal in bench["goals"].items():
        top, bottom = (part.strip() for part in ratio.split("/"))
        value = bench["ratios"][ratio]
        verdict = "met" if value <= goal else "not met"
        lines.append(f"| {labels[ratio]} | {seconds[top]:.1f} s against {seconds[bottom]:.1f} s "
                     f"| **{value:.2f}x** | at most {goal}x: {verdict} |")
    pairs, (load_start, load_end) = bench["repeat"], bench["load_average"]
    lines += ["", f"Measured on {bench['date']} on {bench['machine']}, load average "
              f"{load_start:.2f} at the start and {load_end:.2f} at the end; {pairs} warm "
              f"`make run` and `make test` pair{'s' * (pairs > 1)}{' (medians)' * (pairs > 1)}. "
              "Every time: `tools/bench.json`."]
    return "\n".join(lines)


def render(text: str, blocks: dict[str, str], name: str) -> str:
    for block, body in blocks.items():
        start, end = f"<!-- generated:{block} -->", f"<!-- /generated:{block} -->"
        pattern = re.compile(rf"({start}\n).*?({end})", re.S)
        if not pattern.search(text):
            raise SystemExit(f"{name} has no block <!-- generated:{block} -->")
        text = pattern.sub(lambda m: m.group(1) + body + "\n" + m.group(2), text)
    return text


def main(argv: list[str]) -> int:
    facts = [notebook_facts(p) for p in sorted((ROOT / "notebooks").glob("*.ipynb"))]
    targets = {
        ROOT / "README.md": {"findings": findings(facts), "notebooks": notebook_table(facts),
                             "speed": speed_table()},
        ROOT / "data" / "README.md": {"data": data_table()},
    }
    stale = []
    for path, blocks in targets.items():
        current = path.read_text(encoding="utf-8")
        new = render(current, blocks, path.relative_to(ROOT).as_posix())
        if new != current:
            stale.append(path.relative_to(ROOT).as_posix())
            if "--check" not in argv:
                path.write_text(new, encoding="utf-8")
    if stale and "--check" in argv:
        print(f"not current: {', '.join(stale)}: run `make run` (or python tools/update_readme.py)")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

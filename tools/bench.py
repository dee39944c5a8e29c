"""Benchmark `make test` and `make run` against their baselines, side by side in one run; where time goes.

    make bench                                   # = .venv/bin/python tools/bench.py
    python tools/bench.py --notebooks notebooks/02_x.ipynb --stages profile   # quick look at one notebook

Everything runs on a temporary copy of the repository (the working tree is only read), with the
package imported from the copy (PYTHONPATH), so figures/ and data/derived/ of the copy are rewritten,
never the real ones. Printed and written to bench_results/bench.json (git-ignored).

1. test:  `make test`'s command (pytest -n <cpus> --dist loadfile --nbval --nbval-current-env notebooks tests)
          vs its floor: the same nbval command over as many trivial notebooks that only start a kernel and
          import pandas, matplotlib, geopandas and ecfr_belarus.              Goal: ratio <= 2.
2. run:   `make run`'s command (tools/run_notebooks.py --jobs <cpus>) vs the usual approach,
          `jupyter nbconvert --to notebook --execute` on one notebook after another. Goal: ratio <= 0.6.
3. profile: each notebook executed alone with nbclient: kernel start, imports (an injected first cell that
          imports the four libraries), data loading (time inside ecfr_belarus.load/load_geo), figure
          saving (time inside save_figure), other (the rest of the notebook's cells).
Wall-clock times on a shared machine are noisy: the load average is printed with the results.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

import nbformat

REPO = Path(__file__).resolve().parents[1]
PY = sys.executable
JUPYTER = str(Path(PY).parent / "jupyter")
LIBS = ["pandas", "matplotlib.pyplot", "geopandas", "ecfr_belarus"]
KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
# The Makefile's exported variables, so the commands run exactly as under make.
MAKE_ENV = {
    "PYTHONHASHSEED": "0",
    "LC_ALL": "C.UTF-8",
    "TZ": "UTC",
    "MPLBACKEND": "module://matplotlib_inline.backend_inline",
    "PYDEVD_DISABLE_FILE_VALIDATION": "1",
    "JUPYTER_PLATFORM_DIRS": "1",
}
SKIP = shutil.ignore_patterns(".venv", "__pycache__", ".pytest_cache", ".ipynb_checkpoints",
                              "browser_screenshots", "bench_results", "*.egg-info")

# Runs in the kernel before the notebook: wrap the loaders and save_figure with timers.
INSTRUMENT = """
import time as _bench_time, functools as _bench_ft, json as _bench_json
import ecfr_belarus as _bench_pkg, ecfr_belarus.catalog as _bench_cat, ecfr_belarus.figures as _bench_fig
_bench_acc = {"data_loading": 0.0, "figure_saving": 0.0, "load_calls": 0, "save_calls": 0}
_bench_depth = [0]
def _bench_wrap(fn, key, count):
    @_bench_ft.wraps(fn)
    def inner(*a, **k):
        _bench_depth[0] += 1
        t = _bench_time.perf_counter()
        try:
            return fn(*a, **k)
        finally:
            _bench_depth[0] -= 1
            if _bench_depth[0] == 0:
                _bench_acc[key] += _bench_time.perf_counter() - t
                _bench_acc[count] += 1
    return inner
_bench_cat.load = _bench_pkg.load = _bench_wrap(_bench_cat.load, "data_loading", "load_calls")
_bench_cat.load_geo = _bench_pkg.load_geo = _bench_wrap(_bench_cat.load_geo, "data_loading", "load_calls")
_bench_fig.save_figure = _bench_wrap(_bench_fig.save_figure, "figure_saving", "save_calls")
_bench_pkg.save_figure = _bench_fig.save_figure
"""
REPORT = "print(_bench_json.dumps(_bench_acc))"


def machine() -> dict:
    return {
        "cpu_count": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "machine": platform.machine(),
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
    }


def make_copy(dest: Path, notebooks: list[Path]) -> Path:
    copy = dest / "repo"
    shutil.copytree(REPO, copy, ignore=SKIP, symlinks=True)
    # Keep only the selected notebooks in the copy (all of them by default).
    keep = {p.name for p in notebooks}
    for nb in (copy / "notebooks").glob("*.ipynb"):
        if nb.name not in keep:
            nb.unlink()
    return copy


def env_for(copy: Path) -> dict:
    env = dict(os.environ, **MAKE_ENV)
    env["PYTHONPATH"] = os.pathsep.join([str(copy / "src")] + [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p])
    return env


def timed(cmd: list[str], cwd: Path, env: dict, label: str, keep: str | None = None) -> dict:
    shown = [c.replace(str(cwd), "<copy>").replace(str(REPO), ".") for c in cmd[:6]]  # no machine paths
    print(f"  {label}: {' '.join(shown)}{' ...' if len(cmd) > 6 else ''}", flush=True)
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    result = {"seconds": round(seconds, 2), "returncode": proc.returncode}
    print(f"    {seconds:6.1f} s  (exit {proc.returncode})", flush=True)
    if keep:
        result["kept"] = [line.strip() for line in proc.stdout.splitlines() if re.match(keep, line)]
    if proc.returncode != 0:
        tail = (proc.stdout + proc.stderr).strip().splitlines()[-8:]
        result["output_tail"] = tail
        print("    " + "\n    ".join(tail), flush=True)
    return result


def floor_notebooks(folder: Path, count: int) -> list[Path]:
    folder.mkdir(parents=True)
    paths = []
    for i in range(count):
        nb = nbformat.v4.new_notebook(metadata={"kernelspec": KERNELSPEC})
        cell = nbformat.v4.new_code_cell("\n".join(f"import {lib}" for lib in LIBS))
        cell.execution_count = 1  # stored with no outputs: nbval checks it prints nothing
        nb.cells = [cell]
        path = folder / f"floor_{i:02d}.ipynb"
        nbformat.write(nb, path)
        paths.append(path)
    return paths


def stage_test(copy: Path, env: dict, jobs: int, n_notebooks: int) -> dict:
    print(f"\n[1/3] make test vs its floor ({n_notebooks} notebooks, -n {jobs})", flush=True)
    nbval = [PY, "-m", "pytest", "-n", str(jobs), "--dist", "loadfile", "--nbval", "--nbval-current-env"]
    floor_notebooks(copy / "floor_notebooks", n_notebooks)
    floor = timed(nbval + ["floor_notebooks"], copy, env, "floor")
    # --durations only adds a report of the slowest tests (what holds make test back).
    test = timed(nbval + ["notebooks", "tests", "--durations=8"], copy, env, "make test", keep=r"^\d+\.\d+s ")
    for line in test.get("kept", []):
        print(f"    slowest: {line}")
    return {"floor": floor, "make_test": test, "ratio": round(test["seconds"] / floor["seconds"], 2), "goal": 2.0}


def stage_run(copy: Path, env: dict, jobs: int, notebooks: list[Path]) -> dict:
    print(f"\n[2/3] make run vs nbconvert one after another ({len(notebooks)} notebooks)", flush=True)
    out_dir = copy.parent / "nbconvert_out"
    out_dir.mkdir()
    start = time.perf_counter()
    per_nb, worst = {}, 0
    for nb in notebooks:
        r = timed([JUPYTER, "nbconvert", "--to", "notebook", "--execute", "--output-dir", str(out_dir),
                   f"notebooks/{nb.name}"], copy, env, f"nbconvert {nb.name}")
        per_nb[nb.name] = r["seconds"]
        worst = max(worst, r["returncode"])
    baseline = {"seconds": round(time.perf_counter() - start, 2), "returncode": worst, "per_notebook": per_nb}
    run = timed([PY, "tools/run_notebooks.py", "--jobs", str(jobs)] + [f"notebooks/{nb.name}" for nb in notebooks],
                copy, env, f"make run (--jobs {jobs})")
    return {"nbconvert_sequential": baseline, "make_run": run,
            "ratio": round(run["seconds"] / baseline["seconds"], 2), "goal": 0.6}


def profile_one(path: Path, env: dict) -> dict:
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=900, kernel_name="python3", record_timing=False,
                            resources={"metadata": {"path": str(path.parent)}})
    imports_cell = nbformat.v4.new_code_cell("\n".join(f"import {lib}" for lib in LIBS))
    instrument = nbformat.v4.new_code_cell(INSTRUMENT)
    report = nbformat.v4.new_code_cell(REPORT)
    old_env = dict(os.environ)
    os.environ.clear()
    os.environ.update(env)  # the kernel inherits it: package from the copy, Makefile variables
    try:
        start = time.perf_counter()
        with client.setup_kernel(stderr=subprocess.DEVNULL):  # no "running over TCP" notice
            kernel_start = time.perf_counter() - start
            t = time.perf_counter()
            client.execute_cell(imports_cell, 0)
            imports = time.perf_counter() - t
            client.execute_cell(instrument, 0)
            t = time.perf_counter()
            for index, cell in enumerate(nb.cells):
                client.execute_cell(cell, index)
            cells = time.perf_counter() - t
            client.execute_cell(report, 0)
    finally:
        os.environ.clear()
        os.environ.update(old_env)
    text = "".join(o.get("text", "") for o in report.outputs if o.get("output_type") == "stream")
    acc = json.loads(text.strip().splitlines()[-1])
    other = cells - acc["data_loading"] - acc["figure_saving"]
    parts = {"kernel_start": kernel_start, "imports": imports, "data_loading": acc["data_loading"],
             "figure_saving": acc["figure_saving"], "other": other}
    total = sum(parts.values())
    return {**{k: round(v, 2) for k, v in parts.items()}, "total": round(total, 2),
            "load_calls": acc["load_calls"], "save_figure_calls": acc["save_calls"],
            "largest": max(parts, key=parts.get)}


def stage_profile(copy: Path, env: dict, notebooks: list[Path]) -> dict:
    print("\n[3/3] where the time goes (each notebook alone, seconds)", flush=True)
    results = {}
    for nb in notebooks:
        try:
            results[nb.name] = profile_one(copy / "notebooks" / nb.name, env)
        except Exception as exc:  # report and go on with the others
            message = re.sub(r"\x1b\[[0-9;]*m", "", str(exc)).strip().splitlines()
            results[nb.name] = {"error": f"{type(exc).__name__}: {' / '.join(message[-3:])[:300]}"}
    cols = ["kernel_start", "imports", "data_loading", "figure_saving", "other", "total"]
    width = max([len(n) for n in results] + [8])
    print(f"  {'notebook':<{width}}  " + "  ".join(f"{c:>13}" for c in cols) + "  largest", flush=True)
    for name, r in results.items():
        if "error" in r:
            print(f"  {name:<{width}}  FAILED {r['error']}")
            continue
        print(f"  {name:<{width}}  " + "  ".join(f"{r[c]:>13.2f}" for c in cols) + f"  {r['largest']}")
    ok = [r for r in results.values() if "error" not in r]
    if ok:
        sums = {c: round(sum(r[c] for r in ok), 2) for c in cols}
        print(f"  {'all':<{width}}  " + "  ".join(f"{sums[c]:>13.2f}" for c in cols))
        results["_all"] = sums
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notebooks", nargs="*", help="notebooks to use (default: notebooks/*.ipynb)")
    parser.add_argument("--stages", nargs="*", default=["test", "run", "profile"], choices=["test", "run", "profile"])
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args(argv)
    notebooks = [Path(p).resolve() for p in args.notebooks] if args.notebooks else sorted((REPO / "notebooks").glob("*.ipynb"))
    if not notebooks:
        print("no notebooks to benchmark", file=sys.stderr)
        return 1
    info = machine()
    print(f"machine: {info['cpu_count']} CPUs, Python {info['python']}, {info['platform']}; "
          f"load average {info['load_average_at_start']}")
    print(f"notebooks: {', '.join(p.name for p in notebooks)}")
    results: dict = {"measured_at": datetime.now(timezone.utc).isoformat(timespec="seconds"), "machine": info,
                     "jobs": args.jobs, "notebooks": [p.name for p in notebooks]}
    with tempfile.TemporaryDirectory(prefix="ecfr-bench-") as tmp:
        copy = make_copy(Path(tmp), notebooks)
        env = env_for(copy)
        if "test" in args.stages:
            results["test"] = stage_test(copy, env, args.jobs, len(notebooks))
        if "run" in args.stages:
            results["run"] = stage_run(copy, env, args.jobs, notebooks)
        if "profile" in args.stages:
            results["profile"] = stage_profile(copy, env, notebooks)
    results["machine"]["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]

    print("\nsummary")
    if "test" in results:
        t = results["test"]
        print(f"  make test {t['make_test']['seconds']:.1f} s / floor {t['floor']['seconds']:.1f} s = "
              f"{t['ratio']:.2f}x  (goal <= {t['goal']}x: {'met' if t['ratio'] <= t['goal'] else 'NOT met'})")
    if "run" in results:
        r = results["run"]
        print(f"  make run {r['make_run']['seconds']:.1f} s / nbconvert sequential "
              f"{r['nbconvert_sequential']['seconds']:.1f} s = {r['ratio']:.2f}x  "
              f"(goal <= {r['goal']}x on 2 cores: {'met' if r['ratio'] <= r['goal'] else 'NOT met'})")
    print(f"  load average now {results['machine']['load_average_at_end']} (shared machine: times are noisy)")
    out = REPO / "bench_results"
    out.mkdir(exist_ok=True)
    (out / "bench.json").write_text(json.dumps(results, indent=2) + "\n")
    print(f"  written: bench_results/bench.json")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""`make bench`: what a newcomer and a developer wait for, measured side by side in one run.

On a fresh clone in a temporary folder (the working tree is only read), with the Makefile's own
targets: the first `make run` (sets up .venv from the lock, then reruns every notebook), a warm
`make run`, and `make test`. Goals: the first run at most 2.5 times the warm one, `make test` at
most 1.5 times `make run`. Wall-clock time on a shared machine is noisy: the machine and its load
average are printed with the figures. The first run uses uv's and pip's download caches as they are.

The result is written to tools/bench.json (committed, like tools/lock_check.txt), from which
tools/update_readme.py writes the README's speed table: the README types no time by hand.
`--repeat N` times the warm `make run` and `make test` N times, alternating, and takes the median
of each (the machine's speed drifts; alternating shares the drift between the two).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import statistics
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOALS = {"first make run / warm make run": 2.5, "make test / warm make run": 1.5}
RESULT = ROOT / "tools" / "bench.json"


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        names = [line.split(":", 1)[1].strip() for line in cpuinfo.read_text().splitlines()
                 if line.startswith("model name")]
        cpu = names[0] if names else cpu
    return (f"{os.cpu_count()} CPUs ({cpu}), {platform.system()} {platform.machine()}, "
            f"Python {platform.python_version()}")


def timed(target: str, clone: Path, log: Path) -> float:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MAKE") and k != "MFLAGS"}
    start = time.perf_counter()
    with log.open("a") as out:
        done = subprocess.run(["make", target], cwd=clone, env=env, stdout=out, stderr=out)
    seconds = time.perf_counter() - start
    if done.returncode:  # still timed: a failing test costs as much as a passing one
        print(f"make {target} failed on the clone (timed anyway):\n{log.read_text()[-1500:]}")
    return seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=1, help="warm run and test pairs (median)")
    args = parser.parse_args(argv)
    load_start = os.getloadavg()[0]
    print(f"machine: {machine()}; load average at start {load_start:.2f}", flush=True)
    samples: dict[str, list[float]] = {"first make run": [], "warm make run": [], "make test": []}
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        clone, log = Path(tmp) / "repo", Path(tmp) / "make.log"
        if (ROOT / ".git").exists():
            subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True)
        else:  # a source archive: copy it without its environment
            shutil.copytree(ROOT, clone, ignore=shutil.ignore_patterns(".venv", ".test-outputs"))
        samples["first make run"].append(timed("run", clone, log))
        for _ in range(max(1, args.repeat)):
            samples["warm make run"].append(timed("run", clone, log))
            samples["make test"].append(timed("test", clone, log))
    times = {name: statistics.median(values) for name, values in samples.items()}
    for name, seconds in times.items():
        runs = ", ".join(f"{v:.1f}" for v in samples[name])
        each = f"  (each: {runs})" if len(samples[name]) > 1 else ""
        print(f"{name:>16}: {seconds:6.1f} s{each}")
    ratios = {}
    for ratio, goal in GOALS.items():
        top, bottom = (part.strip() for part in ratio.split("/"))
        ratios[ratio] = value = times[top] / times[bottom]
        verdict = "met" if value <= goal else "NOT met"
        print(f"{ratio}: {value:.2f}x (goal at most {goal}x: {verdict})")
    load_end = os.getloadavg()[0]
    print(f"load average at end {load_end:.2f}")
    record = {
        "date": datetime.date.today().isoformat(),
        "machine": machine(),
        "load_average": [round(load_start, 2), round(load_end, 2)],
        "repeat": max(1, args.repeat),
        "seconds": {name: [round(v, 1) for v in values] for name, values in samples.items()},
        "median_seconds": {name: round(value, 1) for name, value in times.items()},
        "ratios": {ratio: round(value, 2) for ratio, value in ratios.items()},
        "goals": GOALS,
    }
    RESULT.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {RESULT.relative_to(ROOT)} (tools/update_readme.py puts it in the README)")
    return 0  # a measurement, not a test


if __name__ == "__main__":
    raise SystemExit(main())

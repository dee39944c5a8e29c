"""`make bench`: what a newcomer and a developer wait for, measured side by side in one run.

On a fresh clone in a temporary folder (the working tree is only read), with the Makefile's own
targets: the first `make run` (sets up .venv from the lock, then reruns every notebook), a warm
`make run`, and `make test`. Goals: the first run at most 2.5 times the warm one, `make test` at
most 1.5 times `make run`. Wall-clock time on a shared machine is noisy: the machine and its load
average are printed with the figures. The first run uses uv's and pip's download caches as they are.
"""

from __future__ import annotations

import os
import platform
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOALS = {"first make run / warm make run": 2.5, "make test / warm make run": 1.5}


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


def main() -> int:
    print(f"machine: {machine()}; load average at start {os.getloadavg()[0]:.2f}", flush=True)
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        clone, log = Path(tmp) / "repo", Path(tmp) / "make.log"
        if (ROOT / ".git").exists():
            subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True)
        else:  # a source archive: copy it without its environment
            shutil.copytree(ROOT, clone, ignore=shutil.ignore_patterns(".venv", ".test-outputs"))
        times = {name: timed(target, clone, log) for name, target in
                 [("first make run", "run"), ("warm make run", "run"), ("make test", "test")]}
    for name, seconds in times.items():
        print(f"{name:>16}: {seconds:6.1f} s")
    for ratio, goal in GOALS.items():
        top, bottom = (part.strip() for part in ratio.split("/"))
        value = times[top] / times[bottom]
        verdict = "met" if value <= goal else "NOT met"
        print(f"{ratio}: {value:.2f}x (goal at most {goal}x: {verdict})")
    print(f"load average at end {os.getloadavg()[0]:.2f}")
    return 0  # a measurement, not a test


if __name__ == "__main__":
    raise SystemExit(main())

"""Rerun notebooks top to bottom in fresh kernels, in place, several at once.

    python tools/run_notebooks.py --jobs 2 notebooks/*.ipynb

Each notebook runs in its own process with its own kernel (notebooks are independent), without
per-cell timing metadata, so an unchanged notebook is rewritten byte for byte.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

from ecfr_belarus.startup import import_jsonschema_without_iri_grammar

import_jsonschema_without_iri_grammar()  # before nbformat imports jsonschema: 2 s saved

import nbformat  # noqa: E402
from jupyter_client.manager import KernelManager  # noqa: E402
from nbclient import NotebookClient  # noqa: E402


def kernel_manager(folder: str) -> KernelManager:
    """A kernel that talks to us over Unix sockets in ``folder`` (Windows has none: TCP there).

    Over TCP ipykernel warns, on every start, that the traffic is unencrypted; over IPC nothing
    leaves the machine, so there is nothing to warn about.
    """
    if os.name == "nt":
        return KernelManager(kernel_name="python3")
    return KernelManager(kernel_name="python3", transport="ipc", ip=os.path.join(folder, "kernel"))


def run_one(path: str, timeout: int = 900, write: bool = True) -> tuple[str, float]:
    start = time.perf_counter()
    nb = nbformat.read(path, as_version=4)
    sockets = tempfile.TemporaryDirectory(prefix="kernel-")
    client = NotebookClient(
        nb,
        km=kernel_manager(sockets.name),
        timeout=timeout,
        kernel_name="python3",
        record_timing=False,
        # one stream output per cell, however the kernel chunked it: stable reruns
        coalesce_streams=True,
        resources={"metadata": {"path": str(Path(path).parent)}},
    )
    try:
        client.execute(cleanup_kc=True)  # nbclient keeps a kernel it did not start: stop it
    finally:
        sockets.cleanup()
    nb.metadata.pop("widgets", None)
    if write:
        nbformat.write(nb, path)
    return path, time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="+")
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument(
        "--no-write",
        action="store_true",
        help="run without saving the notebooks (their outputs go to ECFR_OUTPUT_DIR if set)",
    )
    args = parser.parse_args(argv)
    # Longest first keeps both cores busy to the end.
    order = sorted(args.notebooks, key=lambda p: -Path(p).stat().st_size)
    failed = []
    with ProcessPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        futures = {pool.submit(run_one, nb, 900, not args.no_write): nb for nb in order}
        for future in as_completed(futures):
            nb = futures[future]
            try:
                _, seconds = future.result()
                print(f"ran {nb} in {seconds:.1f} s", flush=True)
            except Exception as exc:  # report every failing notebook, then fail
                failed.append(nb)
                print(
                    f"FAILED {nb}: {type(exc).__name__}: {str(exc)[-2000:]}",
                    file=sys.stderr,
                    flush=True,
                )
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Open every notebook in a real JupyterLab (headless Debian chromium) and check what a reader sees.

For each notebooks/*.ipynb: the H1 title is visible, every stored inline figure (image/png output)
is rendered as a loaded image, every chart the notebook saves with save_figure(...) is also shown
inline, the key-numbers output (first line of the last code cell's printed output) is visible, and
no error dialog is open. One screenshot per notebook goes to browser_screenshots/ (git-ignored).
"""

from __future__ import annotations

import re
import time
from pathlib import Path
from urllib.parse import quote

import nbformat
from playwright.sync_api import expect

from conftest import LAB_ROOT

RENDER_TIMEOUT_MS = 60_000  # the first page loads JupyterLab's scripts; later pages come from cache
OUTPUT_IMAGES = ".jp-Notebook .jp-OutputArea-output.jp-RenderedImage img"


def _markdown_title(nb) -> str:
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
            break
    raise AssertionError("first markdown cell has no '# Title' line")


def _png_outputs(nb) -> int:
    return sum(
        "image/png" in out.get("data", {})
        for cell in nb.cells
        if cell.cell_type == "code"
        for out in cell.get("outputs", [])
    )


def _save_figure_calls(nb) -> int:
    return sum(
        len(re.findall(r"\bsave_figure\(", cell.source))
        for cell in nb.cells
        if cell.cell_type == "code"
    )


def _key_numbers_first_line(nb) -> str:
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code, "notebook has no code cell"
    text = "".join(
        out.get("text", "")
        for out in code[-1].get("outputs", [])
        if out.get("output_type") == "stream" and out.get("name") == "stdout"
    )
    lines = [line for line in text.splitlines() if line.strip()]
    assert lines, "last code cell (key_numbers) has no printed output stored"
    return " ".join(lines[0].split())  # the browser collapses runs of spaces when matching text


def _markdown_to_text(title: str) -> str:
    # Titles are plain text in practice; drop inline markdown marks so they match the rendered H1.
    return re.sub(r"[*_`]", "", title)


def test_notebook_renders_in_jupyterlab(notebook: Path, lab_context, screenshots_dir):
    context, base_url, _token = lab_context
    nb = nbformat.read(notebook, as_version=4)
    title = _markdown_to_text(_markdown_title(nb))
    stored_pngs = _png_outputs(nb)
    saved_charts = _save_figure_calls(nb)
    key_line = _key_numbers_first_line(nb)
    assert stored_pngs > 0, (
        f"{notebook.name}: no inline figure (image/png output) stored in the notebook"
    )
    assert stored_pngs >= saved_charts, (
        f"{notebook.name}: {saved_charts} save_figure(...) calls but only {stored_pngs} inline "
        "figures stored"
    )

    rel = notebook.relative_to(LAB_ROOT).as_posix()
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    started = time.monotonic()
    try:
        # A fresh workspace per notebook: no tabs restored from the previous notebook.
        page.goto(
            f"{base_url}/lab/workspaces/{quote(notebook.stem)}/tree/{quote(rel)}",
            wait_until="domcontentloaded",
        )
        panel = page.locator(".jp-NotebookPanel").first
        expect(panel).to_be_visible(timeout=RENDER_TIMEOUT_MS)

        heading = page.locator(".jp-Notebook .jp-RenderedMarkdown h1").first
        expect(heading).to_be_visible(timeout=RENDER_TIMEOUT_MS)
        expect(heading).to_contain_text(title)

        images = page.locator(OUTPUT_IMAGES)
        expect(images).to_have_count(stored_pngs, timeout=RENDER_TIMEOUT_MS)
        # Every image decoded to real pixels (a corrupt PNG gives naturalWidth 0).
        page.wait_for_function(
            "sel => [...document.querySelectorAll(sel)].every(i => i.complete)",
            arg=OUTPUT_IMAGES,
            timeout=RENDER_TIMEOUT_MS,
        )
        widths = images.evaluate_all("imgs => imgs.map(i => i.naturalWidth)")
        assert all(w > 0 for w in widths), (
            f"{notebook.name}: image(s) failed to decode, natural widths {widths}"
        )
        for i in range(stored_pngs):
            images.nth(i).scroll_into_view_if_needed()
            expect(images.nth(i)).to_be_visible()

        key_output = page.locator(".jp-Notebook .jp-CodeCell").last.locator(".jp-OutputArea-output")
        expect(key_output.first).to_contain_text(key_line, timeout=RENDER_TIMEOUT_MS)
        key_output.first.scroll_into_view_if_needed()
        expect(key_output.first).to_be_visible()

        expect(page.locator(".jp-Dialog")).to_have_count(0)
        assert not dialogs, f"{notebook.name}: browser dialog(s): {dialogs}"

        heading.scroll_into_view_if_needed()
        page.screenshot(path=str(screenshots_dir / f"{notebook.stem}.png"))
        print(f"{notebook.name}: rendered and checked in {time.monotonic() - started:.1f} s")
    except Exception:
        page.screenshot(path=str(screenshots_dir / f"{notebook.stem}.FAILED.png"))
        raise
    finally:
        page.close()

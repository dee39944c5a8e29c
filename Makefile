# Two commands do everything:  `make run` (rerun every analysis)  and  `make test`.
# Both first create the virtual environment .venv from the lock, requirements.txt (pinned, hashed, with markers
# for Linux, macOS and Windows): with uv, itself pinned in tools/uv.txt, or with pip where uv does not install
# (`make INSTALLER=pip run` forces pip; both give the same packages at the same versions).
PYTHON ?= python3
INSTALLER ?= uv
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PIP    := $(BIN)/python -m pip install --quiet --disable-pip-version-check
# --compile-bytecode: uv, unlike pip, leaves .py files uncompiled, and where Python may not write
# bytecode (PYTHONDONTWRITEBYTECODE, a read-only folder) every process recompiles what it imports.
UV     := $(BIN)/uv pip install --quiet --compile-bytecode --python $(BIN)/python
NOTEBOOKS ?= $(sort $(wildcard notebooks/*.ipynb))
JOBS   ?= $(shell $(PYTHON) -c "import os; print(os.cpu_count() or 1)")

# Nothing in an output may depend on the machine: fixed locale, hash seed, time zone and matplotlib backend.
export PYTHONHASHSEED := 0
export LC_ALL := C.UTF-8
export TZ := UTC
export MPLBACKEND := module://matplotlib_inline.backend_inline
export PYDEVD_DISABLE_FILE_VALIDATION := 1
export JUPYTER_PLATFORM_DIRS := 1

.PHONY: run test test-browser lab bench datapackage lock clean-venv venv

$(STAMP): requirements.txt pyproject.toml tools/uv.txt
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || { \
	  echo "This project needs Python 3.11 or newer (the lock, requirements.txt, is tested on 3.11 to 3.13);"; \
	  echo "$(PYTHON) is $$($(PYTHON) --version 2>&1). Install a newer one, then: make PYTHON=python3.12 run"; \
	  exit 1; }
	$(PYTHON) -m venv $(VENV)
	@if [ "$(INSTALLER)" = uv ] && $(PIP) --require-hashes -r tools/uv.txt; then \
	  echo "installing requirements.txt with uv"; \
	  $(UV) --require-hashes -r requirements.txt && $(UV) --no-deps --no-build-isolation -e .; \
	else \
	  echo "installing requirements.txt with pip"; \
	  $(PIP) --require-hashes -r requirements.txt && $(PIP) --no-deps --no-build-isolation -e .; \
	fi
	touch $(STAMP)

## venv: the environment, checked to belong to this folder (a copied .venv would load the original's code)
venv: $(STAMP)
	@$(BIN)/python -I tools/check_venv.py $(CURDIR)

## run: rerun every notebook top to bottom in a fresh kernel, in place, in parallel; regenerates figures/
run: venv
	$(BIN)/python tools/run_notebooks.py --jobs $(JOBS) $(NOTEBOOKS)
	$(BIN)/python tools/update_readme.py

## test: lint, then nbval over every notebook (strict) and the tests in tests/ in one parallel session
## (tests fill the cores while the longest notebook runs), offline (tools/offline blocks the network).
## The notebooks write their figures and tables to $(TEST_OUT), never over committed files; then
## tests/test_outputs.py compares them byte for byte with the committed ones, and tools/tree_guard.py
## proves that no file of the repository was written.
TEST_OUT := $(CURDIR)/.test-outputs
OFFLINE := PYTHONPATH=$(CURDIR)/tools/offline ECFR_OFFLINE=1
test: venv
	rm -rf $(TEST_OUT)
	$(BIN)/python tools/tree_guard.py snapshot $(TEST_OUT)/mtimes.json
	$(BIN)/ruff check --quiet --no-cache
	$(OFFLINE) ECFR_OUTPUT_DIR=$(TEST_OUT) $(BIN)/python -m pytest -n $(JOBS) --dist loadfile --nbval \
	  --nbval-current-env notebooks tests --deselect tests/test_outputs.py
	$(OFFLINE) ECFR_FRESH_OUTPUTS=$(TEST_OUT) $(BIN)/python -m pytest -p no:xdist -p no:nbval tests/test_outputs.py
	$(BIN)/python tools/tree_guard.py check $(TEST_OUT)/mtimes.json

## test-browser: open every notebook in a real JupyterLab in Debian's chromium (installs chromium with apt if missing)
test-browser: venv
	$(BIN)/python tools/ensure_chromium.py
	$(BIN)/python -m pytest -p no:xdist browser_tests

## lab: JupyterLab on the notebooks (default token authentication)
lab: venv
	$(BIN)/jupyter lab notebooks/

## bench: first `make run` on a fresh clone, a warm `make run`, `make test`, side by side (prints the ratios,
## records them in tools/bench.json and the README); `make bench REPEAT=3` takes the median of 3 alternating pairs
REPEAT ?= 1
bench: venv
	$(BIN)/python tools/bench.py --repeat $(REPEAT)
	$(BIN)/python tools/update_readme.py

## datapackage: rebuild data/datapackage.json from the per-theme descriptors in data/*/resources.json
datapackage: venv
	$(BIN)/python -m ecfr_belarus build
	$(BIN)/python tools/update_readme.py

## lock: recompile requirements.txt from requirements.in (needs the package index), then resolve it for Linux,
## macOS and Windows and record the outcome in tools/lock_check.txt
lock: venv
	$(BIN)/uv pip compile --quiet --universal --generate-hashes --python-version 3.11 requirements.in -o requirements.txt
	$(BIN)/python tools/check_lock.py

clean-venv:
	rm -rf $(VENV)

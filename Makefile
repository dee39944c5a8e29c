# Two commands do everything:  `make run` (rerun every analysis)  and  `make test`.
# Both create the virtual environment .venv from the pinned, hashed requirements.txt the first time.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
NOTEBOOKS ?= $(sort $(wildcard notebooks/*.ipynb))
JOBS   ?= $(shell $(PYTHON) -c "import os; print(os.cpu_count() or 1)")

# Nothing in an output may depend on the machine: fixed locale, hash seed, time zone and matplotlib backend.
export PYTHONHASHSEED := 0
export LC_ALL := C.UTF-8
export TZ := UTC
export MPLBACKEND := module://matplotlib_inline.backend_inline
export PYDEVD_DISABLE_FILE_VALIDATION := 1
export JUPYTER_PLATFORM_DIRS := 1

.PHONY: run test test-browser lab bench datapackage clean-venv

$(STAMP): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

## run: rerun every notebook top to bottom in a fresh kernel, in place, in parallel; regenerates figures/
run: $(STAMP)
	$(BIN)/python tools/run_notebooks.py --jobs $(JOBS) $(NOTEBOOKS)
	$(BIN)/python tools/update_readme.py

## test: nbval over every notebook (strict), then the tests in tests/, offline (tools/offline blocks the network).
## The notebooks write their figures and tables to $(TEST_OUT), never over committed files; tests/test_outputs.py
## then compares them byte for byte with the committed ones.
TEST_OUT := $(CURDIR)/.test-outputs
OFFLINE := PYTHONPATH=$(CURDIR)/tools/offline ECFR_OFFLINE=1
test: $(STAMP)
	rm -rf $(TEST_OUT)
	$(OFFLINE) ECFR_OUTPUT_DIR=$(TEST_OUT) $(BIN)/python -m pytest -n $(JOBS) --dist loadfile --nbval --nbval-current-env notebooks
	$(OFFLINE) ECFR_FRESH_OUTPUTS=$(TEST_OUT) $(BIN)/python -m pytest -n $(JOBS) --dist loadfile tests

## test-browser: open every notebook in a real JupyterLab in Debian's chromium (installs chromium with apt if missing)
test-browser: $(STAMP)
	$(BIN)/python tools/ensure_chromium.py
	$(BIN)/python -m pytest -p no:xdist browser_tests

## lab: JupyterLab on the notebooks (default token authentication)
lab: $(STAMP)
	$(BIN)/jupyter lab notebooks/

## bench: time `make test` and `make run` against their baselines and print the ratios
bench: $(STAMP)
	$(BIN)/python tools/bench.py

## datapackage: rebuild data/datapackage.json from the per-theme descriptors in data/*/resources.json
datapackage: $(STAMP)
	$(BIN)/python -m ecfr_belarus build
	$(BIN)/python tools/update_readme.py

clean-venv:
	rm -rf $(VENV)

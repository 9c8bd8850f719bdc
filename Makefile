# Two commands are the contract: `make book` and `make test`.
# Both create .venv from requirements.txt on first use (and again only when
# requirements.txt or pyproject.toml change), then do their work.

PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
NOTEBOOKS := $(wildcard book/*.ipynb)
PORT   ?= 8000

.PHONY: book test lint unit nbval build browser notebooks lab serve bench clean setup

setup: $(STAMP)

$(STAMP): requirements.txt pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

## make book: execute the notebooks (cached) and build the HTML book
book: $(STAMP)
	$(BIN)/jupyter-book build . --keep-going
	@echo
	@echo "Book built. Open: file://$(CURDIR)/_build/html/index.html"

## make test: the whole suite, as CI runs it
test: lint unit nbval build browser

lint: $(STAMP)
	$(BIN)/ruff check .

unit: $(STAMP)
	$(BIN)/python -m pytest tests companion --doctest-modules -m "not browser"

nbval: $(STAMP)
	$(BIN)/python -m pytest --nbval --nbval-current-env book

build: $(STAMP)
	$(BIN)/jupyter-book build . -W -n --keep-going

## make browser: open every page of the built book in headless Chromium
browser: $(STAMP)
	$(BIN)/python -m pytest tests/test_browser.py tests/test_explorables.py -m browser

## make notebooks: regenerate the generated cells (install cell, exercises), then
## re-execute every notebook in place, refreshing the stored outputs
notebooks: $(STAMP)
	$(BIN)/python tools/sync_notebooks.py
	$(BIN)/jupyter nbconvert --to notebook --execute --inplace \
	    --ExecutePreprocessor.record_timing=False $(NOTEBOOKS)

## make lab: open the book's notebooks in JupyterLab
lab: $(STAMP)
	$(BIN)/jupyter lab book $(if $(filter 0,$(shell id -u)),--allow-root)

## make serve: serve the built book on localhost
serve:
	@test -f _build/html/index.html || $(MAKE) book
	@echo "Serving the book at http://127.0.0.1:$(PORT)/ (Ctrl-C to stop)"
	$(BIN)/python -m http.server $(PORT) --bind 127.0.0.1 --directory _build/html

## make bench: time companion.softmax/log_softmax against NumPy and torch
bench: $(STAMP)
	$(BIN)/python -m companion.bench

clean:
	rm -rf _build .pytest_cache .hypothesis .ruff_cache
	find . -name __pycache__ -not -path './$(VENV)/*' -prune -exec rm -rf {} +

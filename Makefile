# Two commands do everything on a fresh Linux machine:
#   make run   -> set up .venv, then `dvc repro`: the whole study on the embedded default data
#   make test  -> set up .venv, then unit tests + notebooks under nbval on their tiny defaults
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

VENV    := .venv
PY      := $(VENV)/bin/python
STAMP   := $(VENV)/.installed
PYTHON  ?= python3
# DVC stages run through a shell with the caller's PATH: put the venv first.
export PATH := $(CURDIR)/$(VENV)/bin:$(PATH)
export PIP_DISABLE_PIP_VERSION_CHECK := 1
# Thin progress bars in saved notebooks; no network from matplotlib/HF caches.
export TQDM_MININTERVAL ?= 5
export HF_HUB_OFFLINE := 1
export PYDEVD_DISABLE_FILE_VALIDATION := 1
# numba's JIT cache (features/audio_hpss.py) outside the source tree.
export NUMBA_CACHE_DIR ?= $(CURDIR)/data/interim/numba_cache

PYTEST_ARGS ?=
NBVAL_ARGS := --nbval --nbval-sanitize-with tests/nbval_sanitize.cfg --nbval-cell-timeout 900

.PHONY: help setup system-deps run run-profile test test-unit test-notebooks report clean-venv
PROFILES ?= paper

help:
	@echo "make run    # set up .venv and run the whole study (dvc repro) -> reports/index.html, reports/study.pdf"
	@echo "make test   # set up .venv and run unit tests + notebooks (nbval, tiny defaults)"
	@echo "make run-profile PROFILES=paper   # a DVC experiment with profiles/paper.yaml's overrides (also: large)"

system-deps:
	@bash scripts/ensure_system_deps.sh

$(STAMP): requirements.txt pyproject.toml scripts/ensure_system_deps.sh
	@$(MAKE) --no-print-directory system-deps
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip "setuptools>=77" 2>&1 | grep -v "^WARNING: Location" || true
	$(PY) -m pip install --quiet -r requirements.txt 2>&1 | grep -v "^WARNING: Location" || true
	$(PY) -m pip install --quiet --no-deps tinysoundfont==0.3.7 2>&1 | grep -v "^WARNING: Location" || true
	$(PY) -m pip install --quiet --no-deps musicnn==0.1.0 2>&1 | grep -v "^WARNING: Location" || true
	$(PY) -m pip install --quiet --no-deps --no-build-isolation -e . 2>&1 | grep -v "^WARNING: Location" || true
	$(PY) -c "import music_visual, torch, librosa, papermill, dvc, weasyprint; print('environment ready: torch', torch.__version__)"
	@git rev-parse --git-dir >/dev/null 2>&1 && $(VENV)/bin/nbstripout --install || true
	@touch $(STAMP)

setup: $(STAMP)

run: setup
	dvc repro
	$(PY) -m music_visual.reporting.readme_results README.md

# A named parameter set (profiles/*.yaml) as a DVC experiment; params.yaml keeps the values afterwards.
run-profile: setup
	$(PY) -m music_visual.pipeline.profiles $(PROFILES) --run

test: setup
	$(PY) -m pytest tests notebooks $(NBVAL_ARGS) $(PYTEST_ARGS)

test-unit: setup
	$(PY) -m pytest tests $(PYTEST_ARGS)

test-notebooks: setup
	$(PY) -m pytest notebooks $(NBVAL_ARGS) $(PYTEST_ARGS)

clean-venv:
	rm -rf $(VENV)

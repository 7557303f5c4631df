# sti-monitor — `make` alone lists the targets.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DATA   ?= data/sample
YEAR   ?= 2023
OUT    ?= reports
.DEFAULT_GOAL := help

help: ## Show this help
	@grep -E '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN{FS=":.*## "}{printf "  make %-12s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev,lab,app]"
	$(BIN)/python -m ipykernel install --sys-prefix --name sti-monitor --display-name "sti-monitor (Python)" > /dev/null
	touch $@

install: $(STAMP) ## Create .venv and install sti-monitor with everything it needs

reports: $(STAMP) ## Render the PDF reports of the sample data's latest year into reports/sample/2023/
	$(BIN)/sti-monitor render $(DATA) --year $(YEAR)

test: $(STAMP) ## Run the whole test suite, PDFs, kernels and browser included (what CI runs), one test file per core
	$(BIN)/python -m pytest -n auto --dist loadfile

test-fast: $(STAMP) ## Inner loop: every test that renders no PDF and starts no kernel, one worker per core (about a minute)
	$(BIN)/python -m pytest -m "not slow" -q -n auto

lint: $(STAMP) ## Lint and format check (ruff), and dead code (vulture, allow-list in tools/vulture_allow.py)
	$(BIN)/ruff check src tests tools
	$(BIN)/ruff format --check src tests tools
	$(BIN)/vulture src tools/vulture_allow.py --min-confidence 60

format: $(STAMP) ## Format the code and fix what ruff can fix safely
	$(BIN)/ruff check --fix src tests tools
	$(BIN)/ruff format src tests tools

mutate: $(STAMP) ## Mutation testing of the formulas (src/sti_monitor/measure/) against tests/measure (mutmut; long)
	rm -rf mutants
	$(BIN)/mutmut run --max-children 2
	$(BIN)/mutmut results

validate: $(STAMP) ## Check the workbooks in DATA (default data/sample)
	$(BIN)/sti-monitor validate $(DATA)

sample: $(STAMP) ## Regenerate the illustrative sample data (seeded, reproducible)
	$(BIN)/sti-monitor sample --out data/sample

samples: $(STAMP) ## Write every other plan's illustrative data into data/sample-ID (see sti-monitor frameworks)
	for id in xinchang-2025 wenzhou-zcq-2022 daluoshan-2022 jinzhou-2020; do $(BIN)/sti-monitor sample --framework $$id || exit 1; done

LAB_ARGS ?=
lab: $(STAMP) ## Open JupyterLab on notebooks/ (headless or as root: make lab LAB_ARGS="--no-browser --ip 0.0.0.0 --port 8888 --allow-root")
	$(BIN)/jupyter lab notebooks/ $(LAB_ARGS)

APP_ARGS ?=
app: $(STAMP) ## Serve the control panel on DATA (default data/sample) at http://localhost:8866/ (options: APP_ARGS="--port 9000")
	$(BIN)/sti-monitor app --data $(DATA) --out $(OUT) $(APP_ARGS)

SCALE  ?= 100,400,1000
bench: $(STAMP) ## Benchmark: naive vs render (100 units), scale table (SCALE=100,400,1000), per-stage profile of one unit
	$(BIN)/sti-monitor bench --units 100 --workers 2 --out bench --scale $(SCALE) --profile 100

stress: $(STAMP) ## Stress: render 1,000 synthetic units with 4 workers; report failures and leftover processes
	$(BIN)/sti-monitor bench --stress --units 1000 --workers 4 --out bench

clean: ## Remove generated reports and caches (keeps .venv and data)
	rm -rf $(OUT)/*/ .pytest_cache
	find . -name __pycache__ -type d -prune -exec rm -rf {} +

.PHONY: help install reports test test-fast lint format mutate validate sample lab app bench stress clean

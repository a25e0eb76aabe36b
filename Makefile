# Two commands set everything up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
COLLECTION := build/collection
# The collection is rebuilt when the seeds or anything it is made from changes: one list, kept in
# search_index/build_inputs.py (the app's staleness check reads the same).
BUILD_INPUTS := $(wildcard seeds/*) $(shell $(PYTHON) -m search_index.build_inputs)
# The list itself is an input too, rewritten only when it changes: a file deleted or renamed
# leaves no newer file behind, but it changes the list.
INPUT_LIST := build/inputs.list
$(shell mkdir -p build && printf '%s\n' $(BUILD_INPUTS) > $(INPUT_LIST).new && \
  { cmp -s $(INPUT_LIST).new $(INPUT_LIST) && rm $(INPUT_LIST).new || mv $(INPUT_LIST).new $(INPUT_LIST); })

.PHONY: run test bench lint clean package

$(INSTALLED): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

$(COLLECTION)/clinic.sqlite: $(INSTALLED) $(BUILD_INPUTS) $(INPUT_LIST)
	$(BIN)/clinic-reference build --out $(COLLECTION)
	touch $@

run: $(COLLECTION)/clinic.sqlite
	$(BIN)/clinic-reference

test: $(COLLECTION)/clinic.sqlite
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest $(PYTEST_ARGS)

bench: $(COLLECTION)/clinic.sqlite
	QT_QPA_PLATFORM=offscreen $(BIN)/python bench/build_and_query.py

package: $(COLLECTION)/clinic.sqlite
	$(BIN)/python -m pip install --quiet "pyinstaller>=6.5"
	$(BIN)/pyinstaller --noconfirm --clean --log-level WARN --distpath dist \
		--workpath build/pyinstaller packaging/clinic-reference.spec
	du -sh dist/clinic-reference
	QT_QPA_PLATFORM=offscreen dist/clinic-reference/clinic-reference --self-test

lint: $(INSTALLED)
	$(BIN)/ruff check search_index desktop tests bench docs
	$(BIN)/ruff format --check search_index desktop tests bench docs

clean:
	rm -rf $(VENV) build dist

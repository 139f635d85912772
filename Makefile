# Front door: see README.md.
PYTHON ?= python3

.PHONY: setup test run stop bench
setup:
	$(PYTHON) tools/suite.py setup

test:
	$(PYTHON) tools/suite.py test

run:
	$(PYTHON) tools/suite.py run

stop:
	$(PYTHON) tools/suite.py stop

bench:
	$(PYTHON) tools/bench.py

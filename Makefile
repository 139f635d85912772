# Front door: see README.md.
PYTHON ?= python3
# make bench SCALE=0.1: a tenth of the volume (each row is also run at a tenth of SCALE)
SCALE ?= 1
# make load DURATION=60: seconds of load (over JSON-RPC on the bench database); default: 180 single, 120 scaled
DURATION ?=
# make load SHAPE=scaled: the single server, then prefork workers + a streaming replica, 50 users each
SHAPE ?= single
# make load SHAPE=scaled FAULTS=1: and a third run with the replica stopped, a worker and a cron worker killed
FAULTS ?=

.PHONY: setup test test-core test-demo run stop bench load
setup:
	$(PYTHON) tools/suite.py setup

test:
	$(PYTHON) tools/suite.py test

run:
	$(PYTHON) tools/suite.py run

# the demo database built afresh as `make run` builds it, and its own tests (tests/test_demo_company.py)
test-demo:
	$(PYTHON) tools/suite.py test-demo

stop:
	$(PYTHON) tools/suite.py stop

bench:
	$(PYTHON) tools/bench.py --scale $(SCALE)

load:
	$(PYTHON) tools/load.py --shape $(SHAPE) $(if $(DURATION),--duration $(DURATION)) $(if $(FAULTS),--faults)

# Q-3: Odoo's own post-install tests of sale, account, stock and stock_account with the suite installed (long)
test-core:
	$(PYTHON) tools/suite.py test-core

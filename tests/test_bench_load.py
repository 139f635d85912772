"""Q-16: the benchmark and the load command run at a tiny scale in every test run, so that neither can rot.

``tools/suite.py test`` copies the installed test database to ``<test db>_benchtpl`` before pytest
starts (seconds); the benchmark copies that again for its two scales (0.001 and 0.0001), seeds them,
runs every row, then the load command serves the larger one for 20 seconds. What is asserted is what
holds at any scale: every row printed, idempotent second runs, no error and nothing lost under load.
The timing bars (floor ratios, p95 < 1 s) are for the full-scale run of ``make bench`` / ``make load``.
"""

import json
import os
import subprocess
import sys
from math import ceil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import suite  # noqa: E402  (tools/suite.py: the database helpers of the test command)

SCALE = 0.001
TEMPLATE = f"{suite.TEST_DB}_benchtpl"
PREFIX = f"{suite.TEST_DB}_bench"
DATABASES = [f"{PREFIX}_{SCALE:g}", f"{PREFIX}_{SCALE / 10:g}"]


@pytest.fixture(scope="module")
def conf():
    conf = os.environ.get("CMS_ODOO_CONF") or str(ROOT / ".local" / "odoo.conf")
    if not suite.db_exists(TEMPLATE):
        pytest.fail(f"{TEMPLATE} is missing: run this test through `python3 tools/suite.py test`")
    yield conf
    for name in [*DATABASES, TEMPLATE]:
        suite.drop_db(name)


def _run(cmd, timeout):
    res = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, timeout=timeout, check=False)
    return res, f"\n--- stdout\n{res.stdout[-6000:]}\n--- stderr\n{res.stderr[-6000:]}"


@pytest.fixture(scope="module")
def bench(conf, tmp_path_factory):
    target = tmp_path_factory.mktemp("bench") / "last.json"
    cmd = [sys.executable, "tools/bench.py", "--scale", str(SCALE), "--conf", conf, "--template", TEMPLATE]
    res, output = _run([*cmd, "--db", PREFIX, "--json", str(target)], timeout=1200)
    assert res.returncode == 0, output
    return json.loads(target.read_text()), res.stdout


def test_bench_prints_every_row_at_two_scales(bench):
    """Q-16: P1 to P6 are printed, each with its twin at a tenth of the scale, and written as JSON."""
    table, stdout = bench
    rows = table["rows"]
    assert {row["id"] for row in rows} == {"P1", "P2", "P3", "P4", "P5", "P6"}, stdout
    for row in rows:
        assert row["queries"] > 0, row
        assert row.get("small"), f"{row['id']} {row['job']} has no twin run at a tenth of the scale"
    assert "x floor" in stdout and "cost/rec" in stdout


def test_bench_second_runs_do_nothing(bench):
    """Q-16 P2 / Q-12: a second posting run posts nothing; the second plan run adds no line."""
    rows = {(row["id"], row["job"]): row for row in bench[0]["rows"]}
    assert rows["P2", "posting approved settlements, first run"]["records"] > 0
    assert rows["P2", "posting approved settlements, second run"]["records"] == 0
    assert rows["P4", "monthly visit plans, first run"]["lines"] > 0
    assert rows["P4", "monthly visit plans, second run"]["lines"] == 0


def test_bench_query_counts_do_not_grow(bench):
    """Q-15: the plan generation and the overdue jobs' second runs cost the same queries at both scales. The plan
    lines go in one insert whatever their number; the plans (one per person) are created through the ORM, which
    inserts 100 rows per query: one more query per 100 plans, no more."""
    for row in bench[0]["rows"]:
        if row["id"] == "P4":
            insert_batches = ceil(row["plans_created"] / 100) - ceil(row["small"]["plans_created"] / 100)
            assert 0 <= row["queries"] - row["small"]["queries"] <= insert_batches, row
        elif row["id"] == "P5" and "second" in row["job"]:
            assert row["queries"] == row["small"]["queries"], row


def test_load_no_error_nothing_lost(bench, conf, tmp_path):
    """Q-16: 20 users for 20 s on the bench database while the jobs run: no error, every record once."""
    target = tmp_path / "load.json"
    cmd = [sys.executable, "tools/load.py", "--db", DATABASES[0], "--duration", "20", "--conf", conf]
    res, output = _run([*cmd, "--json", str(target)], timeout=600)
    assert target.exists(), output
    load = json.loads(target.read_text())
    assert load["requests"] > 20, output
    assert load["errors"] == 0, output
    assert load["problems"] == [], output
    assert sum(load["created"].values()) > 0, output

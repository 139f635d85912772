"""Repository-wide pytest hooks.

Odoo skips (rather than fails) a browser test when Chromium or the websocket
module cannot be used. Here such a skip is a failure: a tour that did not run
proves nothing.

Under pytest-xdist each worker tests its own copy of the database (pytest-odoo);
here it also gets its own copy of the filestore.
"""

import functools
import os
import re
import shutil
from unittest.mock import patch

import pytest

BROWSER_SKIP = re.compile(r"chrome|chromium|websocket|devtools|browser", re.IGNORECASE)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.skipped and call.excinfo and BROWSER_SKIP.search(str(call.excinfo.value)):
        report.outcome = "failed"
        report.longrepr = f"browser test could not run: {call.excinfo.value}"


PLAIN = (str, int, float, bool, type(None))


@pytest.hookimpl(wrapper=True)
def pytest_report_to_serializable(config, report):
    """A failed ``subTest(day=date(…))`` reaches the pytest-xdist controller with its values as text.

    The worker sends each report as plain data; a date or a record among a subtest's values could not be
    sent, and the failure would show as a serialisation error instead of the test's own.
    """
    data = yield
    context = (data or {}).get("_subtest.context")
    if context and context.get("kwargs"):
        context["kwargs"] = {k: v if isinstance(v, PLAIN) else repr(v) for k, v in context["kwargs"].items()}
    return data


@pytest.fixture(scope="session", autouse=True)
def worker_filestore(request):
    """A filestore of its own for each pytest-xdist worker.

    pytest-odoo points every worker's database copy at the original database's filestore. Odoo's test
    classes end by collecting that filestore's garbage against their own database only
    (``TransactionCase._gc_filestore``), so one worker deletes the files that the other has just
    written (asset bundles, reports): its browser tests then fail on a missing file.
    """
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker or not request.config.getoption("--odoo-database", None):
        yield
        return
    request.getfixturevalue("load_registry")  # pytest-odoo's: the worker's database copy exists from here
    from odoo.tests.common import get_db_name  # noqa: PLC0415  (Odoo is configured by pytest-odoo here)
    from odoo.tools import config  # noqa: PLC0415

    database = get_db_name()
    original = config.filestore(database)  # pytest-odoo's patch: the original database's filestore
    own = os.path.join(config["data_dir"], "filestore", database)
    shutil.rmtree(own, ignore_errors=True)
    if os.path.isdir(original):
        shutil.copytree(original, own)
    with patch.object(config, "filestore", functools.partial(type(config).filestore, config)):
        yield
    shutil.rmtree(own, ignore_errors=True)

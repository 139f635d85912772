"""Repository-wide pytest hooks.

Odoo skips (rather than fails) a browser test when Chromium or the websocket
module cannot be used. Here such a skip is a failure: a tour that did not run
proves nothing.
"""

import re

import pytest

BROWSER_SKIP = re.compile(r"chrome|chromium|websocket|devtools|browser", re.IGNORECASE)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.skipped and call.excinfo and BROWSER_SKIP.search(str(call.excinfo.value)):
        report.outcome = "failed"
        report.longrepr = f"browser test could not run: {call.excinfo.value}"

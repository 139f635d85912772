"""The load test's users: office users and approvers clicking over JSON-RPC, each request timed by kind.

Part of ``tools/load.py`` (``make load``); the standard library and ``requests`` only.
"""

import threading
import time
import uuid
from collections import defaultdict

import requests
from load_setup import PASSWORD

# password hashing (pbkdf2, 600,000 rounds) makes a login cost a core for about a second, on purpose: the
# users log in before the timed window; the logins are printed but are not part of the p95 bar
LOGIN = "login (before the run)"
# "dashboard": the grouped reads a dashboard shows (one is drawn per click); add a dashboard's own read here
DASHBOARD_READS = [
    ("customer.complaint", [], ["cause_id"], ["__count"]),
    ("customer.complaint", [("state", "!=", "cancel")], ["responsible_unit"], ["__count"]),
    ("visit.compliance", [("overdue", "=", True)], ["region_id"], ["__count"]),
    ("customer.visit", [], ["state"], ["__count"]),
]
# the office users' mix of clicks (weights)
ACTIONS = {
    "list": 27,
    "form": 18,
    "search": 18,
    "statement": 6,
    "dashboard": 6,
    "communication": 10,
    "complaint": 7,
    "credit": 8,
}


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.latency = defaultdict(list)
        self.errors = defaultdict(list)
        self.created = defaultdict(list)  # kind -> [(marker, id)]

    def record(self, kind, seconds, error=None):
        with self.lock:
            self.latency[kind].append(seconds)
            if error:
                self.errors[kind].append(error)


class Client:
    """One office user: a ``requests`` session on the JSON-RPC routes of the web client."""

    def __init__(self, base, db, login, stats):
        self.base, self.db, self.login, self.stats = base, db, login, stats
        self.session = requests.Session()

    def _post(self, kind, path, params):
        started = time.monotonic()
        error = None
        result = None
        try:
            response = self.session.post(
                self.base + path, json={"jsonrpc": "2.0", "method": "call", "id": 1, "params": params}, timeout=120
            )
            if response.status_code != 200:
                error = f"HTTP {response.status_code}"
            else:
                body = response.json()
                if "error" in body:
                    data = body["error"].get("data") or {}
                    error = f"{data.get('name', '')}: {data.get('message') or body['error'].get('message')}"
                else:
                    result = body.get("result")  # a method returning None answers without "result"
        except (requests.RequestException, ValueError, AttributeError) as exc:
            error = f"{type(exc).__name__}: {exc}"
        self.stats.record(kind, time.monotonic() - started, error)
        return result, error

    def get(self, kind, path):
        started = time.monotonic()
        error = None
        try:
            response = self.session.get(self.base + path, timeout=120)
            if response.status_code != 200:
                error = f"HTTP {response.status_code}"
        except requests.RequestException as exc:
            error = f"{type(exc).__name__}: {exc}"
        self.stats.record(kind, time.monotonic() - started, error)

    def login_(self):
        result, error = self._post(
            LOGIN, "/web/session/authenticate", {"db": self.db, "login": self.login, "password": PASSWORD}
        )
        return not error and result

    def call(self, kind, model, method, *args, **kwargs):
        return self._post(
            kind,
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": args, "kwargs": kwargs},
        )


def office_user(client, setup, stop_at, rng):
    """Lists, forms, searches, statements, dashboard reads, communications, complaints and credit requests."""
    lists = setup["lists"]
    statements = setup["statements"].get(client.login)
    weights = {action: weight for action, weight in ACTIONS.items() if action != "statement" or statements}
    while time.monotonic() < stop_at:
        action = rng.choices(list(weights), weights=list(weights.values()))[0]
        customer = rng.choice(setup["customers"])
        marker = f"{setup['run']}-{client.login}-{uuid.uuid4().hex[:8]}"
        if action == "list":
            name = rng.choice(sorted(lists))
            model, domain, spec = lists[name]
            client.call(f"list {name}", model, "web_search_read", domain, spec, limit=80, count_limit=10001)
        elif action == "form":
            client.call(
                "form partner",
                "res.partner",
                "web_read",
                [customer],
                {
                    "name": {},
                    "user_id": {"fields": {"display_name": {}}},
                    "cc_tier_id": {"fields": {"display_name": {}}},
                    "cc_region_id": {"fields": {"display_name": {}}},
                    "phone": {},
                    "email": {},
                    "comment": {},
                },
            )
        elif action == "search":
            client.call(
                "search partners",
                "res.partner",
                "name_search",
                name=rng.choice(["Bench", "Load", "customer", "0"]),
                limit=8,
            )
        elif action == "statement":
            ids = ",".join(map(str, rng.choice(statements)))
            client.get("open statement", f"/report/html/dealer_rebate.report_dealer_statement/{ids}")
        elif action == "dashboard":
            model, domain, groupby, aggregates = rng.choice(DASHBOARD_READS)
            client.call("dashboard read", model, "web_read_group", domain, groupby, aggregates)
        elif action == "communication":
            result, error = client.call(
                "create communication",
                "customer.communication",
                "create",
                [
                    {
                        "partner_id": customer,
                        "channel_id": setup["channel"],
                        "direction": "inbound",
                        "summary": marker,
                        "customer_request": "Load test request",
                    }
                ],
            )
            if not error:
                client.stats.created["customer.communication"].append((marker, result[0]))
        elif action == "complaint":
            result, error = client.call(
                "create complaint",
                "customer.complaint",
                "create",
                [{"partner_id": customer, "description": f"<p>{marker}</p>"}],
            )
            if not error:
                client.stats.created["customer.complaint"].append((marker, result[0]))
        else:
            result, error = client.call(
                "create credit request",
                "customer.credit.request",
                "create",
                [{"partner_id": customer, "new_credit_limit": 1000 + rng.randint(0, 100), "reason": marker}],
            )
            if not error:
                client.stats.created["customer.credit.request"].append((marker, result[0]))
                client.call("submit credit request", "customer.credit.request", "request_validation", [result[0]])
        time.sleep(rng.uniform(0.2, 1.0))  # an office user reads before the next click


def approver(client, setup, stop_at, rng):
    """A branch sales manager approving the credit requests waiting for them."""
    while time.monotonic() < stop_at:
        result, error = client.call(
            "list requests to approve", "customer.credit.request", "search", [("can_review", "=", True)], limit=10
        )
        for request_id in (result or [])[:3]:
            client.call("approve credit request", "customer.credit.request", "validate_tier", [request_id])
        time.sleep(rng.uniform(0.5, 1.5))


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]

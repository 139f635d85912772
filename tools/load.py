#!/usr/bin/env python3
"""Load test: 20 office users over JSON-RPC while the heavy jobs run (Q-16, ``make load``).

    python3 tools/load.py                   # 3 minutes on the benchmark database of scale 1
    python3 tools/load.py --duration 20     # a short look
    python3 tools/load.py --db cmsuite_bench_0.1

Odoo is started on the benchmark database (``make bench`` creates it) the way a deployment runs it:
``workers = 4``, ``max_cron_threads = 1``, listening on 127.0.0.1 only. The warning detection and the
overdue jobs are made due (and given work: their marks are reset), so the cron worker runs them
while the users work. Then 20 simulated users (threads of this script, standard library and
``requests``) log in and, for the given duration, open lists and forms, search partners, create
communications and complaints, submit credit requests; two of them are the branch sales managers who
approve those requests. Every request is timed by kind.

At the end the server is stopped, and every record the users created is looked up: each must exist
exactly once (its marker is unique), and every submitted request approved by the end must be applied.
The bar: 0 errors, p95 < 1 s for every kind, nothing lost. The exit status is 1 when it is missed.
"""

import argparse
import json
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections import defaultdict
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_lists  # noqa: E402  (a sibling module of this script)

USERS = 20
# password hashing (pbkdf2, 600,000 rounds) makes a login cost a core for about a second, on purpose: the
# users log in before the timed window; the logins are printed but are not part of the p95 bar
LOGIN = "login (before the run)"
APPROVERS = 2  # of the USERS, the branch sales managers of the two load regions
PASSWORD = "load-user-pw-1"  # noqa: S105 (throwaway users of a local benchmark database)
JOBS = [
    "customer_comm.ir_cron_warning_detect",
    "customer_comm.ir_cron_communication_overdue",
    "complaint_mgmt.ir_cron_escalate_overdue_complaints",
    "client_visit.ir_cron_visit_compliance",
]
USER_GROUPS = [
    "customer_comm.customer_comm_group_user",
    "client_visit.client_visit_group_user",
    "complaint_mgmt.complaint_mgmt_group_user",
    "complaint_mgmt.complaint_mgmt_group_service",
    "dealer_rebate.dealer_rebate_group_user",
]


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="default: the database of the last `make bench` (.local/bench/last.json)")
    parser.add_argument("--duration", type=float, default=180.0, help="seconds of load (default 180)")
    parser.add_argument("--users", type=int, default=USERS)
    parser.add_argument("--conf", default=str(ROOT / ".local" / "odoo.conf"))
    parser.add_argument("--port", type=int, help="HTTP port (default: a free one)")
    parser.add_argument("--json", default=str(ROOT / ".local" / "bench" / "load.json"))
    return parser.parse_args(argv)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# ------------------------------------------------------------------ preparation
def prepare(db, users):
    """The simulated users, their regions and customers; the jobs made due with work to do."""
    import odoo  # noqa: PLC0415
    from odoo.modules.registry import Registry  # noqa: PLC0415

    bench_overdue = __import__("bench_overdue")
    registry = Registry(db)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        Users = env["res.users"].with_context(no_reset_password=True, active_test=False)
        groups = [env.ref(xmlid).id for xmlid in USER_GROUPS]
        regions = env["customer.region"].search([("name", "like", "Load area %")], order="name")
        if not regions:
            regions = env["customer.region"].create([{"name": f"Load area {i}", "level": "area"} for i in range(2)])
        accounts = []
        for i in range(users):
            login = f"load_user_{i:02d}"
            user = Users.search([("login", "=", login)], limit=1) or Users.create(
                {"name": f"Load user {i:02d}", "login": login, "password": PASSWORD, "group_ids": [(6, 0, groups)]}
            )
            accounts.append(login)
            if i < APPROVERS and not env["customer.role.assignment"].search_count(
                [("user_id", "=", user.id), ("role", "=", "branch_sales_manager")]
            ):
                env["customer.role.assignment"].create(
                    {"user_id": user.id, "role": "branch_sales_manager", "region_id": regions[i % len(regions)].id}
                )
        # the customers the users work on: two per user, in the load regions, for the requests to find an approver
        customers = env["res.partner"].search([("name", "like", "Load customer %")])
        if not customers:
            customers = env["res.partner"].create(
                [
                    {
                        "name": f"Load customer {k:03d}",
                        "is_company": True,
                        "customer_rank": 1,
                        "cc_region_id": regions[k % len(regions)].id,
                    }
                    for k in range(2 * users)
                ]
            )
        lists = {}
        reader_env = env(user=bench_lists.list_reader(env).id, su=False)
        for name, xmlid in bench_lists.LISTS.items():
            lists[name] = bench_lists.list_request(reader_env, xmlid)
        channel = env["customer.communication.channel"].search([], limit=1)
        # the jobs: work to do, and due now (the cron worker picks them up when it starts)
        __import__("bench").reset_warnings(env)
        bench_overdue.reset(env)
        crons = [env.ref(xmlid) for xmlid in JOBS]
        for cron in crons:
            cron.write({"active": True, "nextcall": odoo.fields.Datetime.now()})
        # the other jobs of a fresh database are all overdue: the single cron worker would run them first
        cr.execute(
            "UPDATE ir_cron SET nextcall = now() at time zone 'UTC' + interval '1 day' WHERE id != ALL(%s)",
            [[cron.id for cron in crons]],
        )
        cr.commit()
        cr.execute("SELECT now() at time zone 'UTC'")
        return {
            "since": cr.fetchone()[0],
            "logins": accounts,
            "customers": customers.ids,
            "lists": lists,
            "channel": channel.id,
            "crons": [cron.id for cron in crons],
        }


# ------------------------------------------------------------------ the server
def _ping(session, base, started, results):
    try:
        response = session.post(
            f"{base}/web/dataset/call_kw/res.partner/search_count",
            json={
                "jsonrpc": "2.0",
                "method": "call",
                "params": {"model": "res.partner", "method": "search_count", "args": [[]], "kwargs": {}},
            },
            timeout=120,
        )
        results.append(response.status_code == 200 and "result" in response.json() and time.monotonic() - started)
    except (requests.RequestException, ValueError):
        results.append(False)


def warm_up(base, db):
    """Until every worker has loaded the registry (the first request of each takes seconds), at most a minute
    or two: not measured."""
    session = requests.Session()
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            response = session.post(
                f"{base}/web/session/authenticate",
                json={
                    "jsonrpc": "2.0",
                    "method": "call",
                    "params": {"db": db, "login": "load_user_00", "password": PASSWORD},
                },
                timeout=120,
            )
            if "result" in response.json():
                break
        except (requests.RequestException, ValueError):
            time.sleep(1)
    while time.monotonic() < deadline:
        started, results = time.monotonic(), []
        threads = [threading.Thread(target=_ping, args=(session, base, started, results)) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        if all(results) and max(results) < 1.0 or time.monotonic() > deadline - 60:
            return
        time.sleep(0.5)


def wake_cron_worker(db):
    """What ``ir.cron._trigger`` does after its commit: tell the cron worker that jobs are due now."""
    import odoo.sql_db  # noqa: PLC0415
    from odoo.tools import SQL  # noqa: PLC0415

    from odoo.addons.base.models.ir_cron import ODOO_NOTIFY_FUNCTION  # noqa: PLC0415

    with odoo.sql_db.db_connect("postgres").cursor() as cr:
        cr.execute(SQL("SELECT %s('cron_trigger', %s)", SQL.identifier(ODOO_NOTIFY_FUNCTION), db))


def start_server(args, db, port):
    log = Path(args.json).with_name("load-server.log")
    log.parent.mkdir(parents=True, exist_ok=True)
    log.unlink(missing_ok=True)
    cmd = [
        sys.executable,
        str(ROOT / "tools" / "odoo_server.py"),
        "server",
        "-c",
        args.conf,
        "-d",
        db,
        f"--db-filter=^{db}$",
        "--workers=4",
        "--max-cron-threads=1",
        "--http-interface=127.0.0.1",
        f"--http-port={port}",
        f"--gevent-port={free_port()}",
        f"--logfile={log}",
        "--log-level=warn",
        "--limit-time-real=1800",
    ]
    server = subprocess.Popen(cmd, start_new_session=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the Odoo server stopped at start (log: {log})")
        try:
            if requests.get(f"http://127.0.0.1:{port}/web/health", timeout=2).status_code == 200:
                return server, log
        except requests.RequestException:
            pass
        time.sleep(1)
    stop_server(server)
    raise SystemExit(f"the Odoo server did not answer within 120 s (log: {log})")


def stop_server(server):
    """SIGTERM to the server we started (its workers stop with it), SIGKILL if it does not stop."""
    if server.poll() is not None:
        return
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()


# ------------------------------------------------------------------ the users
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
    """Lists, forms, searches, communications, complaints and credit requests, in a random mix."""
    lists = setup["lists"]
    while time.monotonic() < stop_at:
        action = rng.choices(
            ["list", "form", "search", "communication", "complaint", "credit"], weights=[30, 20, 20, 12, 8, 10]
        )[0]
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


def verify(db, stats, run):
    """Every record the users created exists exactly once; returns the problems."""
    import odoo  # noqa: PLC0415

    problems = []
    with odoo.sql_db.db_connect(db).cursor() as cr:
        checks = {
            "customer.communication": ("customer_communication", "summary"),
            "customer.complaint": ("customer_complaint", "description"),
            "customer.credit.request": ("customer_credit_request", "reason"),
        }
        for model, (table, column) in checks.items():
            created = stats.created[model]
            cr.execute(
                f"SELECT substring({column} from %s), COUNT(*) FROM {table} WHERE {column} LIKE %s GROUP BY 1",  # noqa: S608
                [f"({run}-[a-z0-9_]+-[0-9a-f]{{8}})", f"%{run}-%"],
            )
            in_db = dict(cr.fetchall())
            for marker, _record_id in created:
                if in_db.get(marker) != 1:
                    problems.append(f"{model} {marker}: {in_db.get(marker, 0)} rows")
            unknown = set(in_db) - {marker for marker, _id in created}
            if unknown:
                problems.append(f"{model}: {len(unknown)} rows the users never got an answer for")
        cr.execute(
            "SELECT COUNT(*) FILTER (WHERE state = 'approved'), COUNT(*) FROM customer_credit_request "
            "WHERE reason LIKE %s",
            [f"{run}-%"],
        )
        approved, requests_ = cr.fetchone()
    return problems, approved, requests_


def main(argv=None):
    args = parse_args(argv)
    import odoo  # noqa: PLC0415
    import odoo.service.db  # noqa: PLC0415
    import odoo.sql_db  # noqa: PLC0415
    import odoo.tools  # noqa: PLC0415

    odoo.tools.config.parse_config(["-c", args.conf, "--log-level=warn"])
    db = args.db
    if not db:
        last = ROOT / ".local" / "bench" / "last.json"
        db = json.loads(last.read_text())["database"] if last.exists() else "cmsuite_bench_1"
    if not odoo.service.db.exp_db_exist(db):
        raise SystemExit(f"database {db} does not exist: run `make bench` first")
    print(f"preparing {db}: {args.users} users, their customers, the jobs made due", flush=True)
    setup = prepare(db, args.users)
    setup["run"] = f"load{int(time.time())}"
    odoo.sql_db.close_db(db)
    port = args.port or free_port()
    server, log = start_server(args, db, port)
    print(f"Odoo serving {db} on 127.0.0.1:{port} (workers = 4, max_cron_threads = 1; log {log})", flush=True)
    stats = Stats()
    base = f"http://127.0.0.1:{port}"
    t0 = time.monotonic()
    warm_up(base, db)
    clients = [Client(base, db, login, stats) for login in setup["logins"]]
    logins = [threading.Thread(target=client.login_) for client in clients]
    for thread in logins:
        thread.start()
    for thread in logins:
        thread.join()
    print(
        f"workers warm and {len(clients)} users logged in after {time.monotonic() - t0:.0f} s; "
        f"load for {args.duration:.0f} s",
        flush=True,
    )
    wake_cron_worker(db)
    started = time.monotonic()
    stop_at = started + args.duration
    threads = []
    try:
        for i, client in enumerate(clients):
            target = approver if i < APPROVERS else office_user
            thread = threading.Thread(target=target, args=(client, setup, stop_at, random.Random(i)), daemon=True)
            thread.start()
            threads.append(thread)
        for thread in threads:
            thread.join(timeout=args.duration + 120)
        elapsed = time.monotonic() - started
        with odoo.sql_db.db_connect(db).cursor() as cr:
            cr.execute(
                # each call of a job leaves a progress record; its lastcall is written only when it ends
                "SELECT COUNT(DISTINCT cron_id) FROM ir_cron_progress WHERE cron_id = ANY(%s) AND create_date >= %s",
                [setup["crons"], setup["since"]],
            )
            jobs_run = cr.fetchone()[0]
    finally:
        stop_server(server)
    problems, approved, submitted = verify(db, stats, setup["run"])

    total = sum(len(v) for kind, v in stats.latency.items() if kind != LOGIN)
    errors = sum(len(v) for v in stats.errors.values())
    print(
        f"\nload: {args.users} users for {elapsed:.0f} s: {total} requests ({total / elapsed:.1f}/s), {errors} errors"
    )
    print(f"{'kind':<28} {'requests':>8} {'errors':>6} {'p50 s':>7} {'p95 s':>7} {'max s':>7}")
    table = []
    for kind in sorted(stats.latency):
        values = stats.latency[kind]
        row = {
            "kind": kind,
            "requests": len(values),
            "errors": len(stats.errors[kind]),
            "p50": percentile(values, 0.5),
            "p95": percentile(values, 0.95),
            "max": max(values),
        }
        table.append(row)
        print(
            f"{kind:<28} {row['requests']:>8} {row['errors']:>6} "
            f"{row['p50']:>7.3f} {row['p95']:>7.3f} {row['max']:>7.3f}"
        )
    for kind, messages in stats.errors.items():
        for message in sorted(set(messages))[:5]:
            print(f"  error in {kind}: {message}")
    created = {model: len(rows) for model, rows in stats.created.items()}
    print(f"created: {created}; credit requests approved by the end: {approved} of {submitted}")
    print(f"jobs started by the cron worker during the load: {jobs_run} of {len(setup['crons'])}")
    slow = [row["kind"] for row in table if row["p95"] >= 1.0 and row["kind"] != LOGIN]
    for problem in problems[:20]:
        print(f"  LOST/DUPLICATED: {problem}")
    ok = not errors and not slow and not problems
    print(
        "bar (0 errors, p95 < 1 s, nothing lost): "
        + ("met" if ok else f"MISSED ({errors} errors, slow: {', '.join(slow) or '-'}, {len(problems)} lost)")
    )
    Path(args.json).write_text(
        json.dumps(
            {
                "database": db,
                "users": args.users,
                "duration": elapsed,
                "requests": total,
                "errors": errors,
                "rows": table,
                "created": created,
                "problems": problems,
                "approved": approved,
                "jobs_run": jobs_run,
                "load_average": os.getloadavg(),
                "ok": ok,
            },
            indent=2,
        )
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

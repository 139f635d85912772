#!/usr/bin/env python3
"""Load test: office users over JSON-RPC while the scheduled jobs run (Q-16, ``make load``).

    python3 tools/load.py                        # the single server, 20 users, 3 minutes
    python3 tools/load.py --duration 20          # a short look
    python3 tools/load.py --shape scaled         # single, then scaled: 50 users, 120 s each (make load SHAPE=scaled)
    python3 tools/load.py --shape scaled --faults    # and a third run with the faults injected

Two deployment shapes of the same database (the benchmark database: ``make bench`` creates it):

- ``single``: one Odoo process, threaded (``workers = 0``), its cron threads (``max_cron_threads = 2``)
  inside it: the server of ``make run``;
- ``scaled``: the prefork server (``workers = 4`` HTTP worker processes, ``max_cron_threads = 2`` cron
  worker processes, the websocket/bus process on ``gevent_port``) over the primary, and a PostgreSQL
  streaming replica of it (``pg_basebackup -R``, ``tools/suite.py start_replica``) set as
  ``db_replica_host`` / ``db_replica_port``: the requests for ``@api.readonly`` methods (searches,
  reads, grouped reads, the statement report) are served from the replica.

Both listen on 127.0.0.1 only. Before each run the warning detection and the three overdue jobs are made
due with work to do (their marks reset), so the cron workers run them while the users work. The users
(threads of this script, standard library and ``requests``) log in and, for the duration, open lists and
partner forms, search partners, open a dealer statement and a dashboard read, create communications and
complaints, submit credit requests; two of them are the branch sales managers who approve those
requests. Every request is timed by kind. The scaled run also reports how many requests the replica
served (its own ``pg_stat_database`` and the cursor mode Odoo logs for each request), the replication lag
seen, and checks that the bus answers a websocket on ``gevent_port``.

``--faults`` adds a third run of the scaled shape where, in the middle of it, the replica is stopped (and
started again), one HTTP worker is killed, and the cron worker running a job is killed mid-batch; the
jobs must complete afterwards and leave no duplicate.

At the end of each run the server is stopped, and every record the users created is looked up in the
primary: each must exist exactly once (its marker is unique). The bar: 0 errors, p95 < 1 s for every
kind, nothing lost. The exit status is 1 when it is missed (by the last clean run of the shape asked for).
"""

import argparse
import json
import os
import random
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter, defaultdict
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_lists  # noqa: E402  (sibling modules of this script)
import suite  # noqa: E402

USERS = {"single": 20, "scaled": 50}
DURATION = {"single": 180.0, "scaled": 120.0}
SHAPES = {
    # workers, max_cron_threads, with the streaming replica
    "single": {"workers": 0, "cron": 2, "replica": False},
    "scaled": {"workers": 4, "cron": 2, "replica": True},
}
# password hashing (pbkdf2, 600,000 rounds) makes a login cost a core for about a second, on purpose: the
# users log in before the timed window; the logins are printed but are not part of the p95 bar
LOGIN = "login (before the run)"
APPROVERS = 2  # of the users, the branch sales managers of the two load regions
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
# what the jobs must never create twice (the nothing-duplicated check after a cron worker is killed)
DUPLICATE_CHECKS = {
    "open warnings per customer and type": (
        "SELECT partner_id, warning_type, company_id FROM customer_warning "
        "WHERE state IN ('open', 'acknowledged') GROUP BY 1, 2, 3 HAVING COUNT(*) > 1"
    ),
    "activities per record and type": (
        "SELECT res_model, res_id, activity_type_id FROM mail_activity "
        "WHERE res_model IN ('customer.warning', 'customer.communication', 'customer.complaint') "
        "AND automated GROUP BY 1, 2, 3 HAVING COUNT(*) > 1"
    ),
    "escalations per complaint and level": (
        "SELECT complaint_id, level FROM customer_complaint_escalation GROUP BY 1, 2 HAVING COUNT(*) > 1"
    ),
    "compliance lines per customer and role": (
        "SELECT partner_id, role, company_id FROM visit_compliance GROUP BY 1, 2, 3 HAVING COUNT(*) > 1"
    ),
}


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="default: the database of the last `make bench` (.local/bench/last.json)")
    parser.add_argument("--shape", choices=sorted(SHAPES), default="single")
    parser.add_argument("--duration", type=float, help="seconds of load per run (single 180, scaled 120)")
    parser.add_argument("--users", type=int, help="simulated users (single 20, scaled 50)")
    parser.add_argument("--alone", action="store_true", help="scaled: without the single server's run before it")
    parser.add_argument("--faults", action="store_true", help="scaled: a third run, with the faults injected")
    parser.add_argument("--conf", default=str(ROOT / ".local" / "odoo.conf"))
    parser.add_argument("--port", type=int, help="HTTP port (default: a free one)")
    parser.add_argument("--json", default=str(ROOT / ".local" / "bench" / "load.json"))
    args = parser.parse_args(argv)
    args.users = args.users or USERS[args.shape]
    args.duration = args.duration or DURATION[args.shape]
    return args


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# ------------------------------------------------------------------ preparation
def _env(cr):
    import odoo  # noqa: PLC0415

    return odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})


def prepare(db, users):
    """The simulated users, their regions, customers and dealers; the lists, statements and reads they open."""
    from odoo.modules.registry import Registry  # noqa: PLC0415

    with Registry(db).cursor() as cr:
        env = _env(cr)
        Users = env["res.users"].with_context(no_reset_password=True, active_test=False)
        groups = [env.ref(xmlid).id for xmlid in USER_GROUPS]
        regions = env["customer.region"].search([("name", "like", "Load area %")], order="name")
        if not regions:
            regions = env["customer.region"].create([{"name": f"Load area {i}", "level": "area"} for i in range(2)])
        accounts = []
        user_ids = []
        for i in range(users):
            login = f"load_user_{i:02d}"
            user = Users.search([("login", "=", login)], limit=1) or Users.create(
                {"name": f"Load user {i:02d}", "login": login, "password": PASSWORD, "group_ids": [(6, 0, groups)]}
            )
            accounts.append(login)
            user_ids.append(user.id)
            if i < APPROVERS and not env["customer.role.assignment"].search_count(
                [("user_id", "=", user.id), ("role", "=", "branch_sales_manager")]
            ):
                env["customer.role.assignment"].create(
                    {"user_id": user.id, "role": "branch_sales_manager", "region_id": regions[i % len(regions)].id}
                )
        # the customers the users work on: two per user, in the load regions, for the requests to find an approver
        customers = env["res.partner"].search([("name", "like", "Load customer %")], order="id")
        if len(customers) < 2 * users:
            customers |= env["res.partner"].create(
                [
                    {
                        "name": f"Load customer {k:03d}",
                        "is_company": True,
                        "customer_rank": 1,
                        "cc_region_id": regions[k % len(regions)].id,
                    }
                    for k in range(len(customers), 2 * users)
                ]
            )
        lists = {}
        reader_env = env(user=bench_lists.list_reader(env).id, su=False)
        for name, xmlid in bench_lists.LISTS.items():
            lists[name] = bench_lists.list_request(reader_env, xmlid)
        channel = env["customer.communication.channel"].search([], limit=1)
        cr.commit()
        return {
            "logins": accounts,
            "customers": customers[: 2 * users].ids,
            "lists": lists,
            "channel": channel.id,
            "statements": statements_of(env, user_ids),
        }


def statements_of(env, user_ids):
    """login -> the settlement ids of one dealer of theirs: each user becomes the salesperson of a few dealers
    that have settlements (a salesperson reads the statements of their own dealers)."""
    env.cr.execute(
        "SELECT partner_id, array_agg(id ORDER BY id) FROM dealer_rebate_settlement "
        "WHERE state != 'cancel' GROUP BY partner_id ORDER BY partner_id LIMIT %s",
        [2 * len(user_ids)],
    )
    dealers = env.cr.fetchall()
    statements = defaultdict(list)
    for k, (partner_id, settlement_ids) in enumerate(dealers):
        user_id = user_ids[k % len(user_ids)]
        env["res.partner"].browse(partner_id).user_id = user_id
        statements[f"load_user_{k % len(user_ids):02d}"].append(settlement_ids[:4])
    env.cr.commit()
    return dict(statements)


def make_jobs_due(db):
    """The jobs given work (their marks reset) and due now; returns (now, the cron ids)."""
    import odoo  # noqa: PLC0415
    from odoo.modules.registry import Registry  # noqa: PLC0415

    with Registry(db).cursor() as cr:
        env = _env(cr)
        __import__("bench").reset_warnings(env)
        __import__("bench_overdue").reset(env)
        crons = [env.ref(xmlid) for xmlid in JOBS]
        for cron in crons:
            cron.write({"active": True, "nextcall": odoo.fields.Datetime.now()})
        # the other jobs of a fresh database are all overdue: the cron workers would run them first
        cr.execute(
            "UPDATE ir_cron SET nextcall = now() at time zone 'UTC' + interval '1 day' WHERE id != ALL(%s)",
            [[cron.id for cron in crons]],
        )
        cr.commit()
        cr.execute("SELECT now() at time zone 'UTC'")
        return cr.fetchone()[0], [cron.id for cron in crons]


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
            return session
        time.sleep(0.5)
    return session


def wake_cron_worker(db):
    """What ``ir.cron._trigger`` does after its commit: tell the cron workers that jobs are due now."""
    import odoo.sql_db  # noqa: PLC0415
    from odoo.tools import SQL  # noqa: PLC0415

    from odoo.addons.base.models.ir_cron import ODOO_NOTIFY_FUNCTION  # noqa: PLC0415

    with odoo.sql_db.db_connect("postgres").cursor() as cr:
        cr.execute(SQL("SELECT %s('cron_trigger', %s)", SQL.identifier(ODOO_NOTIFY_FUNCTION), db))


class Server:
    """An Odoo server of one shape, started by this script (and its replica, for the scaled shape)."""

    def __init__(self, args, db, shape):
        self.args, self.db, self.shape = args, db, shape
        self.conf = SHAPES[shape]
        self.port = args.port or free_port()
        self.gevent_port = free_port()
        self.log = Path(args.json).with_name(f"load-server-{shape}.log")
        self.process = None
        self.replica = None

    def start(self):
        self.log.parent.mkdir(parents=True, exist_ok=True)
        self.log.unlink(missing_ok=True)
        cmd = [
            sys.executable,
            str(ROOT / "tools" / "odoo_server.py"),
            "server",
            "-c",
            self.args.conf,
            "-d",
            self.db,
            f"--db-filter=^{self.db}$",
            f"--workers={self.conf['workers']}",
            f"--max-cron-threads={self.conf['cron']}",
            "--http-interface=127.0.0.1",
            f"--http-port={self.port}",
            f"--gevent-port={self.gevent_port}",
            f"--logfile={self.log}",
            "--log-level=warn",
            # one line per request, ending with the cursor it used (ro: the replica); the workers' pids
            "--log-handler=werkzeug:INFO",
            "--log-handler=odoo.service.server:INFO",
            "--limit-time-real=1800",
        ]
        if self.conf["replica"]:
            self.replica = suite.start_replica()
            cmd += [f"--db_replica_host={self.replica[0]}", f"--db_replica_port={self.replica[1]}"]
        self.process = subprocess.Popen(cmd, start_new_session=True)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"the Odoo server stopped at start (log: {self.log})")
            try:
                if requests.get(f"http://127.0.0.1:{self.port}/web/health", timeout=2).status_code == 200:
                    return self
            except requests.RequestException:
                pass
            time.sleep(1)
        self.stop()
        raise SystemExit(f"the Odoo server did not answer within 120 s (log: {self.log})")

    def stop(self):
        """SIGTERM to the server we started (its workers stop with it), SIGKILL if it does not stop."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        if self.replica:
            suite.stop_replica()

    def workers(self, kind):
        """Pids of the live worker processes of a kind (``WorkerHTTP``, ``WorkerCron``), from the log."""
        pids = [int(pid) for pid in re.findall(rf"Worker {kind} \((\d+)\) alive", self.log.read_text())]
        return [pid for pid in pids if Path(f"/proc/{pid}").exists()]

    def cpu_seconds(self):
        """CPU seconds used so far by the server's processes, by role: HTTP workers, cron workers, the rest
        (the master, or the single process with its threads; the websocket process). Killed workers are not
        counted any more."""
        ticks = os.sysconf("SC_CLK_TCK")
        roles = dict.fromkeys(self.workers("WorkerHTTP"), "http") | dict.fromkeys(self.workers("WorkerCron"), "cron")
        used = Counter()
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[3]) == self.process.pid:  # the process group of the server: all its processes
                pid = int(stat.parent.name)
                used[roles.get(pid, "other")] += (int(fields[11]) + int(fields[12])) / ticks
        return used

    def request_log(self, offset=0):
        """(path, cursor mode) of each request logged after ``offset`` (bytes)."""
        with self.log.open("rb") as fh:
            fh.seek(offset)
            text = fh.read().decode(errors="replace")
        pattern = r'werkzeug: \S+ - - \[[^\]]+\] "(?:GET|POST) (\S+) [^"]*" \d+ \S+ \S+ \S+ \S+ (\S+)'
        return re.findall(pattern, text)

    def log_size(self):
        return self.log.stat().st_size if self.log.exists() else 0


# ------------------------------------------------------------------ the replica and the bus
def replica_transactions(server):
    """Transactions the replica has served on the database (its own pg_stat_database), or None."""
    import psycopg2  # noqa: PLC0415

    if not server.replica:
        return None
    try:
        with (
            psycopg2.connect(
                host=str(server.replica[0]), port=server.replica[1], user=suite.DB_USER, dbname="postgres"
            ) as cnx,
            cnx.cursor() as cr,
        ):
            cr.execute("SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = %s", [server.db])
            return cr.fetchone()[0]
    except psycopg2.OperationalError:
        return None


class LagSampler(threading.Thread):
    """The replication lag the primary reports (``pg_stat_replication``), sampled every second."""

    def __init__(self):
        super().__init__(daemon=True)
        self.stop_event = threading.Event()
        self.seconds, self.bytes, self.samples, self.streaming = [], [], 0, 0

    def run(self):
        import psycopg2  # noqa: PLC0415

        # pg_stat_replication shows its figures to a superuser only
        cnx = psycopg2.connect(host=str(suite.socket_dir()), port=suite.PG_PORT, user="postgres", dbname="postgres")
        cnx.autocommit = True
        while not self.stop_event.wait(1.0):
            with cnx.cursor() as cr:
                cr.execute(
                    "SELECT EXTRACT(EPOCH FROM replay_lag), pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn) "
                    "FROM pg_stat_replication WHERE state = 'streaming'"
                )
                row = cr.fetchone()
            self.samples += 1
            if row:
                self.streaming += 1
                self.seconds.append(float(row[0] or 0.0))
                self.bytes.append(int(row[1] or 0))
        cnx.close()

    def summary(self):
        self.stop_event.set()
        self.join(timeout=5)
        if not self.seconds:
            return {"samples": self.samples, "streaming": 0}
        return {
            "samples": self.samples,
            "streaming": self.streaming,
            "max_s": max(self.seconds),
            "p95_s": percentile(self.seconds, 0.95),
            "max_bytes": max(self.bytes),
        }


def bus_answers(server, db, session):
    """The websocket process answers on gevent_port: a websocket opened with the user's session receives a
    notification sent on the bus to that user (``bus.bus._sendone``, as any module does)."""
    import websocket  # noqa: PLC0415  (websocket-client)

    from odoo.modules.registry import Registry  # noqa: PLC0415

    origin = f"http://127.0.0.1:{server.gevent_port}"
    cookie = "; ".join(f"{key}={value}" for key, value in session.cookies.items())
    deadline = time.monotonic() + 60  # the websocket process starts seconds after the HTTP workers
    while True:
        try:
            ws = websocket.create_connection(
                f"ws://127.0.0.1:{server.gevent_port}/websocket?version=load", cookie=cookie, origin=origin, timeout=20
            )
            break
        except (OSError, websocket.WebSocketException) as exc:
            if time.monotonic() > deadline:
                return f"no websocket on gevent_port {server.gevent_port} after 60 s: {exc}"
            time.sleep(1)
    try:
        ws.send(json.dumps({"event_name": "subscribe", "data": {"channels": [], "last": 0}}))
        time.sleep(1)  # the subscription is processed by the websocket process
        marker = uuid.uuid4().hex
        with Registry(db).cursor() as cr:
            env = _env(cr)
            user = env["res.users"].search([("login", "=", "load_user_00")])
            env["bus.bus"]._sendone(user.partner_id, "cmsuite/load_ping", {"marker": marker})
            cr.commit()
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            message = ws.recv()
            if marker in message:
                return "answers"
        return "no notification within 20 s"
    except (OSError, websocket.WebSocketException) as exc:
        return f"websocket closed: {exc}"
    finally:
        ws.close()


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


def verify(db, stats, run):
    """Every record the users created exists exactly once in the primary; returns the problems."""
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
        duplicates = {}
        for label, query in DUPLICATE_CHECKS.items():
            cr.execute(f"SELECT COUNT(*) FROM ({query}) AS dup")  # noqa: S608 (the constant queries above)
            duplicates[label] = cr.fetchone()[0]
    return problems, approved, requests_, duplicates


def jobs_done_since(db, crons, since):
    """The jobs whose last call ended after ``since`` (``lastcall`` is written when a call completes)."""
    import odoo  # noqa: PLC0415

    with odoo.sql_db.db_connect(db).cursor() as cr:
        cr.execute(
            "SELECT id FROM ir_cron WHERE id = ANY(%s) AND lastcall >= %s",
            [crons, since],
        )
        done = {row[0] for row in cr.fetchall()}
    return [xmlid for xmlid, cron_id in zip(JOBS, crons, strict=True) if cron_id in done]


# ------------------------------------------------------------------ faults
class Faults(threading.Thread):
    """In the middle of a scaled run: the replica stopped then started again, an HTTP worker killed, the cron
    worker running a job killed mid-batch. Each event is logged with its time since the start of the load."""

    def __init__(self, server, db, crons, started, duration):
        super().__init__(daemon=True)
        self.server, self.db, self.started, self.duration = server, db, started, duration
        self.events = []
        self.killed = None  # (job xml id, when)
        self.crons = crons

    def note(self, text):
        self.events.append(f"{time.monotonic() - self.started:5.1f} s: {text}")
        print(f"  fault {self.events[-1]}", flush=True)

    def at(self, fraction):
        time.sleep(max(0.0, self.started + fraction * self.duration - time.monotonic()))

    def run(self):
        self.at(0.2)
        suite.stop_replica()
        self.note("replica stopped (pg_ctl stop -m fast)")
        self.at(0.4)
        http = self.server.workers("WorkerHTTP")
        if http:
            os.kill(http[0], signal.SIGKILL)
            self.note(f"HTTP worker {http[0]} killed (SIGKILL), {len(http)} were alive")
        self.at(0.5)
        self.kill_busy_cron_worker()
        self.at(0.75)
        suite.start_replica()
        self.note("replica started again")

    def kill_busy_cron_worker(self):
        """The cron worker seen running one of the jobs is killed mid-batch (the jobs are made due again with
        work when none is running); ``self.killed``: (the job's xml id, the database time of the kill)."""
        deadline = time.monotonic() + 40
        made_due = False
        while time.monotonic() < deadline:
            busy = self.busy_cron_worker()
            if busy:
                time.sleep(0.5)  # into its batch
                pid, job = busy
                now = self.db_now()
                os.kill(pid, signal.SIGKILL)
                self.killed = (job, now)
                self.note(f"cron worker {pid} killed (SIGKILL) while running {job}")
                return
            if not made_due and time.monotonic() > deadline - 30:
                make_jobs_due(self.db)
                wake_cron_worker(self.db)
                made_due = True
            time.sleep(0.2)
        self.note("no cron worker seen running a job within 40 s: none killed")

    def busy_cron_worker(self):
        """(pid, job xml id) of a cron worker inside one of the jobs, or None.

        The job is the one whose ``ir_cron`` row is locked (a cron worker holds that lock while it runs
        the job: ``SKIP LOCKED`` leaves it out here); the worker, the one inside a transaction."""
        import odoo.sql_db  # noqa: PLC0415

        workers = {f"odoo-{pid}": pid for pid in self.server.workers("WorkerCron")}
        with odoo.sql_db.db_connect(self.db).cursor() as cr:
            cr.execute("SELECT id FROM ir_cron WHERE id = ANY(%s) FOR NO KEY UPDATE SKIP LOCKED", [self.crons])
            running = set(self.crons) - {row[0] for row in cr.fetchall()}
            cr.rollback()
            cr.execute(
                "SELECT application_name FROM pg_stat_activity WHERE datname = %s AND state != 'idle' "
                "AND application_name = ANY(%s)",
                [self.db, list(workers)],
            )
            active = [workers[row[0]] for row in cr.fetchall()]
        if not running or not active:
            return None
        job = next(xmlid for xmlid, cron_id in zip(JOBS, self.crons, strict=True) if cron_id in running)
        return active[0], job

    def db_now(self):
        import odoo.sql_db  # noqa: PLC0415

        with odoo.sql_db.db_connect(self.db).cursor() as cr:
            cr.execute("SELECT now() at time zone 'UTC'")
            return cr.fetchone()[0]


# ------------------------------------------------------------------ one run
def run_shape(args, db, setup, shape, faults=False):
    """One load run on one shape: start, warm, log in, load, stop, verify. Returns the result (a dict)."""
    label = f"{shape}+faults" if faults else shape
    server = Server(args, db, shape)
    since, crons = make_jobs_due(db)
    import odoo.sql_db  # noqa: PLC0415

    odoo.sql_db.close_db(db)
    server.start()
    conf = server.conf
    print(
        f"\n[{label}] Odoo serving {db} on 127.0.0.1:{server.port} (workers = {conf['workers']}, "
        f"max_cron_threads = {conf['cron']}"
        + (f", replica on port {server.replica[1]}" if server.replica else "")
        + f"; log {server.log})",
        flush=True,
    )
    stats = Stats()
    base = f"http://127.0.0.1:{server.port}"
    result = {"shape": label, "users": args.users}
    try:
        t0 = time.monotonic()
        session = warm_up(base, db)
        if conf["workers"]:
            result["bus"] = bus_answers(server, db, session)
            print(f"[{label}] the bus on gevent_port {server.gevent_port}: {result['bus']}", flush=True)
        clients = [Client(base, db, login, stats) for login in setup["logins"]]
        logins = [threading.Thread(target=client.login_) for client in clients]
        for thread in logins:
            thread.start()
        for thread in logins:
            thread.join()
        print(
            f"[{label}] workers warm and {len(clients)} users logged in after {time.monotonic() - t0:.0f} s; "
            f"load for {args.duration:.0f} s",
            flush=True,
        )
        offset = server.log_size()
        cpu_before, client_before = server.cpu_seconds(), sum(os.times()[:2])
        replica_before = replica_transactions(server)
        lag = LagSampler() if server.replica else None
        if lag:
            lag.start()
        wake_cron_worker(db)
        started = time.monotonic()
        stop_at = started + args.duration
        injector = Faults(server, db, crons, started, args.duration) if faults else None
        if injector:
            injector.start()
        threads = []
        for i, client in enumerate(clients):
            target = approver if i < APPROVERS else office_user
            thread = threading.Thread(target=target, args=(client, setup, stop_at, random.Random(i)), daemon=True)
            thread.start()
            threads.append(thread)
        for thread in threads:
            thread.join(timeout=args.duration + 120)
        elapsed = time.monotonic() - started
        cpu = server.cpu_seconds()
        cpu.subtract(cpu_before)
        result["cpu_seconds"] = {role: round(seconds, 1) for role, seconds in cpu.items()}
        result["cpu_seconds"]["load client"] = round(sum(os.times()[:2]) - client_before, 1)
        if injector:
            injector.join(timeout=120)
            result["faults"] = injector.events
            if injector.killed:
                # the killed job resumes on the cron worker the server spawns again: until it completes
                job, killed_at = injector.killed
                deadline = time.monotonic() + 300
                while time.monotonic() < deadline and job not in jobs_done_since(db, crons, killed_at):
                    time.sleep(2)
                resumed = job in jobs_done_since(db, crons, killed_at)
                result["cron_kill"] = {"job": job, "completed_after_kill": resumed}
                print(f"[{label}] {job}, killed mid-batch, completed since: {resumed}", flush=True)
        result["jobs_completed"] = jobs_done_since(db, crons, since)
        if server.replica:
            after = replica_transactions(server)
            result["replica_transactions"] = None if after is None or replica_before is None else after - replica_before
            result["lag"] = lag.summary()
        modes = Counter(mode for _path, mode in server.request_log(offset))
        result["cursor_modes"] = dict(modes)
    finally:
        server.stop()
    problems, approved, submitted, duplicates = verify(db, stats, setup["run"])
    total = sum(len(v) for kind, v in stats.latency.items() if kind != LOGIN)
    errors = sum(len(v) for kind, v in stats.errors.items())
    table = []
    for kind in sorted(stats.latency):
        values = stats.latency[kind]
        table.append(
            {
                "kind": kind,
                "requests": len(values),
                "errors": len(stats.errors[kind]),
                "p50": percentile(values, 0.5),
                "p95": percentile(values, 0.95),
                "max": max(values),
            }
        )
    slow = [row["kind"] for row in table if row["p95"] >= 1.0 and row["kind"] != LOGIN]
    duplicated = {label_: count for label_, count in duplicates.items() if count}
    result.update(
        {
            "duration": elapsed,
            "requests": total,
            "rate": total / elapsed,
            "errors": errors,
            "error_messages": {kind: sorted(set(messages))[:5] for kind, messages in stats.errors.items()},
            "rows": table,
            "created": {model: len(rows) for model, rows in stats.created.items()},
            "problems": problems,
            "duplicates": duplicates,
            "approved": approved,
            "submitted": submitted,
            "slow": slow,
            "load_average": os.getloadavg(),
            "ok": not errors and not slow and not problems and not duplicated,
        }
    )
    print_result(result)
    return result


def print_result(result):
    label = result["shape"]
    print(
        f"\n[{label}] {result['users']} users for {result['duration']:.0f} s: {result['requests']} requests "
        f"({result['rate']:.1f}/s), {result['errors']} errors; load average {result['load_average'][0]:.1f}"
    )
    print(f"{'kind':<28} {'requests':>8} {'errors':>6} {'p50 s':>7} {'p95 s':>7} {'max s':>7}")
    for row in result["rows"]:
        print(
            f"{row['kind']:<28} {row['requests']:>8} {row['errors']:>6} "
            f"{row['p50']:>7.3f} {row['p95']:>7.3f} {row['max']:>7.3f}"
        )
    for kind, messages in result["error_messages"].items():
        for message in messages:
            print(f"  error in {kind}: {message}")
    print(
        f"created: {result['created']}; credit requests approved by the end: {result['approved']} "
        f"of {result['submitted']}"
    )
    print(f"jobs completed by the cron workers: {len(result['jobs_completed'])} of {len(JOBS)}")
    cores = os.cpu_count()
    print(
        f"CPU seconds used during the load: {result.get('cpu_seconds')} "
        f"({cores} cores: {cores * result['duration']:.0f} s available)"
    )
    modes = result.get("cursor_modes") or {}
    if "replica_transactions" in result:
        served = modes.get("ro", 0)
        logged = sum(modes.values())
        print(
            f"replica: {served} of {logged} requests served on a read-only cursor "
            f"({100 * served / max(logged, 1):.0f} %; fell back to the primary: {modes.get('ro->rw', 0)}), "
            f"{result['replica_transactions']} transactions in the replica's pg_stat_database; lag {result['lag']}"
        )
    if "bus" in result:
        print(f"bus on gevent_port: {result['bus']}")
    for event in result.get("faults", []):
        print(f"  fault at {event}")
    print(f"duplicates left by the jobs: {result['duplicates']}")
    for problem in result["problems"][:20]:
        print(f"  LOST/DUPLICATED: {problem}")
    print(
        f"[{label}] bar (0 errors, p95 < 1 s, nothing lost, no duplicate): "
        + (
            "met"
            if result["ok"]
            else f"MISSED ({result['errors']} errors, slow: {', '.join(result['slow']) or '-'}, "
            f"{len(result['problems'])} lost)"
        )
    )


def print_comparison(results):
    """Side by side: the kinds' p95 and the requests/s of each run."""
    print("\n== the runs side by side (same database, same users, same machine, one after the other)")
    kinds = sorted({row["kind"] for result in results for row in result["rows"]} - {LOGIN})
    print(f"{'':<28}" + "".join(f"{result['shape']:>16}" for result in results))
    print(f"{'requests/s':<28}" + "".join(f"{result['rate']:>16.1f}" for result in results))
    print(f"{'errors':<28}" + "".join(f"{result['errors']:>16}" for result in results))
    for kind in kinds:
        cells = []
        for result in results:
            row = next((row for row in result["rows"] if row["kind"] == kind), None)
            cells.append(f"{row['p50']:.2f} / {row['p95']:.2f}" if row else "-")
        print(f"{kind + ' p50/p95 s':<28}" + "".join(f"{cell:>16}" for cell in cells))


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
    print(f"preparing {db}: {args.users} users, their customers and dealers", flush=True)
    setup = prepare(db, args.users)
    runs = ["single"] if args.shape == "single" else (["scaled"] if args.alone else ["single", "scaled"])
    results = []
    for shape in runs:
        setup["run"] = f"load{int(time.time())}"
        results.append(run_shape(args, db, setup, shape))
    if args.faults and args.shape == "scaled":
        setup["run"] = f"load{int(time.time())}"
        results.append(run_shape(args, db, setup, "scaled", faults=True))
    if len(results) > 1:
        print_comparison(results)
    asked = next(result for result in results if result["shape"] == args.shape)
    Path(args.json).write_text(
        json.dumps(
            {"database": db, "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "runs": results, **asked},
            indent=2,
            default=str,
        )
    )
    return 0 if asked["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())

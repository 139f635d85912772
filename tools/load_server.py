"""The load test's servers: an Odoo server of one deployment shape (and its replica), warmed up; what the
replica served, the replication lag, the bus on ``gevent_port``.

Part of ``tools/load.py`` (``make load``).
"""

import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from pathlib import Path

import requests
import suite
from load_setup import PASSWORD, superuser_env
from load_users import percentile

ROOT = Path(__file__).resolve().parent.parent
SHAPES = {
    # workers, max_cron_threads, with the streaming replica
    "single": {"workers": 0, "cron": 2, "replica": False},
    "scaled": {"workers": 4, "cron": 2, "replica": True},
}


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


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
            env = superuser_env(cr)
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

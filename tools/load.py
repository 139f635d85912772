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
import sys
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
from load_faults import Faults  # noqa: E402  (sibling modules of this script)
from load_server import SHAPES, LagSampler, Server, bus_answers, replica_transactions, warm_up  # noqa: E402
from load_setup import APPROVERS, JOBS, jobs_done_since, make_jobs_due, prepare, verify, wake_cron_worker  # noqa: E402
from load_users import LOGIN, Client, Stats, approver, office_user, percentile  # noqa: E402

USERS = {"single": 20, "scaled": 50}
DURATION = {"single": 180.0, "scaled": 120.0}


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

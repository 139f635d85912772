"""The load test's faults, injected in the middle of a scaled run.

Part of ``tools/load.py`` (``make load SHAPE=scaled FAULTS=1``).
"""

import os
import signal
import threading
import time

import suite
from load_setup import JOBS, make_jobs_due, wake_cron_worker


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

#!/usr/bin/env python3
"""Front door of the customer management suite: setup, run, test.

    python3 tools/suite.py setup   # install what the project needs, init the local cluster
    python3 tools/suite.py test    # fresh database, install the four addons, lint + all tests
    python3 tools/suite.py run     # demo database (zh_CN, CNY, l10n_cn) served on 127.0.0.1:8069

The PostgreSQL cluster lives in ``.local/pgdata`` (ignored by git), listens on a
unix socket only and runs as a non-root user (``postgres`` when called as root).
"""

import argparse
import ast
import configparser
import hashlib
import os
import re
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCAL = ROOT / ".local"


def _cluster_home():
    """Where the cluster lives: .local/ in the checkout, unless the postgres user cannot reach it."""
    if os.geteuid() != 0:
        return LOCAL
    reachable = subprocess.run(["runuser", "-u", "postgres", "--", "test", "-x", str(ROOT)], capture_output=True)
    if reachable.returncode == 0:
        return LOCAL
    return Path("/var/tmp") / f"cmsuite-{hashlib.sha1(str(ROOT).encode()).hexdigest()[:10]}"


PGDATA = _cluster_home() / "pgdata"
PG_PORT = int(os.environ.get("CMS_PG_PORT", "54329"))
# the streaming replica of the local cluster (``make load SHAPE=scaled``): its own data directory and socket
REPLICA_DATA = _cluster_home() / "replica"
REPLICA_PORT = int(os.environ.get("CMS_PG_REPLICA_PORT", str(PG_PORT + 10)))
DB_USER = "odoo"
# cms_dashboard: the managers' dashboards, a bridge to Odoo's spreadsheet_dashboard installed automatically
# with the four addons (listed so that it is tested, upgraded and installed alone like them)
ADDONS = ["customer_comm", "client_visit", "dealer_rebate", "complaint_mgmt", "cms_dashboard"]
TEST_DB = os.environ.get("CMS_TEST_DB", "cmsuite_test")
# customer_comm's dependencies (every addon of the suite depends on it), installed once with demo data and
# Chinese; the test database and each install alone start from a copy
DEPS_DB = f"{TEST_DB}_deps"
LINT_TESTS = ROOT / "tests" / "test_lint.py"
# pytest plugins that a machine may have and the suite does not use (pytest-benchmark warns under xdist)
NO_PLUGINS = ["-p", "no:benchmark"]
DEMO_DB = os.environ.get("CMS_DEMO_DB", "cmsuite_demo")
HTTP_PORT = int(os.environ.get("CMS_HTTP_PORT", "8069"))
# the tests of the demo database (`tools/suite.py test-demo`), run on a fresh build of it
DEMO_TEST_DB = f"{DEMO_DB}_check"
DEMO_TESTS = ROOT / "tests" / "test_demo_company.py"
DEBIAN_PACKAGES = {
    # package: what needs it
    "chromium": "browser tests (tours)",
    "fonts-noto-cjk": "Chinese glyphs in the browser and PDF reports",
    "libldap2-dev": "building python-ldap, an Odoo requirement",
    "libsasl2-dev": "building python-ldap, an Odoo requirement",
    "libpq-dev": "building psycopg2, an Odoo requirement",
    "poppler-utils": "pdftotext and pdftoppm: the printing tests read the PDFs' text",
    "wkhtmltopdf": "PDF reports (visit report, complaint form, rebate statement)",
}

ODOO_MISSING = """
Odoo 19.0 is not importable by {python} ({reason}).

This project is a set of Odoo 19.0 addons; Odoo itself is a prerequisite that
is not published on PyPI or Debian. Install Odoo 19.0 Community from its
official source distribution (the 19.0 branch of github.com/odoo/odoo or the
19.0 nightly source tarball), outside this checkout:

    apt-get install libldap2-dev libsasl2-dev libpq-dev   # to build python-ldap/psycopg2
    pip install -r <odoo-19.0-source>/requirements.txt
    pip install -e <odoo-19.0-source>

then run `make setup` again.
"""


class SuiteError(Exception):
    """A failure with a message for the person at the terminal."""


def say(msg):
    print(f"[suite] {msg}", flush=True)


def run(cmd, check=True, **kw):
    return subprocess.run(cmd, check=check, **kw)


# --------------------------------------------------------------------------- odoo
def odoo_problem():
    """Return None when Odoo 19.0 is importable, else why not."""
    probe = "import odoo.release as r; print('%d.%d' % r.version_info[:2])"
    res = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    if res.returncode:
        last = (res.stderr.strip().splitlines() or ["import failed"])[-1]
        return last
    version = res.stdout.strip()
    if version != "19.0":
        return f"found Odoo {version}, need 19.0"
    return None


def require_odoo():
    reason = odoo_problem()
    if reason:
        raise SuiteError(ODOO_MISSING.format(python=sys.executable, reason=reason))


def oca_addons_dirs():
    """Directories holding addons installed from PyPI (odoo/addons in site-packages)."""
    code = (
        "import sys, pathlib\n"
        "seen = []\n"
        "for p in sys.path:\n"
        "    d = pathlib.Path(p) / 'odoo' / 'addons'\n"
        "    if (d / 'base_tier_validation' / '__manifest__.py').is_file() and str(d) not in seen:\n"
        "        seen.append(str(d))\n"
        "print('\\n'.join(seen))\n"
    )
    out = run([sys.executable, "-c", code], capture_output=True, text=True).stdout
    return [line for line in out.splitlines() if line]


def odoo_core_addons_dir():
    code = "import odoo.release, pathlib; print(pathlib.Path(odoo.release.__file__).parent / 'addons')"
    return run([sys.executable, "-c", code], capture_output=True, text=True).stdout.strip()


# --------------------------------------------------------------------- postgres
def pg_bindir():
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"), key=lambda p: int(p.parent.parent.name))
    if candidates:
        return candidates[-1].parent
    pg_ctl = shutil.which("pg_ctl")
    return Path(pg_ctl).parent if pg_ctl else None


def socket_dir():
    """Unix socket directory; inside the checkout unless the path is too long for a socket."""
    local = PGDATA.parent / "run"
    if len(str(local)) + len(f"/.s.PGSQL.{PG_PORT}") < 100:
        return local
    digest = hashlib.sha1(str(ROOT).encode()).hexdigest()[:10]
    return Path("/tmp") / f"cmsuite-{digest}"


def pg_user():
    """PostgreSQL refuses to run as root: use the postgres system user then."""
    return "postgres" if os.geteuid() == 0 else None


def as_pg_user(cmd):
    user = pg_user()
    return ["runuser", "-u", user, "--", *cmd] if user else cmd


def pg_env():
    env = dict(os.environ)
    env.update(PGHOST=str(socket_dir()), PGPORT=str(PG_PORT), PGUSER=DB_USER, PGDATABASE="postgres")
    return env


def cluster_running():
    bindir = pg_bindir()
    if not bindir or not (PGDATA / "PG_VERSION").exists():
        return False
    res = run(as_pg_user([str(bindir / "pg_ctl"), "-D", str(PGDATA), "status"]), check=False, capture_output=True)
    return res.returncode == 0


def init_cluster():
    bindir = pg_bindir()
    if bindir is None:
        raise SuiteError("PostgreSQL server binaries not found: run `make setup`.")
    sock = socket_dir()
    user = pg_user()
    LOCAL.mkdir(exist_ok=True)
    sock.mkdir(parents=True, exist_ok=True)
    if user:
        shutil.chown(sock, user)
    os.chmod(sock, 0o700)
    if (PGDATA / "PG_VERSION").exists():
        return
    say(f"initialising the local PostgreSQL cluster in {PGDATA}")
    PGDATA.mkdir(parents=True, exist_ok=True)
    if user:
        shutil.chown(PGDATA, user)
    run(
        as_pg_user(
            [
                str(bindir / "initdb"),
                "-D",
                str(PGDATA),
                "-U",
                "postgres",
                "--auth=trust",
                "--encoding=UTF8",
                "--locale=C.UTF-8",
            ]
        ),
        stdout=subprocess.DEVNULL,
    )
    # Unix socket only, in a directory only the cluster owner (and root) can enter.
    settings = (
        "\n# --- customer management suite (tools/suite.py) ---\n"
        "listen_addresses = ''\n"
        f"port = {PG_PORT}\n"
        f"unix_socket_directories = '{sock}'\n"
        "unix_socket_permissions = 0700\n"
        "max_connections = 64\n"
        "shared_buffers = 256MB\n"
        "# a throwaway development cluster: durability traded for speed\n"
        "fsync = off\n"
        "synchronous_commit = off\n"
        "full_page_writes = off\n"
    )
    conf = PGDATA / "postgresql.conf"
    run(as_pg_user(["sh", "-c", f"cat >> '{conf}'"]), input=settings.encode())


def start_cluster():
    init_cluster()
    if not cluster_running():
        _pg_start()
    ensure_db_role()


def _pg_start():
    say("starting the local PostgreSQL cluster")
    log = PGDATA / "server.log"
    run(as_pg_user([str(pg_bindir() / "pg_ctl"), "-D", str(PGDATA), "-l", str(log), "-w", "start"]))


def replica_socket_dir():
    """The replica's unix socket directory (next to the primary's)."""
    return socket_dir().with_name(socket_dir().name + "-replica")


def replica_running():
    if not (REPLICA_DATA / "PG_VERSION").exists():
        return False
    cmd = [str(pg_bindir() / "pg_ctl"), "-D", str(REPLICA_DATA), "status"]
    return run(as_pg_user(cmd), check=False, capture_output=True).returncode == 0


def start_replica():
    """A streaming replica of the local cluster, made by PostgreSQL's own tools (``pg_basebackup -R``).

    Created once (a copy of every database of the cluster: seconds to a minute), then started like the
    primary: own data directory (``.local/replica``) and unix socket, no TCP. ``hot_standby_feedback`` keeps
    the primary's vacuum from removing rows a long read on the replica still needs (no query cancelled by
    a recovery conflict). Returns ``(socket directory, port)``.
    """
    start_cluster()
    sock = replica_socket_dir()
    user = pg_user()
    sock.mkdir(parents=True, exist_ok=True)
    if user:
        shutil.chown(sock, user)
    os.chmod(sock, 0o700)
    fresh = not (REPLICA_DATA / "PG_VERSION").exists()
    if fresh:
        say(f"creating the streaming replica in {REPLICA_DATA} (pg_basebackup -R)")
        shutil.rmtree(REPLICA_DATA, ignore_errors=True)
        REPLICA_DATA.mkdir(mode=0o700, parents=True)
        if user:
            shutil.chown(REPLICA_DATA, user)
        started = time.monotonic()
        cmd = [str(pg_bindir() / "pg_basebackup"), "-D", str(REPLICA_DATA), "-R", "-X", "stream", "-c", "fast"]
        cmd += ["-h", str(socket_dir()), "-p", str(PG_PORT), "-U", "postgres"]
        run(as_pg_user(cmd))
        settings = (
            "\n# --- the streaming replica (tools/suite.py start_replica) ---\n"
            "listen_addresses = ''\n"
            f"port = {REPLICA_PORT}\n"
            f"unix_socket_directories = '{sock}'\n"
            "hot_standby = on\n"
            "hot_standby_feedback = on\n"
        )
        run(as_pg_user(["sh", "-c", f"cat >> '{REPLICA_DATA / 'postgresql.conf'}'"]), input=settings.encode())
        say(f"replica created in {time.monotonic() - started:.0f} s")
    if not replica_running():
        say(f"starting the streaming replica (port {REPLICA_PORT})")
        log = REPLICA_DATA / "server.log"
        run(as_pg_user([str(pg_bindir() / "pg_ctl"), "-D", str(REPLICA_DATA), "-l", str(log), "-w", "start"]))
    if not replica_streaming():
        if fresh:
            raise SuiteError(f"the new replica does not stream from the primary: see {REPLICA_DATA / 'server.log'}")
        # stopped for long, the primary has recycled the WAL it needs (no replication slot, on purpose: a
        # forgotten replica must not fill the disk): a new copy
        say("the replica cannot catch up with the primary: making it again")
        stop_replica()
        shutil.rmtree(REPLICA_DATA)
        return start_replica()
    return sock, REPLICA_PORT


def replica_streaming(timeout=120):
    """True once the primary sees the replica streaming and it has replayed what the primary had written."""
    sql = (
        "SELECT COUNT(*) FROM pg_stat_replication "
        "WHERE state = 'streaming' AND replay_lsn >= pg_current_wal_lsn() - 16 * 1024 * 1024"
    )
    env = pg_env()
    env["PGUSER"] = "postgres"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        res = run(["psql", "-tAc", sql], env=env, capture_output=True, text=True, check=False)
        if res.stdout.strip() not in ("", "0"):
            return True
        time.sleep(1)
    return False


def stop_replica():
    if replica_running():
        run(as_pg_user([str(pg_bindir() / "pg_ctl"), "-D", str(REPLICA_DATA), "-m", "fast", "stop"]))


def ensure_db_role():
    sql = (
        f"DO $$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{DB_USER}') "
        f"THEN CREATE ROLE {DB_USER} LOGIN CREATEDB; END IF; "
        # dropdb --force also terminates autovacuum workers, which belong to no role: without
        # pg_signal_backend PostgreSQL 15 refuses ("must be a member of the role whose process ...")
        f"IF NOT pg_has_role('{DB_USER}', 'pg_signal_backend', 'MEMBER') "
        f"THEN GRANT pg_signal_backend TO {DB_USER}; END IF; END$$;"
    )
    env = pg_env()
    env["PGUSER"] = "postgres"
    run(["psql", "-q", "-v", "ON_ERROR_STOP=1", "-c", sql], env=env, stdout=subprocess.DEVNULL)


def db_exists(name):
    res = run(
        ["psql", "-tAc", f"SELECT 1 FROM pg_database WHERE datname = '{name}'"],
        env=pg_env(),
        capture_output=True,
        text=True,
    )
    return res.stdout.strip() == "1"


def suite_installed(name):
    """True when the database exists and the base addon of the suite is installed in it."""
    if not db_exists(name):
        return False
    sql = "SELECT 1 FROM ir_module_module WHERE name = 'customer_comm' AND state = 'installed'"
    res = run(["psql", "-d", name, "-tAc", sql], env=pg_env(), capture_output=True, text=True, check=False)
    return res.stdout.strip() == "1"


def drop_db(name, quiet=False):
    run(["dropdb", "--if-exists", "--force", name], env=pg_env(), capture_output=quiet)
    filestore = LOCAL / "data" / "filestore" / name
    shutil.rmtree(filestore, ignore_errors=True)


# ------------------------------------------------------------------ odoo config
def write_local_config():
    """odoo.conf (committed, documented) + the local cluster and paths = .local/odoo.conf."""
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(ROOT / "odoo.conf")
    opts = parser["options"] if parser.has_section("options") else parser.setdefault("options", {})
    addons_path = [str(ROOT / "addons"), *oca_addons_dirs(), odoo_core_addons_dir()]
    opts.update(
        {
            "addons_path": ",".join(addons_path),
            "data_dir": str(LOCAL / "data"),
            "db_host": str(socket_dir()),
            "db_port": str(PG_PORT),
            "db_user": DB_USER,
            "http_interface": "127.0.0.1",
            "http_port": str(HTTP_PORT),
            "workers": "0",
            "max_cron_threads": "0",
        }
    )
    LOCAL.mkdir(exist_ok=True)
    target = LOCAL / "odoo.conf"
    with target.open("w") as fh:
        parser.write(fh)
    return target


def odoo_cmd(conf, *args, command="server"):
    return [sys.executable, "-m", "odoo", command, "-c", str(conf), *args]


def odoo_init(conf, db, args, log_name, quiet=False):
    """Run odoo --stop-after-init; fail on ERROR/CRITICAL log lines, which do not set the exit code.

    Demo data that fails to load is only a WARNING for Odoo (the module installs without it): that
    is a failure here too, or the tests and `make run` would silently run without the demo.
    """
    log = LOCAL / log_name
    cmd = odoo_cmd(conf, "-d", db, "--stop-after-init", f"--logfile={log}", *args)
    log.unlink(missing_ok=True)
    # quiet: what Odoo prints besides its log file (warnings of Python's docutils, the root-user notice)
    res = run(cmd, check=False, capture_output=quiet)
    text = log.read_text(errors="replace") if log.exists() else ""
    bad = [
        line
        for line in text.splitlines()
        if re.search(r"^\S+ \S+ \d+ (ERROR|CRITICAL) ", line) or "demo data failed to install" in line
    ]
    if res.returncode or bad:
        printed = res.stderr.decode(errors="replace").splitlines() if quiet else []
        tail = "\n".join(bad[-20:] or text.splitlines()[-40:] or printed[-40:])
        raise SuiteError(f"odoo {' '.join(args)} failed on {db} (log: {log}):\n{tail}")
    return text


# ------------------------------------------------------------------- commands
def apt_install(packages):
    missing = [p for p in packages if run(["dpkg", "-s", p], check=False, capture_output=True).returncode]
    if not missing:
        return
    say(f"installing Debian packages: {' '.join(missing)}")
    prefix = [] if os.geteuid() == 0 else ["sudo"]
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    run([*prefix, "apt-get", "update", "-qq"], env=env)
    run([*prefix, "apt-get", "install", "-y", "-qq", *missing], env=env, stdout=subprocess.DEVNULL)


def cmd_setup(_args):
    started = time.monotonic()
    packages = list(DEBIAN_PACKAGES)
    if pg_bindir() is None:
        packages.append("postgresql")
    if not shutil.which("runuser"):
        packages.append("util-linux")
    apt_install(packages)
    require_odoo()
    say("installing Python requirements")
    run([sys.executable, "-m", "pip", "install", "-q", "-r", str(ROOT / "requirements.txt")])
    require_odoo()  # pip must not have replaced or broken it
    if not oca_addons_dirs():
        raise SuiteError("base_tier_validation is not installed: pip install odoo-addon-base-tier-validation")
    start_cluster()
    conf = write_local_config()
    seconds = time.monotonic() - started
    (LOCAL / "setup-seconds").write_text(f"{seconds:.1f}")  # for the phase table of the test command
    say(f"setup done in {seconds:.0f}s; Odoo config: {conf}")


def require_browser():
    browser = os.environ.get("ODOO_BROWSER_BIN") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not browser:
        raise SuiteError("Chromium not found: run `make setup` (Debian package chromium).")
    try:
        import websocket  # noqa: F401
    except ImportError as exc:
        raise SuiteError("websocket-client is missing: run `make setup`.") from exc
    return browser


class Phases:
    """Wall time of each phase of the test command, printed as a table at its end.

    Phases that run beside another one (the linters, the installs alone) are timed on their own
    thread; the table says which ran in the background.
    """

    def __init__(self):
        self.rows = []
        setup = LOCAL / "setup-seconds"
        if setup.exists():
            self.rows.append(("setup (make setup)", float(setup.read_text()), ""))

    def add(self, name, seconds, note=""):
        self.rows.append((name, seconds, note))

    def timed(self, name, func, *args, note="", **kwargs):
        t0 = time.monotonic()
        try:
            return func(*args, **kwargs)
        finally:
            self.add(name, time.monotonic() - t0, note)

    def table(self, total):
        width = max(len(name) for name, _, _ in self.rows)
        lines = [f"[suite] {name.ljust(width)}  {seconds:7.0f} s  {note}".rstrip() for name, seconds, note in self.rows]
        lines.append(f"[suite] {'test command (wall)'.ljust(width)}  {total:7.0f} s")
        return "\n".join(["[suite] phases:", *lines])


PYTEST_COUNTS = re.compile(r"(\d+) (passed|failed|errors?|skipped|xfailed|xpassed)\b")


def pytest_counts(output):
    """Counts of pytest's closing line (``= 3 passed, 1 failed in 2.0s =``), errors counted as failed."""
    summary = [line for line in output.splitlines() if re.match(r"^=+ .* in [\d.]+s", line)]
    counts = {"passed": 0, "failed": 0, "skipped": 0}
    for number, word in PYTEST_COUNTS.findall(summary[-1] if summary else ""):
        key = {"error": "failed", "errors": "failed", "xpassed": "failed", "xfailed": "skipped"}.get(word, word)
        counts[key] += int(number)
    return counts


def workers():
    """pytest-xdist workers: one per core (two on the reference machine), at least two."""
    return str(max(2, os.cpu_count() or 1))


def pytest_base(conf, db):
    return [
        sys.executable,
        "-m",
        "pytest",
        "-p",
        "no:cacheprovider",
        *NO_PLUGINS,
        f"--odoo-config={conf}",
        f"--odoo-database={db}",
        "--odoo-http",
        "--odoo-log-level=warn",
        "-rfEs",
    ]


def start_linters(env):
    """The repository checks (tests/test_lint.py) need no database: they run while Odoo installs."""
    LOCAL.mkdir(exist_ok=True)
    log = LOCAL / "test-lint.log"
    # without pytest-odoo, which would open a database
    cmd = [
        sys.executable,
        "-m",
        "pytest",
        "-p",
        "no:cacheprovider",
        "-p",
        "no:odoo",
        *NO_PLUGINS,
        "-rfE",
        str(LINT_TESTS),
    ]
    t0 = time.monotonic()
    fh = log.open("w")
    proc = subprocess.Popen(cmd, stdout=fh, stderr=subprocess.STDOUT, env=env, cwd=ROOT)

    # timed when they end, not when the install is done and their result is collected
    def wait_and_time():
        proc.wait()
        return time.monotonic() - t0

    return proc, fh, log, ThreadPoolExecutor(max_workers=1).submit(wait_and_time)


def finish_linters(linters, phases):
    proc, fh, log, seconds = linters
    phases.add("linters", seconds.result(), "(background, beside the dependencies install)")
    fh.close()
    output = log.read_text(errors="replace")
    print(output, end="", flush=True)
    return proc.returncode, pytest_counts(output)


def cmd_test(args):
    started = time.monotonic()
    phases = Phases()
    require_odoo()
    browser = require_browser()
    start_cluster()
    conf = write_local_config()
    addons = args.addons or ADDONS
    full = not args.addons
    env = dict(pg_env(), ODOO_BROWSER_BIN=browser, CMS_ODOO_CONF=str(conf))
    for db in (TEST_DB, DEPS_DB):
        drop_db(db)
    # the linters need no database: with the whole suite selected they run beside the first install
    linters = start_linters(env) if full and not args.pytest_args else None
    try:
        phases.timed("dependencies install", install_dependencies, conf)
        matrix = None
        if full and not os.environ.get("CMS_SKIP_INSTALL_MATRIX"):
            matrix = start_install_matrix(conf)
        phases.timed("install of the suite", install_suite, conf, addons)
        say("upgrading (-u) once to prove upgrades work")
        phases.timed("upgrade (-u)", odoo_init, conf, TEST_DB, ["-u", ",".join(addons)], "test-upgrade.log")
        if full or any(_under_top_level_tests(arg) for arg in args.pytest_args):
            copy_bench_template()
        if matrix:
            finish_install_matrix(matrix, phases)
    finally:
        drop_db(DEPS_DB, quiet=True)
    lint_code, counts = finish_linters(linters, phases) if linters else (0, {"passed": 0, "failed": 0, "skipped": 0})
    targets = [str(ROOT / "addons" / a) for a in addons] + ([str(ROOT / "tests")] if full else [])
    pytest_cmd = [
        *pytest_base(conf, TEST_DB),
        # parallel (pytest-xdist): each worker tests its own copy of the database (pytest-odoo's
        # `createdb -T`) on its own HTTP port; a test class (or a module of plain tests) stays on one
        # worker. `-- -n 0` after the command runs everything in this process, for a debugger.
        f"--numprocesses={workers()}",
        "--dist=loadscope",
        # the slowest tests, to keep the test command under its time budget
        "--durations=25",
        *(["--ignore=" + str(LINT_TESTS)] if linters else []),
        "--ignore=" + str(DEMO_TESTS),  # the demo database's own (`test-demo`)
        *targets,
        *args.pytest_args,
    ]
    say(f"database ready after {time.monotonic() - started:.0f}s; running the tests on {workers()} workers")
    t0 = time.monotonic()
    code, output = tee(pytest_cmd, env=env, cwd=ROOT)
    phases.add("pytest", time.monotonic() - t0, f"({workers()} workers)")
    for key, value in pytest_counts(output).items():
        counts[key] += value
    print(phases.table(time.monotonic() - started), flush=True)
    if code == 5 and not counts["passed"]:
        raise SuiteError("pytest collected no test")
    print(f"total: {counts['passed']} passed, {counts['failed']} failed, {counts['skipped']} skipped", flush=True)
    return code if code not in (0, 5) else lint_code


def tee(cmd, **kwargs):
    """Run ``cmd``, printing its output as it comes; return its exit code and its output."""
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1, **kwargs)
    lines = []
    for line in proc.stdout:
        print(line, end="", flush=True)
        lines.append(line)
    return proc.wait(), "".join(lines)


def _under_top_level_tests(arg):
    return not arg.startswith("-") and (ROOT / arg).resolve().is_relative_to(ROOT / "tests")


def copy_db(source, target):
    """A copy of ``source`` and of its filestore (PostgreSQL copies a database nobody is connected to)."""
    drop_db(target, quiet=True)
    run(["createdb", "-T", source, target], env=pg_env())
    filestore = LOCAL / "data" / "filestore"
    if (filestore / source).is_dir():
        shutil.copytree(filestore / source, filestore / target)


def suite_dependencies():
    """customer_comm's dependencies, read from its manifest: every addon of the suite depends on it."""
    manifest = ast.literal_eval((ROOT / "addons" / "customer_comm" / "__manifest__.py").read_text(encoding="utf-8"))
    return manifest["depends"]


def install_dependencies(conf):
    """Odoo's modules that the suite needs, with their demo data and Chinese, on a database of their own.

    The test database and each addon's install alone (Q-2) start from a copy of it: what they have in
    common is installed once instead of five times.
    """
    deps = suite_dependencies()
    say(f"installing the suite's dependencies ({', '.join(deps)}) with demo data and zh_CN on {DEPS_DB}")
    odoo_init(conf, DEPS_DB, ["-i", ",".join(deps), "--with-demo", "--load-language=zh_CN"], "test-deps.log")


def install_suite(conf, addons):
    say(f"installing {', '.join(addons)} on {TEST_DB}, a copy of {DEPS_DB}")
    copy_db(DEPS_DB, TEST_DB)
    odoo_init(conf, TEST_DB, ["-i", ",".join(addons)], "test-install.log")


def copy_bench_template():
    """Q-16: the tiny benchmark and load run of tests/test_bench_load.py start from a copy of the test database.

    Copied here, before pytest connects to the test database: seconds, where installing the four addons
    again would take minutes.
    """
    template = f"{TEST_DB}_benchtpl"
    t0 = time.monotonic()
    copy_db(TEST_DB, template)
    say(f"copied {TEST_DB} to {template} for the benchmark test in {time.monotonic() - t0:.0f}s")


def start_install_matrix(conf):
    """Q-2: every addon installs alone, with its demo data, on a copy of the dependencies' database.

    One at a time in the background, on the core that the install of the four addons (one mostly
    single-threaded Odoo process) leaves free. :func:`finish_install_matrix` waits for them before the
    tests start.
    """

    def install_alone():
        results = []
        for addon in ADDONS:
            db = f"{TEST_DB}_{addon}"
            t0 = time.monotonic()
            copy_db(DEPS_DB, db)
            # quiet: the other install prints on the same terminal; a failure is raised with the log's lines
            odoo_init(conf, db, ["-i", addon], f"install-alone-{addon}.log", quiet=True)
            drop_db(db, quiet=True)
            results.append((addon, time.monotonic() - t0))
        return results

    say(f"installing each of {', '.join(ADDONS)} alone in the background")
    pool = ThreadPoolExecutor(max_workers=1)
    return pool, pool.submit(install_alone), time.monotonic()


def finish_install_matrix(matrix, phases):
    """Wait for the installs of :func:`start_install_matrix`; a failed one fails the test command."""
    pool, future, t0 = matrix
    try:
        results = future.result()
    finally:
        pool.shutdown(cancel_futures=True)
    for addon, seconds in results:
        say(f"{addon} installs alone ({seconds:.0f}s)")
    phases.add("installs alone (Q-2)", time.monotonic() - t0, "(background, beside the install of the suite)")


CORE_DB = f"{TEST_DB}_core"
# Odoo's own tests of the modules the suite extends, split over two processes of similar length
CORE_TEST_GROUPS = [["account"], ["sale", "sale_stock", "stock", "stock_account"]]
CORE_SUMMARY = re.compile(r"(\d+) failed, (\d+) error\(s\) of (\d+) tests when loading database")


def cmd_test_core(_args):
    """Q-3: install the suite, then run Odoo's own post-install tests of sale, account, stock and
    stock_account (and sale_stock) on it, two processes side by side on copies of one database.

    Only the post-install tests see the suite: Odoo runs a module's at-install tests right after that
    module is installed, before the modules that depend on it (ours) are, and at-install classes run
    later on a full registry fail in their setUpClass whatever the suite does.
    """
    started = time.monotonic()
    require_odoo()
    start_cluster()
    conf = write_local_config()
    modules = sorted({*ADDONS, *(m for group in CORE_TEST_GROUPS for m in group)})
    say(f"installing {', '.join(modules)} without demo data on {CORE_DB}")
    drop_db(CORE_DB)
    odoo_init(conf, CORE_DB, ["-i", ",".join(modules)], "core-install.log")
    dbs = [f"{CORE_DB}_{n}" for n in range(len(CORE_TEST_GROUPS))]
    for db in dbs:
        copy_db(CORE_DB, db)

    def run_group(index, db, group):
        tags = ",".join(f"post_install/{module}" for module in group)
        log = LOCAL / f"core-tests-{db}.log"
        log.unlink(missing_ok=True)
        # each process serves its browser tests on its own port
        port = f"--http-port={HTTP_PORT + 10 + index}"
        cmd = odoo_cmd(conf, "-d", db, "--stop-after-init", "--test-tags", tags, port, f"--logfile={log}")
        res = run(cmd, check=False, capture_output=True, text=True)
        with log.open("a") as fh:
            fh.write(res.stdout + res.stderr)
        return group, log

    say(f"running Odoo's post-install tests of {', '.join(m for g in CORE_TEST_GROUPS for m in g)}")
    with ThreadPoolExecutor(max_workers=len(dbs)) as pool:
        results = list(pool.map(run_group, range(len(dbs)), dbs, CORE_TEST_GROUPS))
    failed = errors = total = 0
    for group, log in results:
        text = log.read_text(errors="replace")
        found = CORE_SUMMARY.findall(text)
        if not found:
            print(text[-3000:])
            raise SuiteError(f"no test summary for {', '.join(group)} (log: {log})")
        f, e, n = map(int, found[-1])
        failed, errors, total = failed + f, errors + e, total + n
        say(f"{', '.join(group)}: {n} tests, {f} failed, {e} errors (log: {log})")
        for line in text.splitlines():
            if re.search(r" (ERROR|CRITICAL) .*: (FAIL|ERROR): ", line):
                print(line)
    for db in [*dbs, CORE_DB]:
        drop_db(db, quiet=True)
    say(f"Odoo's own tests done in {time.monotonic() - started:.0f}s")
    print(f"core: {total - failed - errors} passed, {failed + errors} failed", flush=True)
    return 1 if failed or errors else 0


def demo_company_step(conf, step, db=DEMO_DB):
    """tools/demo_company.py in `odoo shell`, for one of its two steps (before / after the suite)."""
    script = (ROOT / "tools" / "demo_company.py").read_text(encoding="utf-8")
    res = run(
        odoo_cmd(conf, "-d", db, "--no-http", command="shell"),
        input=f"STEP = {step!r}\nROOT = {str(ROOT)!r}\n{script}",
        text=True,
        check=False,
    )
    if res.returncode:
        drop_db(db)  # the next run starts again instead of serving a half-configured company
        raise SuiteError(f"demo_company.py ({step}) failed on {db}; the database was dropped")


def external_dependencies():
    """The modules of Odoo (and OCA) that the four addons depend on, read from their manifests."""
    depends = set()
    for addon in ADDONS:
        manifest = (ROOT / "addons" / addon / "__manifest__.py").read_text(encoding="utf-8")
        depends.update(ast.literal_eval(manifest)["depends"])
    return sorted(depends - set(ADDONS))


def build_demo_db(conf, db=DEMO_DB):
    """The demo database: Odoo's demo in Odoo's companies, the suite's demo in a Chinese company of its own.

    Odoo's modules are installed with their demo data first, while the installer still works in the main
    company: their sale orders, invoices and stock moves stay there (l10n_cn's own demo company gets
    Odoo's accounting demo). Only then is the Chinese company created, with the Chinese chart of accounts
    and no demo of Odoo's, and the suite is installed in it.
    """
    odoo_init(conf, db, ["-i", "base", "--with-demo", "--load-language=zh_CN"], "demo-base.log")
    odoo_init(conf, db, ["-i", ",".join([*external_dependencies(), "l10n_cn"])], "demo-deps.log")
    demo_company_step(conf, "before", db)  # the suite's demo data is then created in the Chinese company
    odoo_init(conf, db, ["-i", ",".join(ADDONS)], "demo-install.log")
    demo_company_step(conf, "after", db)


def cmd_test_demo(args):
    """The demo database as `make run` builds it, built afresh on a database of its own, and its tests."""
    require_odoo()
    start_cluster()
    conf = write_local_config()
    t0 = time.monotonic()
    drop_db(DEMO_TEST_DB)
    say(f"building {DEMO_TEST_DB} as `make run` builds {DEMO_DB}")
    build_demo_db(conf, DEMO_TEST_DB)
    say(f"demo database built in {time.monotonic() - t0:.0f}s; running {DEMO_TESTS.relative_to(ROOT)}")
    code, _output = tee([*pytest_base(conf, DEMO_TEST_DB), str(DEMO_TESTS), *args.pytest_args], env=pg_env(), cwd=ROOT)
    if not args.keep:
        drop_db(DEMO_TEST_DB, quiet=True)
    return code


def cmd_run(_args):
    require_odoo()
    start_cluster()
    conf = write_local_config()
    if not suite_installed(DEMO_DB):
        drop_db(DEMO_DB)  # a first run that stopped half-way
        say(f"creating the demo database {DEMO_DB} (Chinese company, CNY, l10n_cn, zh_CN)")
        t0 = time.monotonic()
        build_demo_db(conf)
        say(f"demo database created in {time.monotonic() - t0:.0f}s")
    else:
        say(f"upgrading the addons in {DEMO_DB}")
        odoo_init(conf, DEMO_DB, ["-u", ",".join(ADDONS)], "demo-upgrade.log")
    print(demo_users_table(), flush=True)
    say(f"serving Odoo on http://127.0.0.1:{HTTP_PORT}  (login admin / admin, or a demo user above; Ctrl-C stops)")
    # one cron thread, as a deployment has: warnings, archive reviews and reminders appear on their own
    # (tests keep max_cron_threads = 0 in the config so that no job runs behind a test's back)
    os.execv(
        sys.executable,
        odoo_cmd(conf, "-d", DEMO_DB, f"--db-filter=^{DEMO_DB}$", "--http-interface=127.0.0.1", "--max-cron-threads=1"),
    )


def demo_users_table():
    """The README's table of demo users (one per business role), printed by `make run`."""
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    start = lines.index("### Demo users")
    table = []
    for line in lines[start + 1 :]:
        if line.startswith("#"):
            break
        if line.startswith("|"):
            table.append(line.replace("`", ""))
    return "\n".join(["Demo users (password = login):", *table])


def cmd_stop(_args):
    stop_replica()
    if cluster_running():
        run(as_pg_user([str(pg_bindir() / "pg_ctl"), "-D", str(PGDATA), "-m", "fast", "stop"]))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("setup", help="install requirements and initialise the local cluster").set_defaults(func=cmd_setup)
    test = sub.add_parser("test", help="fresh database, install the addons, lint and run all tests")
    test.add_argument("--addons", nargs="*", choices=ADDONS, help="only these addons' tests (default: all + tests/)")
    test.add_argument("pytest_args", nargs=argparse.REMAINDER, help="extra pytest arguments after --")
    test.set_defaults(func=cmd_test)
    core = sub.add_parser("test-core", help="Odoo's own tests of sale, account, stock with the suite installed")
    core.set_defaults(func=cmd_test_core)
    sub.add_parser("run", help="serve the demo database on 127.0.0.1").set_defaults(func=cmd_run)
    demo = sub.add_parser("test-demo", help="build the demo database afresh (as `run` does) and test it")
    demo.add_argument("--keep", action="store_true", help=f"keep the database built ({DEMO_TEST_DB})")
    demo.add_argument("pytest_args", nargs=argparse.REMAINDER, help="extra pytest arguments after --")
    demo.set_defaults(func=cmd_test_demo)
    sub.add_parser("stop", help="stop the local cluster (and its replica)").set_defaults(func=cmd_stop)
    args = parser.parse_args(argv)
    if getattr(args, "pytest_args", None) and args.pytest_args[0] == "--":
        args.pytest_args = args.pytest_args[1:]
    try:
        return args.func(args) or 0
    except SuiteError as exc:
        print(f"\n[suite] ERROR: {exc}", file=sys.stderr, flush=True)
        if args.command in ("test", "test-core", "test-demo"):
            print("0 passed, 1 failed", flush=True)
        return 1
    except subprocess.CalledProcessError as exc:
        print(
            f"\n[suite] ERROR: command failed ({exc.returncode}): {' '.join(map(str, exc.cmd))}",
            file=sys.stderr,
        )
        if args.command in ("test", "test-core", "test-demo"):
            print("0 passed, 1 failed", flush=True)
        return 1


if __name__ == "__main__":
    sys.exit(main())

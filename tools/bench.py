#!/usr/bin/env python3
"""Q-16 benchmark: seed a realistic volume by bulk SQL, run the heavy jobs through their real entry point.

    python3 tools/bench.py                 # scale 1 (and its twin at 0.1)
    python3 tools/bench.py --scale 0.1     # a tenth (and its twin at 0.01)
    python3 tools/bench.py --rows P4 --reuse

The four addons are installed without demo data once (``cmsuite_bench_base``, or ``--template``);
each scale runs on its own copy of it (``cmsuite_bench_<scale>``), made fresh and seeded on each call
unless ``--reuse``. Each job runs through its cron record, the way the scheduler runs it
(``ir.cron.method_direct_trigger``: its own cursor, ``_commit_progress`` batches, calls again while
the job reports work left), or through the button a user presses, and is printed with its wall
time, SQL queries (all cursors of this process), records per second and the time of the equivalent
raw SQL measured right before it on the same database: the ratio to that floor is the figure to
watch. Every row is run at the requested scale and at a tenth of it; the last column is how the cost
per record changed between the two (about 1: linear). The table goes to ``.local/bench/last.json``.

Rows: P1 rebate quarter (``bench_rebate.py``), P2 posting, P3 warning detection, P4 visit plans
(``bench_visit.py``), P5 overdue jobs (``bench_overdue.py``), P6 list views (``bench_lists.py``).

It uses the cluster and the config that ``python3 tools/suite.py setup`` writes
(``.local/odoo.conf``; ``CMS_PG_PORT`` selects the cluster as for the suite).
"""

import argparse
import hashlib
import json
import os
import random
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_lists  # noqa: E402  (sibling modules of this script)
import bench_overdue  # noqa: E402
import bench_rebate  # noqa: E402
import bench_visit  # noqa: E402

CUSTOMERS = 100_000  # at scale 1.0 (the issue's 100,000 partners)
DEALERS = 5_000  # at scale 1.0
SUITE = "customer_comm,dealer_rebate,client_visit,complaint_mgmt"
ORDERS_PER_CUSTOMER = 10
AREAS = 4
SEED = 13


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="1.0 = 100,000 customers and 1,000,000 orders")
    parser.add_argument(
        "--db", default="cmsuite_bench", help="name prefix of the bench databases: <db>_<scale> (one per scale)"
    )
    parser.add_argument("--conf", default=str(ROOT / ".local" / "odoo.conf"))
    parser.add_argument(
        "--reuse", action="store_true", help="reuse bench databases seeded before (default: fresh copies, seeded again)"
    )
    parser.add_argument(
        "--template", help="copy the bench databases from this database (default: <db>_base, installed once)"
    )
    parser.add_argument("--rows", help="only these rows, e.g. P3,P4 (default: every row)")
    parser.add_argument("--drop", action="store_true", help="drop the bench databases at the end")
    parser.add_argument("--json", default=str(ROOT / ".local" / "bench" / "last.json"), help="where the table goes")
    return parser.parse_args(argv)


def odoo_server(conf, *args):
    cmd = [sys.executable, "-m", "odoo", "server", "-c", conf, "--stop-after-init", "--log-level=warn", *args]
    subprocess.run(cmd, check=True)


# ------------------------------------------------------------------ seeding
def seed(env, customers):
    """Customers, confirmed orders and open receivables in a few multi-row INSERTs.

    One customer in three has been silent for months (churn), one in five bought
    last month and not yet this month (purchase progress), one in eight owes close to
    or above its credit limit (receivable); the others order every five weeks.
    """
    from odoo.tools import SQL  # noqa: PLC0415 (odoo is imported once the config is parsed)

    cr = env.cr
    company = env.company
    rng = random.Random(SEED)
    user_group = env.ref("customer_comm.customer_comm_group_user")
    users = env["res.users"].create(
        [
            {"name": f"Bench {role} {i}", "login": f"bench_{role}_{i}", "group_ids": [(4, user_group.id)]}
            for role in ("rm", "bgm", "bsm", "sales")
            for i in range(AREAS)
        ]
        + [{"name": "Bench director", "login": "bench_director", "group_ids": [(4, user_group.id)]}]
    )
    by_login = {user.login: user for user in users}
    areas = env["customer.region"].create([{"name": f"Bench area {i}", "level": "area"} for i in range(AREAS)])
    assignments = []
    director = [("role", "=", "marketing_director"), ("region_id", "=", False)]
    if not env["customer.role.assignment"].search_count(director):  # a demo database has one
        assignments.append({"user_id": by_login["bench_director"].id, "role": "marketing_director"})
    for i, area in enumerate(areas):
        for role, key in (("regional_manager", "rm"), ("branch_gm", "bgm"), ("branch_sales_manager", "bsm")):
            assignments.append({"user_id": by_login[f"bench_{key}_{i}"].id, "role": role, "region_id": area.id})
    env["customer.role.assignment"].create(assignments)
    tiers = env["customer.tier"].search([("level", "!=", False)]).grouped("level")
    tier_ids = [tiers[level][:1].id for level in sorted(tiers)]
    env.flush_all()

    rows = []
    for g in range(customers):
        area = g % AREAS
        kind = "churn" if g % 3 == 0 else "progress" if g % 5 == 1 else "receivable" if g % 8 == 2 else "regular"
        rows.append(
            (f"Bench customer {g:06d}", by_login[f"bench_sales_{area}"].id, rng.choice(tier_ids), areas[area].id, kind)
        )
    # no salesperson of their own (their orders have one): the area's role holders handle their warnings,
    # and they stay out of the visit plans of P4, which has its own 20,000 customers
    cr.execute(
        """
        INSERT INTO res_partner (name, complete_name, is_company, active, type, customer_rank, autopost_bills,
                                 user_id, cc_tier_id, cc_region_id, credit_limit, create_date, write_date)
        SELECT r.name, r.name, TRUE, TRUE, 'contact', 1, 'ask', NULL, r.tier_id, r.region_id,
               CASE WHEN r.kind = 'receivable' THEN jsonb_build_object(%s::text, 100000.0) END,
               now() at time zone 'UTC', now() at time zone 'UTC'
          FROM unnest(%s::text[], %s::int[], %s::int[], %s::int[], %s::text[])
               AS r(name, user_id, tier_id, region_id, kind)
     RETURNING id
        """,
        [company.id, *map(list, zip(*rows, strict=True))],
    )
    partner_ids = [row[0] for row in cr.fetchall()]
    # fresh statistics first: the ORM's batched UPDATEs below otherwise scan the whole table each (quadratic)
    cr.execute("ANALYZE res_partner")
    # the stored computed fields the jobs read, computed by the ORM in batches
    partners = env["res.partner"].browse(partner_ids)
    for fname in ("commercial_partner_id", "cc_tier_level", "cc_next_review_date", "cc_archive_completeness"):
        env.add_to_compute(partners._fields[fname], partners)
    partners.flush_recordset()
    env.invalidate_all()

    today = datetime.now().replace(hour=12, minute=0, second=0, microsecond=0)
    month_start = today.replace(day=1)
    last_month_start = (month_start - timedelta(days=1)).replace(day=1, hour=1)
    orders = []
    for partner_id, (_name, user_id, _tier, _region, kind) in zip(partner_ids, rows, strict=True):
        for k in range(ORDERS_PER_CUSTOMER):
            if kind == "churn":
                day = today - timedelta(days=100 + 30 * k + rng.randint(0, 5))
            elif kind == "progress" and k < 2:
                day = last_month_start
            elif kind == "progress":
                day = today - timedelta(days=45 + 30 * k + rng.randint(0, 5))
            else:
                day = today - timedelta(days=3 + 36 * k + rng.randint(0, 2))
            orders.append((partner_id, user_id, day, round(rng.uniform(1000, 10000), 2)))
    # sale_stock (installed with stock) adds two required columns to the orders
    stock_columns = "picking_policy" in env["sale.order"]._fields
    warehouse = env["stock.warehouse"].search([("company_id", "=", company.id)], limit=1) if stock_columns else None
    cr.execute(
        SQL(
            """
        INSERT INTO sale_order (name, partner_id, partner_invoice_id, partner_shipping_id, user_id, company_id,
                                currency_id, currency_rate, date_order, state, amount_untaxed, amount_tax,
                                amount_total, create_date, write_date%(stock_names)s)
        SELECT 'BENCH/' || o.n, o.partner_id, o.partner_id, o.partner_id, o.user_id, %(company)s, %(currency)s, 1.0,
               o.day, 'sale', o.amount, 0, o.amount, o.day, o.day%(stock_values)s
          FROM unnest(%(partners)s::int[], %(users)s::int[], %(days)s::timestamp[], %(amounts)s::numeric[])
               WITH ORDINALITY AS o(partner_id, user_id, day, amount, n)
            """,
            stock_names=SQL(", picking_policy, warehouse_id") if stock_columns else SQL(""),
            stock_values=SQL(", 'direct', %s", warehouse.id) if stock_columns else SQL(""),
            company=company.id,
            currency=company.currency_id.id,
            partners=[o[0] for o in orders],
            users=[o[1] for o in orders],
            days=[o[2] for o in orders],
            amounts=[o[3] for o in orders],
        )
    )

    receivable = env["account.account"].search([("account_type", "=", "asset_receivable")], limit=1)
    income = env["account.account"].search([("account_type", "=", "income")], limit=1)
    journal = env["account.journal"].search([("type", "=", "general"), ("company_id", "=", company.id)], limit=1)
    debtors = [partner_id for partner_id, row in zip(partner_ids, rows, strict=True) if row[4] == "receivable"]
    # 90 % of the limit (warning) and 110 % (severe) in turn
    debtors = [(partner_id, 110000.0 if i % 2 else 90000.0) for i, partner_id in enumerate(debtors)]
    cr.execute(
        """
        INSERT INTO account_move (name, journal_id, company_id, currency_id, partner_id, commercial_partner_id,
                                  state, move_type, auto_post, date, create_date, write_date)
        SELECT 'BENCH/' || d.partner_id, %s, %s, %s, d.partner_id, d.partner_id, 'posted', 'entry', 'no',
               current_date - 20, now() at time zone 'UTC', now() at time zone 'UTC'
          FROM unnest(%s::int[]) AS d(partner_id)
     RETURNING id, partner_id
        """,
        [journal.id, company.id, company.currency_id.id, [d[0] for d in debtors]],
    )
    move_of = {partner_id: move_id for move_id, partner_id in cr.fetchall()}
    lines = []
    for partner_id, amount in debtors:
        lines.append((move_of[partner_id], partner_id, receivable.id, amount, 0.0, amount, amount))
        lines.append((move_of[partner_id], partner_id, income.id, 0.0, amount, -amount, 0.0))
    cr.execute(
        """
        INSERT INTO account_move_line (move_id, partner_id, account_id, journal_id, company_id, currency_id,
                                       company_currency_id, display_type, parent_state, date, name, debit, credit,
                                       balance, amount_currency, amount_residual, amount_residual_currency,
                                       reconciled)
        SELECT l.move_id, l.partner_id, l.account_id, %s, %s, %s, %s, 'product', 'posted', current_date - 20,
               'Bench', l.debit, l.credit, l.balance, l.balance, l.residual, l.residual, FALSE
          FROM unnest(%s::int[], %s::int[], %s::int[], %s::numeric[], %s::numeric[], %s::numeric[], %s::numeric[])
               AS l(move_id, partner_id, account_id, debit, credit, balance, residual)
        """,
        [journal.id, company.id, company.currency_id.id, company.currency_id.id, *map(list, zip(*lines, strict=True))],
    )
    cr.execute("ANALYZE res_partner; ANALYZE sale_order; ANALYZE account_move; ANALYZE account_move_line")
    env.invalidate_all()
    return len(partner_ids), len(orders), len(debtors)


# -------------------------------------------------------------- measuring
def floor_sales_and_receivables(env):
    """The per-customer sale and receivable aggregates of warning detection, as two raw SQL queries."""
    cr = env.cr
    today = datetime.now()
    month_start = today.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    started = time.monotonic()
    cr.execute(
        """
        SELECT p.commercial_partner_id,
               SUM(so.amount_untaxed / COALESCE(NULLIF(so.currency_rate, 0), 1))
                   FILTER (WHERE so.date_order >= %(month)s),
               COUNT(*) FILTER (WHERE so.date_order >= %(month)s),
               SUM(so.amount_untaxed) FILTER (WHERE so.date_order >= %(last_month)s AND so.date_order < %(month)s),
               SUM(so.amount_untaxed) FILTER (WHERE so.date_order >= %(window)s),
               SUM(so.amount_untaxed) FILTER (WHERE so.date_order >= %(recent)s),
               SUM(so.amount_untaxed) FILTER (WHERE so.date_order >= %(history)s AND so.date_order < %(recent)s),
               MIN(so.date_order), MAX(so.date_order), COUNT(*)
          FROM sale_order so
          JOIN res_partner p ON p.id = so.partner_id
         WHERE so.company_id = %(company)s AND so.state = 'sale'
      GROUP BY p.commercial_partner_id
        """,
        {
            "company": env.company.id,
            "month": month_start,
            "last_month": (month_start - timedelta(days=1)).replace(day=1),
            "window": today - timedelta(days=365),
            "recent": today - timedelta(days=30),
            "history": today - timedelta(days=210),
        },
    )
    cr.fetchall()
    cr.execute(
        """
        SELECT p.commercial_partner_id, SUM(aml.amount_residual)
          FROM account_move_line aml
          JOIN account_account acc ON acc.id = aml.account_id
          JOIN res_partner p ON p.id = aml.partner_id
         WHERE aml.company_id = %s AND aml.parent_state = 'posted' AND NOT aml.reconciled
           AND acc.account_type = 'asset_receivable'
      GROUP BY p.commercial_partner_id
        """,
        [env.company.id],
    )
    cr.fetchall()
    return time.monotonic() - started, 2


def reset_warnings(env):
    """Remove every warning and what came with it, so that the next run is a first run."""
    digest_type = env.ref("customer_comm.mail_activity_type_digest")
    env.cr.execute(
        """
        DELETE FROM mail_activity WHERE res_model = 'customer.warning' OR activity_type_id = %s;
        DELETE FROM mail_message WHERE model = 'customer.warning';
        DELETE FROM mail_followers WHERE res_model = 'customer.warning';
        DELETE FROM mail_mail;
        DELETE FROM customer_warning;
        """,
        [digest_type.id],
    )
    env.cr.commit()
    env.invalidate_all()


def run_cron(env, xmlid):
    """Run a cron job as the scheduler does, calling it again while it reports work left."""
    import odoo.sql_db  # noqa: PLC0415 (odoo is imported once the config is parsed)

    cron = env.ref(xmlid)
    calls = 0
    queries = odoo.sql_db.sql_counter
    started = time.monotonic()
    while True:
        calls += 1
        result = cron.method_direct_trigger()
        if result is not True:
            raise RuntimeError(f"{xmlid} failed: {result}")
        env.cr.commit()
        env.cr.execute(
            "SELECT 1 FROM ir_cron_trigger WHERE cron_id = %s AND call_at <= now() at time zone 'UTC'", [cron.id]
        )
        if not env.cr.fetchone():  # no trigger: the job reported nothing left
            break
    return time.monotonic() - started, odoo.sql_db.sql_counter - queries, calls


def counts(env):
    env.invalidate_all()
    env.cr.execute(
        """
        SELECT (SELECT COUNT(*) FROM customer_warning WHERE state IN ('open', 'acknowledged')),
               (SELECT COUNT(*) FROM mail_mail),
               (SELECT COUNT(*) FROM mail_activity WHERE activity_type_id = %s),
               (SELECT COUNT(*) FROM mail_activity WHERE res_model = 'customer.warning')
        """,
        [env.ref("customer_comm.mail_activity_type_digest").id],
    )
    return env.cr.fetchone()


def bench_warnings(env, customers):
    rows = []
    reset_warnings(env)
    for label in ("first", "second"):
        floor, floor_queries = floor_sales_and_receivables(env)
        env.cr.commit()
        before = counts(env)
        wall, queries, calls = run_cron(env, "customer_comm.ir_cron_warning_detect")
        after = counts(env)
        new = after[0] - before[0]
        per_new = f"{queries / new:.2f}" if new else "-"
        written = {}
        if new:
            written["write_floor"], written["rows_written"] = bench_overdue.write_floor(
                env,
                [
                    # copies beside the one-open-warning index
                    ("customer_warning", "state = 'open'", [], {"state": "'resolved'"}),
                    bench_overdue.activities_of("customer.warning"),
                ],
            )
        rows.append(
            {
                **written,
                "id": "P3",
                "job": f"warning detection, {label} run",
                "records": customers,
                "unit": "customers",
                "wall": wall,
                "queries": queries,
                "floor": floor,
                "note": (
                    f"{calls} scheduler call(s); open warnings {before[0]} -> {after[0]} ({new} new, {per_new} "
                    f"queries per new warning); {after[3] - before[3]} warning activities, "
                    f"{after[2] - before[2]} summaries, {after[1] - before[1]} emails queued; "
                    f"floor in {floor_queries} queries"
                ),
            }
        )
    return rows


# ------------------------------------------------------------------ the table
def scaled(base, scale, minimum=2):
    """The volume of a row at ``scale``; never below ``minimum``, so that the tiniest run still measures something."""
    return max(minimum, round(base * scale))


def combine(full_rows, small_rows):
    """Each row of the requested scale with its twin at a tenth of it, and how the cost per record moved."""
    small = {(row["id"], row["job"]): row for row in small_rows}
    table = []
    for row in full_rows:
        row = dict(row)
        twin = small.get((row["id"], row["job"]))
        row["per_record_ms"] = 1000 * row["wall"] / row["records"] if row["records"] else None
        row["rate"] = row["records"] / row["wall"] if row["records"] and row["wall"] else None
        row["ratio"] = row["wall"] / row["floor"] if row.get("floor") else None
        if row.get("write_floor") is not None and row.get("floor"):
            row["ratio_with_writes"] = row["wall"] / (row["floor"] + row["write_floor"])
        if twin:
            twin_keys = ("records", "wall", "queries", "floor", "lines", "plans_created")
            row["small"] = {key: twin.get(key) for key in twin_keys}
            twin_cost = twin["wall"] / twin["records"] if twin["records"] else None
            row["cost_change"] = row["per_record_ms"] / 1000 / twin_cost if twin_cost and row["per_record_ms"] else None
        table.append(row)
    return table


def print_table(table, scale):
    print(f"\nQ-16 benchmark at scale {scale:g} (twin run at {scale / 10:g}):")
    header = (
        f"{'row':<4} {'job':<46} {'records':>9} {'wall s':>8} {'queries':>8} {'rec/s':>9} {'floor s':>8} "
        f"{'x floor':>7} {'ms/rec':>8} {'10%: rec':>8} {'queries':>8} {'cost/rec':>8}"
    )
    print(header)
    print("-" * len(header))
    for row in table:
        small = row.get("small") or {}

        def fmt(value, spec):
            return format(value, spec) if value is not None else "-"

        print(
            f"{row['id']:<4} {row['job'][:46]:<46} {row['records']:>9,} {row['wall']:>8.2f} {row['queries']:>8} "
            f"{fmt(row['rate'], ',.0f'):>9} {fmt(row.get('floor'), '.3f'):>8} {fmt(row['ratio'], '.1f'):>7} "
            f"{fmt(row['per_record_ms'], '.3f'):>8} {fmt(small.get('records'), ','):>8} "
            f"{fmt(small.get('queries'), 'd'):>8} {fmt(row.get('cost_change'), '.2f'):>8}"
        )
    print("\nNotes:")
    for row in table:
        if row.get("note"):
            print(f"  {row['id']} {row['job']}: {row['note']}")
        if row.get("ratio_with_writes") is not None:
            print(
                f"  {row['id']} {row['job']}: the {row['rows_written']:,} rows it writes take "
                f"{row['write_floor']:.3f} s of raw SQL; x (floor + writes) = {row['ratio_with_writes']:.1f}"
            )


def write_json(table, args):
    target = Path(args.json)
    target.parent.mkdir(parents=True, exist_ok=True)
    payload = {
        "scale": args.scale,
        "database": bench_db(args, args.scale),
        "date": datetime.now().isoformat(timespec="seconds"),
        "load_average": os.getloadavg(),
        "rows": table,
    }
    target.write_text(json.dumps(payload, indent=2, default=str), encoding="utf-8")
    print(f"\ntable written to {target}")


# ------------------------------------------------------------- the databases
def ensure_template(args):
    """The database the benchmark databases are copied from: ``--template``, or ``<db>_base`` (installed once)."""
    from odoo.service import db as db_service  # noqa: PLC0415

    if args.template:
        if not db_service.exp_db_exist(args.template):
            raise SystemExit(f"template database {args.template} does not exist")
        return args.template
    base = f"{args.db}_base"
    stamp = ROOT / ".local" / "bench" / f"{base}.addons"
    if not db_service.exp_db_exist(base):
        print(f"creating {base} with the four addons, without demo data (once; the bench databases are its copies)")
        odoo_server(args.conf, "-d", base, "-i", SUITE, "--without-demo")
    elif not stamp.exists() or stamp.read_text() != addons_fingerprint():
        # the addons changed since the base was installed (new fields, data): upgrade it, or the
        # copies would miss columns the code reads
        print(f"upgrading {base}: the addons changed since it was installed")
        odoo_server(args.conf, "-d", base, "-u", SUITE)
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.write_text(addons_fingerprint())
    return base


def addons_fingerprint():
    """A hash of the suite's addon files (Python, XML, CSV): what an upgrade of the template depends on."""
    digest = hashlib.sha256()
    for path in sorted((ROOT / "addons").rglob("*")):
        if path.suffix in (".py", ".xml", ".csv") and "tests" not in path.parts:
            digest.update(str(path.relative_to(ROOT)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def bench_db(args, scale):
    return f"{args.db}_{scale:g}"


def ensure_database(name, template, reuse):
    """``name`` as a copy of ``template`` (a few seconds, instead of installing the addons again)."""
    import odoo.sql_db  # noqa: PLC0415
    from odoo.service import db as db_service  # noqa: PLC0415

    odoo.tools.config["list_db"] = True  # this script is the database manager of its own databases
    if not reuse and db_service.exp_db_exist(name):
        db_service.exp_drop(name)
    if not db_service.exp_db_exist(name):
        started = time.monotonic()
        db_service.exp_duplicate_database(template, name)
        odoo.sql_db.close_db(template)
        print(f"{name}: copied from {template} in {time.monotonic() - started:.1f} s")


def seed_all(env, scale):
    """Every row's data, each part once (a database seeded before a row existed gets the missing part)."""
    cr = env.cr

    def missing(sql):
        cr.execute(sql)
        return not cr.fetchone()[0]

    if missing("SELECT COUNT(*) FROM res_partner WHERE name LIKE 'Bench customer %%'"):
        started = time.monotonic()
        partners, orders, debtors = seed(env, scaled(CUSTOMERS, scale, minimum=10))
        cr.commit()
        print(
            f"  seeded {partners:,} customers, {orders:,} confirmed orders, {debtors:,} open receivables "
            f"in {time.monotonic() - started:.1f} s"
        )
    if missing("SELECT COUNT(*) FROM res_partner WHERE name LIKE 'Bench dealer %%'"):
        started = time.monotonic()
        _policy, dealers, lines = bench_rebate.seed_dealers(env, scaled(DEALERS, scale))
        cr.commit()
        print(f"  seeded {dealers:,} dealers, {lines:,} invoice lines in {time.monotonic() - started:.1f} s")
    if missing("SELECT COUNT(*) FROM res_partner WHERE name LIKE 'Bench visited %%'"):
        started = time.monotonic()
        salespeople, customers = bench_visit.seed_salespeople(env, scale)
        cr.commit()
        print(
            f"  seeded {salespeople:,} salespeople with {customers:,} customers in {time.monotonic() - started:.1f} s"
        )
    if missing("SELECT COUNT(*) FROM customer_visit"):
        started = time.monotonic()
        visits = bench_visit.seed_visits(env, scale)
        cr.commit()
        print(f"  seeded {visits:,} visits in {time.monotonic() - started:.1f} s")
    if missing("SELECT COUNT(*) FROM res_partner WHERE name = 'Bench overdue customer'"):
        started = time.monotonic()
        seeded = bench_overdue.seed_overdue(env, scale)
        cr.commit()
        print(f"  seeded overdue records {seeded} in {time.monotonic() - started:.1f} s")
    cr.execute("SELECT COUNT(*) FROM res_partner WHERE name LIKE 'Bench customer %%'")
    return cr.fetchone()[0]


def run_rows(db, scale, only):
    """Seed ``db`` if needed and run every row on it; return the rows."""
    import odoo  # noqa: PLC0415
    import odoo.sql_db  # noqa: PLC0415
    from odoo.modules.registry import Registry  # noqa: PLC0415

    def counter():
        return odoo.sql_db.sql_counter

    print(f"\n== {db} (scale {scale:g})", flush=True)
    registry = Registry(db)
    rows = []
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        customers = seed_all(env, scale)
        steps = {
            "P1": lambda: bench_rebate.bench_rebates(env, run_cron, counter),
            "P3": lambda: bench_warnings(env, customers),
            "P4": lambda: bench_visit.bench_plans(env, counter),
            "P5": lambda: bench_overdue.bench_overdue(env, run_cron, counter),
            "P6": lambda: bench_lists.bench_lists(env),
        }
        for key, step in steps.items():
            if only and key not in only and not (key == "P1" and "P2" in only):
                continue
            started = time.monotonic()
            new_rows = step()
            for row in new_rows:
                print(
                    f"  {row['id']} {row['job']}: {row['records']:,} {row.get('unit', 'records')}, "
                    f"{row['wall']:.2f} s, {row['queries']} queries",
                    flush=True,
                )
            rows += new_rows
            print(f"  ({key} step done in {time.monotonic() - started:.0f} s)", flush=True)
    odoo.sql_db.close_db(db)
    return rows


def main(argv=None):
    args = parse_args(argv)
    import odoo  # noqa: PLC0415
    import odoo.service.db  # noqa: PLC0415
    import odoo.tools  # noqa: PLC0415

    odoo.tools.config.parse_config(["-c", args.conf, "--log-level=warn"])
    only = {key.strip().upper() for key in args.rows.split(",")} if args.rows else set()
    template = ensure_template(args)
    runs = {}
    for label, scale in (("small", args.scale / 10), ("full", args.scale)):
        db = bench_db(args, scale)
        ensure_database(db, template, args.reuse)
        runs[label] = run_rows(db, scale, only)
        if args.drop:
            odoo.service.db.exp_drop(db)
    table = combine(runs["full"], runs["small"])
    print_table(table, args.scale)
    write_json(table, args)
    return table


if __name__ == "__main__":
    main()

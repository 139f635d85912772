#!/usr/bin/env python3
"""Q-16 benchmark: seed a realistic volume by bulk SQL, run the heavy jobs through their real entry point.

    python3 tools/bench.py                 # scale 1.0: 10,000 customers, 100,000 confirmed orders
    python3 tools/bench.py --scale 0.1     # a quick look
    python3 tools/bench.py --reseed        # drop the benchmark database and seed it again

The database (``cmsuite_bench`` by default) holds ``customer_comm`` without demo data; it is
created and seeded on the first call and reused afterwards. Each job runs through its
cron record, the way the scheduler runs it (``ir.cron.method_direct_trigger``: its own
cursor, ``_commit_progress`` batches, calls again while the job reports work left), and
is printed with its wall time, SQL queries (all cursors of this process), records per
second and the time of the equivalent raw SQL aggregate measured right before it on
the same database: the ratio to that floor is the figure to watch.

Rows:

- P1 one quarter's rebate settlements for every dealer (5,000 dealers, 1,000,000 invoice lines at
  scale 1.0), against one aggregate of tons per dealer and month;
- P2 posting every dealer's approved monthly settlement, then a second run that posts nothing;
- P3 warning detection, first run (no warning yet) and second run (nothing changed).

It uses the cluster and the config that ``python3 tools/suite.py setup`` writes
(``.local/odoo.conf``; ``CMS_PG_PORT`` selects the cluster as for the suite).
"""

import argparse
import random
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_rebate  # noqa: E402  (a sibling module of this script)

CUSTOMERS = 10_000  # at scale 1.0
DEALERS = 5_000  # at scale 1.0
SUITE = "customer_comm,dealer_rebate,client_visit,complaint_mgmt"
ORDERS_PER_CUSTOMER = 10
AREAS = 4
SEED = 13


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="1.0 = 10,000 customers and 100,000 orders")
    parser.add_argument("--db", default="cmsuite_bench")
    parser.add_argument("--conf", default=str(ROOT / ".local" / "odoo.conf"))
    parser.add_argument("--reseed", action="store_true", help="drop the database and seed it again")
    parser.add_argument("--seed-only", action="store_true", help="create and seed the database, measure nothing")
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
    assignments = [{"user_id": by_login["bench_director"].id, "role": "marketing_director"}]
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
    cr.execute(
        """
        INSERT INTO res_partner (name, complete_name, is_company, active, type, customer_rank, autopost_bills,
                                 user_id, cc_tier_id, cc_region_id, credit_limit, create_date, write_date)
        SELECT r.name, r.name, TRUE, TRUE, 'contact', 1, 'ask', r.user_id, r.tier_id, r.region_id,
               CASE WHEN r.kind = 'receivable' THEN jsonb_build_object(%s::text, 100000.0) END,
               now() at time zone 'UTC', now() at time zone 'UTC'
          FROM unnest(%s::text[], %s::int[], %s::int[], %s::int[], %s::text[])
               AS r(name, user_id, tier_id, region_id, kind)
     RETURNING id
        """,
        [company.id, *map(list, zip(*rows, strict=True))],
    )
    partner_ids = [row[0] for row in cr.fetchall()]
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


def bench_warnings(env):
    rows = []
    reset_warnings(env)
    for label in ("first", "second"):
        floor, floor_queries = floor_sales_and_receivables(env)
        env.cr.commit()
        before = counts(env)
        wall, queries, calls = run_cron(env, "customer_comm.ir_cron_warning_detect")
        after = counts(env)
        new = after[0] - before[0]
        rows.append(
            {
                "job": f"P3 warning detection, {label} run",
                "wall": wall,
                "queries": queries,
                "calls": calls,
                "warnings": f"{before[0]} -> {after[0]}",
                "new": new,
                "per_new": queries / new if new else None,
                "mails": after[1] - before[1],
                "digests": after[2] - before[2],
                "activities": after[3] - before[3],
                "floor": floor,
                "floor_queries": floor_queries,
            }
        )
    return rows


def print_rows(rows, customers):
    for row in rows:
        rate = customers / row["wall"]
        per_new = f"{row['per_new']:.2f}" if row["per_new"] is not None else "-"
        print(
            f"{row['job']}: {row['wall']:.1f} s in {row['calls']} scheduler call(s), {row['queries']} queries, "
            f"open warnings {row['warnings']} ({row['new']} new, {per_new} queries per new warning), "
            f"{row['activities']} warning activities, {row['digests']} summaries, {row['mails']} emails queued, "
            f"{rate:,.0f} customers/s; floor {row['floor']:.2f} s in {row['floor_queries']} queries, "
            f"ratio {row['wall'] / row['floor']:.0f}x"
        )


def main(argv=None):
    args = parse_args(argv)
    import odoo  # noqa: PLC0415
    import odoo.sql_db  # noqa: PLC0415
    from odoo.modules.registry import Registry  # noqa: PLC0415
    from odoo.service import db as db_service  # noqa: PLC0415

    odoo.tools.config.parse_config(["-c", args.conf, "--log-level=warn"])
    if args.reseed and db_service.exp_db_exist(args.db):
        odoo.tools.config["list_db"] = True  # this script is the database manager of its own database
        db_service.exp_drop(args.db)
    customers = int(CUSTOMERS * args.scale)
    if not db_service.exp_db_exist(args.db):
        print(f"creating {args.db} with the four addons, without demo data")
        odoo_server(args.conf, "-d", args.db, "-i", SUITE, "--without-demo")
    else:  # a database seeded before an addon existed: install what is missing
        with odoo.sql_db.db_connect(args.db).cursor() as cr:
            cr.execute(
                "SELECT name FROM ir_module_module WHERE name = ANY(%s) AND state != 'installed'", [SUITE.split(",")]
            )
            missing = [row[0] for row in cr.fetchall()]
        if missing:
            print(f"installing {', '.join(missing)} in {args.db}")
            odoo_server(args.conf, "-d", args.db, "-i", ",".join(missing))
    registry = Registry(args.db)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        cr.execute("SELECT COUNT(*) FROM res_partner WHERE name LIKE 'Bench customer %%'")
        seeded = cr.fetchone()[0]
        if not seeded:
            started = time.monotonic()
            partners, orders, debtors = seed(env, customers)
            cr.commit()
            print(
                f"seeded {partners:,} customers, {orders:,} confirmed orders, {debtors:,} open receivables "
                f"in {time.monotonic() - started:.1f} s"
            )
        else:
            customers = seeded
            print(f"{args.db}: {seeded:,} customers already seeded (--reseed to start again)")
        cr.execute("SELECT COUNT(*) FROM res_partner WHERE name LIKE 'Bench dealer %%'")
        dealers = cr.fetchone()[0]
        if not dealers:
            started = time.monotonic()
            _policy, dealers, lines = bench_rebate.seed_dealers(env, int(DEALERS * args.scale))
            cr.commit()
            print(f"seeded {dealers:,} dealers, {lines:,} invoice lines in {time.monotonic() - started:.1f} s")
        if not args.seed_only:
            bench_rebate.print_rebate_rows(bench_rebate.bench_rebates(env, run_cron, lambda: odoo.sql_db.sql_counter))
            print_rows(bench_warnings(env), customers)


if __name__ == "__main__":
    main()

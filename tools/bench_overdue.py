"""Q-16 row P5 of ``tools/bench.py``: the overdue jobs at volume.

- customer requests past their response deadline (``customer_comm``, CC-22): one activity per request;
- complaints past their report or closure deadline (``complaint_mgmt``, CM-5): escalated one role up;
- the visit compliance refresh (``client_visit``, CV-6): the overdue flag of every tiered customer and
  visiting role. ``client_visit`` has no job over late visit reports: the late flag of CV-9 is computed
  when read (``customer.visit.report_late``); the daily overdue job of the addon is this refresh.

100,000 requests and 100,000 complaints at scale 1.0 are seeded by SQL: one record is created through
the ORM, then copied row for row by one ``INSERT … SELECT`` (every column, so every required one).
Each job runs through its cron record, twice (the second run must do nothing); the floor is the raw
SQL that finds and updates the same rows, run in a savepoint that is rolled back.
"""

import time
from datetime import datetime, timedelta

RECORDS = 100_000  # of each kind, at scale 1.0
REQUEST = "Bench overdue request"


def insert_copies(cr, table, source, params, overrides=None):
    """``INSERT INTO table SELECT … FROM table t <source>``, every column but ``id``; ``overrides``: column -> SQL
    over ``t``. One query whatever the number of rows; returns the rows inserted."""
    cr.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = %s AND column_name != 'id' "
        "ORDER BY ordinal_position",
        [table],
    )
    columns = [row[0] for row in cr.fetchall()]
    select = [(overrides or {}).get(column, f't."{column}"') for column in columns]
    cr.execute(
        f'INSERT INTO "{table}" ({", ".join(f"{chr(34)}{c}{chr(34)}" for c in columns)}) '  # noqa: S608
        f'SELECT {", ".join(select)} FROM "{table}" t {source}',
        params,
    )
    return cr.rowcount


def clone(cr, table, proto_id, count, overrides):
    """``count`` copies of row ``proto_id`` of ``table``; ``overrides``: column -> SQL (``g`` = 1..n)."""
    insert_copies(cr, table, "CROSS JOIN generate_series(1, %s) g WHERE t.id = %s", [count, proto_id], overrides)


def seed_overdue(env, scale):
    count = max(2, round(RECORDS * scale))
    cr = env.cr
    salesperson = env["res.users"].search([("login", "=like", "bench_sales_%")], limit=1) or env.ref("base.user_admin")
    region = env["customer.region"].search([("name", "=", "Bench area 0")], limit=1)
    customer = env["res.partner"].create(
        {
            "name": "Bench overdue customer",
            "is_company": True,
            "customer_rank": 1,
            "user_id": salesperson.id,
            "cc_region_id": region.id,
        }
    )
    channel = env["customer.communication.channel"].search([("response_hours", ">", 0)], limit=1)
    request = (
        env["customer.communication"]
        .with_context(tracking_disable=True, mail_create_nolog=True)
        .create(
            {
                "partner_id": customer.id,
                "channel_id": channel.id,
                "direction": "inbound",
                "summary": REQUEST,
                "customer_request": "Please call back about the price.",
                "user_id": salesperson.id,
                "date": datetime.now() - timedelta(days=10),
            }
        )
    )
    env.flush_all()
    clone(cr, "customer_communication", request.id, count - 1, {})

    complaint = (
        env["customer.complaint"]
        .with_context(tracking_disable=True, mail_create_nolog=True)
        .create({"partner_id": customer.id, "description": "Bench overdue complaint"})
        if "description" in env["customer.complaint"]._fields
        else env["customer.complaint"].with_context(tracking_disable=True).create({"partner_id": customer.id})
    )
    env.flush_all()
    today = datetime.now().date()
    cr.execute(
        "UPDATE customer_complaint SET state = 'accepted', date_accepted = %s, report_deadline = %s, "
        "close_deadline = %s WHERE id = %s",
        [today - timedelta(days=40), today - timedelta(days=35), today - timedelta(days=20), complaint.id],
    )
    clone(cr, "customer_complaint", complaint.id, count - 1, {"name": "t.name || '/' || g"})
    cr.execute("ANALYZE customer_communication; ANALYZE customer_complaint")
    env.invalidate_all()
    return f"{count:,} requests, {count:,} complaints"


def reset(env):
    """Back to before the first run: requests not notified, complaints not escalated, no compliance line."""
    cr = env.cr
    cr.execute(
        """
        DELETE FROM mail_activity WHERE res_model IN ('customer.communication', 'customer.complaint')
                                    AND res_id IN (SELECT id FROM customer_communication WHERE summary = %(request)s
                                                   UNION SELECT id FROM customer_complaint
                                                          WHERE name LIKE '%%/%%' OR escalation_level > 0);
        UPDATE customer_communication SET overdue_notified = FALSE WHERE summary = %(request)s;
        DELETE FROM customer_complaint_escalation;
        UPDATE customer_complaint SET escalation_level = 0 WHERE escalation_level > 0;
        DELETE FROM visit_compliance;
        """,
        {"request": REQUEST},
    )
    cr.commit()
    env.invalidate_all()


def _floor(cr, queries):
    started = time.monotonic()
    cr.execute("SAVEPOINT bench_floor")
    for query, params in queries:
        cr.execute(query, params)
        if cr.description:
            cr.fetchall()
    cr.execute("ROLLBACK TO SAVEPOINT bench_floor")
    return time.monotonic() - started


def write_floor(env, copies):
    """The raw SQL time of writing the rows a job created (copied once more, rolled back): what any
    implementation must at least spend besides the floor's reads. ``copies``: (table, where, params[, overrides])."""
    cr = env.cr
    started = time.monotonic()
    cr.execute("SAVEPOINT bench_write_floor")
    rows = sum(
        insert_copies(cr, table, f"WHERE {where}", params, *overrides) for table, where, params, *overrides in copies
    )
    cr.execute("ROLLBACK TO SAVEPOINT bench_write_floor")
    return time.monotonic() - started, rows


def activities_of(model):
    return ("mail_activity", "res_model = %s", [model])


def floor_requests(env):
    return _floor(
        env.cr,
        [
            (
                "UPDATE customer_communication SET overdue_notified = TRUE WHERE response_state = 'open' "
                "AND response_deadline < now() at time zone 'UTC' AND overdue_notified IS NOT TRUE "
                "RETURNING id, user_id, salesperson_id",
                [],
            )
        ],
    )


def floor_complaints(env):
    return _floor(
        env.cr,
        [
            (
                "UPDATE customer_complaint SET escalation_level = escalation_level + 1 "
                "WHERE company_id = %s AND escalation_level < 4 AND ("
                " (state IN ('draft', 'accepted', 'investigated', 'approved') AND close_deadline < current_date)"
                " OR (state = 'accepted' AND report_deadline < current_date)) RETURNING id, region_id",
                [env.company.id],
            )
        ],
    )


def floor_compliance(env):
    return _floor(
        env.cr,
        [
            (
                "SELECT partner_id, role, MAX(date) FROM customer_visit "
                "WHERE state IN ('done', 'submitted', 'reviewed') GROUP BY 1, 2",
                [],
            ),
            (
                "INSERT INTO visit_compliance (partner_id, role, rule_id, company_id, next_due_date, overdue) "
                "SELECT p.id, r.role, r.id, %s, current_date, FALSE FROM res_partner p "
                "JOIN visit_frequency_rule r ON r.tier_id = p.cc_tier_id "
                "WHERE p.is_company AND p.active AND p.cc_tier_id IS NOT NULL "
                "ON CONFLICT DO NOTHING RETURNING id",
                [env.company.id],
            ),
        ],
    )


JOBS = [
    (
        "overdue customer requests",
        "customer_comm.ir_cron_communication_overdue",
        floor_requests,
        [activities_of("customer.communication")],
        "SELECT COUNT(*) FROM customer_communication WHERE response_state = 'open' "
        "AND response_deadline < now() at time zone 'UTC' AND overdue_notified IS NOT TRUE",
    ),
    (
        "overdue complaints escalated",
        "complaint_mgmt.ir_cron_escalate_overdue_complaints",
        floor_complaints,
        [
            ("customer_complaint_escalation", "TRUE", [], {"level": "t.level + 100"}),  # beside the unique index
            activities_of("customer.complaint"),
        ],
        "SELECT COUNT(*) FROM customer_complaint WHERE escalation_level < 4 AND ("
        " (state IN ('draft', 'accepted', 'investigated', 'approved') AND close_deadline < current_date)"
        " OR (state = 'accepted' AND report_deadline < current_date))",
    ),
    (
        "visit compliance refresh",
        "client_visit.ir_cron_visit_compliance",
        floor_compliance,
        [],  # its floor inserts the compliance lines already
        "SELECT COUNT(*) FROM res_partner p JOIN visit_frequency_rule r ON r.tier_id = p.cc_tier_id "
        "WHERE p.is_company AND p.active AND p.cc_tier_id IS NOT NULL",
    ),
]


def bench_overdue(env, run_cron, counter):
    """P5: each job run twice through its cron record; queries per batch of the first run."""
    reset(env)
    batch = env["customer.batch.job"]._batch_size()
    rows = []
    for job, xmlid, floor, written, count_sql in JOBS:
        env.cr.execute(count_sql)
        records = env.cr.fetchone()[0]
        for label in ("first", "second"):
            floor_time = floor(env)
            env.cr.commit()
            wall, queries, calls = run_cron(env, xmlid)
            batches = -(-records // batch) if label == "first" else 0
            per_batch = f"{queries / batches:.1f} queries per batch of {batch}" if batches else "nothing to do"
            row = {
                "id": "P5",
                "job": f"{job}, {label} run",
                "records": records,
                "unit": "records",
                "wall": wall,
                "queries": queries,
                "floor": floor_time,
                "note": f"{calls} scheduler call(s); {per_batch}",
            }
            if label == "first" and written:
                row["write_floor"], row["rows_written"] = write_floor(env, written)
            rows.append(row)
    return rows

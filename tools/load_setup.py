"""The load test's data: the simulated users and what they open, the jobs made due, the nothing-lost check.

Part of ``tools/load.py`` (``make load``): run in the database of ``make bench``, as the superuser.
"""

from collections import defaultdict

import bench_lists

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


def superuser_env(cr):
    import odoo  # noqa: PLC0415

    return odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})


def prepare(db, users):
    """The simulated users, their regions, customers and dealers; the lists, statements and reads they open."""
    from odoo.modules.registry import Registry  # noqa: PLC0415

    with Registry(db).cursor() as cr:
        env = superuser_env(cr)
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
        env = superuser_env(cr)
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


def wake_cron_worker(db):
    """What ``ir.cron._trigger`` does after its commit: tell the cron workers that jobs are due now."""
    import odoo.sql_db  # noqa: PLC0415
    from odoo.tools import SQL  # noqa: PLC0415

    from odoo.addons.base.models.ir_cron import ODOO_NOTIFY_FUNCTION  # noqa: PLC0415

    with odoo.sql_db.db_connect("postgres").cursor() as cr:
        cr.execute(SQL("SELECT %s('cron_trigger', %s)", SQL.identifier(ODOO_NOTIFY_FUNCTION), db))


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

"""Q-16 row P4 of ``tools/bench.py``: next month's visit plans of every salesperson.

200 salespeople with 100 tiered customers each (20,000 customers at scale 1.0) are seeded (the users
through the ORM, the customers in one ``INSERT``); the plans are then generated through the wizard a
visit manager presses (``visit.plan.generate.wizard.action_generate``), twice: the second run must add
nothing. The bar is 30 s and a query count that does not grow with the volume.
"""

import random
import time

SALESPEOPLE = 200  # at scale 1.0
CUSTOMERS_PER_SALESPERSON = 100
VISITS = 20_000  # at scale 1.0: one visit of each seeded customer; never fewer than a list of 80 rows opens
MIN_VISITS = 200


def seed_salespeople(env, scale):
    """Salespeople (users) and their tiered customers; the visit manager who presses the button."""
    cr = env.cr
    rng = random.Random(41)
    count = max(1, round(SALESPEOPLE * scale))
    per_person = -(-max(2, round(SALESPEOPLE * CUSTOMERS_PER_SALESPERSON * scale)) // count)
    user_group = env.ref("client_visit.client_visit_group_user")
    users = (
        env["res.users"]
        .with_context(no_reset_password=True, tracking_disable=True, mail_create_nolog=True)
        .create(
            [
                {
                    "name": f"Bench salesperson {i:03d}",
                    "login": f"bench_visit_{i:03d}",
                    "group_ids": [(4, user_group.id)],
                }
                for i in range(count)
            ]
        )
    )
    env.ref("base.user_admin").group_ids = [(4, env.ref("client_visit.client_visit_group_manager").id)]
    tiers = env["customer.tier"].search([("level", "!=", False)]).ids
    region = env["customer.region"].create({"name": "Bench visit area", "level": "area"})
    env.flush_all()
    names, user_ids, tier_ids = [], [], []
    for user in users:
        for k in range(per_person):
            names.append(f"Bench visited {user.login} {k:03d}")
            user_ids.append(user.id)
            tier_ids.append(rng.choice(tiers))
    cr.execute(
        """
        INSERT INTO res_partner (name, complete_name, is_company, active, type, customer_rank, autopost_bills,
                                 user_id, cc_tier_id, cc_region_id, company_id, create_date, write_date)
        SELECT r.name, r.name, TRUE, TRUE, 'contact', 1, 'ask', r.user_id, r.tier_id, %s, %s,
               now() at time zone 'UTC', now() at time zone 'UTC'
          FROM unnest(%s::text[], %s::int[], %s::int[]) AS r(name, user_id, tier_id)
     RETURNING id
        """,
        [region.id, env.company.id, names, user_ids, tier_ids],
    )
    partners = env["res.partner"].browse([row[0] for row in cr.fetchall()])
    for fname in ("commercial_partner_id", "cc_tier_level", "cc_next_review_date", "cc_archive_completeness"):
        if fname in partners._fields and partners._fields[fname].store:
            env.add_to_compute(partners._fields[fname], partners)
    partners.flush_recordset()
    cr.execute("ANALYZE res_partner")
    env.invalidate_all()
    return len(users), len(partners)


def seed_visits(env, scale):
    """Visits of the seeded customers by their salespeople, over the last two months (some done).

    Created through the ORM (the visit's stored related and computed fields are the model's), without
    tracking messages; row P6 opens their list.
    """
    from datetime import timedelta  # noqa: PLC0415

    from odoo import fields  # noqa: PLC0415

    rng = random.Random(43)
    partners = env["res.partner"].search([("name", "like", "Bench visited %")], order="id")
    today = fields.Date.context_today(env["customer.visit"])
    count = max(MIN_VISITS, round(VISITS * scale))
    vals_list = []
    for k in range(count):
        partner = partners[k % len(partners)]
        day = today - timedelta(days=rng.randint(0, 60))
        vals_list.append(
            {
                "partner_id": partner.id,
                "user_id": partner.user_id.id,
                "date": day,
                "state": "done" if day < today - timedelta(days=7) else "planned",
            }
        )
    Visit = env["customer.visit"].with_context(tracking_disable=True, mail_create_nolog=True, mail_notrack=True)
    for start in range(0, count, 1000):
        Visit.create(vals_list[start : start + 1000])
        env.flush_all()
        env.invalidate_all()
    return count


def bench_plans(env, counter):
    """P4: the wizard run twice for next month (the second run adds nothing)."""
    from dateutil.relativedelta import relativedelta  # noqa: PLC0415

    from odoo import fields  # noqa: PLC0415

    month = fields.Date.context_today(env["visit.plan"]).replace(day=1) + relativedelta(months=1)
    admin = env.ref("base.user_admin")
    cr = env.cr
    cr.execute("DELETE FROM visit_plan WHERE plan_type = 'monthly' AND date_from = %s", [month])
    cr.commit()
    cr.execute(
        "SELECT COUNT(*), COUNT(DISTINCT user_id) FROM res_partner "
        "WHERE cc_tier_id IS NOT NULL AND user_id IS NOT NULL AND is_company AND active"
    )
    customers, salespeople = cr.fetchone()
    rows = []
    for label in ("first", "second"):
        cr.execute("SELECT (SELECT COUNT(*) FROM visit_plan_line), (SELECT COUNT(*) FROM visit_plan)")
        lines_before, plans_before = cr.fetchone()
        env.invalidate_all()
        queries, started = counter(), time.monotonic()
        wizard = env["visit.plan.generate.wizard"].with_user(admin).create({"month": month})
        action = wizard.action_generate()
        env.flush_all()
        cr.commit()
        wall = time.monotonic() - started
        cr.execute("SELECT (SELECT COUNT(*) FROM visit_plan_line), (SELECT COUNT(*) FROM visit_plan)")
        lines_after, plans_after = cr.fetchone()
        lines, created = lines_after - lines_before, plans_after - plans_before
        plans = len(action["domain"][0][2])
        rows.append(
            {
                "id": "P4",
                "job": f"monthly visit plans, {label} run",
                "records": customers,
                "unit": "customers",
                "wall": wall,
                "queries": counter() - queries,
                "floor": None,
                "lines": lines,
                "plans_created": created,
                "note": f"{salespeople} salespeople, {plans} plans, {lines:,} lines added (bar: <= 30 s)",
            }
        )
    return rows

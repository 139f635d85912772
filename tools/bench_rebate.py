"""Q-16 rows P1 and P2 of ``tools/bench.py``: dealer rebates at volume.

- P1: one quarter's settlements (completion and exclusive bonuses) computed for every dealer
  through ``dealer.rebate.settlement._generate``, the method the compute wizard calls; the floor
  is one raw aggregate of tons per dealer and month over the same invoice lines. The figures
  (``_Computation``: tons, targets, deductions, competitor volumes and every dealer's terms) and
  the creation of the settlements are timed apart.
- P2: the month's base and freight settlements of every dealer, approved, then posted by the
  posting job through its cron record; a second run must post nothing.
"""

import random
import time
from datetime import date

BENCH_QUARTER = date(2026, 7, 1)
MOVES_PER_DEALER = 20
LINES_PER_MOVE = 10  # 200 invoice lines per dealer: 1,000,000 lines for 5,000 dealers


def seed_dealers(env, dealers):
    """Dealers under the target system, their targets and one quarter of posted invoices, in bulk SQL."""
    cr = env.cr
    company = env.company
    rng = random.Random(29)
    Account = env["account.account"]
    # a database with the demo data (the tiny run of the test command) has its policy for the year already
    policy = bench_policy(env) or env["dealer.rebate.policy"].create(
        {
            "name": "Bench policy",
            "date_from": date(2026, 1, 1),
            "date_to": date(2026, 12, 31),
            "expense_account_id": Account.create(
                {"code": "6601B", "name": "Bench rebates", "account_type": "expense"}
            ).id,
            "payable_account_id": Account.create(
                {
                    "code": "2241B",
                    "name": "Bench rebates payable",
                    "account_type": "liability_payable",
                    "reconcile": True,
                }
            ).id,
        }
    )
    tonne, kilogram = env.ref("uom.product_uom_ton"), env.ref("uom.product_uom_kgm")
    feed = env["product.product"].create({"name": "Bench feed (t)", "type": "consu", "uom_id": tonne.id})
    feed_kg = env["product.product"].create({"name": "Bench feed (kg)", "type": "consu", "uom_id": kilogram.id})
    region = env["customer.region"].create({"name": "Bench dealer area", "level": "area"})
    env.flush_all()
    cr.execute(
        """
        INSERT INTO res_partner (name, complete_name, is_company, active, type, customer_rank, autopost_bills,
                                 cc_region_id, cc_channel_type, dr_status, dr_target_system, dr_exclusive,
                                 create_date, write_date)
        SELECT 'Bench dealer ' || lpad(g::text, 5, '0'), 'Bench dealer ' || lpad(g::text, 5, '0'), TRUE, TRUE,
               'contact', 1, 'ask', %s, 'dealer', 'active', TRUE, g %% 2 = 0,
               now() at time zone 'UTC', now() at time zone 'UTC'
          FROM generate_series(1, %s) g
     RETURNING id
        """,
        [region.id, dealers],
    )
    dealer_ids = [row[0] for row in cr.fetchall()]
    cr.execute("UPDATE res_partner SET commercial_partner_id = id WHERE id = ANY(%s)", [dealer_ids])
    months = [BENCH_QUARTER.replace(month=BENCH_QUARTER.month + k) for k in range(3)]
    cr.execute(
        """
        INSERT INTO dealer_target (partner_id, month, target_tons, suggested_tons, below_suggestion, company_id,
                                   create_date, write_date)
        SELECT d, m, %s, 0, FALSE, %s, now() at time zone 'UTC', now() at time zone 'UTC'
          FROM unnest(%s::int[]) d CROSS JOIN unnest(%s::date[]) m
        """,
        [60.0, company.id, dealer_ids, months],
    )
    journal = env["account.journal"].search([("type", "=", "sale"), ("company_id", "=", company.id)], limit=1)
    income = env["account.account"].search([("account_type", "=", "income")], limit=1)
    days = [months[k % 3].replace(day=1 + rng.randint(0, 27)) for k in range(MOVES_PER_DEALER)]
    cr.execute(
        """
        INSERT INTO account_move (name, journal_id, company_id, currency_id, partner_id, commercial_partner_id,
                                  state, move_type, auto_post, date, invoice_date, create_date, write_date)
        SELECT 'BENCHINV/' || d || '/' || k, %s, %s, %s, d, d, 'posted', 'out_invoice', 'no', day, day,
               now() at time zone 'UTC', now() at time zone 'UTC'
          FROM unnest(%s::int[]) d CROSS JOIN unnest(%s::date[]) WITH ORDINALITY AS t(day, k)
        """,
        [journal.id, company.id, company.currency_id.id, dealer_ids, days],
    )
    # one line in four sold by the kilogram: the tons go through the unit conversion
    cr.execute(
        """
        INSERT INTO account_move_line (move_id, partner_id, product_id, product_uom_id, quantity, account_id,
                                       journal_id, company_id, currency_id, company_currency_id, display_type,
                                       parent_state, date, name, debit, credit, balance, amount_currency,
                                       amount_residual, amount_residual_currency, reconciled)
        SELECT m.id, m.partner_id,
               CASE WHEN g %% 4 = 0 THEN %(feed_kg)s ELSE %(feed)s END,
               CASE WHEN g %% 4 = 0 THEN %(kg)s ELSE %(tonne)s END,
               CASE WHEN g %% 4 = 0 THEN 500 + (m.id * 7 + g) %% 1000 ELSE 0.2 + ((m.id + g) %% 9) / 10.0 END,
               %(income)s, %(journal)s, %(company)s, %(currency)s, %(currency)s, 'product', 'posted', m.date,
               'Bench', 0, 1000, -1000, -1000, 0, 0, TRUE
          FROM account_move m CROSS JOIN generate_series(1, %(lines)s) g
         WHERE m.name LIKE 'BENCHINV/%%'
        """,
        {
            "feed": feed.id,
            "feed_kg": feed_kg.id,
            "kg": kilogram.id,
            "tonne": tonne.id,
            "income": income.id,
            "journal": journal.id,
            "company": company.id,
            "currency": company.currency_id.id,
            "lines": LINES_PER_MOVE,
        },
    )
    cr.execute("ANALYZE res_partner; ANALYZE account_move; ANALYZE account_move_line; ANALYZE dealer_target")
    env.invalidate_all()
    return policy, len(dealer_ids), len(dealer_ids) * MOVES_PER_DEALER * LINES_PER_MOVE


def bench_policy(env):
    """The rebate policy of the bench quarter: the one seeded, or the one a demo database has for that day."""
    Policy = env["dealer.rebate.policy"]
    return Policy.search([("name", "=", "Bench policy")], limit=1) or Policy.search(
        [("company_id", "=", env.company.id), ("date_from", "<=", BENCH_QUARTER), ("date_to", ">=", BENCH_QUARTER)],
        limit=1,
    )


def floor_tons(env):
    """One aggregate of tons per dealer and month over the quarter's invoice lines (the P1 floor)."""
    started = time.monotonic()
    env.cr.execute(
        """
        SELECT aml.partner_id, date_trunc('month', aml.date),
               SUM(CASE WHEN move.move_type = 'out_refund' THEN -1 ELSE 1 END * aml.quantity * uom.factor)
          FROM account_move_line aml
          JOIN account_move move ON move.id = aml.move_id
          JOIN uom_uom uom ON uom.id = aml.product_uom_id
         WHERE aml.parent_state = 'posted' AND aml.display_type = 'product' AND aml.company_id = %s
           AND move.move_type IN ('out_invoice', 'out_refund') AND aml.date BETWEEN %s AND %s
      GROUP BY 1, 2
        """,
        [env.company.id, BENCH_QUARTER, BENCH_QUARTER.replace(month=BENCH_QUARTER.month + 2, day=30)],
    )
    env.cr.fetchall()
    return time.monotonic() - started


def bench_rebates(env, run_cron, counter):
    """P1 and P2 rows (see the module docstring)."""
    from odoo.addons.dealer_rebate.models.dealer_rebate_computation import (  # noqa: PLC0415
        _Computation,
        period_bounds,
    )

    Settlement = env["dealer.rebate.settlement"]
    policy = bench_policy(env)
    if not policy.journal_id:  # a database seeded before the chart hook created the rebate journal
        env["dealer.rebate.policy"]._dr_create_rebate_journals()
        policy.journal_id = env["account.journal"].search([("code", "=", "REB"), ("company_id", "=", env.company.id)])
    env.cr.execute("DELETE FROM dealer_rebate_settlement WHERE move_id IS NULL")
    # the approval engine's reviews point at their record without a foreign key: remove them too
    env.cr.execute(
        "DELETE FROM tier_review WHERE model = 'dealer.rebate.settlement' "
        "AND res_id NOT IN (SELECT id FROM dealer_rebate_settlement)"
    )
    env.cr.commit()
    dealers = env["res.partner"].search([("dr_status", "=", "active"), ("dr_target_system", "=", True)])
    rows = []
    floor = floor_tons(env)

    date_from, date_to = period_bounds(BENCH_QUARTER, "quarter")
    env.invalidate_all()
    queries, started = counter(), time.monotonic()
    computation = _Computation(env, policy, "quarter", date_from, date_to, dealers)
    computed = [computation.settlement_vals(partner, "completion") for partner in dealers]
    rows.append(
        {
            "id": "P1",
            "job": "quarter figures (_Computation)",
            "wall": time.monotonic() - started,
            "queries": counter() - queries,
            "records": len(dealers),
            "unit": "dealers",
            "floor": floor,
            "note": f"{sum(1 for vals, _reason in computed if vals)} dealers with a settlement",
        }
    )
    env.invalidate_all()
    queries, started = counter(), time.monotonic()
    settlements, skipped = Settlement._generate(policy, "quarter", BENCH_QUARTER)
    env.cr.commit()
    rows.append(
        {
            "id": "P1",
            "job": "quarter settlements (_generate)",
            "wall": time.monotonic() - started,
            "queries": counter() - queries,
            "records": len(dealers),
            "unit": "dealers",
            "floor": floor,
            "note": f"figures and records: {len(settlements)} settlements, {len(skipped)} dealers skipped",
        }
    )

    month_settlements, _skipped = Settlement._generate(policy, "month", BENCH_QUARTER)
    # approved as the chain would leave them (the approval itself is not what P2 measures)
    env.cr.execute("UPDATE dealer_rebate_settlement SET state = 'approved' WHERE id = ANY(%s)", [month_settlements.ids])
    env.cr.commit()
    env.invalidate_all()
    env.cr.execute("SELECT COUNT(*) FROM dealer_rebate_settlement WHERE state = 'posted'")
    posted = env.cr.fetchone()[0]
    for label in ("first", "second"):
        before = posted
        wall, queries, calls = run_cron(env, "dealer_rebate.ir_cron_post_approved_settlements")
        env.cr.execute("SELECT COUNT(*) FROM dealer_rebate_settlement WHERE state = 'posted'")
        posted = env.cr.fetchone()[0]
        rows.append(
            {
                "id": "P2",
                "job": f"posting approved settlements, {label} run",
                "wall": wall,
                "queries": queries,
                "records": posted - before,
                "unit": "posted",
                "floor": None,
                "note": f"{calls} scheduler call(s), {len(month_settlements)} approved, {posted} posted in total",
            }
        )
    return rows

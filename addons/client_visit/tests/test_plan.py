from collections import Counter
from datetime import date
from math import ceil

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, TransactionCase, tagged
from odoo.tools.safe_eval import safe_eval

from odoo.addons.customer_comm.tests.common import approve_with_comment

from .common import HOLIDAYS_2026, MAKE_UP_DAYS_2026, OCTOBER, SEPTEMBER, ClientVisitCase

# CV-5: seed 004, account manager (业务经理) column, in October 2026 (18 working days after the National Day
# holiday, the make-up Saturday 10th included): every 3 days → every third working day, 6; every week → the 4
# weeks that have a working day (the week of 1–4 October has none); every half month → 2; every month → 1, 1
EXPECTED_OCTOBER = {1: 6, 2: 4, 3: 2, 4: 1, 5: 1}
JUNE = date(2026, 6, 1)


@tagged("post_install", "-at_install")
class TestFrequencyRules(ClientVisitCase, TransactionCase):
    def test_cv2_plan_form_shows_its_month_and_deadline(self):
        """CV-2: typing any day of October 2026 in a new plan shows October and the deadline (before the 28th of
        September, the company's day); submitted on the 28th, the plan is late."""
        with Form(self.env["visit.plan"].with_user(self.visitor)) as form:
            self.assertEqual(form.plan_type, "monthly")
            self.assertEqual(form.user_id, self.visitor)
            form.date_from = date(2026, 10, 15)
            self.assertEqual(form.date_to, date(2026, 10, 31))
            self.assertEqual(form.deadline, date(2026, 9, 28))
            form.plan_type = "annual"
            self.assertEqual(form.date_to, date(2026, 12, 31))
            self.assertEqual(form.deadline, date(2025, 12, 28))
            form.plan_type = "monthly"
        plan = form.save()
        self.assertEqual(plan.date_from, OCTOBER)
        self.assertFalse(plan.late)
        self.company.cv_plan_due_day = 25
        self.assertEqual(plan.deadline, date(2026, 9, 25), "the day is the company's setting")
        self.assertTrue(self.env["customer.calendar.day"]._is_late(date(2026, 9, 25), plan.deadline))
        self.assertFalse(self.env["customer.calendar.day"]._is_late(date(2026, 9, 24), plan.deadline))

    def test_cv5_seed_matrix_shipped(self):
        """CV-5: seed 004's matrix is shipped, "—" cells have no rule, and A/B/C is the alternative set."""
        Rule = self.env["visit.frequency.rule"]
        rules = {
            (r.tier_id.level, r.tier_id.tier_set, r.role): (r.interval_number, r.interval_unit) for r in Rule.search([])
        }
        self.assertEqual(rules[1, "level", "salesperson"], (3, "day"))
        self.assertEqual(rules[1, "level", "regional_manager"], (2, "month"))
        self.assertEqual(rules[2, "level", "branch_gm"], (1, "month"))
        self.assertEqual(rules[3, "level", "regional_manager"], (1, "year"))
        self.assertEqual(rules[5, "level", "branch_gm"], (6, "month"))
        self.assertNotIn((4, "level", "regional_manager"), rules, "level 4: no regional manager visit (—)")
        self.assertNotIn((5, "level", "marketing_director"), rules, "level 5: no marketing director visit (—)")
        self.assertEqual(rules[1, "named", "salesperson"], (1, "week"), "A customers weekly")
        self.assertEqual(rules[5, "named", "salesperson"], (2, "month"), "C customers every two months")

    def test_cv5_zero_or_negative_frequency_refused(self):
        """CV-5 / Q-8: a frequency of zero or less is refused with a clear message."""
        rule = self.env.ref("client_visit.visit_frequency_rule_level_1_salesperson")
        for number in (0, -2):
            with self.assertRaises(ValidationError), self.cr.savepoint():
                rule.with_user(self.visit_manager).interval_number = number
        self.assertEqual(rule.interval_number, 3)

    def test_cv5_only_managers_edit_frequencies(self):
        """X-2 / Q-9: the matrix is data a visit manager edits, not a salesperson."""
        rule = self.env.ref("client_visit.visit_frequency_rule_level_2_salesperson")
        with self.assertRaises(AccessError):
            rule.with_user(self.visitor).interval_number = 2
        rule.with_user(self.visit_manager).interval_number = 2
        self.assertEqual(rule.interval_number, 2)


@tagged("post_install", "-at_install")
class TestPlanGeneration(ClientVisitCase, TransactionCase):
    def test_cv3_monthly_plan_lines_follow_matrix_and_calendar(self):
        """CV-3 / CV-5 / X-4: exact lines per customer from the matrix, never on a holiday or a weekend,
        a make-up Saturday used."""
        plan = self._plan(self.visitor, OCTOBER)
        plan.with_user(self.visitor).action_generate()
        counts = Counter(line.partner_id.cc_tier_id.level for line in plan.line_ids)
        self.assertEqual(dict(counts), EXPECTED_OCTOBER)
        days = set(plan.line_ids.mapped("planned_date"))
        self.assertFalse(days & HOLIDAYS_2026, "no visit planned on a public holiday")
        self.assertFalse({d for d in days if d.weekday() >= 5} - MAKE_UP_DAYS_2026, "no visit on a weekend")
        working = plan._cv_plan_working_days()[plan.id]
        self.assertIn(date(2026, 10, 10), working, "the make-up Saturday of 10 October is a working day")
        level_1 = sorted(
            plan.line_ids.filtered(lambda line: line.partner_id == self.tier_customers[0]).mapped("planned_date")
        )
        level_1 = [working.index(day) for day in level_1]
        self.assertEqual({b - a for a, b in zip(level_1, level_1[1:], strict=False)}, {3}, "it counts in the spacing")
        for customer in self.tier_customers:
            lines = plan.line_ids.filtered(lambda line, c=customer: line.partner_id == c)
            self.assertEqual(len(set(lines.mapped("planned_date"))), len(lines), "one line per customer and date")
        self.assertEqual(set(plan.line_ids.mapped("mark")), {"planned"}, "CV-8: every line starts ☆")
        self.assertEqual(set(plan.line_ids.mapped("origin")), {"frequency"})

    def test_cv3_june_2026_one_visit_in_each_window_of_the_interval(self):
        """CV-3 / CV-5 / X-4 (issue 23): June 2026, account manager: a weekly customer has one visit in each week
        that has a working day, a half-monthly one one in each half, an every-3-days one every third working
        day; all on working days (19 June, the Dragon Boat festival, is a holiday), the days balanced."""
        Calendar = self.env["customer.calendar.day"]
        self.assertFalse(Calendar._is_working_day(date(2026, 6, 19)), "the shipped calendar knows 端午节")
        working = [
            day for day in (date(2026, 6, n) for n in range(1, 31)) if Calendar._is_working_day(day, self.company)
        ]
        self.assertEqual(len(working), 21)
        plan = self._plan(self.visitor, JUNE)
        plan.with_user(self.visitor).action_generate()
        self.assertTrue(set(plan.line_ids.mapped("planned_date")) <= set(working), "working days only")

        def dates(level):
            customer = self.tier_customers[level - 1]
            return sorted(plan.line_ids.filtered(lambda line: line.partner_id == customer).mapped("planned_date"))

        weekly = dates(2)
        weeks = [(1, 7), (8, 14), (15, 21), (22, 28), (29, 30)]  # 1 June 2026 is a Monday
        self.assertEqual(
            [sum(first <= day.day <= last for day in weekly) for first, last in weeks],
            [1, 1, 1, 1, 1],
            f"one visit in each week with a working day, the week of 15–21 June included: {weekly}",
        )
        half_monthly = dates(3)
        self.assertEqual(len(half_monthly), 2)
        self.assertLessEqual(half_monthly[0].day, 15)
        self.assertGreater(half_monthly[1].day, 15)
        every_third = [working.index(day) for day in dates(1)]
        self.assertEqual(len(every_third), 7, "21 working days: every third one")
        self.assertEqual({b - a for a, b in zip(every_third, every_third[1:], strict=False)}, {3})
        self.assertEqual([len(dates(level)) for level in (4, 5)], [1, 1], "monthly: once")
        per_day = Counter(plan.line_ids.mapped("planned_date"))
        self.assertLessEqual(max(per_day.values()), 2, f"the person's days are balanced: {sorted(per_day.items())}")
        count = len(plan.line_ids)
        plan.action_generate()
        self.assertEqual(len(plan.line_ids), count, "a second generation adds nothing")

    def test_cv3_long_intervals_depend_on_last_visit(self):
        """CV-3 / CV-5: a monthly-or-longer interval plans a visit only when the customer is due."""
        level_4 = self.tier_customers[3]  # every month for the account manager
        visit = self._visit(level_4, self.visitor, date(2026, 9, 29))
        visit.with_user(self.visitor).action_done()
        plan = self._plan(self.visitor, OCTOBER)
        plan.action_generate()
        self.assertEqual(len(plan.line_ids.filtered(lambda line: line.partner_id == level_4)), 1, "due 29 October")
        rule = self.env["visit.frequency.rule"].search(
            [("tier_id", "=", self.tiers[3].id), ("role", "=", "salesperson")]
        )
        rule.write({"interval_number": 3})
        november = self._plan(self.visitor, date(2026, 11, 1))
        november.action_generate()
        self.assertFalse(
            november.line_ids.filtered(lambda line: line.partner_id == level_4 and line.origin == "frequency"),
            "every 3 months: next due 29 December, nothing in November",
        )
        december = self._plan(self.visitor, date(2026, 12, 1))
        december.action_generate()
        self.assertEqual(
            len(december.line_ids.filtered(lambda line: line.partner_id == level_4 and line.origin == "frequency")), 1
        )

    def test_cv3_carry_over_once(self):
        """CV-3 / CV-10: last month's unfinished line and open promise are carried over once, marked as such."""
        september = self._plan(self.visitor, SEPTEMBER)
        customer = self.tier_customers[4]
        unfinished, done = self.env["visit.plan.line"].create(
            [
                {
                    "plan_id": september.id,
                    "partner_id": customer.id,
                    "planned_date": "2026-09-15",
                    "purpose": "payment",
                },
                {"plan_id": september.id, "partner_id": customer.id, "planned_date": "2026-09-16"},
            ]
        )
        visit = self._visit(customer, self.visitor, date(2026, 9, 16), plan_line_id=done.id)
        visit.with_user(self.visitor).action_done()
        self.assertEqual(done.mark, "done", "CV-8: a done visit marks its line ★")
        promise = self.env["visit.promise"].create(
            {"name": "送样品", "partner_id": customer.id, "user_id": self.visitor.id, "due_date": "2026-09-20"}
        )
        plan = self._plan(self.visitor, OCTOBER)
        plan.action_generate()
        carried = plan.line_ids.filtered(lambda line: line.origin == "carry_over")
        self.assertEqual(carried.carried_line_id, unfinished, "only the unfinished line is carried over")
        self.assertEqual(carried.purpose, "payment")
        promised = plan.line_ids.filtered(lambda line: line.origin == "promise")
        self.assertEqual(promised.promise_id, promise)
        self.assertEqual(promised.note, "送样品")
        self.assertNotIn(promised.planned_date, HOLIDAYS_2026)
        count = len(plan.line_ids)
        plan.action_generate()
        self.assertEqual(len(plan.line_ids), count, "a second generation adds nothing")
        self.env["visit.plan"]._cv_generate_monthly_plans(OCTOBER)
        self.assertEqual(len(plan.line_ids), count, "nor does the generation of every plan")

    def test_cv3_carried_over_work_spread_over_the_first_working_days(self):
        """CV-3 / X-4: last month's unfinished visits fall on the first working days of the month, one after the
        other (October 2026: 8, 9, the make-up Saturday 10, 12 and 13), not all on the first day."""
        september = self._plan(self.visitor, SEPTEMBER)
        self.env["visit.plan.line"].create(
            [
                {"plan_id": september.id, "partner_id": customer.id, "planned_date": f"2026-09-{day}"}
                for day, customer in zip(
                    (14, 15, 16, 17, 18, 21), [*self.tier_customers, self.tier_customers[0]], strict=True
                )
            ]
        )
        plan = self._plan(self.visitor, OCTOBER)
        plan.action_generate()
        carried = plan.line_ids.filtered(lambda line: line.origin == "carry_over")
        self.assertEqual(len(carried), 6)
        first_days = [date(2026, 10, day) for day in (8, 9, 10, 12, 13)]
        self.assertEqual(sorted(set(carried.mapped("planned_date"))), first_days)
        self.assertEqual(carried.sorted("planned_date")[-1].planned_date, date(2026, 10, 13))
        self.company.cv_carry_over_days = 2
        november = self._plan(self.visitor, date(2026, 11, 1))
        plan.line_ids.filtered(lambda line: line.origin != "carry_over").unlink()
        november.action_generate()
        self.assertEqual(
            set(november.line_ids.filtered(lambda line: line.origin == "carry_over").mapped("planned_date")),
            {date(2026, 11, 2), date(2026, 11, 3)},
        )

    def test_cv3_generation_for_all_salespeople_query_count(self):
        """CV-3 / Q-15: generating every salesperson's plans costs as many queries for 100 customers as for 10."""
        Partner = self.env["res.partner"]

        def add_customers(count):
            Partner.create(
                [
                    {
                        "name": f"批量客户 {n}",
                        "is_company": True,
                        "user_id": self.other_salesperson.id,
                        "cc_region_id": self.district.id,
                        "cc_tier_id": self.tiers[n % 5].id,
                    }
                    for n in range(count)
                ]
            )

        def measure(month):
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            plans = self.env["visit.plan"]._cv_generate_monthly_plans(month)
            self.env.flush_all()
            return self.cr.sql_log_count - before, plans

        add_customers(10)
        measure(date(2026, 6, 1))  # warm-up: caches of the registry and references
        queries_10, plans_10 = measure(date(2026, 7, 1))
        add_customers(90)
        queries_100, plans_100 = measure(date(2026, 8, 1))
        mine = plans_100.filtered(lambda plan: plan.user_id == self.other_salesperson)
        self.assertGreater(len(mine.line_ids), 100, "the 100 customers were planned")
        self.assertEqual(len(plans_10), len(plans_100), "one plan per salesperson")
        # Odoo's create inserts 100 rows per query: one more query per 100 lines, nothing per customer
        extra_batches = ceil(len(plans_100.line_ids) / 100) - ceil(len(plans_10.line_ids) / 100)
        self.assertLessEqual(queries_100, queries_10 + extra_batches, (queries_10, queries_100, extra_batches))

    def test_cv4_period_with_approved_plan_refused(self):
        """CV-4: a plan for a month that already has an approved plan is refused."""
        plan = self._plan(self.visitor, OCTOBER)
        plan.action_generate()
        plan.with_user(self.visitor).action_submit()
        approve_with_comment(plan, self.sales_manager)
        self.assertEqual(plan.state, "approved")
        with self.assertRaises(UserError):
            self._plan(self.visitor, date(2026, 10, 15))
        other = self._plan(self.visitor, SEPTEMBER)
        with self.assertRaises(UserError):
            other.with_user(self.visitor).date_from = OCTOBER
        self.assertEqual(other.date_from, SEPTEMBER)

    def test_cv1_cv2_deadlines(self):
        """CV-1 / CV-2 / CC-25: monthly plans are due before the 28th of the month before, annual plans before
        28 December of the year before; the day is a company setting."""
        monthly = self._plan(self.visitor, OCTOBER)
        annual = self._plan(self.visitor, date(2027, 3, 1), plan_type="annual")
        self.assertEqual(monthly.deadline, date(2026, 9, 28))
        self.assertEqual(annual.date_from, date(2027, 1, 1))
        self.assertEqual(annual.deadline, date(2026, 12, 28))
        self.env.company.cv_plan_due_day = 25
        self.assertEqual(monthly.deadline, date(2026, 9, 25))

    def test_cv14_customers_without_salesperson_listed(self):
        """CV-14: a tiered customer nobody is responsible for is listed, a customer with a salesperson is not."""
        orphan = self.env["res.partner"].create(
            {"name": "无人负责客户", "is_company": True, "cc_tier_id": self.tiers[2].id, "cc_region_id": self.region.id}
        )
        action = self.env.ref("client_visit.res_partner_action_no_salesperson")
        listed = self.env["res.partner"].with_user(self.visit_manager).search(safe_eval(action.domain))
        self.assertIn(orphan, listed)
        self.assertNotIn(self.tier_customers[0], listed)

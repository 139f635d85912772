from collections import Counter
from datetime import date
from math import ceil

from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, tagged

from odoo.addons.customer_comm.tests.common import approve_with_comment

from .common import ClientVisitCase

YEAR_2027 = date(2027, 1, 1)
FEBRUARY_2027 = date(2027, 2, 1)


@tagged("post_install", "-at_install")
class TestAnnualPlan(ClientVisitCase, TransactionCase):
    """CV-1: the annual plan from the frequency matrix and the tiers, approved by the responsible manager."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["customer.role.assignment"].create(
            {"user_id": cls.area_manager.id, "role": "branch_gm", "region_id": cls.area.id}
        )
        cls.annual = cls._plan(cls.visitor, YEAR_2027, plan_type="annual", region_id=cls.region.id)
        cls.annual.with_user(cls.visitor).action_generate()

    def _lines(self, plan, level, month=None):
        customer = self.tier_customers[level - 1]
        return plan.line_ids.filtered(
            lambda line: line.partner_id == customer and (not month or line.planned_date.month == month)
        )

    def test_cv1_annual_plan_generated_from_matrix(self):
        """CV-1 / CV-5: one line per customer and month with the month's visits; due 28 December 2026."""
        self.assertEqual(self.annual.deadline, date(2026, 12, 28))
        self.assertEqual(len(self.annual.line_ids), 5 * 12, "five monthly-or-shorter intervals: every month")
        # 2027 has no public holidays loaded yet (the State Council publishes them late in 2026): Monday to Friday
        self.assertEqual(self._lines(self.annual, 1, 2).month_visits, 7, "every third of February's 20 working days")
        self.assertEqual(self._lines(self.annual, 1, 3).month_visits, 8, "every third of March's 23 working days")
        self.assertEqual(self._lines(self.annual, 2, 2).month_visits, 4, "weekly: 4 weeks with a working day")
        self.assertEqual(self._lines(self.annual, 2, 3).month_visits, 5, "March 2027 touches 5 weeks")
        self.assertEqual(self._lines(self.annual, 3, 2).month_visits, 2, "every half month")
        self.assertEqual(self._lines(self.annual, 1, 2).planned_count, 7, "the compliance report counts the visits")
        count = len(self.annual.line_ids)
        self.annual.action_generate()
        self.assertEqual(len(self.annual.line_ids), count, "a second generation adds nothing")

    def test_cv1_long_intervals_spread_over_the_year(self):
        """CV-1 / CV-5: a customer visited every 3 months is planned in January, April, July and October."""
        rule = self.env["visit.frequency.rule"].search(
            [("tier_id", "=", self.tiers[3].id), ("role", "=", "salesperson")]
        )
        rule.interval_number = 3
        plan = self._plan(self.other_salesperson, YEAR_2027, plan_type="annual", role="salesperson")
        self.tier_customers[3].user_id = self.other_salesperson
        plan.action_generate()
        months = sorted(line.planned_date.month for line in plan.line_ids)
        self.assertEqual(months, [1, 4, 7, 10])

    def test_cv1_approved_by_responsible_manager_not_by_owner(self):
        """CV-1 / Q-10: the branch general manager approves the annual plan; its owner cannot."""
        self.annual.with_user(self.visitor).action_submit()
        self.assertEqual(self.annual.review_ids.reviewer_ids, self.area_manager)
        with self.assertRaises(AccessError):
            self.annual.with_user(self.visitor).validate_tier()
        approve_with_comment(self.annual, self.area_manager)
        self.assertEqual(self.annual.state, "approved")

    def test_cv2_monthly_plan_broken_down_from_approved_annual_plan(self):
        """CV-1 / CV-2: once the annual plan is approved, the monthly plan follows it (the visits the
        manager approved for the month), not the matrix."""
        self._lines(self.annual, 1, 2).with_user(self.visitor).month_visits = 5
        self._lines(self.annual, 5, 2).with_user(self.visitor).unlink()
        draft_month = self._plan(self.visitor, FEBRUARY_2027)
        draft_month.action_generate()
        counts = Counter(line.partner_id for line in draft_month.line_ids)
        self.assertEqual(counts[self.tier_customers[0]], 7, "annual plan not approved: the matrix applies")
        self.annual.with_user(self.visitor).action_submit()
        approve_with_comment(self.annual, self.area_manager)
        draft_month.with_user(self.visitor).action_cancel()
        february = self._plan(self.visitor, FEBRUARY_2027)
        february.action_generate()
        counts = Counter(line.partner_id for line in february.line_ids)
        self.assertEqual(counts[self.tier_customers[0]], 5, "the month's visits of the approved annual plan")
        self.assertEqual(counts[self.tier_customers[1]], 4)
        self.assertNotIn(self.tier_customers[4], counts, "a customer-month removed from the annual plan")


@tagged("post_install", "-at_install")
class TestNewRegionPlan(ClientVisitCase, TransactionCase):
    def test_cv1_new_region_without_annual_plan_flagged(self):
        """CV-1: a region created less than 3 months ago without an annual plan is listed for the managers;
        an annual plan of the region (or of its parent) removes it; an older region is not listed."""
        Region = self.env["customer.region"]
        new_region = Region.create({"name": "苏南片区", "level": "region", "parent_id": self.area.id})
        new_district = Region.create({"name": "无锡", "level": "district", "parent_id": new_region.id})
        old_region = Region.create({"name": "老片区", "level": "region", "parent_id": self.area.id})
        self.env.cr.execute(
            "UPDATE customer_region SET create_date = now() - interval '4 months' WHERE id = %s", [old_region.id]
        )
        old_region.invalidate_recordset(["create_date"])
        action = self.env.ref("client_visit.customer_region_action_no_plan")
        listed = Region.with_user(self.visit_manager).search([("cv_plan_missing", "=", True)])
        self.assertEqual(action.domain, "[('cv_plan_missing', '=', True)]")
        self.assertIn(new_region, listed)
        self.assertIn(new_district, listed)
        self.assertNotIn(old_region, listed)
        self.assertTrue(new_region.cv_plan_missing)
        next_year = date.today().replace(month=1, day=1).replace(year=date.today().year + 1)
        self._plan(self.visitor, next_year, plan_type="annual", role="branch_sales_manager", region_id=new_region.id)
        listed = Region.with_user(self.visit_manager).search([("cv_plan_missing", "=", True)])
        self.assertNotIn(new_region, listed)
        self.assertNotIn(new_district, listed, "the region's plan covers its districts")
        self.env.company.cv_new_region_plan_months = 6
        self.assertIn(old_region, Region.search([("cv_plan_missing", "=", True)]), "the delay is a setting")


@tagged("post_install", "-at_install")
class TestAnnualPlanQueries(ClientVisitCase, TransactionCase):
    def test_cv1_annual_generation_and_breakdown_query_count(self):
        """CV-1 / Q-15: generating an annual plan, and a month broken down from it, costs as many queries for
        100 customers as for 10."""
        Partner = self.env["res.partner"]

        def add_customers(user, count):
            Partner.create(
                [
                    {
                        "name": f"年度客户 {n}",
                        "is_company": True,
                        "user_id": user.id,
                        "cc_region_id": self.district.id,
                        "cc_tier_id": self.tiers[n % 5].id,
                    }
                    for n in range(count)
                ]
            )

        def measure(user, year):
            annual = self._plan(user, year, plan_type="annual")
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            annual.action_generate()
            self.env.flush_all()
            annual_queries = self.cr.sql_log_count - before
            annual.with_user(user).action_submit()
            approve_with_comment(annual, self.area_manager)
            monthly = self._plan(user, year.replace(month=3))
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            monthly.action_generate()
            self.env.flush_all()
            return annual_queries, self.cr.sql_log_count - before, annual, monthly

        self.env["customer.role.assignment"].create(
            {"user_id": self.area_manager.id, "role": "branch_gm", "region_id": self.area.id}
        )
        add_customers(self.salesperson, 10)
        measure(self.salesperson, date(2027, 1, 1))  # warm-up: caches of the registry and references
        add_customers(self.other_salesperson, 10)
        annual_10, monthly_10, *_plans = measure(self.other_salesperson, date(2027, 1, 1))
        add_customers(self.sales_manager, 100)
        annual_100, monthly_100, annual, monthly = measure(self.sales_manager, date(2027, 1, 1))
        self.assertEqual(len(annual.line_ids), 100 * 12)
        self.assertEqual(
            len(monthly.line_ids),
            sum(annual.line_ids.filtered(lambda line: line.planned_date.month == 3).mapped("month_visits")),
        )
        # Odoo's create inserts 100 rows per query: one more query per 100 lines, nothing per customer
        self.assertLessEqual(annual_100, annual_10 + ceil(1200 / 100) - ceil(120 / 100), (annual_10, annual_100))
        self.assertLessEqual(monthly_100, monthly_10 + ceil(len(monthly.line_ids) / 100), (monthly_10, monthly_100))

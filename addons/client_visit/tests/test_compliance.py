from contextlib import contextmanager
from datetime import date, timedelta

from odoo import fields
from odoo.tests import TransactionCase, freeze_time, tagged

from .common import ClientVisitCase


@tagged("post_install", "-at_install")
class TestCompliance(ClientVisitCase, TransactionCase):
    def _line(self, partner, role="salesperson"):
        return self.env["visit.compliance"].search([("partner_id", "=", partner.id), ("role", "=", role)])

    def test_cv6_last_visit_next_due_overdue(self):
        """CV-6: a done visit sets the customer's last visit and next due date for the role; the daily job
        flags the customer overdue once the date passes, and a second run changes nothing."""
        level_2 = self.tier_customers[1]  # account manager: every week; branch GM: every month
        visit = self._visit(level_2, self.visitor, date(2026, 10, 12))
        visit.with_user(self.visitor).action_done()
        line = self._line(level_2)
        self.assertEqual(line.last_visit_date, date(2026, 10, 12))
        self.assertEqual(line.next_due_date, date(2026, 10, 19))
        gm_line = self._line(level_2, "branch_gm")
        self.assertFalse(gm_line.last_visit_date, "the branch GM has not been there")
        self.assertFalse(self._line(self.tier_customers[3], "regional_manager"), "level 4: no regional manager rule")
        with freeze_time("2026-10-20"):
            self.env["visit.compliance"]._cron_refresh()
            self.assertTrue(line.overdue)
            self.assertIn(line, self.env["visit.compliance"].with_user(self.visitor).search([("overdue", "=", True)]))
            self.assertEqual(self.env["visit.compliance"]._cv_refresh(), 0, "a second run changes nothing")
        self.assertFalse(
            self.env["visit.compliance"].with_user(self.other_salesperson).search([("id", "=", line.id)]),
            "Q-9: another salesperson does not see it",
        )

    def test_cv6_never_visited_customer_overdue_one_interval_after_it_came_under_the_rule(self):
        """CV-6: a customer created 10 weeks ago with a monthly rule and no visit is overdue; its due date
        does not move from run to run; a new tier starts a new interval from the day it is set."""
        level_4 = self.env.ref("customer_comm.customer_tier_level_4")  # account manager: every month
        today = fields.Date.context_today(self.env["visit.compliance"])
        customer = self.env["res.partner"].create(
            {
                "name": "十周前的新客户",
                "is_company": True,
                "user_id": self.visitor.id,
                "cc_region_id": self.district.id,
                "cc_tier_id": level_4.id,
            }
        )
        Compliance = self.env["visit.compliance"]
        Compliance._cv_refresh(customer)
        line = self._line(customer)
        self.assertEqual(line.next_due_date, fields.Date.add(today, months=1))
        self.assertFalse(line.overdue)
        ten_weeks_later = today + timedelta(weeks=10)
        with freeze_time(ten_weeks_later):
            Compliance._cron_refresh()
            self.assertTrue(line.overdue, "created 10 weeks ago, monthly rule, never visited")
            self.assertEqual(line.next_due_date, fields.Date.add(today, months=1), "the due date does not move")
            self.assertEqual(Compliance._cv_refresh(customer), 0, "a second run changes nothing")
            # the customer moves to a tier visited every half month by its salesperson... from today on
            customer.cc_tier_id = self.env.ref("customer_comm.customer_tier_level_3")
            self.assertEqual(customer.cv_rule_since, ten_weeks_later)
            Compliance._cv_refresh(customer)
            self.assertEqual(line.next_due_date, ten_weeks_later + timedelta(days=15))
            self.assertFalse(line.overdue)
            customer.cc_tier_id = self.env.ref("customer_comm.customer_tier_level_3")
            self.assertEqual(customer.cv_rule_since, ten_weeks_later, "setting the same tier again changes nothing")
        with freeze_time(ten_weeks_later + timedelta(days=16)):
            Compliance._cron_refresh()
            self.assertTrue(line.overdue)

    def test_cv6_new_lines_in_one_insert_with_their_customer_columns(self):
        """CV-6 / Q-15: the lines of a first run go in one insert whatever their number, each with the
        customer's salesperson, region and tier (the stored related columns), and a company check."""
        customers = self.env["res.partner"].create(
            [
                {
                    "name": f"首次巡检客户 {i}",
                    "is_company": True,
                    "user_id": self.visitor.id,
                    "cc_region_id": self.district.id,
                    "cc_tier_id": self.tier_customers[i % len(self.tier_customers)].cc_tier_id.id,
                }
                for i in range(80)
            ]
        )
        Compliance = self.env["visit.compliance"]
        queries = []
        with contextmanager(self._patchExecute)(queries):
            created = Compliance._cv_refresh(customers)
        inserts = [query for query in queries if 'INSERT INTO "visit_compliance"' in str(query)]
        self.assertEqual(len(inserts), 1, inserts)
        lines = Compliance.search([("partner_id", "in", customers.ids)])
        self.assertEqual(len(lines), created)
        self.assertGreater(created, 100, "more lines than one of Odoo's INSERT batches")
        for line in lines:
            self.assertEqual(line.salesperson_id, self.visitor)
            self.assertEqual(line.region_id, self.district)
            self.assertEqual(line.tier_id, line.partner_id.cc_tier_id)
            self.assertEqual(line.company_id, self.env.company)
        self.assertEqual(Compliance._cv_refresh(customers), 0, "a second run changes nothing")

    def test_cv5_customers_without_tier_owe_a_visit_every_quarter(self):
        """CV-5, seed 000 (普通客户至少每季度探望一次): a customer without a tier is due for its salesperson's visit
        three months after the last one; a company that is not a customer of the suite is not followed, nor
        a partner that Odoo counts as a customer of any company (its sales rank) without a channel role."""
        ordinary = self.env["res.partner"].create(
            {
                "name": "未分级客户",
                "is_company": True,
                "user_id": self.visitor.id,
                "cc_region_id": self.district.id,
                "cc_channel_type": "direct",
            }
        )
        supplier = self.env["res.partner"].create({"name": "原料供应商", "is_company": True})
        shared_buyer = self.env["res.partner"].create(
            {"name": "Shared Buyer Inc", "is_company": True, "customer_rank": 3}
        )
        self._visit(ordinary, self.visitor, date(2026, 6, 10)).with_user(self.visitor).action_done()
        line = self._line(ordinary)
        self.assertEqual((line.last_visit_date, line.next_due_date), (date(2026, 6, 10), date(2026, 9, 10)))
        self.assertEqual(line.rule_id, self.env.ref("client_visit.visit_frequency_rule_untiered_salesperson"))
        self.assertIn("Customers without a tier", line.rule_id.display_name)
        self.assertEqual(self.env["visit.compliance"].search_count([("partner_id", "=", ordinary.id)]), 1)
        self.env["visit.compliance"]._cv_refresh(partners=supplier | shared_buyer)
        self.assertFalse(
            self.env["visit.compliance"].search_count([("partner_id", "in", (supplier | shared_buyer).ids)])
        )
        with freeze_time("2026-09-11"):
            self.env["visit.compliance"]._cron_refresh()
            self.assertTrue(line.overdue)

    def test_cv5_in_depth_visits_floor_per_month(self):
        """CV-5, seed 000: each month the branch sales manager visits at least 3 distinct customers in depth;
        the months below the floor are listed; the role and the number are company settings."""
        today = fields.Date.context_today(self.env["customer.visit"])
        month = today.replace(day=1)
        Report = self.env["visit.in.depth.month"]

        def row():
            self.env.flush_all()
            Report.invalidate_model()
            return Report.search([("user_id", "=", self.sales_manager.id), ("month", "=", month)])

        self.assertEqual((row().customer_count, row().required_count, row().below_floor), (0, 3, True))
        first, second, third = self.tier_customers[:3]
        for customer, in_depth in ((first, True), (first, True), (second, True), (third, False)):
            self._visit(customer, self.sales_manager, today, in_depth=in_depth).with_user(
                self.sales_manager
            ).action_done()
        self.assertEqual((row().customer_count, row().below_floor), (2, True))
        self.company.cv_in_depth_floor = 2
        self.assertFalse(row().below_floor)
        self.assertFalse(
            Report.with_user(self.visitor).search([("user_id", "=", self.sales_manager.id)]),
            "a salesperson does not read the managers' figures",
        )
        self.company.cv_in_depth_role = "branch_gm"
        self.assertFalse(row(), "only the holders of the company's chosen role owe in-depth visits")

from datetime import date, datetime

from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase, freeze_time, new_test_user, tagged

from .common import MANAGER, USER, CustomerCommCase


class WarningCase(CustomerCommCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.regional_manager = new_test_user(cls.env, login="cc_rm", groups=USER, name="孙大区")
        cls.branch_gm = new_test_user(cls.env, login="cc_bgm", groups=USER, name="周总经理")
        cls.gm = new_test_user(cls.env, login="cc_gm", groups=MANAGER, name="吴总")
        cls.env["customer.role.assignment"].create(
            [
                {"user_id": cls.regional_manager.id, "role": "regional_manager", "region_id": cls.area.id},
                {"user_id": cls.branch_gm.id, "role": "branch_gm", "region_id": cls.region.id},
                {"user_id": cls.gm.id, "role": "gm"},
            ]
        )
        cls.product = cls.env["product.product"].create({"name": "抛光砖", "list_price": 100.0, "taxes_id": False})
        cls.Warning = cls.env["customer.warning"].sudo()

    def _orders(self, partner, amounts_by_day, company=None):
        """Confirmed orders of ``partner``: {date: untaxed amount}."""
        company = company or self.env.company
        orders = (
            self.env["sale.order"]
            .with_company(company)
            .create(
                [
                    {
                        "partner_id": partner.id,
                        "company_id": company.id,
                        "order_line": [(0, 0, {"product_id": self.product.id, "price_unit": amount, "tax_ids": False})],
                    }
                    for amount in amounts_by_day.values()
                ]
            )
        )
        orders.action_confirm()
        for order, day in zip(orders, amounts_by_day, strict=True):
            order.date_order = datetime.combine(day, datetime.min.time())
        self.env.flush_all()
        return orders

    def _found(self, partner, company=None):
        found = self.Warning._detect(company or self.env.company)
        return {wtype: value for (pid, wtype), value in found.items() if pid == partner.id}


@tagged("post_install", "-at_install")
class TestWarningDetection(WarningCase, TransactionCase):
    def setUp(self):
        super().setUp()
        self.customer.credit_limit = 0  # the credit rules are tested elsewhere

    @freeze_time("2026-06-20")
    def test_cc16_purchases_below_last_month_at_same_point(self):
        """CC-16: this month's purchases under last month's at the same day, by the configured margin."""
        self._orders(self.customer, {date(2026, 5, 5): 50000, date(2026, 6, 3): 10000})
        found = self._found(self.customer)
        self.assertIn("progress", found)
        self.assertIn("10,000.00", found["progress"][1])
        self.assertIn("50,000.00", found["progress"][1])
        self.env.company.cc_progress_margin_pct = 90  # only a 90 % drop counts now
        self.assertNotIn("progress", self._found(self.customer))

    @freeze_time("2026-06-20")
    def test_cc17_churn_after_own_interval_with_floor(self):
        """CC-17: silent longer than twice its usual 10-day interval (floor 30 days) → churn."""
        self._orders(self.customer, {date(2026, 2, 1): 1000, date(2026, 2, 11): 1000, date(2026, 2, 21): 1000})
        severity, figures = self._found(self.customer)["churn"]
        self.assertEqual(severity, "severe")  # 119 days > 2 x 30
        self.assertIn("119", figures)
        self.env.company.cc_churn_floor_days = 200
        self.assertNotIn("churn", self._found(self.customer))

    @freeze_time("2026-06-20")
    def test_cc19_abnormal_jump_against_own_history(self):
        """CC-19: the last 30 days far above the customer's own monthly average → review."""
        history = {date(2026, m, 10): 10000 for m in (1, 2, 3, 4, 5)}
        self._orders(self.customer, {**history, date(2026, 6, 15): 90000})
        self.assertIn("abnormal", self._found(self.customer))
        self.env.company.cc_abnormal_jump_factor = 20
        self.assertNotIn("abnormal", self._found(self.customer))

    @freeze_time("2026-06-20")
    def test_cc18_dependence_on_one_customer_and_top_three(self):
        """CC-18: one customer above 20 % of sales, top three above 40 %."""
        company = self.env["res.company"].create(
            {"name": "依赖测试公司", "currency_id": self.env.company.currency_id.id}
        )
        self.env.user.company_ids |= company
        big = self.customer
        small = self.env["res.partner"].create([{"name": f"小客户{i}", "is_company": True} for i in range(10)])
        self._orders(big, {date(2026, 6, 1): 50000}, company)
        for partner in small:
            self._orders(partner, {date(2026, 6, 2): 5000}, company)
        found = self.Warning.with_company(company)._detect(company)
        self.assertIn("50.0%", found[(big.id, "dependence")][1])
        top_three = [key for key in found if key[1] == "dependence"]
        self.assertEqual(len(top_three), 3, "the top three customers are flagged together")

    def test_q15_detection_queries_do_not_grow_with_customers(self):
        """Q-15 / CC-14: detection runs in the same number of queries for 10 and 100 customers."""
        counts = []
        for size in (10, 100):
            company = self.env["res.company"].create(
                {"name": f"规模{size}", "currency_id": self.env.company.currency_id.id}
            )
            self.env.user.company_ids |= company
            partners = self.env["res.partner"].create(
                [{"name": f"客户{size}-{i}", "is_company": True} for i in range(size)]
            )
            orders = (
                self.env["sale.order"]
                .with_company(company)
                .create(
                    [
                        {
                            "partner_id": partner.id,
                            "company_id": company.id,
                            "order_line": [(0, 0, {"product_id": self.product.id, "price_unit": 1000 + i})],
                        }
                        for i, partner in enumerate(partners)
                    ]
                )
            )
            orders.action_confirm()
            orders.write({"date_order": datetime(2025, 1, 1)})
            warnings = self.Warning.with_company(company)
            self.assertTrue(warnings._detect(company), "every customer is silent since 2025")
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            found = warnings._detect(company)
            counts.append(self.env.cr.sql_log_count - before)
            self.assertEqual(len([key for key in found if key[1] == "churn"]), size)
        self.assertEqual(counts[0], counts[1], f"queries for 10 and 100 customers: {counts}")


@tagged("post_install", "-at_install")
class TestWarningLifecycle(WarningCase, TransactionCase):
    def _receivable_invoice(self, amount):
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.customer.id,
                "invoice_line_ids": [(0, 0, {"name": "抛光砖", "quantity": 1, "price_unit": amount, "tax_ids": False})],
            }
        )
        invoice.action_post()
        return invoice

    def _receivable_warning(self):
        return self.Warning.search([("partner_id", "=", self.customer.id), ("warning_type", "=", "receivable")])

    def test_cc15_receivable_warning_updates_then_closes_itself(self):
        """CC-14 / CC-15: one warning per customer and type, updated by later runs, closed when cleared."""
        self._receivable_invoice(85000)
        self.Warning._detect_and_apply(self.env.company)
        warning = self._receivable_warning()
        self.assertEqual(len(warning), 1)
        self.assertEqual(warning.severity, "warning")
        self.assertIn("85,000.00", warning.figures)
        self.assertIn("100,000.00", warning.figures)
        self.assertIn("85%", warning.figures)
        self.Warning._detect_and_apply(self.env.company)
        self.assertEqual(self._receivable_warning(), warning, "a second run does not duplicate")
        self._receivable_invoice(20000)
        self.Warning._detect_and_apply(self.env.company)
        self.assertEqual(self._receivable_warning(), warning)
        self.assertEqual(warning.severity, "severe")
        self.customer.credit_limit = 1000000
        self.Warning._detect_and_apply(self.env.company)
        self.assertEqual(warning.state, "resolved")
        self.assertTrue(warning.closed_automatically)
        self.assertIn("cleared", warning.handling_measure)

    def test_cc20_assigned_by_tier_matrix(self):
        """CC-20 (seed 004): level 2 → marketing director; level 1 → regional manager; configurable."""
        self._receivable_invoice(90000)
        self.Warning._detect_and_apply(self.env.company)
        warning = self._receivable_warning()
        self.assertEqual((warning.role, warning.user_id), ("marketing_director", self.director))
        self.assertTrue(warning.activity_ids.filtered(lambda a: a.user_id == self.director))
        self.env["customer.warning.rule"].create({"tier_level": 1, "warning_type": "churn", "role": "branch_gm"})
        rules = self.env["customer.warning.rule"]
        self.assertEqual(rules._role_for(1, "receivable", self.env.company), "regional_manager")
        self.assertEqual(rules._role_for(1, "churn", self.env.company), "branch_gm")

    def test_cc20_unacknowledged_warning_escalates_one_role_up(self):
        """CC-20: after the configured working days without acknowledgement, one role up, once."""
        self._receivable_invoice(90000)
        with freeze_time("2026-02-13"):  # Friday before the Spring Festival holidays
            self.Warning._detect_and_apply(self.env.company)
        warning = self._receivable_warning()
        self.assertEqual(warning.role, "marketing_director")
        with freeze_time("2026-02-14"):  # make-up working day: only one working day has passed
            self.Warning._cron_escalate()
        self.assertEqual(warning.role, "marketing_director")
        with freeze_time("2026-02-24"):  # 14 Feb and 24 Feb are the 2 working days after the 13th
            self.Warning._cron_escalate()
            self.Warning._cron_escalate()
        # one role up is the sales VP; nobody holds it here, so the GM gets it
        self.assertEqual((warning.role, warning.user_id), ("gm", self.gm))
        self.assertEqual(warning.escalation_count, 1, "a second run the same day does not escalate again")

    def test_cc14_only_the_assignee_or_a_manager_handles_it(self):
        """CC-14 / Q-10: acknowledge and resolve are refused to others; resolving needs a measure."""
        self._receivable_invoice(90000)
        self.Warning._detect_and_apply(self.env.company)
        warning = self._receivable_warning()
        with self.assertRaises(AccessError):
            warning.with_user(self.salesperson).action_acknowledge()
        with self.assertRaises(AccessError):
            warning.with_user(self.salesperson).write({"state": "resolved"})
        with self.assertRaises(AccessError):
            warning.with_user(self.other_salesperson).read(["figures"])
        as_director = warning.with_user(self.director)
        as_director.action_acknowledge()
        self.assertEqual(warning.state, "acknowledged")
        with self.assertRaises(UserError):
            as_director.action_resolve()
        as_director.handling_measure = "已约谈客户，月底前回款五万元"
        as_director.action_resolve()
        self.assertEqual((warning.state, warning.resolved_by_id), ("resolved", self.director))
        with self.assertRaises(UserError):
            as_director.action_resolve()

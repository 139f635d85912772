"""CC-13 … CC-15 / X-7: the credit exposure and warning analyses equal the ORM's figures, in the user's scope."""

from odoo import fields
from odoo.tests import TransactionCase, new_test_user, tagged

from .common import MANAGER, USER


@tagged("post_install", "-at_install")
class TestCreditAndWarningAnalysis(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.Report = cls.env["customer.credit.report"]
        cls.shanghai = cls.env.ref("customer_comm.customer_region_shanghai")
        cls.jiancai = cls.env.ref("customer_comm.partner_demo_shanghai_jiancai")
        cls.hangzhou = cls.env.ref("customer_comm.partner_demo_hangzhou_taoci")

    def test_cc15_receivables_equal_the_credit_figure_of_each_customer(self):
        """CC-15: each customer's open and overdue receivable is the figure Odoo's credit banner and the early
        warnings read (``_cc_receivables``), customer by customer, on the demo data."""
        rows = self.Report.search([("company_id", "=", self.company.id)])
        self.assertTrue(rows.filtered("receivable"), "the demo customers have open receivables")
        expected = self.env["res.partner"]._cc_receivables(self.company)
        self.assertEqual(
            {row.partner_id.id: row.receivable for row in rows if row.receivable},
            {pid: amount for pid, amount in expected.items() if amount},
        )
        today = fields.Date.context_today(self.Report)
        overdue = self.env["res.partner"]._cc_receivables(self.company, due_before=today)
        self.assertEqual(
            {row.partner_id.id: row.overdue for row in rows if row.overdue},
            {pid: amount for pid, amount in overdue.items() if amount},
        )
        [[total]] = self.Report._read_group([("company_id", "=", self.company.id)], [], ["receivable:sum"])
        self.assertAlmostEqual(total, sum(expected.values()), places=2)

    def test_cc13_credit_limits_and_customers_above_them(self):
        """CC-13: the limit is the customer's credit limit in the company; a receivable above it counts the
        customer above the limit and the excess."""
        customer = self.env["res.partner"].create(
            {"name": "苏州新客户", "is_company": True, "cc_region_id": self.shanghai.id, "credit_limit": 1000.0}
        )
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": customer.id,
                "invoice_line_ids": [fields.Command.create({"name": "瓷砖", "price_unit": 1500.0, "tax_ids": False})],
            }
        )
        invoice.action_post()
        row = self.Report.search([("partner_id", "=", customer.id), ("company_id", "=", self.company.id)])
        receivable = self.env["res.partner"]._cc_receivables(self.company)[customer.id]
        self.assertEqual(receivable, 1500.0)
        self.assertEqual((row.credit_limit, row.receivable), (1000.0, receivable))
        self.assertEqual((row.over_limit, row.over_limit_count), (receivable - 1000.0, 1))
        self.assertAlmostEqual(row.usage_rate, receivable / 1000.0 * 100, places=2)
        limited = self.env["res.partner"].with_company(self.company).search([("credit_limit", ">", 0)])
        self.assertEqual(
            set(self.Report.search([("credit_limit", ">", 0), ("company_id", "=", self.company.id)]).partner_id.ids),
            set(limited.commercial_partner_id.ids),
        )

    def test_x7_a_region_manager_sees_the_customers_of_the_region(self):
        """X-7: a branch sales manager of 上海片区 sees the exposure of that region's customers only; a
        company-wide manager sees every customer."""
        manager = new_test_user(self.env, login="cc_sh_bsm", groups=USER)
        self.env["customer.role.assignment"].create(
            {"user_id": manager.id, "role": "branch_sales_manager", "region_id": self.shanghai.id}
        )
        seen = self.Report.with_user(manager).search([])
        self.assertIn(self.jiancai, seen.partner_id)
        self.assertNotIn(self.hangzhou, seen.partner_id)
        self.assertEqual(seen.region_id, self.shanghai)
        director = new_test_user(self.env, login="cc_dir", groups=MANAGER)
        self.assertEqual(
            self.Report.with_user(director).search_count([]),
            self.Report.search_count([("company_id", "=", director.company_id.id)]),
            "every customer of the director's company",
        )

    def test_cc14_warning_analysis_counts_and_ages_the_warnings(self):
        """CC-14: one row per warning, open ones counted, the age from the first detection to today while
        open; a salesperson sees the warnings of their own customers only."""
        Warning = self.env["customer.warning"]
        today = fields.Date.context_today(Warning)
        warnings = Warning.create(
            [
                {"partner_id": self.jiancai.id, "warning_type": "receivable", "figures": "1"},
                {
                    "partner_id": self.hangzhou.id,
                    "warning_type": "churn",
                    "figures": "2",
                    "first_detected_date": fields.Date.subtract(today, days=40),
                },
            ]
        )
        Analysis = self.env["customer.warning.report"]
        self.assertEqual(Analysis.search_count([]), Warning.search_count([]))
        [[count, open_count]] = Analysis._read_group([], [], ["__count", "open_count:sum"])
        self.assertEqual(
            (count, open_count),
            (Warning.search_count([]), Warning.search_count([("state", "in", ("open", "acknowledged"))])),
        )
        old = Analysis.search([("warning_id", "=", warnings[1].id)])
        self.assertEqual((old.age_days, old.age), (40, "quarter"))
        salesperson = self.env.ref("customer_comm.user_demo_salesperson_sh")
        self.assertEqual(self.jiancai.user_id, salesperson)
        seen = Analysis.with_user(salesperson).search([])
        self.assertIn(warnings[0], seen.warning_id)
        self.assertNotIn(warnings[1], seen.warning_id, "another salesperson's customer")

"""DR-16 … DR-22: the rebate analysis and the sales concentration equal the ORM's figures; the concentration
is readable by rebate and sales managers without invoicing rights."""

from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestRebateAnalysis(TransactionCase):
    def test_accrued_approved_posted_paid_equal_the_settlements(self):
        """DR-16 … DR-20: by component and period, the accrued, approved, posted and paid rebates are the
        settlements' amounts (cancelled ones left out, paid as the settlement's own flag reads it), with the
        average completion ratio and conduct deductions; on the demo data."""
        settlements = self.env["dealer.rebate.settlement"].search([("state", "!=", "cancel")])
        self.assertTrue(settlements.filtered(lambda s: s.state == "posted"), "the demo has posted rebates")
        Analysis = self.env["dealer.rebate.report"]
        expected = {}
        for settlement in settlements:
            key = (settlement.component, settlement.period)
            accrued, approved, posted, paid = expected.get(key, (0.0, 0.0, 0.0, 0.0))
            amount = settlement.amount
            expected[key] = (
                accrued + amount,
                approved + (amount if settlement.state in ("approved", "posted") else 0.0),
                posted + (amount if settlement.state == "posted" else 0.0),
                paid + (amount if settlement.is_paid else 0.0),
            )
        got = Analysis._read_group(
            [],
            ["component", "period"],
            ["accrued_amount:sum", "approved_amount:sum", "posted_amount:sum", "paid_amount:sum"],
        )
        self.assertEqual(
            {(c, p): tuple(round(v, 2) for v in values) for c, p, *values in got},
            {key: tuple(round(v, 2) for v in values) for key, values in expected.items()},
        )
        [[ratio, coefficient]] = Analysis._read_group([], [], ["completion_ratio:avg", "coefficient:avg"])
        self.assertAlmostEqual(ratio, sum(settlements.mapped("completion_ratio")) / len(settlements), places=6)
        self.assertAlmostEqual(coefficient, sum(settlements.mapped("coefficient")) / len(settlements), places=6)

    def test_paid_when_the_payable_is_reconciled(self):
        """DR-20: a posted rebate counts as paid once its payable line is reconciled (offset or payment)."""
        posted = self.env["dealer.rebate.settlement"].search([("state", "=", "posted")])
        unpaid = posted.filtered(lambda s: not s.is_paid)[:1]
        self.assertTrue(unpaid)
        row = self.env["dealer.rebate.report"].search([("settlement_id", "=", unpaid.id)])
        self.assertEqual((row.posted_amount, row.paid_amount), (unpaid.amount, 0.0))


@tagged("post_install", "-at_install")
class TestSalesConcentration(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.wangqiang = cls.env.ref("customer_comm.user_demo_branch_sales_manager")

    def _orm_sales(self):
        """Posted customer invoices less refunds over the company's window, by customer, with the ORM."""
        since = fields.Date.context_today(self.env.user) - timedelta(days=self.company.cc_dependence_window_days)
        groups = self.env["account.move.line"]._read_group(
            [
                ("company_id", "=", self.company.id),
                ("move_id.move_type", "in", ("out_invoice", "out_refund")),
                ("parent_state", "=", "posted"),
                ("display_type", "=", "product"),
                ("move_id.invoice_date", ">=", since),
            ],
            ["move_id.commercial_partner_id"],
            ["balance:sum"],
        )
        return {partner.id: -balance for partner, balance in groups if balance}

    def test_dr22_shares_and_top_three_equal_the_invoices(self):
        """DR-22: each customer's sales and share of the company's sales over the rolling window, the top three
        together, with the company's limits beside them; on the demo data."""
        sales = self._orm_sales()
        self.assertGreaterEqual(len(sales), 3, "the demo has invoiced customers")
        rows = self.env["dealer.concentration.report"].search([("company_id", "=", self.company.id)])
        self.assertEqual(
            {row.partner_id.id: round(row.amount, 2) for row in rows}, {k: round(v, 2) for k, v in sales.items()}
        )
        total = sum(sales.values())
        ranked = sorted(sales.values(), reverse=True)
        self.assertAlmostEqual(sum(rows.mapped("share")), 100.0, places=6)
        self.assertEqual(rows.sorted("rank")[0].amount, ranked[0])
        self.assertAlmostEqual(rows[0].top_three_share, sum(ranked[:3]) / total * 100, places=6)
        [[top_three]] = self.env["dealer.concentration.report"]._read_group(
            [("company_id", "=", self.company.id), ("is_top_three", "=", True)], [], ["share:sum"]
        )
        self.assertAlmostEqual(top_three, rows[0].top_three_share, places=6)
        self.assertEqual(
            set(rows.mapped("single_limit")) | set(rows.mapped("top_three_limit")),
            {self.company.cc_dependence_single_pct, self.company.cc_dependence_top3_pct},
        )
        first = rows.sorted("rank")[0]
        self.assertEqual(
            first.above_limit,
            first.share > self.company.cc_dependence_single_pct
            or first.top_three_share > self.company.cc_dependence_top3_pct,
        )

    def test_dr22_sales_managers_read_it_without_invoicing_rights(self):
        """DR-22: 王强 (branch sales manager, no invoicing rights) and a sales manager without rebate rights
        read the concentration; a salesperson does not."""
        self.assertFalse(self.wangqiang.has_group("account.group_account_invoice"))
        Concentration = self.env["dealer.concentration.report"]
        self.assertTrue(Concentration.with_user(self.wangqiang).search([]))
        sales_manager = new_test_user(
            self.env,
            login="dr_sales_all",
            groups="sales_team.group_sale_salesman_all_leads,customer_comm.customer_comm_group_user",
        )
        self.assertEqual(
            Concentration.with_user(sales_manager).search_count([]),
            Concentration.search_count([("company_id", "=", sales_manager.company_id.id)]),
        )
        salesperson = self.env.ref("customer_comm.user_demo_salesperson_sh")
        self.assertFalse(Concentration.with_user(salesperson).has_access("read"))


@tagged("post_install", "-at_install")
class TestConcentrationInBrowser(HttpCase):
    def test_dr22_wangqiang_opens_the_concentration(self):
        """DR-22: 王强 opens 销售集中度 from the menu in Chromium: the graph of the shares, no access error."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["dealer_rebate"], ["zh_CN"])
        code = """
            (async () => {
                for (let i = 0; i < 200; i++) {
                    if (document.querySelector(".o_graph_renderer canvas")) {
                        break;
                    }
                    await new Promise((resolve) => setTimeout(resolve, 100));
                }
                const title = document.querySelector(".o_breadcrumb").innerText;
                if (!document.querySelector(".o_graph_renderer canvas") || !title.includes("销售集中度")) {
                    console.error("no concentration graph: " + title);
                } else if (document.querySelector(".o_error_dialog")) {
                    console.error("an error dialog is shown");
                } else {
                    console.log("test successful");
                }
            })();
        """
        self.browser_js("/odoo/action-dealer_rebate.dealer_concentration_action", code, login="wangqiang", timeout=120)

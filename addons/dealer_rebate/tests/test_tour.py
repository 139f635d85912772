from dateutil.relativedelta import relativedelta

from odoo import Command, fields
from odoo.tests import HttpCase, tagged

from odoo.addons.dealer_rebate.models.dealer_rebate_computation import period_bounds


@tagged("post_install", "-at_install")
class TestRebateTour(HttpCase):
    """DR-11 → DR-16 in the web client, in Chinese, by the demo users of each role: the salesperson
    records a violation, the branch sales manager computes the quarter and submits it, the market
    department manager and finance approve it, finance posts it and opens the journal entry."""

    def test_dr16_violation_to_journal_entry_by_the_demo_users(self):
        ref = self.env.ref
        today = fields.Date.context_today(self.env["res.partner"])
        quarter_start, _end = period_bounds(today, "quarter")
        months = [quarter_start + relativedelta(months=k) for k in range(3)]
        dealer = self.env["res.partner"].create(
            {
                "name": "宁波巡检饲料经销部",
                "is_company": True,
                "user_id": ref("customer_comm.user_demo_salesperson_zj").id,
                "cc_region_id": ref("customer_comm.customer_region_zhejiang").id,
                "cc_channel_type": "dealer",
                "dr_target_system": True,
            }
        )
        dealer.sudo().dr_status = "active"
        self.env["dealer.target"].create(
            [{"partner_id": dealer.id, "month": month, "target_tons": 50} for month in months]
        )
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": dealer.id,
                "invoice_date": quarter_start,
                "invoice_line_ids": [
                    Command.create({"product_id": ref("dealer_rebate.product_demo_feed_tonne").id, "quantity": 180})
                ],
            }
        )
        invoice.action_post()

        self.start_tour(
            "/odoo/action-dealer_rebate.dealer_violation_action", "dealer_rebate_violation_tour", login="lixiaona"
        )
        violation = self.env["dealer.violation"].search([("partner_id", "=", dealer.id)])
        self.assertEqual(violation.conduct_type_id, ref("dealer_rebate.dealer_conduct_type_cross_region"))
        self.assertEqual(violation.user_id.login, "lixiaona")

        self.start_tour(
            "/odoo/action-dealer_rebate.dealer_rebate_compute_wizard_action",
            "dealer_rebate_compute_tour",
            login="wangqiang",
        )
        settlement = self.env["dealer.rebate.settlement"].search(
            [("partner_id", "=", dealer.id), ("component", "=", "completion")]
        )
        self.assertEqual(settlement.completion_ratio, 1.2, "180 t against 3 × 50 t")
        self.assertEqual(settlement.validation_status, "pending")
        url = f"/odoo/action-dealer_rebate.dealer_rebate_settlement_action/{settlement.id}"
        self.start_tour(url, "dealer_rebate_approve_tour", login="sunlijuan")
        self.assertEqual(settlement.state, "draft", "finance has not approved yet")
        self.start_tour(url, "dealer_rebate_approve_tour", login="wuxiaofang")
        self.assertEqual(settlement.state, "approved")
        self.start_tour(url, "dealer_rebate_post_tour", login="wuxiaofang")
        self.assertEqual(settlement.state, "posted")
        self.assertEqual(settlement.move_id.journal_id.code, "REB")
        self.assertEqual(settlement.move_id.amount_total, settlement.amount)
        # accounting finds the rebate entries from the rebate app and reads their journal items
        self.start_tour(
            "/odoo/action-dealer_rebate.dealer_rebate_entries_action", "dealer_rebate_entries_tour", login="wuxiaofang"
        )

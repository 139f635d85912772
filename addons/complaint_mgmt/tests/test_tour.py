from odoo import Command
from odoo.tests import HttpCase, tagged

from .common import ComplaintCase


@tagged("post_install", "-at_install")
class TestComplaintTour(ComplaintCase, HttpCase):
    def test_q7_complaint_from_registration_to_closure_in_the_web_client(self):
        """CM-1 … CM-13 / Q-7: in Chromium and in Chinese, the customer service manager registers a complaint,
        accepts it, reports a 1,000 discount, approves it, issues the draft credit note against the invoice,
        replies orally and closes the complaint."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["complaint_mgmt"], ["zh_CN"], overwrite=True)
        self.service_manager.write(
            {"lang": "zh_CN", "group_ids": [Command.link(self.env.ref("stock.group_stock_user").id)]}
        )
        tile = self.env["product.product"].create({"name": "抛光砖 600×600", "type": "consu", "taxes_id": False})
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.customer.id,
                "invoice_line_ids": [
                    Command.create({"product_id": tile.id, "quantity": 10, "price_unit": 300.0, "tax_ids": False})
                ],
            }
        )
        invoice.action_post()
        self.start_tour(
            "/odoo/action-complaint_mgmt.customer_complaint_action/new",
            "complaint_mgmt_complaint_tour",
            login="cm_csm",
        )
        complaint = self.Complaint.search([("partner_id", "=", self.customer.id)])
        self.assertEqual(len(complaint), 1)
        self.assertEqual((complaint.state, complaint.user_id), ("done", self.service_manager))
        self.assertEqual(complaint.credit_note_ids.mapped("amount_total"), [1000.0])
        self.assertEqual(complaint.credit_note_ids.state, "draft", "left for accounting to post")
        self.assertIn("已同意折让", " ".join(complaint.message_ids.mapped("body")), "the oral reply is logged")

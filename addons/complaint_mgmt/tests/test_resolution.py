from datetime import date

from lxml import etree

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import TransactionCase, freeze_time, tagged

from .common import DeliveredComplaintCase


@tagged("post_install", "-at_install")
class TestComplaintResolution(DeliveredComplaintCase, TransactionCase):
    """CM-11 … CM-13 on a real order: 10 boxes of tiles at 300 delivered on 2 Mar 2026 and invoiced."""

    def test_cm11_service_centre_finds_the_invoice_of_any_salesperson(self):
        """CM-11: the service centre picks the customer's invoice whoever sold it, and only reads it."""
        found = (
            self.env["account.move"]
            .with_user(self.service)
            .name_search(self.invoice.name, [("move_type", "=", "out_invoice"), ("state", "=", "posted")])
        )
        self.assertEqual([row[0] for row in found], self.invoice.ids)
        with self.assertRaises(AccessError):
            self.invoice.with_user(self.service).write({"ref": "改"})

    def test_cm11_resolution_editable_once_approved_frozen_while_waiting(self):
        """CM-8 / CM-11 / CM-13: in the form the invoice and the reply are frozen while the proposal waits for its
        approvers, and editable again once it is approved."""
        arch = self.Complaint.with_user(self.service).get_view(view_type="form")["arch"]
        for name in ("invoice_id", "reply"):
            readonly = etree.fromstring(arch).xpath(f"//field[@name='{name}']")[0].get("readonly")
            self.assertIn("validation_status in ('waiting', 'pending', 'rejected')", readonly)
            self.assertNotIn("validated", readonly)

    def test_cm13_no_closure_without_a_reply(self):
        """CM-13: 不允许对客户的投诉处理没有下文 — closing before replying is refused; an oral reply is logged."""
        complaint = self._approved("discount", 1000)
        with self.assertRaises(UserError) as error:
            complaint.action_close()
        self.assertIn("without a reply", str(error.exception))
        self.assertEqual(complaint.state, "approved")
        with self.assertRaises(UserError):
            complaint.action_send_reply()  # nothing written yet
        complaint.reply = "<p>经调查确认为釉面缺陷，给予 1000 元折让。</p>"
        complaint.action_send_reply()
        self.assertTrue(complaint.reply_date)
        self.assertIn("1000", complaint.message_ids[0].body)
        complaint.action_close()
        self.assertEqual(complaint.state, "done")

    def test_cm13_letter_complaint_gets_a_letter(self):
        """CM-13: a complaint received by letter is answered by a letter printed from the complaint."""
        complaint = self._approved("discount", 1000, channel="letter", investigation="<p>内部调查：窑温失控</p>")
        complaint.reply = "<p>回函内容</p>"
        html = self.env["ir.actions.report"]._render_qweb_html("complaint_mgmt.report_complaint_reply", complaint.ids)[
            0
        ]
        self.assertIn("回函内容", html.decode())
        self.assertNotIn("窑温失控", html.decode(), "the internal form is never sent to the customer")
        complaint.with_context(force_report_rendering=True).action_send_reply()
        letter = self.env["ir.attachment"].search([("res_model", "=", complaint._name), ("res_id", "=", complaint.id)])
        self.assertEqual(len(letter), 1)
        self.assertIn(complaint.name, letter.name)
        self.assertEqual(letter.raw[:5], b"%PDF-", "the reply template's report, printed")
        self.assertIn(letter, complaint.message_ids[0].attachment_ids)

    def test_cm13_email_complaint_gets_an_email(self):
        """CM-13: a complaint received by email is answered by an email queued to the customer."""
        self.customer.email = "buyer@shjc.example.com"
        complaint = self._approved("discount", 1000, channel="email")
        complaint.reply = "<p>邮件回复</p>"
        complaint.action_send_reply()
        mails = self.env["mail.mail"].search([("model", "=", complaint._name), ("res_id", "=", complaint.id)])
        self.assertIn("邮件回复", " ".join(mails.mapped("body_html")))
        self.assertIn(self.customer, mails.recipient_ids)

    def test_cm11_discount_creates_a_draft_credit_note_for_the_approved_amount(self):
        """CM-11: a draft credit note of exactly the approved amount, on the customer's invoice, for accounting."""
        complaint = self._approved("discount", 1200)
        with self.assertRaises(UserError):
            complaint.action_create_credit_note()  # no invoice chosen
        complaint.invoice_id = self.invoice
        complaint.action_create_credit_note()
        note = complaint.credit_note_ids
        self.assertEqual(note.move_type, "out_refund")
        self.assertEqual(note.state, "draft")
        self.assertEqual(note.amount_total, 1200)
        self.assertEqual(note.reversed_entry_id, self.invoice)
        self.assertEqual(note.partner_id, self.customer)
        with self.assertRaises(UserError):
            complaint.action_create_credit_note()
        with self.assertRaises(ValidationError) as error:
            note.with_user(self.accountant).invoice_line_ids.write({"price_unit": 1500})
        self.assertIn("exceed the approved amount", str(error.exception))
        note.with_user(self.accountant).action_post()
        self.assertEqual(note.state, "posted")

    def test_cm11_no_credit_note_before_approval_nor_by_sales(self):
        """CM-11 / Q-10: no credit note before the approval, and never created by a salesperson."""
        complaint = self._investigated(1000, handling="discount", invoice_id=self.invoice.id)
        with self.assertRaises(UserError):
            complaint.action_create_credit_note()
        complaint.with_user(self.service_manager).validate_tier()
        with self.assertRaises(AccessError):
            complaint.with_user(self.salesperson).action_create_credit_note()
        self.assertFalse(complaint.credit_note_ids)

    def test_cm12_return_through_odoos_wizard_and_refund_of_what_came_back(self):
        """CM-12: the return is created from the delivery; the refund follows the quantity actually received."""
        with freeze_time("2026-04-15 10:00:00"):
            with self.assertRaises(ValidationError) as error:
                self._approved("return", 900, invoice_id=self.invoice.id, return_qty=11)
            self.assertIn("exceeds what", str(error.exception))
            complaint = self._approved("return", 900, invoice_id=self.invoice.id, return_qty=3)
            complaint.action_create_return()
        back = complaint.return_picking_id
        self.assertEqual(back.picking_type_code, "incoming")
        self.assertEqual(back.move_ids.product_uom_qty, 3)
        self.assertEqual(back.move_ids.origin_returned_move_id, self.delivery.move_ids)
        with self.assertRaises(UserError):
            complaint.action_create_credit_note()  # nothing received yet
        back.move_ids.write({"quantity": 2, "picked": True})
        back.with_context(cancel_backorder=True)._action_done()
        self.assertEqual(complaint.returned_qty, 2)
        complaint.with_user(self.manager).return_certificate_waiver = "测试：证明单另行补交"
        complaint.action_create_credit_note()
        self.assertEqual(complaint.credit_note_ids.amount_total, 600, "2 boxes received back × 300")

    def test_cm12_late_return_needs_a_managers_reason(self):
        """CM-12: past 3 months from the delivery (2 Mar → 2 Jun 2026) only a manager's written reason allows it."""
        with freeze_time("2026-06-03 10:00:00"):
            complaint = self._approved("return", 600, return_qty=2)
            with self.assertRaises(UserError) as error:
                complaint.action_create_return()
            self.assertIn("2026-06-02", str(error.exception))
            self.assertFalse(complaint.return_picking_id)
            with self.assertRaises(AccessError):
                complaint.write({"return_override_reason": "老客户"})
            complaint.with_user(self.manager).return_override_reason = "重点客户，总经理同意"
            complaint.action_create_return()
        self.assertTrue(complaint.return_picking_id)
        self.assertEqual(self.delivery.date_done.date(), date(2026, 3, 2))

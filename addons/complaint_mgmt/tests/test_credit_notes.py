"""Credit notes through Odoo's reversal with their VAT, returns and exchanges as Odoo makes them (CM-11, CM-12)."""

import base64

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import TransactionCase, freeze_time, new_test_user, tagged

from .common import MANAGER, ComplaintCase


@tagged("post_install", "-at_install")
class TestComplaintCreditNotes(ComplaintCase, TransactionCase):
    """An order of 10 tiles at 300 + 13% VAT (339 each) and 4 bags of rice husk at 50, VAT-exempt, delivered
    on 2 Mar 2026 and invoiced: 3,390 + 200 = 3,590."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = new_test_user(cls.env, login="cm_cn_manager", groups=MANAGER, name="冯投诉主管")
        taxes = cls.env["account.tax"].create(
            [
                {"name": "增值税 13%", "amount": 13.0, "amount_type": "percent", "type_tax_use": "sale"},
                {"name": "免税", "amount": 0.0, "amount_type": "percent", "type_tax_use": "sale"},
            ]
        )
        cls.vat13, cls.exempt = taxes
        cls.tile, cls.husk = cls.env["product.product"].create(
            [
                {
                    "name": "抛光砖 600×600",
                    "type": "consu",
                    "list_price": 300.0,
                    "taxes_id": [Command.set(cls.vat13.ids)],
                    "invoice_policy": "order",
                },
                {
                    "name": "稻壳",
                    "type": "consu",
                    "list_price": 50.0,
                    "taxes_id": [Command.set(cls.exempt.ids)],
                    "invoice_policy": "order",
                },
            ]
        )
        cls.order = cls.env["sale.order"].create(
            {
                "partner_id": cls.customer.id,
                "order_line": [
                    Command.create({"product_id": cls.tile.id, "product_uom_qty": 10, "price_unit": 300.0}),
                    Command.create({"product_id": cls.husk.id, "product_uom_qty": 4, "price_unit": 50.0}),
                ],
            }
        )
        cls.order.action_confirm()
        cls.delivery = cls.order.picking_ids
        with freeze_time("2026-03-02 10:00:00"):
            for move in cls.delivery.move_ids:
                move.write({"quantity": move.product_uom_qty, "picked": True})
            cls.delivery.button_validate()
        cls.invoice = cls.order._create_invoices()
        cls.invoice.action_post()

    def _approved(self, handling, amount, product=None, **values):
        complaint = self._investigated(
            amount,
            handling=handling,
            sale_order_id=self.order.id,
            picking_id=self.delivery.id,
            product_id=(product or self.tile).id,
            quantity=10,
            invoice_id=self.invoice.id,
            **values,
        )
        complaint.with_user(self.service_manager).validate_tier()
        self.assertEqual(complaint.state, "approved")
        return complaint.with_user(self.service)

    def _returned(self, complaint, quantity):
        complaint.action_create_return()
        back = complaint.return_picking_id
        back.move_ids.write({"quantity": quantity, "picked": True})
        back.with_context(cancel_backorder=True)._action_done()
        return back

    def _attach_certificate(self, complaint):
        scan = (
            self.env["ir.attachment"]
            .with_user(self.service)
            .create({"name": "进货退货及折让证明单.pdf", "raw": b"%PDF-1.4 certificate", "mimetype": "application/pdf"})
        )
        complaint.write(
            {
                "return_certificate_number": "3100261130000123",
                "return_certificate_date": "2026-04-16",
                "return_certificate_attachment_ids": [Command.set(scan.ids)],
            }
        )

    def test_cm_invoice_is_taxed_as_the_order(self):
        self.assertEqual(self.invoice.amount_untaxed, 3200)
        self.assertEqual(self.invoice.amount_tax, 390)
        self.assertEqual(self.invoice.amount_total, 3590)

    def test_cm12_return_refunds_the_quantity_received_with_its_vat(self):
        """CM-12: 5 tiles received back → a credit note of 5 × 339 = 1,695 with 195 VAT, reversing the invoice."""
        with freeze_time("2026-04-15 10:00:00"):
            complaint = self._approved("return", 1695, return_qty=5)
            self._returned(complaint, 5)
            self._attach_certificate(complaint)
            complaint.action_create_credit_note()
        note = complaint.credit_note_ids
        self.assertRecordValues(
            note,
            [
                {
                    "move_type": "out_refund",
                    "state": "draft",
                    "reversed_entry_id": self.invoice.id,
                    "partner_id": self.customer.id,
                    "amount_untaxed": 1500.0,
                    "amount_tax": 195.0,
                    "amount_total": 1695.0,
                    "invoice_origin": complaint.name,
                }
            ],
        )
        invoiced = self.invoice.invoice_line_ids.filtered(lambda line: line.product_id == self.tile)
        self.assertRecordValues(
            note.invoice_line_ids,
            [
                {
                    "product_id": self.tile.id,
                    "quantity": 5.0,
                    "price_unit": 300.0,
                    "tax_ids": self.vat13.ids,
                    "account_id": invoiced.account_id.id,
                }
            ],
        )
        self.assertIn(complaint.name, note.ref)

    def test_cm12_refund_refused_without_the_certificate_then_passes_with_it(self):
        """CM-12 (seed 004): a refund for returned goods needs the customer's 进货退货及折让证明单."""
        with freeze_time("2026-04-15 10:00:00"):
            complaint = self._approved("return", 678, return_qty=2)
            self._returned(complaint, 2)
            self.assertFalse(complaint.return_certificate_ok)
            with self.assertRaises(UserError) as error:
                complaint.action_create_credit_note()
            self.assertIn("进货退货及折让证明单", str(error.exception))
            self.assertFalse(complaint.credit_note_ids)
            complaint.return_certificate_number = "3100261130000124"
            with self.assertRaises(UserError):
                complaint.action_create_credit_note()  # a number without the scan and its date is not the document
            self._attach_certificate(complaint)
            self.assertTrue(complaint.return_certificate_ok)
            complaint.action_create_credit_note()
        self.assertEqual(complaint.credit_note_ids.amount_total, 678)

    def test_cm12_only_a_manager_waives_the_certificate_and_it_is_logged(self):
        """CM-12: a complaint manager may let the refund go without the certificate, with a reason in the log."""
        with freeze_time("2026-04-15 10:00:00"):
            complaint = self._approved("return", 339, return_qty=1)
            self._returned(complaint, 1)
            with self.assertRaises(AccessError):
                complaint.write({"return_certificate_waiver": "客户已注销"})
            complaint.with_user(self.manager).write(
                {"return_certificate_waiver": "客户为小规模纳税人，税务局不出具证明单"}
            )
            complaint.action_create_credit_note()
        self.assertEqual(complaint.credit_note_ids.amount_total, 339)
        logged = complaint.message_ids.filtered(lambda message: "小规模纳税人" in (message.body or ""))
        self.assertEqual(len(logged), 1)
        self.assertEqual(logged.author_id, self.manager.partner_id)
        self.assertIn(self.manager.name, logged.body)

    def test_cm11_allowance_is_the_approved_amount_vat_included(self):
        """CM-11: a 3,000 allowance on the 13% tiles → 2,654.87 + 345.13 VAT = 3,000, the exempt line left out."""
        complaint = self._approved("discount", 3000)
        complaint.action_create_credit_note()
        note = complaint.credit_note_ids
        self.assertRecordValues(
            note, [{"amount_total": 3000.0, "amount_untaxed": 2654.87, "amount_tax": 345.13, "state": "draft"}]
        )
        self.assertEqual(note.invoice_line_ids.tax_ids, self.vat13)
        self.assertEqual(note.invoice_line_ids.quantity, 1.0)
        self.assertFalse(note.sudo().invoice_line_ids.sale_line_ids, "an allowance returns money, not units")
        self.assertEqual(self.order.order_line.mapped("qty_invoiced"), [10.0, 4.0])

    def test_cm11_allowance_over_several_tax_rates_follows_each_lines_amount(self):
        """CM-11: without a product the amount is spread over every line in proportion to its amount with VAT,
        each keeping its tax: 1,000 × 3,390 / 3,590 on the tiles (13%), 1,000 × 200 / 3,590 exempt."""
        complaint = self._approved("compensation", 1000, product=self.husk)
        complaint.sudo().product_id = False
        complaint.action_create_credit_note()
        note = complaint.credit_note_ids
        self.assertEqual(note.amount_total, 1000.0)
        by_tax = {line.tax_ids: line for line in note.invoice_line_ids}
        self.assertAlmostEqual(by_tax[self.vat13].price_total, 944.29, delta=0.01)
        self.assertAlmostEqual(by_tax[self.exempt].price_total, 55.71, delta=0.01)
        self.assertEqual(by_tax[self.exempt].price_subtotal, by_tax[self.exempt].price_total)

    def test_cm11_allowance_larger_than_the_invoice_is_refused(self):
        complaint = self._approved("compensation", 3500, product=self.husk)
        with self.assertRaises(UserError) as error:
            complaint.action_create_credit_note()  # the husk lines are worth 200
        self.assertIn("exceeds invoice", str(error.exception))
        self.assertFalse(complaint.credit_note_ids)

    def test_cm12_two_partial_returns_never_exceed_the_delivery(self):
        """CM-12: a second complaint on the same delivery returns at most what the first one left."""
        with freeze_time("2026-04-15 10:00:00"):
            first = self._approved("return", 2034, return_qty=6)
            second = self._approved("return", 1695, return_qty=5)  # 6 + 5 > 10, not returned yet: accepted
            self._returned(first, 6)
            self.assertEqual(second.returnable_qty, 4)
            with self.assertRaises(ValidationError) as error:
                second.action_create_return()
            self.assertIn("4.0 of 10.0", str(error.exception))
            self.assertFalse(second.return_picking_id)
            with self.assertRaises(ValidationError):
                self._complaint(picking_id=self.delivery.id, product_id=self.tile.id, quantity=10, return_qty=5)
        returned = sum(self.delivery.move_ids.returned_move_ids.mapped("product_uom_qty"))
        self.assertEqual(returned, 6)

    def test_cm12_replacement_is_odoos_exchange(self):
        """CM-12: a replacement returns the goods and delivers the same quantity again (Odoo's exchange)."""
        with freeze_time("2026-04-15 10:00:00"):
            complaint = self._approved("replacement", 0, return_qty=2)
            complaint.action_create_return()
        back, exchange = complaint.return_picking_id, complaint.exchange_picking_id
        self.assertEqual(back.picking_type_code, "incoming")
        self.assertEqual(back.move_ids.product_uom_qty, 2)
        self.assertEqual(exchange.picking_type_code, "outgoing")
        self.assertEqual(exchange.partner_id, self.delivery.partner_id)
        self.assertRecordValues(exchange.move_ids, [{"product_id": self.tile.id, "product_uom_qty": 2.0}])
        self.assertIn(complaint.name, " ".join(exchange.message_ids.mapped("body")))
        with self.assertRaises(AccessError):
            complaint.write({"exchange_picking_id": back.id})

    def test_cm12_certificate_scan_is_a_file_of_the_complaint(self):
        """The certificate's scan is stored like the evidence: readable by the service centre, kept apart."""
        with freeze_time("2026-04-15 10:00:00"):
            complaint = self._approved("return", 339, return_qty=1)
            self._attach_certificate(complaint)
        scan = complaint.return_certificate_attachment_ids
        self.assertEqual(base64.b64decode(scan.with_user(self.service).datas), b"%PDF-1.4 certificate")
        self.assertFalse(complaint.evidence_ids)

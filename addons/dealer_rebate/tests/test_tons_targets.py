from datetime import date, datetime

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import Form, TransactionCase, freeze_time, tagged

from .common import MAY, DealerRebateCase


@tagged("post_install", "-at_install")
class TestTonsAndTargets(DealerRebateCase, TransactionCase):
    def _tons(self, partners, date_from=date(2026, 5, 1), date_to=date(2026, 5, 31)):
        return self.policy._dealer_tons(set(partners.ids), date_from, date_to)

    def test_dr5_kilograms_bags_and_tonnes_give_the_same_tons(self):
        """DR-5: 2,000 kg, 50 bags of 40 kg and 2,000 kg of a product kept in tonnes are all 2 t."""
        by_kg, by_bag, tonne_in_kg, by_tonne = (self._make_dealer(f"经销商{i}") for i in range(4))
        self._invoice(by_kg, MAY, [(self.feed_kg, 2000, None)])
        self._invoice(by_bag, MAY, [(self.feed_bag, 50, None)])
        self._invoice(tonne_in_kg, MAY, [(self.feed, 2000, self.kilogram)])
        self._invoice(by_tonne, MAY, [(self.feed, 2, None)])
        tons, unconvertible = self._tons(by_kg | by_bag | tonne_in_kg | by_tonne)
        for dealer in (by_kg, by_bag, tonne_in_kg, by_tonne):
            self.assertEqual(tons[dealer.id, MAY][0], 2.0, dealer.name)
        self.assertFalse(unconvertible)

    def test_dr5_product_weights_in_pounds_convert_through_the_pound(self):
        """DR-5: with product weights in pounds (Odoo's ``product.weight_in_lbs``), 50 bags of 40 lb are 0.907 t."""
        self.env["ir.config_parameter"].sudo().set_param("product.weight_in_lbs", "1")
        self._invoice(self.dealer, MAY, [(self.feed_bag, 50, None), (self.feed_kg, 1000, None)])
        tons, _unconvertible = self._tons(self.dealer)
        # 2,000 lb × 0.45359237 kg + 1,000 kg (a weight unit is not affected by the setting)
        self.assertEqual(tons[self.dealer.id, MAY][0], 1.907)

    def test_dr5_credit_note_reduces_tons_and_drafts_do_not_count(self):
        """DR-5: posted invoices net of credit notes; draft invoices are not volume."""
        self._invoice(self.dealer, MAY, [(self.feed, 10, None)])
        self._invoice(self.dealer, MAY, [(self.feed, 3, None)], refund=True)
        self._invoice(self.dealer, MAY, [(self.feed, 50, None)], post=False)
        tons, _unconvertible = self._tons(self.dealer)
        self.assertEqual(tons[self.dealer.id, MAY][0], 7.0)

    def test_dr5_lines_without_tons_are_reported_not_dropped(self):
        """DR-5: a line neither in a weight unit nor with a product weight is returned as such."""
        invoice = self._invoice(self.dealer, MAY, [(self.feed, 4, None), (self.no_weight, 5, None)])
        tons, unconvertible = self._tons(self.dealer)
        self.assertEqual(tons[self.dealer.id, MAY][0], 4.0)
        self.assertEqual(
            unconvertible, invoice.invoice_line_ids.filtered(lambda line: line.product_id == self.no_weight)
        )

    def test_dr5_rebate_manager_sees_which_lines_have_no_tons(self):
        """DR-5: the rebate manager, who may not open invoices, reads on the settlement which lines lack tons."""
        invoice = self._invoice(self.dealer, MAY, [(self.feed, 4, None), (self.no_weight, 5, None)])
        settlement = self._settle("month", MAY, self.dealer)[0]
        self.assertFalse(self.rebate_manager.has_group("account.group_account_invoice"))
        summary = settlement.with_user(self.rebate_manager).unconvertible_summary
        self.assertIn(invoice.name, summary)
        self.assertIn(self.no_weight.display_name, summary)
        self.assertNotIn(self.feed.display_name, summary)
        self.assertEqual(len(summary.splitlines()), 1)

    def test_dr7_category_weight_multiplies_weighted_tons(self):
        """DR-7: concentrates at twice the complete-feed rate count as double weighted tons."""
        concentrate = self.env["product.product"].create(
            {"name": "猪浓缩料", "type": "consu", "uom_id": self.tonne.id, "categ_id": self.concentrate_category.id}
        )
        self.policy.category_weight_ids = [(0, 0, {"categ_id": self.concentrate_category.id, "weight": 2.0})]
        self._invoice(self.dealer, MAY, [(self.feed, 10, None), (concentrate, 5, None)])
        tons, _unconvertible = self._tons(self.dealer)
        self.assertEqual(tons[self.dealer.id, MAY], (15.0, 20.0))

    def test_dr6_negative_target_refused_and_one_per_month(self):
        """DR-6 / Q-8: a target is not negative; a dealer has one target per month."""
        Target = self.env["dealer.target"].with_user(self.rebate_salesperson)
        with self.assertRaisesRegex(ValidationError, "cannot be negative"), self.env.cr.savepoint():
            Target.create({"partner_id": self.dealer.id, "month": MAY, "target_tons": -5})
        target = Target.create({"partner_id": self.dealer.id, "month": date(2026, 5, 17), "target_tons": 5})
        self.assertEqual(target.month, MAY)

    @freeze_time("2026-04-20")
    def test_dr6_suggested_target_is_the_three_year_average_and_low_targets_flagged(self):
        """DR-6: May of 2023-2025 sold 90, 100, 110 t: 100 t suggested; 85 t (more than 10% below) is flagged."""
        for year, tons in ((2023, 90), (2024, 100), (2025, 110)):
            self._invoice(self.dealer, date(year, 5, 20), [(self.feed, tons, None)])
        self._invoice(self.dealer, date(2025, 6, 20), [(self.feed, 500, None)])  # another month: ignored
        form = Form(self.env["dealer.target"].with_user(self.rebate_salesperson))
        form.partner_id = self.dealer
        form.month = MAY
        form.target_tons = 85
        self.assertEqual(form.suggested_tons, 100)
        target = form.save()
        self.assertEqual(target.suggested_tons, 100)
        self.assertTrue(target.below_suggestion)
        self.assertIn("100", target.message_ids[0].body)
        target.target_tons = 95
        self.assertFalse(target.below_suggestion)
        self.policy.target_margin_pct = 0
        target.invalidate_recordset(["below_suggestion"])
        target.action_refresh_suggestion()
        target.target_tons = 99
        self.assertTrue(target.below_suggestion)


@tagged("post_install", "-at_install")
class TestDeliveredTons(DealerRebateCase, TransactionCase):
    """DR-5: the policy may count done deliveries net of returns instead of invoices."""

    def _ship(self, partner, lines, picking_type, source, destination):
        picking = self.env["stock.picking"].create(
            {
                "partner_id": partner.id,
                "picking_type_id": picking_type.id,
                "location_id": source.id,
                "location_dest_id": destination.id,
                "move_ids": [
                    Command.create(
                        {
                            "product_id": product.id,
                            "product_uom_qty": quantity,
                            "product_uom": (uom or product.uom_id).id,
                            "location_id": source.id,
                            "location_dest_id": destination.id,
                        }
                    )
                    for product, quantity, uom in lines
                ],
            }
        )
        picking.action_confirm()
        for move in picking.move_ids:
            move.quantity = move.product_uom_qty
        picking.button_validate()
        self.assertEqual(picking.state, "done")
        picking.move_ids.write({"date": datetime(2026, 5, 12, 3, 0)})
        return picking

    def test_dr5_deliveries_net_of_returns_convert_like_invoices(self):
        warehouse = self.env["stock.warehouse"].search([("company_id", "=", self.company.id)], limit=1)
        stock, customers = warehouse.lot_stock_id, self.env.ref("stock.stock_location_customers")
        self.policy.tons_source = "deliveries"
        self._invoice(self.dealer, MAY, [(self.feed, 99, None)])  # invoices no longer count
        delivery = self._ship(
            self.dealer,
            [(self.feed, 20, None), (self.feed_kg, 500, None), (self.feed_bag, 25, None), (self.no_weight, 5, None)],
            warehouse.out_type_id,
            stock,
            customers,
        )
        self._ship(self.dealer, [(self.feed, 2, None)], warehouse.in_type_id, customers, stock)
        tons, unconvertible = self.policy._dealer_tons({self.dealer.id}, MAY, date(2026, 5, 31))
        # 20 t + 500 kg + 25 bags of 40 kg − 2 t returned
        self.assertEqual(tons[self.dealer.id, MAY][0], 19.5)
        self.assertEqual(unconvertible, delivery.move_ids.filtered(lambda move: move.product_id == self.no_weight))
        settlement = self._settle("month", MAY, self.dealer)[0]
        self.assertEqual(settlement.amount, round(19.5 * 140, 2))
        self.assertEqual(settlement.unconvertible_move_ids, unconvertible)
        self.assertFalse(settlement.unconvertible_line_ids)
        self.assertIn(unconvertible.reference, settlement.with_user(self.rebate_manager).unconvertible_summary)

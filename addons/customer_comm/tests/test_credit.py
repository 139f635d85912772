from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, TransactionCase, tagged

from .common import CustomerCommCase


@tagged("post_install", "-at_install")
class TestCreditRequest(CustomerCommCase, TransactionCase):
    def _request(self, new_limit, user=None):
        return (
            self.env["customer.credit.request"]
            .with_user(user or self.salesperson)
            .create({"partner_id": self.customer.id, "new_credit_limit": new_limit, "reason": "扩大合作"})
        )

    def test_cc11_applied_only_after_branch_manager_approval(self):
        """CC-11 / X-3: the partner changes only once the branch sales manager approved."""
        request = self._request(150000)
        self.assertEqual(request.current_credit_limit, 100000)
        self.assertEqual(request.sales_manager_id, self.sales_manager)
        self.assertFalse(request.needs_director)
        with self.assertRaises(ValidationError):
            request.action_apply()  # no approval asked yet
        request.request_validation()
        self.assertEqual(len(request.review_ids), 1)
        with self.assertRaises(AccessError):
            request.validate_tier()  # the salesperson cannot approve their own request
        with self.assertRaises(ValidationError):
            request.action_apply()
        self.assertEqual(self.customer.credit_limit, 100000)
        request.with_user(self.sales_manager).validate_tier()
        self.assertEqual(request.state, "approved")
        self.assertEqual(self.customer.credit_limit, 150000)
        applied = request.message_ids[0].body.replace(",", "")
        self.assertIn("100000", applied)
        self.assertIn("150000", applied)
        # CC-9: the partner's chatter, readable by everyone, links to the request without the figures
        partner_note = self.customer.message_ids[0].body.replace(",", "")
        self.assertIn(request.name, partner_note)
        self.assertNotIn("150000", partner_note)

    def test_cc11_large_increase_also_needs_marketing_director(self):
        """CC-11: above the configured amount the marketing director approves after the manager."""
        request = self._request(250000)
        self.assertTrue(request.needs_director)
        request.request_validation()
        self.assertEqual(len(request.review_ids), 2)
        with self.assertRaises(AccessError):
            request.with_user(self.director).validate_tier()  # not their turn yet
        request.with_user(self.sales_manager).validate_tier()
        self.assertEqual(request.state, "draft")
        self.assertEqual(self.customer.credit_limit, 100000)
        request.with_user(self.director).validate_tier()
        self.assertEqual(request.state, "approved")
        self.assertEqual(self.customer.credit_limit, 250000)

    def test_cc11_threshold_is_company_data(self):
        """X-2: raising the director amount removes the director step."""
        self.company.cc_credit_director_amount = 500000
        self.assertFalse(self._request(250000).needs_director)

    def test_cc11_rejected_request_changes_nothing(self):
        """CC-11: a rejection leaves the partner as it was."""
        request = self._request(150000)
        request.request_validation()
        request.with_user(self.sales_manager).reject_tier()
        self.assertEqual(request.validation_status, "rejected")
        with self.assertRaises(ValidationError):
            request.action_apply()
        self.assertEqual(self.customer.credit_limit, 100000)

    def test_cc11_negative_limit_refused(self):
        """Q-8: a negative limit is refused."""
        with self.assertRaises(ValidationError):
            self._request(-1)

    def test_q9_salesperson_sees_only_own_customers_requests(self):
        """Q-9 / X-7: another salesperson cannot read the request."""
        request = self._request(150000)
        with self.assertRaises(AccessError):
            request.with_user(self.other_salesperson).check_access("read")
        self.assertTrue(request.with_user(self.sales_manager).has_access("read"))
        self.assertTrue(request.with_user(self.finance).has_access("read"))

    def test_x3_no_holder_of_the_role_is_a_clear_error(self):
        """X-3: a chain resolving to nobody is refused instead of getting stuck."""
        self.env["customer.role.assignment"].search([("role", "=", "branch_sales_manager")]).unlink()
        request = self._request(150000)
        with self.assertRaisesRegex(Exception, "Business Roles"):
            request.request_validation()


@tagged("post_install", "-at_install")
class TestOverCreditOrder(CustomerCommCase, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.product = cls.env["product.product"].create({"name": "瓷砖", "list_price": 1000.0, "taxes_id": False})
        cls.customer.cc_credit_level_id = cls.env["customer.credit.level"].create(
            {"code": "TA", "name": "A", "default_credit_limit": 100000, "state": "approved"}
        )

    def _order(self, quantity):
        form = Form(self.env["sale.order"].with_user(self.salesperson))
        form.partner_id = self.customer
        with form.order_line.new() as line:
            line.product_id = self.product
            line.product_uom_qty = quantity
            line.price_unit = 1000.0
            line.tax_ids.clear()
        return form.save()

    def test_cc12_within_limit_confirms_without_approval(self):
        """CC-12: exposure under the limit needs no approval."""
        order = self._order(50)
        self.assertFalse(order.cc_over_credit)
        order.action_confirm()
        self.assertEqual(order.state, "sale")

    def test_cc12_exposure_counts_confirmed_uninvoiced_orders(self):
        """CC-12: confirmed, not yet invoiced orders count in the exposure."""
        self._order(60).action_confirm()
        order = self._order(50)
        self.assertEqual(order.cc_credit_exposure, 110000)
        self.assertTrue(order.cc_over_credit)

    def test_cc12_over_credit_order_cannot_be_confirmed_by_any_path(self):
        """CC-12: neither the salesperson nor an admin, by button or write, confirms before approval."""
        order = self._order(110)
        self.assertTrue(order.cc_over_credit)
        self.assertFalse(order.cc_needs_director)
        with self.assertRaises(ValidationError):
            order.action_confirm()
        with self.assertRaises(ValidationError):
            order.with_user(self.env.ref("base.user_admin")).action_confirm()
        with self.assertRaises(ValidationError):
            order.sudo().write({"state": "sale"})
        self.assertEqual(order.state, "draft")
        order.request_validation()
        with self.assertRaises(AccessError):
            order.validate_tier()
        order.with_user(self.sales_manager).validate_tier()
        order.action_confirm()
        self.assertEqual(order.state, "sale")

    def test_cc12_order_created_or_imported_confirmed_is_checked_too(self):
        """CC-12: creating or importing an order directly as confirmed does not skip the approval."""
        line = {"product_id": self.product.id, "product_uom_qty": 110, "price_unit": 1000.0, "tax_ids": False}
        Order = self.env["sale.order"].with_user(self.salesperson)
        with self.assertRaises(ValidationError):
            Order.create({"partner_id": self.customer.id, "state": "sale", "order_line": [(0, 0, line)]})
        result = Order.load(
            ["partner_id/.id", "state", "order_line/product_id/.id", "order_line/product_uom_qty"],
            [[str(self.customer.id), "sale", str(self.product.id), "110"]],
        )
        self.assertFalse(result["ids"], result["messages"])
        self.assertEqual(result["messages"][0]["type"], "error")
        self.assertFalse(Order.search([("partner_id", "=", self.customer.id)]), "nothing was created")
        within = Order.create(
            {"partner_id": self.customer.id, "state": "sale", "order_line": [(0, 0, dict(line, product_uom_qty=10))]}
        )
        self.assertEqual(within.state, "sale", "within the limit an order may still be created confirmed")

    def test_cc12_large_overshoot_needs_marketing_director(self):
        """CC-12: above the configured overshoot the marketing director approves too."""
        order = self._order(130)
        self.assertTrue(order.cc_needs_director)
        order.request_validation()
        order.with_user(self.sales_manager).validate_tier()
        with self.assertRaises(ValidationError):
            order.action_confirm()
        order.with_user(self.director).validate_tier()
        order.action_confirm()
        self.assertEqual(order.state, "sale")

    def test_cc12_no_credit_limit_means_no_check(self):
        """CC-12: a customer without a limit is not blocked (Odoo's default stays untouched)."""
        self.customer.credit_limit = 0
        order = self._order(1000)
        self.assertFalse(order.cc_over_credit)
        order.action_confirm()
        self.assertEqual(order.state, "sale")

    def test_cc12_only_customers_under_credit_management(self):
        """CC-10 / CC-12: without a credit level Odoo's own credit warning applies, without blocking."""
        self.customer.cc_credit_level_id = False
        order = self._order(110)
        self.assertFalse(order.cc_over_credit)
        order.action_confirm()
        self.assertEqual(order.state, "sale")

    def test_cc10_salesperson_cannot_set_a_credit_level_directly(self):
        """CC-10 / CC-11: levels change through approved requests, not by editing the partner."""
        with self.assertRaises(AccessError):
            self.customer.with_user(self.salesperson).cc_credit_level_id = False


@tagged("post_install", "-at_install")
class TestPeriodicCreditReview(CustomerCommCase, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Level = cls.env["customer.credit.level"]
        cls.level_a = Level.create(
            {"code": "TA", "name": "A", "sequence": 103, "default_credit_limit": 200000, "state": "approved"}
        )
        cls.level_b = Level.create(
            {"code": "TB", "name": "B", "sequence": 104, "default_credit_limit": 50000, "state": "approved"}
        )
        cls.customer.cc_credit_level_id = cls.level_a

    def _invoice(self, days_ago):
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.customer.id,
                "invoice_date": fields.Date.today() - timedelta(days=days_ago),
                "invoice_date_due": fields.Date.today() - timedelta(days=days_ago),
                "invoice_line_ids": [(0, 0, {"name": "瓷砖", "quantity": 1, "price_unit": 30000, "tax_ids": False})],
            }
        )
        invoice.action_post()
        return invoice

    def test_cc13_old_overdue_receivable_proposes_a_downgrade_request(self):
        """CC-13: overdue beyond the configured days → a downgrade request that follows CC-11, once."""
        self._invoice(days_ago=30)
        Request = self.env["customer.credit.request"]
        self.assertFalse(Request._propose_downgrades(self.env.company), "30 days is within the 90 allowed")
        self._invoice(days_ago=120)
        request = Request._propose_downgrades(self.env.company)
        self.assertEqual(len(request), 1)
        self.assertEqual((request.origin, request.new_level_id), ("periodic_review", self.level_b))
        self.assertEqual(request.new_credit_limit, 50000)
        self.assertEqual(len(request.review_ids), 2, "the seed asks the sales manager and the marketing director")
        self.assertFalse(Request._propose_downgrades(self.env.company), "one open proposal per customer")
        self.assertEqual(self.customer.cc_credit_level_id, self.level_a)
        request.with_user(self.sales_manager).validate_tier()
        request.with_user(self.director).validate_tier()
        self.assertEqual(self.customer.cc_credit_level_id, self.level_b)
        self.assertEqual(self.customer.credit_limit, 50000)

from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, TransactionCase, new_test_user, tagged

from .common import FINANCE, USER, CustomerCommCase, approve_with_comment


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

    def test_x3_approved_with_comments_applies_the_new_limit(self):
        """X-3 / CC-11: approving every level through the comment wizard applies the request, as the button does."""
        request = self._request(250000)
        request.request_validation()
        approve_with_comment(request, self.sales_manager, "客户回款良好")
        self.assertEqual(request.state, "draft")
        self.assertEqual(self.customer.credit_limit, 100000)
        approve_with_comment(request, self.director, "同意")
        self.assertEqual(request.validation_status, "validated")
        self.assertEqual(request.state, "approved")
        self.assertEqual(self.customer.credit_limit, 250000)

    def test_x3_rejected_with_a_comment_changes_nothing(self):
        """X-3 / CC-11: a rejection given with a comment leaves the partner and the request as they were."""
        request = self._request(150000)
        request.request_validation()
        approve_with_comment(request, self.sales_manager, "回款逾期，暂不提额", reject=True)
        self.assertEqual(request.validation_status, "rejected")
        self.assertEqual(request.state, "draft")
        self.assertEqual(self.customer.credit_limit, 100000)

    def test_x3_comment_wizard_is_no_side_door(self):
        """X-3 / Q-10: the comment wizard called over RPC by someone else approves nothing."""
        request = self._request(150000)
        request.request_validation()
        for intruder in (self.salesperson, self.director):
            wizard = (
                self.env["comment.wizard"]
                .with_user(intruder)
                .create(
                    {
                        "res_model": request._name,
                        "res_id": request.id,
                        "review_ids": [(6, 0, request.review_ids.ids)],
                        "validate_reject": "validate",
                        "comment": "我来批",
                    }
                )
            )
            with self.assertRaises(AccessError):
                wizard.add_comment()
        self.assertEqual(request.review_ids.status, "pending")
        self.assertEqual(self.customer.credit_limit, 100000)

    def test_x1_role_handed_over_reaches_the_pending_request(self):
        """X-1 / X-3: the new holder of the branch sales manager role approves what is still pending."""
        request = self._request(150000)
        request.request_validation()
        successor = new_test_user(self.env, login="cc_bsm_new", groups=USER, name="孙经理")
        assignment = self.env["customer.role.assignment"].search(
            [("role", "=", "branch_sales_manager"), ("region_id", "=", self.region.id)]
        )
        assignment.user_id = successor
        self.assertEqual(request.sales_manager_id, successor)
        self.assertEqual(request.review_ids.reviewer_ids, successor)
        approval_type = self.env.ref("customer_comm.mail_activity_type_approval")
        self.assertEqual(
            request.activity_ids.filtered(lambda a: a.activity_type_id == approval_type).user_id,
            successor,
            "the approval to-do moved to the new holder",
        )
        with self.assertRaises(AccessError):
            request.with_user(self.sales_manager).validate_tier()
        request.with_user(successor).validate_tier()
        self.assertEqual(self.customer.credit_limit, 150000)

    def _approver_notifications(self, request):
        return self.env["mail.notification"].search(
            [
                ("res_partner_id", "=", self.sales_manager.partner_id.id),
                ("mail_message_id.model", "=", request._name),
                ("mail_message_id.res_id", "=", request.id),
            ]
        )

    def test_x5_approver_is_told_once_per_turn(self):
        """X-5: a submission tells its approver once: the step's own message, and the to-do without a second
        "assigned to you" notice; a step that posts nothing lets the to-do tell the approver."""
        approval_type = self.env.ref("customer_comm.mail_activity_type_approval")
        request = self._request(150000)
        request.request_validation()
        to_do = request.activity_ids.filtered(lambda activity: activity.activity_type_id == approval_type)
        self.assertEqual(to_do.user_id, self.sales_manager)
        notifications = self._approver_notifications(request)
        self.assertEqual(len(notifications), 1)
        requested = self.env.ref("base_tier_validation.mt_tier_validation_requested")
        self.assertEqual(notifications.mail_message_id.subtype_id, requested)

        self.env.ref("customer_comm.tier_definition_credit_request_manager").notify_on_pending = False
        silent_step = self._request(160000)
        silent_step.request_validation()
        notifications = self._approver_notifications(silent_step)
        self.assertEqual(len(notifications), 1, "the to-do's own notice, the step posting nothing")
        silent_to_do = silent_step.activity_ids.filtered(lambda activity: activity.activity_type_id == approval_type)
        self.assertIn(silent_to_do.summary, notifications.mail_message_id.body)

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
        """Q-9 / X-7: another salesperson cannot read the request; its approver can once asked."""
        request = self._request(150000)
        with self.assertRaises(AccessError):
            request.with_user(self.other_salesperson).check_access("read")
        request.request_validation()
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

    def test_cc12_odoo_banner_and_approval_agree_at_the_limit(self):
        """CC-12: at exactly the limit neither Odoo's credit banner nor the approval; one fen more, both."""
        order = self._order(100)
        self.assertEqual(order.cc_credit_exposure, 100000)
        self.assertFalse(order.partner_credit_warning)
        self.assertFalse(order.cc_over_credit)
        order.order_line.price_unit = 1000.01
        self.assertEqual(order.cc_credit_exposure, 100001)
        self.assertTrue(order.partner_credit_warning)
        self.assertTrue(order.cc_over_credit)
        with self.assertRaises(ValidationError):
            order.action_confirm()

    def test_cc12_exposure_is_odoos_credit_figures(self):
        """CC-12: the exposure is Odoo's receivable + amount to invoice + this order."""
        self._order(30).action_confirm()
        order = self._order(20)
        partner = self.customer.sudo()
        self.assertEqual(partner.credit_to_invoice, 30000)
        self.assertEqual(order.cc_credit_exposure, partner.credit + partner.credit_to_invoice + 20000)

    def test_x3_over_credit_order_approved_with_a_comment_confirms(self):
        """X-3 / CC-12: the manager's approval given with a comment lets the order be confirmed."""
        order = self._order(110)
        order.request_validation()
        approve_with_comment(order, self.sales_manager, "客户下月回款")
        self.assertEqual(order.validation_status, "validated")
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

    def test_cc13_another_companys_open_proposal_does_not_hold_this_ones(self):
        """CC-13 / X-6: the customer's open proposal in company B does not stop company A's run proposing
        its own downgrade (a company's run reads its own proposals only)."""
        company_b = self.env["res.company"].create({"name": "华南建材有限公司"})
        self.env["customer.credit.request"].with_company(company_b).create(
            {
                "partner_id": self.customer.id,
                "company_id": company_b.id,
                "origin": "periodic_review",
                "new_credit_limit": 0,
                "reason": "华南公司定期评审",
            }
        )
        self._invoice(days_ago=120)
        request = self.env["customer.credit.request"]._propose_downgrades(self.env.company)
        self.assertEqual((request.partner_id, request.company_id), (self.customer, self.env.company))

    def test_cc13_receivables_are_odoos_credit_figure(self):
        """CC-13 / CC-15: the receivable the jobs use is the partner's ``credit`` Odoo shows."""
        self._invoice(days_ago=30)
        self._invoice(days_ago=120)
        receivables = self.env["res.partner"]._cc_receivables(self.env.company)
        self.assertEqual(receivables[self.customer.id], 60000)
        self.assertEqual(receivables[self.customer.id], self.customer.credit)
        overdue = self.env["customer.credit.request"]._overdue_receivables(self.env.company)
        self.assertEqual(overdue, {self.customer.id: 30000})


@tagged("post_install", "-at_install")
class TestCreditLimitGuard(CustomerCommCase, TransactionCase):
    """CC-10 / CC-11: on a customer under credit management the limit changes only through a request."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        billing = "account.group_account_invoice"
        cls.billing_salesperson = new_test_user(
            cls.env, login="cc_sales_billing", groups=f"{USER},{billing}", name="钱业务"
        )
        cls.billing_finance = new_test_user(cls.env, login="cc_fin_billing", groups=f"{FINANCE},{billing}")
        cls.admin = cls.env.ref("base.user_admin")
        cls.customer.write(
            {
                "user_id": cls.billing_salesperson.id,
                "cc_credit_level_id": cls.env["customer.credit.level"]
                .create({"code": "TA", "name": "A", "default_credit_limit": 100000, "state": "approved"})
                .id,
            }
        )
        cls.unmanaged = cls.env["res.partner"].create(
            {"name": "宁波新客户", "is_company": True, "user_id": cls.billing_salesperson.id}
        )

    def _assert_refused(self, user, write):
        with self.assertRaisesRegex(AccessError, "credit change request"):
            write(self.customer.with_user(user))
        self.assertEqual(self.customer.credit_limit, 100000)

    def test_cc11_direct_write_and_switch_refused_for_every_user(self):
        """CC-11: a plain write, the partner-limit switch and the form's save are refused, even for admins."""
        for user in (self.billing_salesperson, self.billing_finance, self.admin):
            self._assert_refused(user, lambda partner: partner.write({"credit_limit": 999999}))
            self._assert_refused(user, lambda partner: partner.write({"use_partner_credit_limit": False}))
            self._assert_refused(user, lambda partner: partner.web_save({"credit_limit": 999999}, {}))
            self._assert_refused(user, lambda partner: partner.write({"cc_credit_level_id": False}))
        # the same users still edit the rest of the partner, and the limits of unmanaged customers
        self.customer.with_user(self.billing_salesperson).write({"phone": "021-66668888"})
        self.unmanaged.with_user(self.billing_salesperson).write({"credit_limit": 20000})
        self.assertEqual(self.unmanaged.credit_limit, 20000)

    def test_cc11_import_refused(self):
        """CC-11: an import through ``load`` changes no limit."""
        for user in (self.billing_salesperson, self.billing_finance):
            result = (
                self.env["res.partner"]
                .with_user(user)
                .load([".id", "credit_limit"], [[str(self.customer.id), "999999"]])
            )
            self.assertFalse(result["ids"])
            self.assertIn("credit change request", result["messages"][0]["message"])
        self.assertEqual(self.customer.credit_limit, 100000)

    def test_cc11_approved_request_still_applies(self):
        """CC-11: the approved request is the way the limit changes."""
        request = (
            self.env["customer.credit.request"]
            .with_user(self.billing_salesperson)
            .create({"partner_id": self.customer.id, "new_credit_limit": 150000, "reason": "旺季备货"})
        )
        request.request_validation()
        request.with_user(self.sales_manager).validate_tier()
        self.assertEqual(self.customer.credit_limit, 150000)

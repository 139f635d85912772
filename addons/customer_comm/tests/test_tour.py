from odoo.tests import HttpCase, tagged

from .common import CustomerCommCase

ACTION_URL = "/odoo/action-customer_comm.customer_credit_request_action"


@tagged("post_install", "-at_install")
class TestCreditRequestTour(CustomerCommCase, HttpCase):
    def test_cc11_credit_request_approval_in_the_web_client(self):
        """CC-11 / X-3 / Q-7: request by the salesperson, approval by the branch sales manager, in Chromium."""
        self.start_tour(ACTION_URL, "customer_comm_credit_request_tour", login="cc_sales")
        request = self.env["customer.credit.request"].search([("partner_id", "=", self.customer.id)])
        self.assertEqual(request.user_id, self.salesperson)
        self.assertEqual(request.review_ids.reviewer_ids, self.sales_manager)
        self.assertEqual(self.customer.credit_limit, 100000, "nothing changes before the approval")
        self.start_tour(f"{ACTION_URL}/{request.id}", "customer_comm_credit_approve_tour", login="cc_bsm")
        self.assertEqual(request.state, "approved")
        self.assertEqual(self.customer.credit_limit, 150000)

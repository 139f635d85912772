from odoo.tests import HttpCase, tagged

from .common import OCTOBER, ClientVisitCase


@tagged("post_install", "-at_install")
class TestVisitTour(ClientVisitCase, HttpCase):
    def test_q7_plan_submit_reject_and_visit_in_the_web_client(self):
        """CV-4 / CV-7 / Q-7: in Chromium, the salesperson submits the generated plan, the supervisor rejects it
        with a reason (chatter), and the salesperson records a visit done (communication log)."""
        plan = self._plan(self.visitor, OCTOBER)
        plan.action_generate()
        self.env["tier.definition"].search([("model", "=", "visit.plan")]).write({"has_comment": True})
        url = f"/odoo/action-client_visit.visit_plan_action/{plan.id}"
        self.start_tour(url, "client_visit_plan_submit_tour", login="cv_sales")
        self.assertEqual(plan.state, "submitted")
        self.start_tour(url, "client_visit_plan_reject_tour", login="cc_bsm")
        self.assertEqual(plan.state, "rejected")
        self.assertIn("一级客户拜访安排过于集中", " ".join(plan.message_ids.mapped("body")))
        self.start_tour(
            "/odoo/action-client_visit.customer_visit_action", "client_visit_visit_done_tour", login="cv_sales"
        )
        visit = self.env["customer.visit"].search([("partner_id", "=", self.tier_customers[0].id)])
        self.assertEqual(visit.state, "done")
        self.assertEqual(visit.communication_id.summary, "客户确认下月进货计划")

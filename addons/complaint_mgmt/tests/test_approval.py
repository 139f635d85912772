from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import TransactionCase, tagged

from .common import ComplaintCase

CSM, VP, GM = "customer_service_manager", "sales_vp", "gm"


@tagged("post_install", "-at_install")
class TestComplaintApproval(ComplaintCase, TransactionCase):
    def test_cm8_chain_follows_the_amount_around_each_threshold(self):
        """CM-8: up to 5,000 the customer service manager; above it the sales VP too; above 50,000 the GM."""
        cases = [
            (4999.99, [CSM]),
            (5000.00, [CSM]),
            (5000.01, [CSM, VP]),
            (49999.99, [CSM, VP]),
            (50000.00, [CSM, VP]),
            (50000.01, [CSM, VP, GM]),
        ]
        for amount, chain in cases:
            with self.subTest(amount=amount):
                complaint = self._investigated(amount)
                self.assertEqual(complaint.state, "investigated")
                self.assertEqual(self._chain(complaint), chain)

    def test_cm8_thresholds_are_company_settings(self):
        """X-2 / CM-8: raising the limits changes the chain of the next proposal, without code."""
        self.company.write({"cm_csm_limit": 20000.0, "cm_vp_limit": 80000.0})
        self.assertEqual(self._chain(self._investigated(15000)), [CSM])
        self.assertEqual(self._chain(self._investigated(60000)), [CSM, VP])
        with self.assertRaises(ValidationError):
            self.company.write({"cm_csm_limit": 90000.0})

    def test_cm8_return_without_amount_still_needs_the_service_manager(self):
        """CM-8 / X-3: a return is approved even when it costs nothing up front."""
        complaint = self._investigated(0, handling="return")
        self.assertEqual(self._chain(complaint), [CSM])

    def test_cm8_full_chain_approves_and_the_complaint_can_close(self):
        """CM-8: each approver in turn; the last approval moves the complaint to approved."""
        complaint = self._investigated(60000)
        complaint.with_user(self.service_manager).validate_tier()
        self.assertEqual(complaint.state, "investigated", "the sales VP and the GM have not approved")
        complaint.with_user(self.vice_president).validate_tier()
        self.assertEqual(complaint.state, "investigated")
        complaint.with_user(self.general_manager).validate_tier()
        self.assertEqual(complaint.state, "approved")
        complaint.with_user(self.service).write({"reply": "<p>赔偿 60000 元。</p>"})
        complaint.with_user(self.service).action_send_reply()
        complaint.with_user(self.service).action_close()
        self.assertEqual(complaint.state, "done")

    def test_q6_handling_form_prints_the_case_and_its_approvals(self):
        """Q-6 / CM-17: the internal handling form prints the complaint, the investigation and who approved."""
        complaint = self._investigated(20000, investigation="<p>釉料批次异常</p>")
        complaint.with_user(self.service_manager).validate_tier()
        complaint.with_user(self.vice_president).validate_tier()
        html, _type = (
            self.env["ir.actions.report"]
            .with_user(self.service)
            ._render_qweb_html("complaint_mgmt.report_complaint_form", complaint.ids)
        )
        html = html.decode()
        self.assertIn(complaint.name, html)
        self.assertIn("釉料批次异常", html)
        self.assertIn(self.service_manager.name, html)
        self.assertIn(self.vice_president.name, html)

    def test_cm8_service_manager_cannot_commit_beyond_the_limit_by_any_path(self):
        """CM-8 / Q-10: above 5,000 the customer service manager's approval is not enough — not by the button,
        not by writing the state, not by deciding the VP's review, not by a second click."""
        complaint = self._investigated(20000)
        csm_complaint = complaint.with_user(self.service_manager)
        csm_complaint.validate_tier()
        with self.assertRaises(AccessError):
            csm_complaint.validate_tier()
        with self.assertRaises(AccessError):
            csm_complaint.write({"state": "approved"})
        vp_review = complaint.review_ids.filtered(lambda review: review.definition_id.cc_role == VP)
        with self.assertRaises(AccessError):
            vp_review.with_user(self.service_manager).write({"status": "approved"})
        with self.assertRaises(UserError):
            csm_complaint.action_close()
        self.assertEqual(complaint.state, "investigated")
        self.assertEqual(vp_review.status, "pending")

    def test_cm8_salesperson_cannot_approve_nor_change_the_proposal(self):
        """CM-8: sales staff may not promise beyond their authority: no approval, no edit of the amount."""
        complaint = self._investigated(3000)
        with self.assertRaises(AccessError):
            complaint.with_user(self.salesperson).validate_tier()
        with self.assertRaises(UserError):
            complaint.with_user(self.service).write({"proposed_amount": 2000})
        self.assertEqual(complaint.proposed_amount, 3000)
        self.assertEqual(complaint.review_ids.status, "pending")

    def test_cm8_rejected_proposal_is_revised_and_submitted_again(self):
        """CM-8: a rejection sends the proposal back to the centre, which revises it and resubmits."""
        complaint = self._investigated(3000)
        complaint.with_user(self.service_manager).reject_tier()
        self.assertEqual(complaint.validation_status, "rejected")
        complaint.with_user(self.service).action_revise()
        self.assertEqual(complaint.state, "accepted")
        self.assertFalse(complaint.review_ids)
        complaint.with_user(self.service).write({"proposed_amount": 1000})
        complaint.with_user(self.service).action_submit_report()
        complaint.with_user(self.service_manager).validate_tier()
        self.assertEqual(complaint.state, "approved")

    def test_cm9_customer_rejects_the_conclusion_new_round_approved_again(self):
        """CM-9: the customer rejects: a new round linked to the first opens and needs its own approval."""
        complaint = self._investigated(3000)
        complaint.with_user(self.service_manager).validate_tier()
        action = complaint.with_user(self.service).action_customer_rejects()
        new_round = self.Complaint.browse(action["res_id"])
        self.assertEqual(complaint.state, "rejected")
        self.assertEqual(new_round.previous_round_id, complaint)
        self.assertEqual(new_round.round_number, 2)
        self.assertEqual(new_round.partner_id, self.customer)
        self.assertEqual(new_round.state, "accepted")
        self.assertFalse(new_round.review_ids)
        new_round = new_round.with_user(self.service)
        new_round.write({"proposed_amount": 8000})
        new_round.action_submit_report()
        self.assertEqual(self._chain(new_round), [CSM, VP])
        self.assertIn(new_round.id, complaint.with_user(self.service).action_cm_open_rounds()["domain"][0][2])

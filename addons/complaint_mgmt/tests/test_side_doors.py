from odoo.exceptions import UserError
from odoo.tests import HttpCase, freeze_time, tagged

from odoo.addons.customer_comm.tests.common_rpc import JsonRpcMixin

from .common import DeliveredComplaintCase

ACCESS_ERROR = "odoo.exceptions.AccessError"
USER_ERROR = "odoo.exceptions.UserError"


@tagged("post_install", "-at_install")
class TestComplaintSideDoors(JsonRpcMixin, DeliveredComplaintCase, HttpCase):
    """CM-8 / CM-12 / CM-15: what the complaint forms lock is refused over JSON-RPC too."""

    def test_cm12_return_quantity_is_part_of_the_approved_proposal(self):
        """CM-8 / CM-12: the quantity to return is set with the proposal, cannot be raised while the approvers
        decide nor once approved (5 → 9 would return 9 unapproved); a revision re-opens the approval."""
        with freeze_time("2026-04-15 10:00:00"):
            complaint = self._investigated(
                900,
                handling="return",
                picking_id=self.delivery.id,
                product_id=self.tile.id,
                quantity=10,
                return_qty=5,
            )
            reply = self.call_kw("cm_service", "customer.complaint", "write", [complaint.ids, {"return_qty": 9}])
            self.assertRpcRefused(reply, USER_ERROR)
            complaint.with_user(self.service_manager).validate_tier()
            self.assertEqual(complaint.state, "approved")
            reply = self.call_kw(
                "cm_service",
                "customer.complaint",
                "write",
                [complaint.ids, {"return_qty": 9}],
                {"context": {"skip_validation_check": True}},
            )
            self.assertRpcRefused(reply, USER_ERROR)
            self.assertEqual(complaint.return_qty, 5)
            reply = self.call_kw("cm_service", "customer.complaint", "write", [complaint.ids, {"loss_amount": 1}])
            self.assertRpcRefused(reply, USER_ERROR)
            # the change goes through a revision, and back to the approvers
            complaint.action_revise()
            self.assertEqual((complaint.state, complaint.review_ids.ids), ("accepted", []))
            complaint.return_qty = 9
            complaint.action_submit_report()
            self.assertEqual(complaint.validation_status, "pending")
            with self.assertRaises(UserError):
                complaint.action_create_return()
            complaint.with_user(self.service_manager).validate_tier()
            complaint.action_create_return()
        self.assertEqual(complaint.return_picking_id.move_ids.product_uom_qty, 9)
        with self.assertRaises(UserError):
            complaint.action_revise()  # carried out: nothing left to revise

    def test_cm8_proposal_not_sent_for_approval_by_someone_else(self):
        """CM-8 / X-3: the engine's request over RPC runs the complaint's submission checks."""
        complaint = self._complaint().with_user(self.service)
        complaint.action_accept()
        complaint.write({"responsible_unit": "quality", "handling_type": "compensation", "proposed_amount": 500})
        self.assertTrue(complaint.with_user(self.salesperson).has_access("read"), "the salesperson reads it")
        reply = self.call_kw("cc_sales", "customer.complaint", "request_validation", [complaint.ids])
        self.assertRpcRefused(reply, ACCESS_ERROR)
        reply = self.call_kw("cm_service", "customer.complaint", "request_validation", [complaint.ids])
        self.assertRpcRefused(reply, USER_ERROR)
        self.assertFalse(complaint.review_ids)

    def test_cm15_penalty_review_submitted_by_the_service_centre_only(self):
        """CM-15 / X-3: the engine's request over RPC is refused to those whom the submit button refuses: the
        general manager, who reads the review submitted to them, cannot ask for a second round of approvals."""
        review = self.env["complaint.penalty.review"].create({"name": "2026-02", "month": "2026-02-01"})
        review.with_user(self.service).action_submit()
        reviews = review.review_ids
        self.assertTrue(reviews)
        self.assertTrue(review.with_user(self.general_manager).has_access("read"), "its approver reads it")
        reply = self.call_kw("cm_gm", "complaint.penalty.review", "request_validation", [review.ids])
        self.assertRpcRefused(reply, ACCESS_ERROR)
        review.invalidate_recordset(["review_ids"])
        self.assertEqual(review.review_ids, reviews)

"""X-3 / Q-10: the approval flow shared by the documents of the visit app."""

from odoo import models
from odoo.exceptions import AccessError


class VisitApprovalMixin(models.AbstractModel):
    """X-3 / Q-10: the approval flow shared by the documents of the visit app.

    A plan, its month-end results and a visit report go draft → submitted → approved, or
    back to their owner (``user_id``) on a rejection. The engine's "Request Validation"
    button is the owner's submission (``_cv_submit``), its "Restart Validation" recalls a
    submitted document (``_cv_recall``); only a submitted document is frozen, a rejected one
    is edited and resubmitted; nobody approves their own document.
    """

    _name = "visit.approval.mixin"
    _description = "Visit Approval"
    _inherit = ["customer.approval.mixin"]

    # ------------------------------------------------------------------ engine buttons
    def request_validation(self):
        """The engine's "Request Validation" button (or an RPC call) is the owner's submission, with its
        checks; the submission itself asks the engine through the private ``_cc_request_validation``."""
        self._cv_submit()
        return self.review_ids

    def restart_validation(self):
        """The engine's "Restart Validation" button recalls a submitted document to its owner."""
        submitted = self.filtered(lambda record: record.state == "submitted")
        result = self._cv_restart_validation()
        submitted._cv_recall()
        return result

    def _cv_restart_validation(self):
        """The engine's restart, without the recall: a rejected document is asked again, a withdrawn
        expense request is dropped (the callers checked the rights)."""
        return super().restart_validation()  # pylint: disable=super-method-mismatch

    def _get_tier_validation_readonly_domain(self):
        # only a document waiting for its approval is frozen; a rejected one is edited and resubmitted
        return "state == 'submitted'"

    def _tier_validation_check_write_allowed(self, vals):
        under_review = self.filtered(lambda record: record.state == "submitted")
        return super(VisitApprovalMixin, under_review)._tier_validation_check_write_allowed(vals)

    # ------------------------------------------------------------------ who approves
    def _cc_approver(self, role):
        """Q-10: nobody approves their own document: when the role holder is its owner, the next one up."""
        approver = super()._cc_approver(role)
        if approver != self.user_id:
            return approver
        Role = self.env["customer.role.assignment"]
        return Role._first_holder_above(role, super()._cc_approver, self.user_id)[1]

    def _check_can_review(self):
        for record in self:
            if record.user_id == self.env.user:
                raise AccessError(record._cv_own_review_message())
        return super()._check_can_review()

    # ------------------------------------------------------------------ hooks
    def _cv_submit(self):
        """Hook: the owner's submission (checks the rights, requests the validation, moves the state)."""
        raise NotImplementedError

    def _cv_recall(self):
        """Hook: take back the submitted documents in ``self`` (the rights are checked here)."""
        raise NotImplementedError

    def _cv_own_review_message(self):
        return self.env._("You cannot approve or reject your own document.")

from odoo import models
from odoo.exceptions import AccessError, UserError


class CustomerApprovalMixin(models.AbstractModel):
    """X-3: the suite's approval mechanism, on OCA's tier validation.

    Approvable models inherit this mixin and ship ``tier.definition`` records
    that encode their chain; an administrator changes who approves, and in
    which order, in Settings > Technical > Tier Definitions. On top of the
    OCA engine, approving or rejecting without a pending review of one's own
    is refused (the engine silently ignores it), and a request whose chain
    resolves to no reviewer is refused before it can get stuck.
    """

    _name = "customer.approval.mixin"
    _description = "Customer Suite Approval"
    _inherit = ["tier.validation"]
    _tier_validation_manual_config = False
    # the suite's approvable documents go draft → approved (or cancel); others override these
    _state_from = ["draft"]
    _state_to = ["approved"]
    _cancel_state = "cancel"

    def validate_tier(self):
        self._check_can_review()
        result = super().validate_tier()
        if self.validation_status == "validated":
            self._on_fully_approved()
        return result

    def reject_tier(self):
        self._check_can_review()
        result = super().reject_tier()
        if self.validation_status == "rejected":
            self._on_rejected()
        return result

    def request_validation(self):
        reviews = super().request_validation()
        # need_validation has no dependencies: drop the value cached before the reviews existed
        self.invalidate_recordset(["need_validation"])
        for review in reviews:
            if not review.reviewer_ids:
                raise UserError(
                    self.env._(
                        "Nobody can approve “%(step)s” for %(record)s: assign the business role in "
                        "Customer Management > Configuration > Business Roles.",
                        step=review.name,
                        record=self.browse(review.res_id).display_name,
                    )
                )
        return reviews

    def _check_can_review(self):
        for record in self:
            if not record.can_review:
                raise AccessError(
                    self.env._(
                        "You are not the approver expected at this step of %(record)s.",
                        record=record.display_name,
                    )
                )

    def _on_fully_approved(self):
        """Hook: the last approval of the chain was given."""

    def _on_rejected(self):
        """Hook: an approver rejected the request."""

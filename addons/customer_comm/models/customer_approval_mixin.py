from odoo import models
from odoo.exceptions import AccessError, UserError


class CustomerApprovalMixin(models.AbstractModel):
    """X-3: the suite's approval mechanism, on OCA's tier validation.

    Approvable models inherit this mixin and ship ``tier.definition`` records
    that encode their chain, usually as "business role" steps resolved by
    ``_cc_approver``; an administrator changes who approves, and in which
    order, in Settings > Technical > Tier Definitions. On top of the OCA
    engine:

    - approving or rejecting without a pending review of one's own is refused
      (the engine silently ignores it), on the buttons and in the comment
      wizard alike;
    - the effects of a decision (``_on_fully_approved`` / ``_on_rejected``)
      run in ``_validate_tier`` / ``_rejected_tier``, which every path of the
      engine passes (buttons, comment wizard);
    - a request whose chain resolves to no reviewer is refused before it can
      get stuck.
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
        return super().validate_tier()

    def reject_tier(self):
        self._check_can_review()
        return super().reject_tier()

    def _validate_tier(self, tiers=False):
        result = super()._validate_tier(tiers)
        if self._cc_decision_pending("validated"):
            self._on_fully_approved()
        return result

    def _rejected_tier(self, tiers=False):
        result = super()._rejected_tier(tiers)
        if self._cc_decision_pending("rejected"):
            self._on_rejected()
        return result

    def _tier_validation_check_state_on_write(self, vals):
        # the engine validates on a state write when the writer is the only reviewer; that
        # write performs the state change itself, so the decision hooks must not run again
        return super(
            CustomerApprovalMixin, self.with_context(cc_state_write=True)
        )._tier_validation_check_state_on_write(vals)

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

    def _cc_decision_pending(self, status):
        """Whether the chain just reached ``status`` on a document still waiting for its effect."""
        self.ensure_one()
        return (
            not self.env.context.get("cc_state_write")
            and self.validation_status == status
            and self[self._state_field] in self._state_from
        )

    def _check_can_review(self):
        for record in self:
            if not record.can_review:
                raise AccessError(
                    self.env._(
                        "You are not the approver expected at this step of %(record)s.",
                        record=record.display_name,
                    )
                )

    def _cc_approver(self, role):
        """X-1 / X-3: the user who approves as ``role`` for this document, resolved when asked.

        The one place where "who approves this step" is decided: role steps of
        the tier definitions, the approver fields shown on the documents and
        the refresh after a role changes hands all call it. The role is looked
        up in the document's region (``_cc_approval_region``), then up the
        region tree, then company-wide.
        """
        self.ensure_one()
        if not role:
            return self.env["res.users"]
        return self.env["customer.role.assignment"]._find_user(role, self._cc_approval_region(), self._get_company())

    def _cc_approval_region(self):
        """Hook: the region whose role holders approve this document (default: its customer's)."""
        self.ensure_one()
        partner = self["partner_id"] if "partner_id" in self._fields else self.env["res.partner"]
        return partner.commercial_partner_id.cc_region_id

    def _on_fully_approved(self):
        """Hook: the last approval of the chain was given."""

    def _on_rejected(self):
        """Hook: an approver rejected the request."""

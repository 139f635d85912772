"""X-3: the suite's approval mechanism, on OCA's tier validation."""

from markupsafe import Markup

from odoo import models
from odoo.exceptions import AccessError, UserError, ValidationError


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
      get stuck;
    - the texts the engine builds in Python (banner, "Next:", chatter lines,
      the refusal of an unapproved state change) are built here with
      ``self.env._``: a string is translated from the po files of the module
      whose code calls ``_()``, and the engine's own zh_CN is incomplete. The
      engine's view, field and selection terms are carried in
      ``i18n_extra/zh_CN.po`` under the engine's xml ids.
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
        return super(CustomerApprovalMixin, self._cc_queued_mail()).validate_tier()

    def reject_tier(self):
        self._check_can_review()
        return super(CustomerApprovalMixin, self._cc_queued_mail()).reject_tier()

    def _cc_queued_mail(self):
        """The approval e-mails (review requested, activity assigned, decision) go to the mail queue.

        By default Odoo sends a notification e-mail from the request itself, after its commit, with a
        second database connection: a submission or an approval then waited for the SMTP server. The
        mail queue's scheduled job sends them a moment later; the chatter and the activity appear at once.
        """
        return self.with_context(mail_notify_force_send=False)

    def _validate_tier(self, tiers=False):
        result = super()._validate_tier(tiers)
        self._cc_sync_approval_activities()
        if self._cc_decision_pending("validated"):
            self._on_fully_approved()
        return result

    def _rejected_tier(self, tiers=False):
        result = super()._rejected_tier(tiers)
        self._cc_sync_approval_activities()
        if self._cc_decision_pending("rejected"):
            self._on_rejected()
        return result

    def _update_counter(self, review_counter):
        # the engine moves the next step to "pending" here, after a decision
        result = super()._update_counter(review_counter)
        self._cc_sync_approval_activities()
        return result

    def _add_tier_validation_buttons(self, node, params):
        """A form whose own submit button (``action_submit``: its checks, then the engine) shows in
        the same states as the engine's "Request Validation" loses the engine's: both read 提交审批.
        Forms that hide their own while the engine's shows (``need_validation`` in its condition,
        the visit app) keep the engine's."""
        buttons = super()._add_tier_validation_buttons(node, params)
        header = node.getparent()
        own = header.xpath("button[@name='action_submit']") if header is not None else []
        if own and not any("need_validation" in (button.get("invisible") or "") for button in own):
            for button in buttons.xpath(".//button[@name='request_validation']"):
                button.getparent().remove(button)
        return buttons

    def restart_validation(self):
        result = super().restart_validation()
        self._cc_sync_approval_activities()
        return result

    def _tier_validation_check_state_on_write(self, vals):
        # the engine validates on a state write when the writer is the only reviewer; that
        # write performs the state change itself, so the decision hooks must not run again
        records = self.with_context(cc_state_write=True)
        # the engine's checks, run first so that the refusal is in the user's language; the
        # engine then finds the reviews requested and decided, and has nothing left to refuse
        for record in records.filtered(lambda rec: rec._check_state_conditions(vals)):
            if record.need_validation:
                reviews = record.request_validation()
                record._validate_tier(reviews)
                if record.validation_status != "validated":
                    pending = reviews.filtered(lambda review: review.status == "pending")
                    raise ValidationError(
                        self.env._(
                            "%(record)s needs an approval first, pending: %(steps)s. "
                            "Click “Request Validation” to send it to the approvers.",
                            record=record.display_name,
                            steps=", ".join(pending.mapped("name")),
                        )
                    )
            if record.review_ids and record.validation_status != "validated":
                raise ValidationError(
                    self.env._("%(record)s is still waiting for its approval.", record=record.display_name)
                )
        return super(CustomerApprovalMixin, records)._tier_validation_check_state_on_write(vals)

    def _tier_validation_check_write_allowed(self, vals):
        # the engine's two field locks, checked first with the engine's own conditions so that
        # the refusal is in the user's language; the engine then finds nothing to refuse
        if not self.env.context.get("skip_validation_check"):
            for record in self:
                if record._cc_locked_under_validation(vals):
                    allowed, refused = record._get_fields_to_write_validation(
                        vals, record._get_under_validation_exceptions
                    )
                    message = self.env._(
                        "%(record)s is waiting for its approval: %(refused)s cannot be changed now "
                        "(what can be changed: %(allowed)s).",
                        **record._cc_locked_fields_args(allowed, refused),
                    )
                    raise ValidationError(message)
                if record._cc_locked_after_validation(vals):
                    allowed, refused = record._get_fields_to_write_validation(
                        vals, record._get_after_validation_exceptions
                    )
                    message = self.env._(
                        "%(record)s is approved: %(refused)s can no longer be changed "
                        "(what can be changed: %(allowed)s).",
                        **record._cc_locked_fields_args(allowed, refused),
                    )
                    raise ValidationError(message)
        return super()._tier_validation_check_write_allowed(vals)

    def _cc_locked_fields_args(self, allowed, refused):
        return {"record": self.display_name, "refused": ", ".join(refused), "allowed": ", ".join(allowed) or "-"}

    def _cc_locked_under_validation(self, vals):
        return (
            self.review_ids
            and self._check_tier_state_transition(vals)
            and not self._check_allow_write_under_validation(vals)
        )

    def _cc_locked_after_validation(self, vals):
        return (
            self._get_validation_exceptions(add_base_exceptions=False)
            and self.validation_status == "validated"
            and self._tier_validation_get_current_state_value() in (self._state_to + [self._cancel_state])
            and not self._check_allow_write_after_validation(vals)
        )

    def request_validation(self):
        """X-3: the one submission path: the engine's button, an RPC call and the documents' own
        submit buttons all pass the document's checks (``_cc_check_submission``) here."""
        self._cc_check_submission()
        return self._cc_queued_mail()._cc_request_validation()

    def _cc_check_submission(self):
        """Hook: refuse the submission of ``self`` (rights, state, completeness); nothing by default."""

    def _cc_request_validation(self):
        """The engine's request, for a submission whose checks have passed (or a re-request of the
        flow itself, e.g. after a dispute): never callable over RPC."""
        # the engine's request under a private name: RPC reaches it only through request_validation
        reviews = super().request_validation()  # pylint: disable=super-method-mismatch
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
        self._cc_sync_approval_activities()
        return reviews

    # ------------------------------------------------------------------ engine texts
    def _get_to_validate_message_name(self):
        return self.env["ir.model"]._get(self._name).name

    def _get_to_validate_message(self):
        icon = Markup('<i class="fa fa-lg fa-info-circle"></i>')
        pending = self.review_ids.filtered(lambda review: review.status == "pending")[:1]
        if pending.todo_by:
            return self.env._("%(icon)s Pending approval by %(todo_by)s", icon=icon, todo_by=pending.todo_by)
        return self.env._(
            "%(icon)s This %(model_name)s needs to be approved",
            icon=icon,
            model_name=self._get_to_validate_message_name(),
        )

    def _get_validated_message(self):
        if self.validation_status != "validated":
            return ""
        return Markup('<i class="fa fa-thumbs-up"></i> %s') % self.env._("Approved")

    def _get_rejected_message(self):
        if self.validation_status != "rejected":
            return ""
        return Markup('<i class="fa fa-thumbs-down"></i> %s') % self.env._("Rejected")

    def _compute_next_review(self):
        for record in self:
            review = record.review_ids.sorted("sequence").filtered(lambda rev: rev.status == "pending")[:1]
            record.next_review = self.env._("Next: %s", review.name) if review else False

    def _notify_created_review_body(self):
        return self.env._("%s asked for an approval.", self.env.user.name)

    def _notify_requested_review_body(self, tier_reviews=None):
        if not tier_reviews:
            return self._notify_created_review_body()
        requester = tier_reviews[:1].requested_by or self.env.user
        return self.env._(
            "Waiting for the approval of %(assignees)s, asked by %(requester)s.",
            assignees=", ".join(filter(None, tier_reviews.mapped("todo_by"))) or "-",
            requester=requester.display_name,
        )

    def _notify_accepted_reviews_body(self):
        comment = self._cc_own_review_comment()
        if comment:
            return self.env._("%(user)s approved: %(comment)s", user=self.env.user.name, comment=comment)
        return self.env._("%s approved.", self.env.user.name)

    def _notify_rejected_review_body(self):
        comment = self._cc_own_review_comment()
        if comment:
            return self.env._("%(user)s rejected: %(comment)s", user=self.env.user.name, comment=comment)
        return self.env._("%s rejected.", self.env.user.name)

    def _notify_restarted_review_body(self):
        return self.env._("%s restarted the approval.", self.env.user.name)

    def _add_comment(self, validate_reject, reviews):
        action = super()._add_comment(validate_reject, reviews)
        action["name"] = self.env._("Approve") if validate_reject == "validate" else self.env._("Reject")
        return action

    def _cc_own_review_comment(self):
        reviews = self.review_ids.filtered(lambda review: self.env.user in review.reviewer_ids and review.comment)
        return reviews[:1].comment

    # ------------------------------------------------------------------ helpers
    def _cc_sync_approval_activities(self):
        """X-5: the approvers whose turn it is have an approval activity on the document.

        The activity is marked done by the approver who decides, and removed
        for anyone whose turn has passed (a rejection, a restart, the step
        decided by someone else).
        """
        activity_type = self.env.ref("customer_comm.mail_activity_type_approval", raise_if_not_found=False)
        if not activity_type:
            return
        # sudo: the approver's to-do follows the chain, whoever moves it (a requester cannot
        # otherwise assign an activity to a manager, nor a manager close someone else's)
        for record in self.sudo().filtered(lambda rec: "activity_ids" in rec._fields):
            pending = record.review_ids.filtered(lambda review: review.status == "pending")
            if record[record._state_field] not in record._state_from:
                pending = pending.browse()
            approvers = pending.reviewer_ids
            activities = record.activity_ids.filtered(lambda activity: activity.activity_type_id == activity_type)
            stale = activities.filtered(lambda activity, users=approvers: activity.user_id not in users)
            scheduled = (activities - stale).user_id
            done = stale.filtered(lambda activity: activity.user_id == self.env.user)
            done.action_feedback()
            (stale - done).unlink()
            for review in pending:
                scheduling = record._cc_approval_activity_scheduler(review)
                for user in review.reviewer_ids - scheduled:
                    scheduled |= user
                    # the summary is stored: in the approver's language, not the requester's
                    summary = review.with_context(lang=user.lang or self.env.lang).name
                    scheduling.activity_schedule(activity_type_id=activity_type.id, summary=summary, user_id=user.id)

    def _cc_approval_activity_scheduler(self, review):
        """The record that schedules the approver's activity for ``review``.

        When the step notifies its approvers itself (``notify_on_pending``: the engine's message to them),
        the activity does not send its own "assigned to you" notification: one message per turn, not two,
        and one mail rendered in the request instead of two.
        """
        return self.with_context(mail_activity_quick_update=bool(review.definition_id.notify_on_pending))

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

    def _cc_amount_levels(self):
        """Hook: ``[(level, limit)]`` in ascending order, the limits read from the company's settings (X-2): the
        first level whose limit covers an amount approves it; the last level has no limit (``None``)."""
        return []

    def _cc_level_for_amount(self, amount):
        """X-3: the authority level an amount needs (limits included: an amount equal to a limit stays at
        that level). The one mapping of amounts to approvers; tier definitions route on the level."""
        self.ensure_one()
        currency = (self._get_company() or self.env.company).currency_id
        for level, limit in self._cc_amount_levels():
            if limit is None or currency.compare_amounts(amount, limit) <= 0:
                return level
        return False

    def _cc_approval_region(self):
        """Hook: the region whose role holders approve this document (default: its customer's)."""
        self.ensure_one()
        partner = self["partner_id"] if "partner_id" in self._fields else self.env["res.partner"]
        return partner.commercial_partner_id.cc_region_id

    def _on_fully_approved(self):
        """Hook: the last approval of the chain was given."""

    def _on_rejected(self):
        """Hook: an approver rejected the request."""

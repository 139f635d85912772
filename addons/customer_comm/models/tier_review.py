"""X-3 / Q-10: on the suite's documents a decision is recorded by its reviewer only."""

from odoo import api, models
from odoo.exceptions import AccessError

DECISIONS = ("approved", "rejected")
# what a review is about and who it waits for: set when the review is requested, never by hand
IDENTITY_FIELDS = {"model", "res_id", "definition_id", "reviewer_ids", "sequence"}


class TierReview(models.Model):
    """X-3 / Q-10: on the suite's documents a decision is recorded by its reviewer only.

    ``base_tier_validation`` lets every internal user write reviews (its own
    buttons check the reviewer), so an RPC ``write`` could approve a document
    behind the approver's back. The suite's approvals must hold "by any path":
    reviews of models built on ``customer.approval.mixin`` can only be decided
    by one of their reviewers, and cannot be created already decided or be
    re-pointed at another document or reviewer.
    """

    _inherit = "tier.review"

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            for vals in vals_list:
                if self._is_suite_model(vals.get("model")) and vals.get("status") in DECISIONS:
                    raise AccessError(self.env._("An approval is given by its reviewer, not created."))
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            guarded = self.filtered(lambda review: review._is_suite_model(review.model))
            if guarded and IDENTITY_FIELDS & vals.keys():
                raise AccessError(self.env._("The document and the reviewers of an approval cannot be changed."))
            if vals.get("status") in DECISIONS:
                foreign = guarded.filtered(lambda review: self.env.user not in review.reviewer_ids)
                if foreign:
                    raise AccessError(
                        self.env._(
                            "Only %(reviewers)s can decide on “%(step)s”.",
                            reviewers=", ".join(foreign.reviewer_ids.mapped("name")) or "-",
                            step=foreign[0].name,
                        )
                    )
        return super().write(vals)

    @api.model
    def _get_reviewer_fields(self):
        return [*super()._get_reviewer_fields(), "definition_id.review_type", "definition_id.cc_role"]

    def _get_reviewers(self):
        if self.definition_id.review_type == "cc_role" and self._is_suite_model(self.model):
            return self.env[self.model].browse(self.res_id)._cc_approver(self.definition_id.cc_role)
        return super()._get_reviewers()

    @api.model
    def _cc_refresh_undecided_reviewers(self):
        """X-1: after a business role changed hands, undecided reviews wait for the new holder."""
        suite_models = self._cc_suite_models()
        # sudo: the reviewers follow the role assignments, whoever changed them
        undecided = self.sudo().search([("model", "in", suite_models), ("status", "in", ("waiting", "pending"))])
        self.env.add_to_compute(self._fields["reviewer_ids"], undecided)
        undecided.flush_recordset(["reviewer_ids"])
        for model, reviews in undecided.grouped("model").items():
            self.env[model].browse(reviews.mapped("res_id"))._cc_sync_approval_activities()

    @api.model
    def _cc_suite_models(self):
        """The documents approved through the suite's mixin, directly or through another mixin."""
        mixin = self.pool["customer.approval.mixin"]
        return [name for name, model in self.pool.items() if name != mixin._name and issubclass(model, mixin)]

    @api.model
    def _is_suite_model(self, model_name):
        mixin = self.pool["customer.approval.mixin"]
        return bool(model_name) and model_name in self.pool and issubclass(self.pool[model_name], mixin)

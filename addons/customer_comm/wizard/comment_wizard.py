"""X-3: approving or rejecting with a comment is still done by the expected reviewer."""

from odoo import models
from odoo.exceptions import AccessError


class CommentWizard(models.TransientModel):
    """X-3: approving or rejecting with a comment is still done by the expected reviewer.

    The wizard is an RPC-reachable path to ``_validate_tier`` / ``_rejected_tier``
    that skips the document's buttons, so the reviewer check is repeated here,
    and it only acts on the reviewer's own reviews of that document.
    """

    _inherit = "comment.wizard"

    def add_comment(self):
        self.ensure_one()
        if self.env["tier.review"]._is_suite_model(self.res_model):
            document = self.env[self.res_model].browse(self.res_id)
            document._check_can_review()
            if self.review_ids - document.review_ids.filtered(lambda review: self.env.user in review.reviewer_ids):
                raise AccessError(self.env._("You can only comment on your own reviews of this document."))
        return super().add_comment()

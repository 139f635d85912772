"""X-1 / X-3: a step of a chain can name a business role instead of a user or a field."""

from odoo import api, fields, models

from .customer_role import ROLES


class TierDefinition(models.Model):
    """X-1 / X-3: a step of a chain can name a business role instead of a user or a field.

    The holder of the role is resolved for each document by
    ``customer.approval.mixin._cc_approver`` (the document's region, up the
    tree, then company-wide), so a role changing hands reaches every document
    not yet decided.
    """

    _inherit = "tier.definition"

    review_type = fields.Selection(selection_add=[("cc_role", "Business role")], ondelete={"cc_role": "set default"})
    cc_role = fields.Selection(
        ROLES,
        string="Business Role",
        help="The holder of this business role for the document's region approves this step "
        "(Customer Management > Configuration > Business Roles).",
    )

    @api.model
    def _get_tier_validation_model_names(self):
        return [
            *super()._get_tier_validation_model_names(),
            "customer.credit.request",
            "sale.order",
            "customer.notice",
            "customer.meeting.action",
            "customer.meeting.postponement",
        ]

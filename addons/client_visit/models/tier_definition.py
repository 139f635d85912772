"""What client_visit adds to tier.definition."""

from odoo import api, models


class TierDefinition(models.Model):
    _inherit = "tier.definition"

    @api.model
    def _get_tier_validation_model_names(self):
        return [*super()._get_tier_validation_model_names(), "visit.plan", "visit.plan.result", "customer.visit"]

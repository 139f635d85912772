"""CC-1: an ordered list of customer tiers (level 1 = most important)."""

from odoo import fields, models


class CustomerTier(models.Model):
    """CC-1: an ordered list of customer tiers (level 1 = most important)."""

    _name = "customer.tier"
    _description = "Customer Tier"
    _order = "tier_set, sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(help="Short code, e.g. L1 or A.")
    sequence = fields.Integer(default=10, help="Lower means more important.")
    tier_set = fields.Selection(
        [("level", "Five Levels"), ("named", "Key / Ordinary / Potential")],
        required=True,
        default="level",
    )
    level = fields.Integer(
        required=True,
        default=1,
        help="Importance level used by visit frequencies and warning escalation: 1 is the most important.",
    )
    description = fields.Text(translate=True)
    active = fields.Boolean(default=True)
    partner_count = fields.Integer(compute="_compute_partner_count")

    _level_positive = models.Constraint("CHECK (level >= 1)", "The tier level must be 1 or more.")
    _code_set_uniq = models.UniqueIndex("(tier_set, code)", "A tier code must be unique within its tier set.")

    def _compute_partner_count(self):
        counts = dict(
            self.env["res.partner"]._read_group([("cc_tier_id", "in", self.ids)], ["cc_tier_id"], ["__count"])
        )
        for tier in self:
            tier.partner_count = counts.get(tier, 0)

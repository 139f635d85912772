"""DR-7: a product category earning a multiple of the standard rates (concentrates 2–3x complete feed)."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class DealerRebateCategoryWeight(models.Model):
    """DR-7: a product category earning a multiple of the standard rates (concentrates 2–3x complete feed)."""

    _name = "dealer.rebate.category.weight"
    _description = "Rebate Weight of a Product Category"

    policy_id = fields.Many2one("dealer.rebate.policy", required=True, ondelete="cascade", index=True)
    categ_id = fields.Many2one("product.category", string="Product Category", required=True)
    weight = fields.Float(default=1.0, digits=(6, 2), help="Multiplies the rates per ton of this category.")

    _policy_categ_uniq = models.UniqueIndex("(policy_id, categ_id)", "A category has one weight per policy.")

    @api.constrains("weight")
    def _check_weight(self):
        if any(line.weight < 0 for line in self):
            raise ValidationError(self.env._("A product category weight cannot be negative."))

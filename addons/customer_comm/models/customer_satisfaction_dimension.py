"""CC-27: what the customer rates (configuration data)."""

from odoo import fields, models


class CustomerSatisfactionDimension(models.Model):
    """CC-27: what the customer rates (configuration data).

    Seeded from CM-14 / seed 003 第十七条 ("分为态度、技术、到达时间及答应事项的办理等四项")
    and seed 002's delivery revisit ("客户对专营店人员、对产品的满意度情况").
    """

    _name = "customer.satisfaction.dimension"
    _description = "Satisfaction Dimension"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char()
    sequence = fields.Integer(default=10)
    weight = fields.Float(default=1.0, help="Weight of the dimension in the overall score.")
    description = fields.Text(translate=True)
    active = fields.Boolean(default=True)

    _weight_positive = models.Constraint("CHECK (weight > 0)", "The weight of a dimension must be positive.")
    _code_uniq = models.UniqueIndex("(code) WHERE code IS NOT NULL", "A dimension code must be unique.")

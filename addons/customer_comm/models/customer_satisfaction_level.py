"""CC-27: the answer scale (configuration data)."""

from odoo import fields, models


class CustomerSatisfactionLevel(models.Model):
    """CC-27: the answer scale (configuration data).

    Seed 003 第十七条: "每项均按客户的满意状况分为非常满意、满意、一般和较差四个等级".
    """

    _name = "customer.satisfaction.level"
    _description = "Satisfaction Level"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    score = fields.Float(required=True, help="Points of this answer in the overall score (0 to 100).")
    active = fields.Boolean(default=True)

    _score_range = models.Constraint(
        "CHECK (score >= 0 AND score <= 100)", "The score of a satisfaction level is between 0 and 100."
    )

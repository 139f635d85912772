"""DR-11: the conduct deduction table (日常规范管理系数), company data with the seed's values."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class DealerConductType(models.Model):
    """DR-11: the conduct deduction table (日常规范管理系数), company data with the seed's values."""

    _name = "dealer.conduct.type"
    _description = "Dealer Conduct Deduction"
    _order = "sequence, id"

    sequence = fields.Integer(default=10)
    name = fields.Char(required=True, translate=True)
    code = fields.Char(help="Stable key used by automatic checks.")
    coefficient = fields.Float(
        required=True,
        digits=(4, 3),
        help="Deducted from the completion ratio of the period for each violation of this kind.",
    )
    repeat_doubles = fields.Boolean(
        string="Doubled When Repeated",
        help="From the second violation of this kind by the same dealer in one calendar year, "
        "the deduction counts double.",
    )
    company_id = fields.Many2one("res.company", help="Empty: the deduction applies to every company.")
    active = fields.Boolean(default=True)

    @api.constrains("coefficient")
    def _check_coefficient(self):
        for conduct_type in self:
            if not 0 <= conduct_type.coefficient <= 1:
                raise ValidationError(
                    self.env._(
                        "The deduction of “%(type)s” must be between 0 and 1.",
                        type=conduct_type.name,
                    )
                )

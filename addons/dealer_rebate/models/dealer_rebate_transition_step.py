"""DR-23: the share of the transitional rebate in a year of the schedule (year one = the handover's)."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class DealerRebateTransitionStep(models.Model):
    """DR-23: the share of the transitional rebate in a year of the schedule (year one = the handover's)."""

    _name = "dealer.rebate.transition.step"
    _description = "Transitional Rebate Schedule Step"
    _order = "policy_id, year"

    policy_id = fields.Many2one("dealer.rebate.policy", required=True, ondelete="cascade", index=True)
    year = fields.Integer(required=True, default=1, help="1 = the year of the handover, 2 = the next one …")
    share_pct = fields.Float(string="Share (%)", required=True, default=100.0)

    _policy_year_uniq = models.UniqueIndex("(policy_id, year)", "The schedule has one share per year.")

    @api.constrains("year", "share_pct")
    def _check_step(self):
        for step in self:
            if step.year < 1 or not 0 <= step.share_pct <= 100:
                raise ValidationError(
                    self.env._("A schedule step is a year from 1 on, with a share between 0 and 100%.")
                )

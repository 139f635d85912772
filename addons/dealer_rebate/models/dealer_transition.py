from odoo import api, fields, models
from odoo.exceptions import ValidationError


class DealerTransition(models.Model):
    """DR-23 (seed 002, 吃余股): a former dealer keeps a rebate on the volume of a territory taken from it.

    When a dealer's territory is split or taken away, the new dealers' volume in that territory
    earns the former dealer the base rebate for a while: in full the year of the change, half the
    next year, nothing after (the schedule is the policy's data). The company pays both rebates.
    """

    _name = "dealer.transition"
    _description = "Transitional Rebate of a Former Dealer"
    _inherit = ["mail.thread"]
    _order = "date_start desc, partner_id"
    _check_company_auto = True

    partner_id = fields.Many2one(
        "res.partner",
        string="Former Dealer",
        required=True,
        index=True,
        check_company=True,
        domain="[('dr_status', '!=', False)]",
        tracking=True,
    )
    region_ids = fields.Many2many(
        "customer.region",
        string="Territory Handed Over",
        required=True,
        help="The regions now served by other dealers; their volume there earns the former dealer the rebate.",
    )
    date_start = fields.Date(
        string="Handed Over On", required=True, tracking=True, help="Year one of the schedule is this date's year."
    )
    request_id = fields.Many2one(
        "dealer.appointment.request",
        string="Dealership Request",
        check_company=True,
        help="The dismissal or appointment that moved the territory.",
    )
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)
    active = fields.Boolean(default=True)
    note = fields.Text()

    @api.depends("partner_id", "region_ids")
    def _compute_display_name(self):
        for transition in self:
            regions = "、".join(transition.region_ids.mapped("name"))
            transition.display_name = f"{transition.partner_id.name or ''} ← {regions}".strip(" ←")

    @api.model
    def _in_effect(self, company, date_from, date_to, partners=None):
        """The transitions of ``company`` that may pay between two dates (of ``partners``)."""
        domain = [("company_id", "=", company.id), ("date_start", "<=", date_to)]
        if partners is not None:
            domain.append(("partner_id", "in", partners.ids))
        # sudo: the computation reads the transitions whatever the manager's record rules
        return self.sudo().search(domain)


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

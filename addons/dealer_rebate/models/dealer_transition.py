"""DR-23 (seed 002, 吃余股): a former dealer keeps a rebate on the volume of a territory taken from it."""

from odoo import api, fields, models


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

"""DR-14: competing products sold by a dealer, from the dealer's declaration or an inspection."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class DealerCompetitorVolume(models.Model):
    """DR-14: competing products sold by a dealer, from the dealer's declaration or an inspection."""

    _name = "dealer.competitor.volume"
    _description = "Dealer Competitor Volume"
    _inherit = ["dealer.recorded.mixin", "mail.thread"]
    _order = "date desc, id desc"
    _check_company_auto = True

    partner_id = fields.Many2one(
        "res.partner", string="Dealer", required=True, index=True, check_company=True, tracking=True
    )
    date = fields.Date(required=True, default=fields.Date.context_today, tracking=True)
    tons = fields.Float(string="Competing Volume (t)", digits=(16, 3), required=True, tracking=True)
    brand = fields.Char(string="Competing Brand")
    source = fields.Selection(
        [("declaration", "Dealer's Declaration"), ("inspection", "Inspection")],
        required=True,
        default="inspection",
    )
    user_id = fields.Many2one(
        "res.users", string="Recorded by", default=lambda self: self.env.user, required=True, tracking=True
    )
    attachment_ids = fields.Many2many("ir.attachment", string="Evidence")
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)

    @api.constrains("tons")
    def _check_tons(self):
        if any(volume.tons < 0 for volume in self):
            raise ValidationError(self.env._("A competing volume cannot be negative."))

"""DR-21: one purchase of a sub-distributor from its dealer, from a points card or a declaration."""

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .dealer_sub_distributor import PURCHASE_SOURCES


class DealerSubDistributorPurchase(models.Model):
    """DR-21: one purchase of a sub-distributor from its dealer, from a points card or a declaration."""

    _name = "dealer.sub.distributor.purchase"
    _description = "Sub-distributor Purchase"
    _order = "date desc, id desc"
    _check_company_auto = True

    sub_distributor_id = fields.Many2one(
        "dealer.sub.distributor", required=True, index=True, ondelete="cascade", check_company=True
    )
    partner_id = fields.Many2one(related="sub_distributor_id.partner_id", string="Dealer", store=True, index=True)
    company_id = fields.Many2one(related="sub_distributor_id.company_id", store=True, index=True)
    date = fields.Date(required=True, default=fields.Date.context_today)
    tons = fields.Float(string="Volume (t)", digits=(16, 3), required=True)
    source = fields.Selection(PURCHASE_SOURCES, required=True, default="card")
    product_note = fields.Char(string="Products")
    award_id = fields.Many2one("dealer.sub.distributor.award", readonly=True, copy=False, index=True)

    @api.constrains("tons")
    def _check_tons(self):
        if any(purchase.tons <= 0 for purchase in self):
            raise ValidationError(self.env._("A registered purchase has a positive volume in tons."))

    def write(self, vals):
        self._check_not_awarded()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_awarded(self):
        self._check_not_awarded()

    def _check_not_awarded(self):
        if not self.env.su and self.filtered("award_id"):
            raise UserError(self.env._("This purchase has earned its quarter's award: it can no longer change."))

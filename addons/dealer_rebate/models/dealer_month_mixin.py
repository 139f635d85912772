"""A dealer's record for one month (target, conduct score, assessment): the month is stored as its first day."""

from odoo import api, fields, models
from odoo.tools import date_utils


class DealerMonthMixin(models.AbstractModel):
    """A dealer's record for one month (target, conduct score, assessment): the month is stored as its first day."""

    _name = "dealer.month.mixin"
    _description = "Dealer Monthly Record"

    partner_id = fields.Many2one(
        "res.partner",
        string="Dealer",
        required=True,
        index=True,
        check_company=True,
        domain="[('dr_status', '!=', False)]",
        tracking=True,
    )
    month = fields.Date(required=True, tracking=True, help="Any day of the month; stored as the first day.")
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)

    @api.depends("partner_id", "month")
    def _compute_display_name(self):
        for record in self:
            month = record.month.strftime("%Y-%m") if record.month else ""
            record.display_name = f"{record.partner_id.name or ''} {month}".strip()

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._normalize_month(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._normalize_month(vals)
        return super().write(vals)

    @api.model
    def _normalize_month(self, vals):
        if vals.get("month"):
            vals["month"] = date_utils.start_of(fields.Date.to_date(vals["month"]), "month")

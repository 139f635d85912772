"""What dealer_rebate adds to sale.order."""

from odoo import fields, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    dr_over_direct_volume = fields.Boolean(
        string="Above Direct Volume",
        readonly=True,
        copy=False,
        help="Confirmed although it takes a direct customer above its contract's yearly volume (policy: warn).",
    )

    def write(self, vals):
        """DR-18: confirmation (button, RPC, import: they all write the state) checks the direct volume."""
        if vals.get("state") != "sale":
            return super().write(vals)
        to_confirm = self.filtered(lambda order: order.state in ("draft", "sent"))
        over = self.env["dealer.direct.contract"]._check_orders_within_cap(to_confirm, vals.get("date_order"))
        result = super().write(vals)
        if over:
            over.write({"dr_over_direct_volume": True})
        return result

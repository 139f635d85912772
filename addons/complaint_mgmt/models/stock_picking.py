"""What complaint_mgmt adds to stock.picking."""

from odoo import api, models


class StockPicking(models.Model):
    _name = "stock.picking"
    _inherit = ["stock.picking", "customer.complaint.count.mixin"]
    _cm_complaint_field = "picking_id"

    @api.readonly
    def action_cm_open_complaints(self):
        action = super().action_cm_open_complaints()
        action["context"] = {
            "default_picking_id": self.id,
            "default_partner_id": self.partner_id.id,
            "default_sale_order_id": self.sale_id.id,
        }
        return action

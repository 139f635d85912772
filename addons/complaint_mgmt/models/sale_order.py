"""What complaint_mgmt adds to sale.order."""

from odoo import api, models


class SaleOrder(models.Model):
    _name = "sale.order"
    _inherit = ["sale.order", "customer.complaint.count.mixin"]
    _cm_complaint_field = "sale_order_id"

    @api.readonly
    def action_cm_open_complaints(self):
        action = super().action_cm_open_complaints()
        action["context"] = {"default_sale_order_id": self.id, "default_partner_id": self.partner_id.id}
        return action

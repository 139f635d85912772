"""CC-28: "Schedule Revisit" from a partner or a sale order."""

from odoo import api, fields, models


class CustomerRevisitWizard(models.TransientModel):
    """CC-28: "Schedule Revisit" from a partner or a sale order.

    ``customer_comm`` has no ``stock``: the person who learns that the
    customer received the goods records the date here; ``complaint_mgmt``
    calls ``customer.satisfaction._cc_schedule_revisit`` from the delivery.
    """

    _name = "customer.revisit.wizard"
    _description = "Schedule a Revisit after Delivery"

    partner_id = fields.Many2one("res.partner", string="Customer", required=True)
    delivery_date = fields.Date(string="Received on", required=True, default=fields.Date.context_today)
    origin = fields.Char(string="Source Document")

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        context = self.env.context
        if context.get("active_model") == "sale.order" and context.get("active_id"):
            order = self.env["sale.order"].browse(context["active_id"])
            values.setdefault("partner_id", order.partner_shipping_id.id or order.partner_id.id)
            values.setdefault("origin", order.name)
        elif context.get("active_model") == "res.partner" and context.get("active_id"):
            values.setdefault("partner_id", context["active_id"])
        return values

    def action_schedule(self):
        self.ensure_one()
        survey = self.env["customer.satisfaction"]._cc_schedule_revisit(
            self.partner_id, self.delivery_date, self.origin
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "customer.satisfaction",
            "res_id": survey.id,
            "view_mode": "form",
        }

from odoo import api, fields, models

# what makes a contact belong to another commercial entity (res.partner._compute_commercial_partner)
COMMERCIAL_ENTITY_KEYS = frozenset({"parent_id", "is_company"})


class ComplaintCountMixin(models.AbstractModel):
    """Q-4: the smart button to the complaints of a customer, a sale order or a delivery."""

    _name = "customer.complaint.count.mixin"
    _description = "Complaint Smart Button"
    _cm_complaint_field = None

    cm_complaint_count = fields.Integer(string="Complaint Count", compute="_compute_cm_complaint_count")

    def _compute_cm_complaint_count(self):
        Complaint = self.env["customer.complaint"]
        if not Complaint.has_access("read"):
            self.cm_complaint_count = 0
            return
        counts = dict(
            Complaint._read_group([(self._cm_complaint_field, "in", self.ids)], [self._cm_complaint_field], ["__count"])
        )
        for record in self:
            record.cm_complaint_count = counts.get(record, 0)

    @api.readonly
    def action_cm_open_complaints(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("complaint_mgmt.customer_complaint_action")
        action["domain"] = [(self._cm_complaint_field, "=", self.id)]
        action["context"] = {"default_" + self._cm_complaint_field: self.id}
        return action


class ResPartner(models.Model):
    _name = "res.partner"
    _inherit = ["res.partner", "customer.complaint.count.mixin"]
    _cm_complaint_field = "commercial_partner_id"

    def write(self, vals):
        """CM-16: a contact moved under another company takes its complaints along: the repeat flags of
        both customers' complaints count again."""
        if not COMMERCIAL_ENTITY_KEYS & vals.keys():
            return super().write(vals)
        # sudo: a repeat counts the customer's complaints whoever may read them
        moved = self.env["customer.complaint"].sudo().search([("partner_id", "child_of", self.ids)])
        scope = moved._cm_repeat_scope()
        result = super().write(vals)
        if moved:
            moved._cm_recompute_repeats(moved | scope | moved._cm_repeat_scope())
        return result

    @api.readonly
    def action_cm_open_complaints(self):
        action = super().action_cm_open_complaints()
        action["context"] = {"default_partner_id": self.id}
        return action


class SaleOrder(models.Model):
    _name = "sale.order"
    _inherit = ["sale.order", "customer.complaint.count.mixin"]
    _cm_complaint_field = "sale_order_id"

    @api.readonly
    def action_cm_open_complaints(self):
        action = super().action_cm_open_complaints()
        action["context"] = {"default_sale_order_id": self.id, "default_partner_id": self.partner_id.id}
        return action


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

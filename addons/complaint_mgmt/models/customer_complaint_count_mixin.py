"""Q-4: the smart button to the complaints of a customer, a sale order or a delivery."""

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

"""What complaint_mgmt adds to res.partner."""

from odoo import api, models

from .customer_complaint_count_mixin import COMMERCIAL_ENTITY_KEYS


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

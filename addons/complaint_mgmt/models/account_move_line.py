"""What complaint_mgmt adds to account.move.line."""

from odoo import api, models


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines.move_id._check_complaint_amount()
        return lines

    def write(self, vals):
        result = super().write(vals)
        self.move_id._check_complaint_amount()
        return result

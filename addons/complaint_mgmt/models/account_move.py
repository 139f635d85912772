"""What complaint_mgmt adds to account.move."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class AccountMove(models.Model):
    _inherit = "account.move"

    complaint_id = fields.Many2one("customer.complaint", readonly=True, copy=False, index="btree_not_null")

    @api.model_create_multi
    def create(self, vals_list):
        moves = super().create(vals_list)
        moves._check_complaint_amount()
        return moves

    def write(self, vals):
        result = super().write(vals)
        self._check_complaint_amount()
        return result

    def _post(self, soft=True):
        self._check_complaint_amount()
        return super()._post(soft)

    def _check_complaint_amount(self):
        """CM-11: the credit notes of a complaint never exceed the amount approved for it (核决权限)."""
        # sudo: accounting checks the complaint's approved amount without reading rights on complaints
        for complaint in self.filtered("complaint_id").complaint_id.sudo():
            notes = complaint.credit_note_ids.filtered(lambda move: move.state != "cancel")
            total = sum(notes.mapped("amount_total_signed"))
            if complaint.currency_id.compare_amounts(abs(total), complaint.proposed_amount) > 0:
                raise ValidationError(
                    self.env._(
                        "The credit notes of complaint %(complaint)s (%(total)s) exceed the approved amount "
                        "(%(approved)s).",
                        complaint=complaint.name,
                        total=abs(total),
                        approved=complaint.proposed_amount,
                    )
                )

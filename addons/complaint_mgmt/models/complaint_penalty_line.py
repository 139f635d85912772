"""CM-15: the sanction decided for one closed complaint of the month."""

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .complaint_penalty_review import SANCTIONS


class ComplaintPenaltyLine(models.Model):
    """CM-15: the sanction decided for one closed complaint of the month."""

    _name = "complaint.penalty.line"
    _description = "Complaint Penalty"
    _order = "review_id, id"
    _check_company_auto = True

    review_id = fields.Many2one("complaint.penalty.review", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="review_id.company_id", store=True)
    currency_id = fields.Many2one(related="review_id.currency_id")
    complaint_id = fields.Many2one("customer.complaint", required=True, check_company=True)
    responsible_unit = fields.Selection(related="complaint_id.responsible_unit")
    loss_amount = fields.Monetary(related="complaint_id.loss_amount")
    department_id = fields.Many2one("customer.department", string="Responsible Department", check_company=True)
    user_id = fields.Many2one("res.users", string="Responsible Person")
    sanction = fields.Selection(SANCTIONS, required=True, default="none")
    amount = fields.Monetary(string="Deduction")
    note = fields.Char()

    @api.constrains("amount", "sanction")
    def _check_amount(self):
        for line in self:
            if line.amount < 0:
                raise ValidationError(self.env._("A bonus deduction cannot be negative."))
            if line.amount and line.sanction != "bonus_deduction":
                raise ValidationError(self.env._("Only a bonus deduction has an amount."))

    def write(self, vals):
        if not self.env.su and self.review_id.filtered(lambda review: review.state != "draft" or review.review_ids):
            raise UserError(self.env._("The sanctions of a submitted or approved review cannot be changed."))
        return super().write(vals)

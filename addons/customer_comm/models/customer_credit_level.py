"""CC-10: credit levels defined by finance, approved before use."""

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class CustomerCreditLevel(models.Model):
    """CC-10: credit levels defined by finance, approved before use."""

    _name = "customer.credit.level"
    _description = "Credit Level"
    _inherit = ["mail.thread"]
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True, tracking=True)
    code = fields.Char(required=True)
    sequence = fields.Integer(default=10, help="Lower is better: AAA before C.")
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    currency_id = fields.Many2one(related="company_id.currency_id")
    default_credit_limit = fields.Monetary(required=True, tracking=True)
    payment_term_id = fields.Many2one("account.payment.term", string="Default Payment Terms", tracking=True)
    sales_policy = fields.Html(translate=True)
    state = fields.Selection(
        [("draft", "Draft"), ("approved", "Approved")], default="draft", required=True, tracking=True
    )
    active = fields.Boolean(default=True)

    _code_company_uniq = models.UniqueIndex("(code, company_id)", "A credit level code must be unique.")

    @api.constrains("default_credit_limit")
    def _check_default_credit_limit(self):
        if any(level.default_credit_limit < 0 for level in self):
            raise ValidationError(self.env._("The default credit limit cannot be negative."))

    def action_approve(self):
        if not self.env.user.has_group("customer_comm.customer_comm_group_manager"):
            raise UserError(self.env._("Only a customer management manager can approve credit levels."))
        self.write({"state": "approved"})

    def action_reset_to_draft(self):
        self.write({"state": "draft"})

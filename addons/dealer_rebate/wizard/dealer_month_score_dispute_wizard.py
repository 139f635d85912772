"""DR-12: record a dealer's dispute of a month and who re-checks it."""

from odoo import fields, models


class DealerMonthScoreDisputeWizard(models.TransientModel):
    """DR-12: record a dealer's dispute of a month and who re-checks it."""

    _name = "dealer.month.score.dispute.wizard"
    _description = "Dispute a Monthly Conduct Score"

    score_id = fields.Many2one("dealer.month.score", required=True, ondelete="cascade")
    salesperson_id = fields.Many2one(related="score_id.user_id")
    recheck_user_id = fields.Many2one(
        "res.users",
        string="Re-checked by",
        required=True,
        domain="[('id', '!=', salesperson_id), ('share', '=', False)]",
    )
    reason = fields.Text(string="Dealer's Objection", required=True)

    def action_confirm(self):
        self.ensure_one()
        self.score_id._dispute(self.recheck_user_id, self.reason)

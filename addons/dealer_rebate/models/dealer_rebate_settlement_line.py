"""The terms of a rebate settlement: volumes and targets, deductions, amounts."""

from odoo import fields, models


class DealerRebateSettlementLine(models.Model):
    """A term of a settlement: a month's volume and target, a deduction with its month, an amount."""

    _name = "dealer.rebate.settlement.line"
    _description = "Dealer Rebate Settlement Term"
    _inherit = ["customer.flow.document.mixin"]
    _order = "settlement_id, sequence, id"
    _flow_fields = None  # written with their settlement by the computation only
    _always_editable = frozenset()

    settlement_id = fields.Many2one("dealer.rebate.settlement", required=True, ondelete="cascade", index=True)
    sequence = fields.Integer()
    line_type = fields.Selection(
        [("volume", "Volume"), ("deduction", "Deduction"), ("amount", "Amount")], required=True
    )
    name = fields.Char(string="Term", required=True)
    month = fields.Date()
    tons = fields.Float(digits=(16, 3))
    weighted_tons = fields.Float(digits=(16, 3))
    target_tons = fields.Float(string="Target (t)", digits=(16, 3))
    violation_id = fields.Many2one("dealer.violation")
    coefficient = fields.Float(string="Deduction", digits=(4, 3))
    rate = fields.Float(string="Rate per Ton")
    amount = fields.Float(digits="Account")
    company_id = fields.Many2one("res.company", required=True, index=True)

    def _flow_hint(self):
        return self.env["dealer.rebate.settlement"]._flow_hint()

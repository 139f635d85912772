"""DR-13 / DR-15: compute the settlements of a period for every active dealer."""

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..models.dealer_rebate_settlement import period_bounds


class DealerRebateComputeWizard(models.TransientModel):
    """DR-13 / DR-15: compute the settlements of a period for every active dealer."""

    _name = "dealer.rebate.compute.wizard"
    _description = "Compute Dealer Rebate Settlements"

    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    settlement_kind = fields.Selection(
        [
            ("month", "Monthly: base rebate and freight, or the rewards outside the target system"),
            ("completion", "Completion and exclusive bonuses"),
        ],
        string="Settle",
        required=True,
        default="month",
    )
    date = fields.Date(
        string="Any Day of the Period",
        required=True,
        default=fields.Date.context_today,
        help="The month, or the quarter or year of the policy's completion period, containing this day.",
    )
    policy_id = fields.Many2one("dealer.rebate.policy", compute="_compute_policy_id")
    result = fields.Text(readonly=True)

    @api.depends("company_id", "date")
    def _compute_policy_id(self):
        Policy = self.env["dealer.rebate.policy"]
        for wizard in self:
            wizard.policy_id = Policy.search(
                [
                    ("company_id", "=", wizard.company_id.id),
                    ("date_from", "<=", wizard.date),
                    ("date_to", ">=", wizard.date),
                ],
                limit=1,
            )

    def _period_type(self, policy):
        return "month" if self.settlement_kind == "month" else policy.completion_period

    def action_compute(self):
        self.ensure_one()
        policy = self.env["dealer.rebate.policy"]._for_date(self.company_id, self.date)
        settlements, skipped = self.env["dealer.rebate.settlement"]._generate(
            policy, self._period_type(policy), self.date
        )
        action = self.env["ir.actions.act_window"]._for_xml_id("dealer_rebate.dealer_rebate_settlement_action")
        action["domain"] = [("id", "in", settlements.ids)]
        if skipped:
            lines = "\n".join(f"{partner.display_name}: {reason}" for partner, reason in skipped.items())
            self.result = self.env._(
                "%(count)s settlements computed. Dealers left out:\n%(lines)s", count=len(settlements), lines=lines
            )
            return {
                "type": "ir.actions.act_window",
                "res_model": self._name,
                "res_id": self.id,
                "view_mode": "form",
                "views": [(False, "form")],
                "target": "new",
            }
        return action

    @api.readonly
    def action_open_settlements(self):
        return self.env["ir.actions.act_window"]._for_xml_id("dealer_rebate.dealer_rebate_settlement_action")

    @api.readonly
    def action_print_statements(self):
        """DR-17: the statements of every dealer settled for the period, printed at once."""
        self.ensure_one()
        policy = self.env["dealer.rebate.policy"]._for_date(self.company_id, self.date)
        date_from, date_to = period_bounds(self.date, self._period_type(policy))
        settlements = self.env["dealer.rebate.settlement"].search(
            [
                ("company_id", "=", self.company_id.id),
                ("date_from", ">=", date_from),
                ("date_to", "<=", date_to),
                ("state", "!=", "cancel"),
            ],
            order="partner_id, date_from, component",
        )
        if not settlements:
            raise UserError(self.env._("No settlement of this period to print: compute the period first."))
        return self.env.ref("dealer_rebate.dealer_statement_report_action").report_action(settlements)

"""DR-16 … DR-20: the rebate analysis, one row per settlement, over a SQL view (as Odoo's ``sale.report``)."""

from odoo import fields, models
from odoo.tools import SQL

from ..models.dealer_rebate_settlement import COMPONENTS

STATES = [("draft", "Draft"), ("approved", "Approved"), ("posted", "Posted")]


class DealerRebateReport(models.Model):
    """Rebates accrued, approved, posted and paid by component and period, with the completion ratio and the
    conduct deductions (the coefficient applied to the amount). Cancelled settlements are left out.

    A posted rebate is paid when every line of its entry on the policy's rebate payable account is
    reconciled (offset against the receivable or paid), as the settlement's own "Paid" flag reads it.
    """

    _name = "dealer.rebate.report"
    _description = "Rebate Analysis"
    _auto = False
    _rec_name = "settlement_id"
    _order = "date_from desc"

    settlement_id = fields.Many2one("dealer.rebate.settlement", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Dealer", readonly=True)
    salesperson_id = fields.Many2one("res.users", readonly=True)
    region_id = fields.Many2one("customer.region", string="Sales Region", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    policy_id = fields.Many2one("dealer.rebate.policy", readonly=True)
    component = fields.Selection(COMPONENTS, readonly=True)
    period_type = fields.Selection([("month", "Month"), ("quarter", "Quarter"), ("year", "Year")], readonly=True)
    period = fields.Char(readonly=True)
    date_from = fields.Date(string="Period Start", readonly=True)
    state = fields.Selection(STATES, string="Status", readonly=True)
    accrued_amount = fields.Monetary(string="Accrued", readonly=True, help="Every settlement computed.")
    approved_amount = fields.Monetary(string="Approved", readonly=True, help="Approved or posted.")
    posted_amount = fields.Monetary(string="Posted", readonly=True)
    paid_amount = fields.Monetary(string="Paid", readonly=True)
    withheld_amount = fields.Monetary(string="Withheld", readonly=True)
    tons = fields.Float(string="Volume (t)", digits=(16, 3), readonly=True)
    target_tons = fields.Float(string="Target (t)", digits=(16, 3), readonly=True)
    completion_ratio = fields.Float(aggregator="avg", digits=(8, 4), readonly=True)
    coefficient = fields.Float(string="Conduct Deductions", aggregator="avg", digits=(8, 3), readonly=True)
    settlement_count = fields.Integer(string="Settlements", readonly=True)

    _depends = {
        "dealer.rebate.settlement": [
            "partner_id",
            "region_id",
            "company_id",
            "policy_id",
            "component",
            "period_type",
            "period",
            "date_from",
            "state",
            "amount",
            "withheld_amount",
            "tons",
            "target_tons",
            "completion_ratio",
            "coefficient",
            "move_id",
        ],
        "dealer.rebate.policy": ["payable_account_id"],
        "account.move.line": ["move_id", "account_id", "reconciled"],
        "res.partner": ["user_id"],
        "res.company": ["currency_id"],
    }

    @property
    def _table_query(self):
        return SQL(
            """
            WITH paid AS (
                SELECT s.id
                  FROM dealer_rebate_settlement s
                  JOIN dealer_rebate_policy pol ON pol.id = s.policy_id
                  JOIN account_move_line aml ON aml.move_id = s.move_id AND aml.account_id = pol.payable_account_id
                 WHERE s.state = 'posted'
              GROUP BY s.id
                HAVING bool_and(aml.reconciled)
            )
            SELECT s.id,
                   s.id AS settlement_id,
                   s.partner_id,
                   p.user_id AS salesperson_id,
                   s.region_id,
                   s.company_id,
                   comp.currency_id,
                   s.policy_id,
                   s.component,
                   s.period_type,
                   s.period,
                   s.date_from,
                   s.state,
                   s.amount AS accrued_amount,
                   CASE WHEN s.state IN ('approved', 'posted') THEN s.amount ELSE 0 END AS approved_amount,
                   CASE WHEN s.state = 'posted' THEN s.amount ELSE 0 END AS posted_amount,
                   CASE WHEN paid.id IS NOT NULL THEN s.amount ELSE 0 END AS paid_amount,
                   COALESCE(s.withheld_amount, 0) AS withheld_amount,
                   s.tons,
                   s.target_tons,
                   s.completion_ratio,
                   s.coefficient,
                   1 AS settlement_count
              FROM dealer_rebate_settlement s
              JOIN res_partner p ON p.id = s.partner_id
              JOIN res_company comp ON comp.id = s.company_id
              LEFT JOIN paid ON paid.id = s.id
             WHERE s.state != 'cancel'
            """
        )

"""DR-22 / CC-18: each customer's share of the company's sales over the rolling window, with the limits."""

from odoo import fields, models
from odoo.tools import SQL


class DealerConcentrationReport(models.Model):
    """DR-22: the concentration of the company's sales, the figure of the dependence warning (CC-18).

    Sales are the posted customer invoices less refunds, untaxed, in company currency (the invoice lines'
    balance, as Odoo's invoice analysis sums them), by commercial customer, over the company's dependence
    window (days, rolling to today). Each row carries the company's limits, so that a chart or a pivot draws them
    beside the shares. It shows sums by customer only, never an invoice: sales managers and rebate managers
    read it without invoicing rights.
    """

    _name = "dealer.concentration.report"
    _description = "Sales Concentration"
    _auto = False
    _rec_name = "partner_id"
    _order = "rank"

    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    region_id = fields.Many2one("customer.region", string="Sales Region", readonly=True)
    salesperson_id = fields.Many2one("res.users", readonly=True)
    is_dealer = fields.Boolean(string="Dealer", readonly=True)
    amount = fields.Monetary(string="Sales", readonly=True)
    share = fields.Float(string="Share (%)", digits=(5, 1), readonly=True, help="Of the company's sales in the window.")
    rank = fields.Integer(aggregator="min", readonly=True)
    is_top_three = fields.Boolean(string="Top Three", readonly=True)
    top_three_share = fields.Float(
        string="Top Three Share (%)", aggregator="max", digits=(5, 1), readonly=True, help="The three largest together."
    )
    single_limit = fields.Float(string="One Customer Limit (%)", aggregator="max", digits=(5, 1), readonly=True)
    top_three_limit = fields.Float(string="Top Three Limit (%)", aggregator="max", digits=(5, 1), readonly=True)
    above_limit = fields.Boolean(
        string="Above the Limit", readonly=True, help="Above the one-customer limit, or in a top three above theirs."
    )
    window_days = fields.Integer(string="Window (days)", aggregator="max", readonly=True)

    _depends = {
        "account.move": ["move_type", "state", "invoice_date", "commercial_partner_id", "company_id"],
        "account.move.line": ["move_id", "balance", "display_type"],
        "res.company": [
            "currency_id",
            "cc_dependence_window_days",
            "cc_dependence_single_pct",
            "cc_dependence_top3_pct",
        ],
        "res.partner": ["cc_region_id", "user_id", "dr_status"],
    }

    @property
    def _table_query(self):
        return SQL(
            """
            WITH sales AS (
                SELECT move.company_id,
                       move.commercial_partner_id AS partner_id,
                       SUM(-aml.balance) AS amount
                  FROM account_move_line aml
                  JOIN account_move move ON move.id = aml.move_id
                  JOIN res_company comp ON comp.id = move.company_id
                 WHERE move.move_type IN ('out_invoice', 'out_refund')
                   AND move.state = 'posted'
                   AND aml.display_type = 'product'
                   AND move.invoice_date >= CURRENT_DATE - COALESCE(comp.cc_dependence_window_days, 365)
              GROUP BY move.company_id, move.commercial_partner_id
            ),
            ranked AS (
                SELECT sales.*,
                       ROW_NUMBER() OVER (PARTITION BY company_id ORDER BY amount DESC, partner_id) AS rank,
                       SUM(amount) OVER (PARTITION BY company_id) AS total
                  FROM sales
            ),
            shared AS (
                SELECT ranked.*,
                       CASE WHEN total != 0 THEN amount / total * 100 ELSE 0 END AS share,
                       CASE WHEN total != 0
                            THEN SUM(amount) FILTER (WHERE rank <= 3) OVER (PARTITION BY company_id) / total * 100
                            ELSE 0 END AS top_three_share
                  FROM ranked
            )
            SELECT ROW_NUMBER() OVER (ORDER BY s.company_id, s.rank) AS id,
                   s.partner_id,
                   s.company_id,
                   comp.currency_id,
                   p.cc_region_id AS region_id,
                   p.user_id AS salesperson_id,
                   p.dr_status IS NOT NULL AS is_dealer,
                   s.amount,
                   s.share,
                   s.rank,
                   s.rank <= 3 AS is_top_three,
                   s.top_three_share,
                   comp.cc_dependence_single_pct AS single_limit,
                   comp.cc_dependence_top3_pct AS top_three_limit,
                   (s.share > comp.cc_dependence_single_pct
                    OR (s.rank <= 3 AND s.top_three_share > comp.cc_dependence_top3_pct)) AS above_limit,
                   comp.cc_dependence_window_days AS window_days
              FROM shared s
              JOIN res_partner p ON p.id = s.partner_id
              JOIN res_company comp ON comp.id = s.company_id
             WHERE s.amount != 0
            """
        )

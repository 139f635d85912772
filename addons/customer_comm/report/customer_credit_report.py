"""CC-13 / CC-15: the credit exposure analysis, one row per company and customer, over a SQL view."""

from odoo import fields, models
from odoo.tools import SQL

from ..models.res_partner import CHANNEL_TYPES


class CustomerCreditReport(models.Model):
    """CC-13 / CC-15: each customer's credit limit against its open and overdue receivable.

    The receivable is Odoo's ``credit`` figure (posted, unreconciled receivable lines of the company's
    tree, by commercial partner, in company currency), as the credit banner and the early warnings read
    it; the limit is the customer's credit limit in that company. A customer appears when it has a limit
    or an open receivable.
    """

    _name = "customer.credit.report"
    _description = "Credit Exposure Analysis"
    _auto = False
    _rec_name = "partner_id"
    _order = "receivable desc"

    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    salesperson_id = fields.Many2one("res.users", readonly=True)
    region_id = fields.Many2one("customer.region", string="Sales Region", readonly=True)
    tier_id = fields.Many2one("customer.tier", string="Customer Tier", readonly=True)
    channel_type = fields.Selection(CHANNEL_TYPES, string="Channel Role", readonly=True)
    credit_limit = fields.Monetary(readonly=True)
    receivable = fields.Monetary(string="Open Receivable", readonly=True)
    overdue = fields.Monetary(string="Overdue Receivable", readonly=True)
    over_limit = fields.Monetary(
        string="Above the Limit",
        readonly=True,
        help="The open receivable above the credit limit, of customers with a limit.",
    )
    usage_rate = fields.Float(
        string="Limit Used (%)",
        aggregator="avg",
        digits=(6, 1),
        readonly=True,
        help="The open receivable as a share of the credit limit, for customers with a limit.",
    )
    over_limit_count = fields.Integer(string="Customers above the Limit", readonly=True)
    customer_count = fields.Integer(string="Customers", readonly=True)

    _depends = {
        "account.move.line": [
            "parent_state",
            "account_id",
            "reconciled",
            "partner_id",
            "amount_residual",
            "date_maturity",
            "company_id",
        ],
        "account.account": ["account_type"],
        "res.partner": [
            "credit_limit",
            "commercial_partner_id",
            "user_id",
            "cc_region_id",
            "cc_tier_id",
            "cc_channel_type",
        ],
        "res.company": ["parent_path", "currency_id"],
    }

    @property
    def _table_query(self):
        return SQL(
            """
            WITH receivables AS (
                SELECT split_part(comp.parent_path, '/', 1)::int AS company_id,
                       aml.partner_id,
                       SUM(aml.amount_residual) AS receivable,
                       SUM(aml.amount_residual) FILTER (WHERE aml.date_maturity < CURRENT_DATE) AS overdue
                  FROM account_move_line aml
                  JOIN res_company comp ON comp.id = aml.company_id
                  JOIN account_account acc ON acc.id = aml.account_id
                 WHERE aml.parent_state = 'posted'
                   AND acc.account_type = 'asset_receivable'
                   AND NOT aml.reconciled
                   AND aml.partner_id IS NOT NULL
              GROUP BY 1, 2
            ),
            limits AS (
                SELECT comp.id AS company_id,
                       p.id AS partner_id,
                       (p.credit_limit ->> comp.id::text)::numeric AS credit_limit
                  FROM res_partner p
                  JOIN res_company comp ON (p.credit_limit ->> comp.id::text)::numeric > 0
                 WHERE p.id = p.commercial_partner_id
            ),
            exposure AS (
                SELECT COALESCE(l.company_id, r.company_id) AS company_id,
                       COALESCE(l.partner_id, r.partner_id) AS partner_id,
                       COALESCE(l.credit_limit, 0) AS credit_limit,
                       COALESCE(r.receivable, 0) AS receivable,
                       COALESCE(r.overdue, 0) AS overdue
                  FROM limits l
                  FULL JOIN receivables r ON r.company_id = l.company_id AND r.partner_id = l.partner_id
            )
            SELECT ROW_NUMBER() OVER (ORDER BY e.company_id, e.partner_id) AS id,
                   e.partner_id,
                   e.company_id,
                   comp.currency_id,
                   p.user_id AS salesperson_id,
                   p.cc_region_id AS region_id,
                   p.cc_tier_id AS tier_id,
                   p.cc_channel_type AS channel_type,
                   e.credit_limit,
                   e.receivable,
                   e.overdue,
                   CASE WHEN e.credit_limit > 0
                        THEN GREATEST(e.receivable - e.credit_limit, 0) ELSE 0 END AS over_limit,
                   CASE WHEN e.credit_limit > 0 THEN e.receivable / e.credit_limit * 100 END AS usage_rate,
                   CASE WHEN e.credit_limit > 0 AND e.receivable > e.credit_limit THEN 1 ELSE 0 END AS over_limit_count,
                   1 AS customer_count
              FROM exposure e
              JOIN res_partner p ON p.id = e.partner_id
              JOIN res_company comp ON comp.id = e.company_id
            """
        )

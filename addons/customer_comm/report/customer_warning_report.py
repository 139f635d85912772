"""CC-14: the early-warning analysis, one row per warning, with its age, over a SQL view."""

from odoo import fields, models
from odoo.tools import SQL

from ..models.customer_role import ROLES
from ..models.customer_warning_rule import WARNING_TYPES

AGES = [("week", "Up to 7 days"), ("month", "8 to 30 days"), ("quarter", "31 to 90 days"), ("older", "Over 90 days")]


class CustomerWarningReport(models.Model):
    """CC-14: warnings by type, state, region, tier and age.

    The age of a warning counts the days from its first detection to its closure, or to today while it is
    open.
    """

    _name = "customer.warning.report"
    _description = "Early Warning Analysis"
    _auto = False
    _rec_name = "warning_id"
    _order = "first_detected_date desc"

    warning_id = fields.Many2one("customer.warning", readonly=True)
    warning_type = fields.Selection(WARNING_TYPES, string="Type", readonly=True)
    severity = fields.Selection([("warning", "Warning"), ("severe", "Severe")], readonly=True)
    state = fields.Selection(
        [("open", "Open"), ("acknowledged", "Acknowledged"), ("resolved", "Resolved"), ("dismissed", "Dismissed")],
        readonly=True,
    )
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    salesperson_id = fields.Many2one("res.users", readonly=True)
    user_id = fields.Many2one("res.users", string="Assigned to", readonly=True)
    role = fields.Selection(ROLES, string="Assigned Role", readonly=True)
    region_id = fields.Many2one("customer.region", string="Sales Region", readonly=True)
    tier_id = fields.Many2one("customer.tier", string="Customer Tier", readonly=True)
    first_detected_date = fields.Date(string="First Detected", readonly=True)
    age_days = fields.Integer(string="Age (days)", aggregator="avg", readonly=True)
    age = fields.Selection(AGES, readonly=True)
    open_count = fields.Integer(string="Open", readonly=True)
    severe_count = fields.Integer(string="Severe", readonly=True)
    escalation_count = fields.Integer(string="Escalations", readonly=True)

    _depends = {
        "customer.warning": [
            "warning_type",
            "severity",
            "state",
            "partner_id",
            "company_id",
            "salesperson_id",
            "user_id",
            "role",
            "region_id",
            "tier_id",
            "first_detected_date",
            "last_detected_date",
            "resolved_date",
            "escalation_count",
        ],
    }

    @property
    def _table_query(self):
        return SQL(
            """
            WITH aged AS (
                SELECT w.*,
                       COALESCE(
                           w.resolved_date::date,
                           CASE WHEN w.state IN ('open', 'acknowledged') THEN CURRENT_DATE END,
                           w.last_detected_date
                       ) - w.first_detected_date AS age_days
                  FROM customer_warning w
            )
            SELECT w.id,
                   w.id AS warning_id,
                   w.warning_type,
                   w.severity,
                   w.state,
                   w.partner_id,
                   w.company_id,
                   w.salesperson_id,
                   w.user_id,
                   w.role,
                   w.region_id,
                   w.tier_id,
                   w.first_detected_date,
                   w.age_days,
                   CASE WHEN w.age_days <= 7 THEN 'week'
                        WHEN w.age_days <= 30 THEN 'month'
                        WHEN w.age_days <= 90 THEN 'quarter'
                        ELSE 'older' END AS age,
                   CASE WHEN w.state IN ('open', 'acknowledged') THEN 1 ELSE 0 END AS open_count,
                   CASE WHEN w.severity = 'severe' THEN 1 ELSE 0 END AS severe_count,
                   COALESCE(w.escalation_count, 0) AS escalation_count
              FROM aged w
            """
        )

"""CV-6: the visit compliance analysis (planned, done, required visits; reports on time; promises kept)."""

from odoo import fields, models
from odoo.tools import SQL

from ..models.visit_frequency_rule import VISIT_ROLES

SOURCES = [("plan", "Visit Plan"), ("visit", "Visit"), ("promise", "Promise")]


class VisitComplianceReport(models.Model):
    """CV-6: compliance by role, region, tier and month, over a SQL view of three sources.

    - a visit plan line counts the visits planned, done and required by the tier x role frequency (its
      stored counts, in the month of its planned date);
    - a visit done counts the report due and the report submitted by its deadline (CV-9);
    - a promise made on a visit counts the promise and whether it was kept by its due date (CV-10).
    """

    _name = "visit.compliance.report"
    _description = "Visit Compliance Analysis"
    _auto = False
    _order = "date desc"

    source = fields.Selection(SOURCES, readonly=True)
    date = fields.Date(readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    user_id = fields.Many2one("res.users", string="Responsible", readonly=True)
    salesperson_id = fields.Many2one("res.users", readonly=True)
    role = fields.Selection(VISIT_ROLES, readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    region_id = fields.Many2one("customer.region", string="Sales Region", readonly=True)
    tier_id = fields.Many2one("customer.tier", string="Customer Tier", readonly=True)
    planned_count = fields.Integer(string="Planned", readonly=True)
    done_count = fields.Integer(string="Done", readonly=True)
    required_count = fields.Integer(string="Required", readonly=True)
    visit_count = fields.Integer(string="Visits Made", readonly=True)
    report_on_time_count = fields.Integer(string="Reports on Time", readonly=True)
    report_late_count = fields.Integer(string="Reports Late", readonly=True)
    promise_count = fields.Integer(string="Promises", readonly=True)
    promise_kept_count = fields.Integer(string="Promises Kept", readonly=True)
    promise_kept_on_time_count = fields.Integer(string="Promises Kept on Time", readonly=True)

    _depends = {
        "visit.plan.line": [
            "planned_date",
            "company_id",
            "user_id",
            "role",
            "partner_id",
            "planned_count",
            "done_count",
            "required_count",
        ],
        "customer.visit": [
            "date",
            "company_id",
            "user_id",
            "role",
            "partner_id",
            "state",
            "report_date",
            "report_deadline",
        ],
        "visit.promise": ["due_date", "company_id", "user_id", "partner_id", "visit_id", "state", "kept_on_time"],
        "res.partner": ["user_id", "cc_region_id", "cc_tier_id"],
    }

    @property
    def _table_query(self):
        return SQL(
            """
            SELECT ROW_NUMBER() OVER (ORDER BY rows.source, rows.res_id) AS id, rows.*,
                   p.user_id AS salesperson_id, p.cc_region_id AS region_id, p.cc_tier_id AS tier_id
              FROM (
                    SELECT 'plan' AS source, l.id AS res_id, l.planned_date AS date, l.company_id, l.user_id,
                           l.role, l.partner_id,
                           COALESCE(l.planned_count, 0) AS planned_count, COALESCE(l.done_count, 0) AS done_count,
                           COALESCE(l.required_count, 0) AS required_count,
                           0 AS visit_count, 0 AS report_on_time_count, 0 AS report_late_count,
                           0 AS promise_count, 0 AS promise_kept_count, 0 AS promise_kept_on_time_count
                      FROM visit_plan_line l
                 UNION ALL
                    SELECT 'visit', v.id, v.date, v.company_id, v.user_id, v.role, v.partner_id, 0, 0, 0,
                           1,
                           CASE WHEN v.report_date IS NOT NULL AND v.report_date <= v.report_deadline THEN 1 ELSE 0 END,
                           CASE WHEN COALESCE(v.report_date, CASE WHEN v.state = 'done' THEN CURRENT_DATE END)
                                     > v.report_deadline THEN 1 ELSE 0 END,
                           0, 0, 0
                      FROM customer_visit v
                     WHERE v.state IN ('done', 'submitted', 'reviewed')
                 UNION ALL
                    SELECT 'promise', pr.id, pr.due_date, pr.company_id, pr.user_id, COALESCE(v.role, 'salesperson'),
                           pr.partner_id, 0, 0, 0, 0, 0, 0,
                           1,
                           CASE WHEN pr.state = 'done' THEN 1 ELSE 0 END,
                           CASE WHEN pr.kept_on_time THEN 1 ELSE 0 END
                      FROM visit_promise pr
                      LEFT JOIN customer_visit v ON v.id = pr.visit_id
                     WHERE pr.state != 'cancel'
                   ) rows
              JOIN res_partner p ON p.id = rows.partner_id
            """
        )

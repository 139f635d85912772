"""CM-16: the complaint analysis, one row per complaint, over a SQL view (as Odoo's ``sale.report``)."""

from odoo import fields, models
from odoo.tools import SQL

from ..models.customer_complaint import RESPONSIBLE_UNITS, SEVERITIES, STATES
from ..models.customer_complaint_cause import COMPLAINT_TYPES


class CustomerComplaintReport(models.Model):
    """CM-16: complaints received and closed, the share closed on time, the handling times and the ratings.

    A handling time or a rating is empty (NULL) until its step is reached, so that the averages of the
    pivot, the graph, the dashboard and the monthly report count the complaints that reached it only.
    """

    _name = "customer.complaint.report"
    _description = "Complaint Analysis"
    _auto = False
    _rec_name = "complaint_id"
    _order = "date_received desc"

    complaint_id = fields.Many2one("customer.complaint", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    salesperson_id = fields.Many2one("res.users", readonly=True)
    registered_by_id = fields.Many2one("res.users", string="Registered by", readonly=True)
    region_id = fields.Many2one("customer.region", string="Sales Region", readonly=True)
    tier_id = fields.Many2one("customer.tier", string="Customer Tier", readonly=True)
    product_id = fields.Many2one("product.product", readonly=True)
    cause_id = fields.Many2one("customer.complaint.cause", readonly=True)
    complaint_type = fields.Selection(COMPLAINT_TYPES, string="Type", readonly=True)
    severity = fields.Selection(SEVERITIES, readonly=True)
    responsible_unit = fields.Selection(RESPONSIBLE_UNITS, readonly=True)
    responsible_department_id = fields.Many2one("customer.department", readonly=True)
    state = fields.Selection(STATES, string="Status", readonly=True)
    date_received = fields.Datetime(string="Received on", readonly=True)
    date_closed = fields.Date(string="Closed on", readonly=True)
    is_first_round = fields.Boolean(
        string="First Round", readonly=True, help="A new complaint, not a further handling round of one."
    )
    is_repeat = fields.Boolean(string="Repeat Complaint", readonly=True)
    received_count = fields.Integer(string="Received", readonly=True, help="New complaints (first rounds).")
    repeat_count = fields.Integer(string="Repeats", readonly=True, help="Repeat complaints of the customer.")
    closed_count = fields.Integer(string="Closed", readonly=True)
    closed_on_time_count = fields.Integer(string="Closed on Time", readonly=True)
    on_time_rate = fields.Float(
        string="Closed on Time (%)",
        aggregator="avg",
        digits=(5, 1),
        readonly=True,
        help="Share of the closed complaints closed by the closure deadline told to the customer.",
    )
    ack_days = fields.Float(string="Days to Acknowledge", aggregator="avg", digits=(5, 1), readonly=True)
    report_days = fields.Float(string="Days to Investigate", aggregator="avg", digits=(5, 1), readonly=True)
    close_days = fields.Float(string="Days to Close", aggregator="avg", digits=(5, 1), readonly=True)
    followup_score = fields.Float(string="Follow-up Rating", aggregator="avg", digits=(5, 2), readonly=True)
    rated_count = fields.Integer(string="Rated", readonly=True)
    loss_amount = fields.Float(string="Loss", readonly=True)

    _depends = {
        "customer.complaint": [
            "company_id",
            "commercial_partner_id",
            "salesperson_id",
            "registered_by_id",
            "region_id",
            "product_id",
            "cause_id",
            "complaint_type",
            "severity",
            "responsible_unit",
            "responsible_department_id",
            "state",
            "date_received",
            "date_closed",
            "previous_round_id",
            "is_repeat",
            "ack_reached",
            "report_reached",
            "close_reached",
            "closed_on_time",
            "on_time_rate",
            "ack_days",
            "report_days",
            "close_days",
            "followup_rated",
            "followup_score",
            "loss_amount",
        ],
        "res.partner": ["cc_tier_id"],
    }

    @property
    def _table_query(self):
        return SQL(
            """
            SELECT c.id,
                   c.id AS complaint_id,
                   c.company_id,
                   c.commercial_partner_id AS partner_id,
                   c.salesperson_id,
                   c.registered_by_id,
                   c.region_id,
                   p.cc_tier_id AS tier_id,
                   c.product_id,
                   c.cause_id,
                   c.complaint_type,
                   c.severity,
                   c.responsible_unit,
                   c.responsible_department_id,
                   c.state,
                   c.date_received,
                   c.date_closed,
                   c.previous_round_id IS NULL AS is_first_round,
                   c.is_repeat,
                   CASE WHEN c.previous_round_id IS NULL THEN 1 ELSE 0 END AS received_count,
                   CASE WHEN c.is_repeat THEN 1 ELSE 0 END AS repeat_count,
                   CASE WHEN c.close_reached THEN 1 ELSE 0 END AS closed_count,
                   CASE WHEN c.close_reached AND c.closed_on_time THEN 1 ELSE 0 END AS closed_on_time_count,
                   CASE WHEN c.close_reached THEN c.on_time_rate END AS on_time_rate,
                   CASE WHEN c.ack_reached THEN c.ack_days END AS ack_days,
                   CASE WHEN c.report_reached THEN c.report_days END AS report_days,
                   CASE WHEN c.close_reached THEN c.close_days END AS close_days,
                   CASE WHEN c.followup_rated THEN c.followup_score END AS followup_score,
                   CASE WHEN c.followup_rated THEN 1 ELSE 0 END AS rated_count,
                   COALESCE(c.loss_amount, 0) AS loss_amount
              FROM customer_complaint c
              LEFT JOIN res_partner p ON p.id = c.commercial_partner_id
             WHERE c.state != 'cancel'
            """
        )

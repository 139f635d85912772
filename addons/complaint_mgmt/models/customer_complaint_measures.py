"""The complaint's analysis measures: handling times, on-time closure, repeats (CM-16)."""

from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL

# CM-16: the measures averaged over the complaints that reached their step, and the flag that tells it
AVERAGE_REACHED = {
    "ack_days": "ack_reached",
    "report_days": "report_reached",
    "close_days": "close_reached",
    "on_time_rate": "close_reached",
    "followup_score": "followup_rated",
}
# CM-16: what the repeat flag of the customer's other complaints depends on
REPEAT_KEYS = frozenset({"partner_id", "date_received", "company_id", "previous_round_id"})


class CustomerComplaint(models.Model):
    _inherit = "customer.complaint"

    ack_days = fields.Float(
        string="Days to Acknowledge",
        compute="_compute_analysis_days",
        store=True,
        aggregator="avg",
        digits=(5, 1),
        help="Working days (the company's working-day calendar, public holidays and make-up days) from "
        "the receipt of the complaint to its acceptance, when the customer is told. Until accepted it is "
        "not counted in the averages.",
    )
    report_days = fields.Float(
        string="Days to Investigate",
        compute="_compute_analysis_days",
        store=True,
        aggregator="avg",
        digits=(5, 1),
        help="Working days from the acceptance to the investigation report. Until reported it is "
        "not counted in the averages.",
    )
    close_days = fields.Float(
        string="Days to Close",
        compute="_compute_analysis_days",
        store=True,
        aggregator="avg",
        digits=(5, 1),
        help="Working days from the acceptance to the closure. Until closed it is not counted in the averages.",
    )
    # CM-16: whether each step was reached: a step not reached stores 0 days but is left out of the averages
    ack_reached = fields.Boolean(string="Acknowledged", compute="_compute_analysis_days", store=True)
    report_reached = fields.Boolean(string="Investigated", compute="_compute_analysis_days", store=True)
    close_reached = fields.Boolean(string="Closed", compute="_compute_analysis_days", store=True)
    followup_rated = fields.Boolean(string="Rated", compute="_compute_followup_score", store=True)
    closed_on_time = fields.Boolean(
        compute="_compute_closed_on_time",
        store=True,
        help="Closed by the closure deadline told to the customer.",
    )
    on_time_rate = fields.Float(
        string="Closed on Time (%)",
        compute="_compute_closed_on_time",
        store=True,
        aggregator="avg",
        digits=(5, 1),
        help="100 for a complaint closed by its closure deadline, 0 otherwise: its average over the closed "
        "complaints is the share closed on time.",
    )
    is_repeat = fields.Boolean(
        string="Repeat Complaint",
        compute="_compute_is_repeat",
        store=True,
        help="The same customer registered another complaint in the previous days set by the company "
        "(90 by default). A new handling round of the same complaint is not a repeat.",
    )

    @api.model
    def _read_group_select(self, aggregate_spec, query):
        """CM-16: the average of a handling time or rating counts only the complaints that reached the step.

        A step not reached stores 0 (a stored float cannot be empty), which would pull the averages of the
        pivot, the graph and the monthly report down; the average is taken over the reached ones.
        """
        sql = super()._read_group_select(aggregate_spec, query)
        fname, _sep, func = aggregate_spec.partition(":")
        reached = AVERAGE_REACHED.get(fname)
        if func != "avg" or not reached:
            return sql
        return SQL(
            "AVG(CASE WHEN %s THEN %s END)",
            self._field_to_sql(self._table, reached, query),
            self._field_to_sql(self._table, fname, query),
        )

    # ------------------------------------------------------------------ computes
    @api.depends("date_received", "date_accepted", "date_report", "date_closed", "company_id")
    def _compute_analysis_days(self):
        """CM-16: the handling times in working days of the company's calendar (X-4)."""
        between = self.env["customer.calendar.day"]._working_days_between
        for complaint in self:
            company = complaint.company_id
            accepted = complaint.date_accepted
            complaint.ack_reached = bool(accepted)
            complaint.report_reached = bool(accepted and complaint.date_report)
            complaint.close_reached = bool(accepted and complaint.date_closed)
            complaint.ack_days = between(complaint.date_received, accepted, company) if accepted else 0.0
            complaint.report_days = (
                between(accepted, complaint.date_report, company) if complaint.report_reached else 0.0
            )
            complaint.close_days = between(accepted, complaint.date_closed, company) if complaint.close_reached else 0.0

    @api.depends("state", "date_closed", "close_deadline")
    def _compute_closed_on_time(self):
        for complaint in self:
            on_time = bool(
                complaint.state == "done"
                and complaint.date_closed
                and complaint.close_deadline
                and complaint.date_closed <= complaint.close_deadline
            )
            complaint.closed_on_time = on_time
            complaint.on_time_rate = 100.0 if on_time else 0.0

    @api.depends("commercial_partner_id", "date_received", "previous_round_id", "state", "company_id.cm_repeat_days")
    def _compute_is_repeat(self):
        """CM-16: one search for the whole batch, the look-back window of each complaint's company.

        A cancelled complaint is no repeat and makes none; the later complaints of the customer are
        recomputed when an earlier one changes customer, date or company, is cancelled or deleted
        (``write`` / ``unlink`` / ``create``).
        """
        firsts = self.filtered(
            lambda c: (
                c.commercial_partner_id
                and c.date_received
                and not c.previous_round_id
                and c.company_id
                and c.state != "cancel"
            )
        )
        (self - firsts).is_repeat = False
        if not firsts:
            return
        windows = {c: c.date_received - timedelta(days=c.company_id.cm_repeat_days) for c in firsts}
        # sudo: a repeat counts the customer's complaints whoever may read them
        others = self.sudo().search_fetch(
            [
                ("commercial_partner_id", "in", firsts.commercial_partner_id.ids),
                ("company_id", "in", firsts.company_id.ids),
                ("previous_round_id", "=", False),
                ("state", "!=", "cancel"),
                ("date_received", ">=", min(windows.values())),
                ("date_received", "<=", max(firsts.mapped("date_received"))),
            ],
            ["commercial_partner_id", "company_id", "date_received"],
        )
        by_customer = {}
        for other in others:
            key = (other.commercial_partner_id.id, other.company_id.id)
            by_customer.setdefault(key, []).append((other.date_received, other.id))
        for complaint in firsts:
            own = (complaint.date_received, complaint._origin.id or 0)
            earlier = by_customer.get((complaint.commercial_partner_id.id, complaint.company_id.id), [])
            complaint.is_repeat = any(
                windows[complaint] <= received and (received, other_id) < own and other_id != own[1]
                for received, other_id in earlier
            )

    # ------------------------------------------------------------------ repeats of the customer's other complaints
    def _cm_repeat_changes(self, vals):
        """CM-16: whether ``vals`` can change the repeat flag of other complaints of the customer."""
        if REPEAT_KEYS & vals.keys():
            return True
        return "state" in vals and (vals["state"] == "cancel" or any(c.state == "cancel" for c in self))

    def _cm_repeat_scope(self):
        """CM-16: the other complaints whose repeat flag may count those in ``self``: the same customers'
        complaints of the same companies received from their date to the end of the look-back window."""
        # sudo: a repeat counts the customer's complaints whoever may read them
        dated = self.sudo().filtered(lambda c: c.commercial_partner_id and c.date_received and c.company_id)
        if not dated:
            return self.browse()
        window = max(dated.company_id.mapped("cm_repeat_days"), default=0)
        return self.sudo().search(
            [
                ("commercial_partner_id", "in", dated.commercial_partner_id.ids),
                ("company_id", "in", dated.company_id.ids),
                ("date_received", ">=", min(dated.mapped("date_received"))),
                ("date_received", "<=", max(dated.mapped("date_received")) + timedelta(days=window)),
                ("id", "not in", self.ids),
            ]
        )

    def _cm_recompute_repeats(self, complaints):
        if complaints:
            self.env.add_to_compute(self._fields["is_repeat"], complaints)


# ---

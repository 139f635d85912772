"""client.visit.assessment.report: each person's visit assessment per month, a read-only SQL query (like sale.report).

CV-9 / CV-10 (and CV-6 for the visits): one row per person, company and month with
- the visits done in the month, and the visits their monthly plans required (frequency lines);
- the visit reports due (a done visit whose report is submitted or whose deadline has passed) and
  those submitted on or before their deadline;
- the promises due in the month (kept, or open past their due date) and those kept on or before it;
- the three rates in percent (empty when nothing is due). The rates of a row are exact; grouped
  over several rows the view shows their average, the counts give the exact ratio.

The view is built from small overridable parts (``_cv_visit_query``, ``_cv_promise_query``,
``_cv_plan_query``) joined on ``(user_id, company_id, month)``, so that another analysis can reuse
them. It is a table query (read when asked, like ``sale.report``): what is due is counted at the
user's today.
"""

from odoo import api, fields, models
from odoo.tools import SQL

from ..models.customer_visit import DONE_STATES


class VisitAssessmentReport(models.Model):
    _name = "client.visit.assessment.report"
    _description = "Visit Assessment Analysis"
    _auto = False
    _order = "month desc, user_id"
    _rec_name = "user_id"
    # what a search flushes first
    _depends = {
        "customer.visit": ["user_id", "company_id", "date", "state", "report_date", "report_deadline"],
        "visit.promise": ["user_id", "company_id", "due_date", "state", "done_date"],
        "visit.plan.line": ["user_id", "company_id", "planned_date", "planned_count", "required_count", "plan_id"],
        "visit.plan": ["plan_type", "state"],
    }

    user_id = fields.Many2one("res.users", string="Person", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    month = fields.Date(readonly=True)
    visits_required = fields.Integer(readonly=True)
    visits_planned = fields.Integer(readonly=True)
    visits_done = fields.Integer(readonly=True)
    visits_done_rate = fields.Float(
        string="Done vs Required (%)",
        readonly=True,
        aggregator="avg",
        digits=(16, 1),
        help="Visits done in the month out of the visits the monthly plans required.",
    )
    reports_due = fields.Integer(readonly=True)
    reports_on_time = fields.Integer(string="Reports on Time", readonly=True)
    reports_on_time_rate = fields.Float(
        string="Reports on Time (%)",
        readonly=True,
        aggregator="avg",
        digits=(16, 1),
        help="Visit reports submitted by their deadline out of the reports due.",
    )
    promises_due = fields.Integer(readonly=True)
    promises_kept_on_time = fields.Integer(string="Promises Kept on Time", readonly=True)
    promises_kept_rate = fields.Float(
        string="Promises Kept on Time (%)",
        readonly=True,
        aggregator="avg",
        digits=(16, 1),
        help="Promises due in the month that were kept by their due date, out of the promises due.",
    )

    @property
    def _table_query(self):
        return self._cv_query()

    def _cv_query(self):
        """The whole view: the three parts joined on person, company and month, with the rates."""
        return SQL(
            """
            WITH visits AS (%(visits)s), promises AS (%(promises)s), plans AS (%(plans)s),
                 keys AS (SELECT user_id, company_id, month FROM visits
                          UNION SELECT user_id, company_id, month FROM promises
                          UNION SELECT user_id, company_id, month FROM plans)
            SELECT row_number() OVER (ORDER BY keys.month, keys.company_id, keys.user_id) AS id,
                   keys.user_id, keys.company_id, keys.month,
                   COALESCE(plans.visits_required, 0) AS visits_required,
                   COALESCE(plans.visits_planned, 0) AS visits_planned,
                   COALESCE(visits.visits_done, 0) AS visits_done,
                   %(done_rate)s AS visits_done_rate,
                   COALESCE(visits.reports_due, 0) AS reports_due,
                   COALESCE(visits.reports_on_time, 0) AS reports_on_time,
                   %(report_rate)s AS reports_on_time_rate,
                   COALESCE(promises.promises_due, 0) AS promises_due,
                   COALESCE(promises.promises_kept_on_time, 0) AS promises_kept_on_time,
                   %(promise_rate)s AS promises_kept_rate
              FROM keys
         LEFT JOIN visits USING (user_id, company_id, month)
         LEFT JOIN promises USING (user_id, company_id, month)
         LEFT JOIN plans USING (user_id, company_id, month)
            """,
            visits=self._cv_visit_query(),
            promises=self._cv_promise_query(),
            plans=self._cv_plan_query(),
            done_rate=self._cv_rate(SQL("visits.visits_done"), SQL("plans.visits_required")),
            report_rate=self._cv_rate(SQL("visits.reports_on_time"), SQL("visits.reports_due")),
            promise_rate=self._cv_rate(SQL("promises.promises_kept_on_time"), SQL("promises.promises_due")),
        )

    @api.model
    def _cv_rate(self, part, whole):
        """``part / whole`` in percent with one decimal, empty when ``whole`` is nothing."""
        return SQL("ROUND(100.0 * COALESCE(%s, 0) / NULLIF(%s, 0), 1)", part, whole)

    @api.model
    def _cv_visit_query(self):
        """CV-9: per person and month of the visit: visits done, reports due and reports on time."""
        return SQL(
            """
            SELECT visit.user_id, visit.company_id, date_trunc('month', visit.date)::date AS month,
                   COUNT(*) FILTER (WHERE visit.state IN %(done)s) AS visits_done,
                   COUNT(*) FILTER (WHERE visit.state IN %(done)s
                                      AND (visit.report_date IS NOT NULL OR visit.report_deadline < %(today)s))
                       AS reports_due,
                   COUNT(*) FILTER (WHERE visit.state IN %(done)s AND visit.report_date <= visit.report_deadline)
                       AS reports_on_time
              FROM customer_visit visit
             WHERE visit.state IN %(done)s
          GROUP BY visit.user_id, visit.company_id, date_trunc('month', visit.date)
            """,
            done=tuple(DONE_STATES),
            today=fields.Date.context_today(self),
        )

    @api.model
    def _cv_promise_query(self):
        """CV-10: per owner and month of the due date: promises due and promises kept on time."""
        return SQL(
            """
            SELECT promise.user_id, promise.company_id, date_trunc('month', promise.due_date)::date AS month,
                   COUNT(*) FILTER (WHERE promise.state = 'done' OR promise.due_date < %(today)s) AS promises_due,
                   COUNT(*) FILTER (WHERE promise.state = 'done' AND promise.done_date <= promise.due_date)
                       AS promises_kept_on_time
              FROM visit_promise promise
             WHERE promise.state IN ('open', 'done')
          GROUP BY promise.user_id, promise.company_id, date_trunc('month', promise.due_date)
            """,
            today=fields.Date.context_today(self),
        )

    @api.model
    def _cv_plan_query(self):
        """CV-6: per person and month: the visits planned and required by their monthly plans (not cancelled)."""
        return SQL(
            """
            SELECT line.user_id, line.company_id, date_trunc('month', line.planned_date)::date AS month,
                   SUM(line.planned_count) AS visits_planned,
                   SUM(line.required_count) AS visits_required
              FROM visit_plan_line line
              JOIN visit_plan plan ON plan.id = line.plan_id
             WHERE plan.plan_type = 'monthly' AND plan.state != 'cancel'
          GROUP BY line.user_id, line.company_id, date_trunc('month', line.planned_date)
            """
        )

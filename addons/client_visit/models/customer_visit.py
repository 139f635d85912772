"""customer.visit: a visit to a customer, its preparation, outcome and report, and the late-report job."""

from collections import defaultdict
from datetime import timedelta

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL, format_date

from odoo.addons.customer_comm.models.res_partner import DECISION_ROLES

from .res_users import territory_covers
from .visit_frequency_rule import VISIT_ROLES
from .visit_plan_line import PURPOSES
from .visit_route import legs_km, plan_route
from .visit_todo import schedule_todos

VISIT_STATES = [
    ("planned", "Planned"),
    ("done", "Done"),
    ("submitted", "Report Submitted"),
    ("reviewed", "Report Reviewed"),
    ("cancel", "Cancelled"),
]
DONE_STATES = ("done", "submitted", "reviewed")
PROTECTED_FIELDS = frozenset({"state", "expense_approved", "communication_id", "report_date", "report_late_notified"})
MANAGER_GROUP = "client_visit.client_visit_group_manager"
EXPENSE_FIELDS = frozenset({"expense_requested", "out_of_town"})


class CustomerVisit(models.Model):
    """CV-7 … CV-12: a visit to a customer, its preparation, its outcome and its report.

    The visit report is due a number of working days after the visit (CV-9, a company
    setting switches to calendar days) and reviewed by the supervisor (X-3); a done visit is
    logged once in the communication log of customer_comm (CC-21).
    """

    _name = "customer.visit"
    _description = "Customer Visit"
    # customer.approval.mixin is named too: customer_comm recognises its approvable models among the
    # mixin's direct heirs
    _inherit = [
        "customer.flow.document.mixin",
        "visit.approval.mixin",
        "customer.approval.mixin",
        "mail.thread",
        "mail.activity.mixin",
    ]
    _locked_state_field = "expense_status"
    _flow_fields = PROTECTED_FIELDS
    _draft_state = "planned"
    _order = "date desc, user_id, route_sequence, id"
    _check_company_auto = True
    # CV-12: a planned visit's expenses and trip are approved by the chain of the "expense" tier
    # definitions; a done visit's report by the "report" one (the definitions' domains tell them apart)
    _state_from = ["planned", "done", "submitted"]
    _state_to = ["reviewed"]

    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
        domain="[('is_company', '=', True)]",
    )
    user_id = fields.Many2one(
        "res.users", string="Visitor", required=True, index=True, default=lambda self: self.env.user, tracking=True
    )
    role = fields.Selection(VISIT_ROLES, required=True, default="salesperson")
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    region_id = fields.Many2one(related="partner_id.cc_region_id", string="Region", store=True)
    tier_id = fields.Many2one(related="partner_id.cc_tier_id", string="Customer Tier", store=True)
    plan_line_id = fields.Many2one("visit.plan.line", index="btree_not_null", check_company=True)
    date = fields.Date(required=True, default=fields.Date.context_today, index=True, tracking=True)
    booked_time = fields.Datetime(help="A booked time keeps the visit at its place in the day's route.")
    state = fields.Selection(VISIT_STATES, default="planned", required=True, tracking=True, copy=False, readonly=True)
    mark = fields.Selection([("planned", "☆"), ("not_done", "●"), ("done", "★")], compute="_compute_mark")
    # CV-7: purpose, people and preparation
    purpose = fields.Selection(PURPOSES, required=True, default="relationship", tracking=True)
    visited_person_id = fields.Many2one("res.partner", domain="[('commercial_partner_id', '=', partner_id)]")
    decision_power = fields.Selection(DECISION_ROLES)
    contacted_beforehand = fields.Boolean()
    in_depth = fields.Boolean(
        string="In-depth Visit",
        tracking=True,
        help="An in-depth visit at the customer's premises (深入上门拜访访谈): counts for the monthly floor.",
    )
    items_to_bring = fields.Text()
    out_of_town = fields.Boolean(string="Out-of-town Trip")
    currency_id = fields.Many2one(related="company_id.currency_id")
    expense_requested = fields.Monetary(string="Expenses Requested", tracking=True)
    expense_approved = fields.Boolean(string="Expenses Approved", readonly=True, tracking=True, copy=False)
    expense_approval_level = fields.Selection(
        [("branch_sales_manager", "Supervisor"), ("branch_gm", "Supervisor and Branch General Manager")],
        compute="_compute_expense_approval_level",
        help="Who approves the expenses and the trip requested for this visit, from the company's limit.",
    )
    expense_status = fields.Selection(
        [
            ("to_request", "To Request"),
            ("pending", "Waiting for Approval"),
            ("rejected", "Rejected"),
            ("approved", "Approved"),
        ],
        compute="_compute_expense_status",
        string="Expense Approval",
    )
    expense_actual = fields.Monetary(string="Actual Expenses", tracking=True)
    outcome = fields.Text()
    # CV-9: the visit report
    report_needs = fields.Text(string="Customer's Needs and Problems")
    report_competitors = fields.Text(string="Competitor Activity")
    report_credit = fields.Text(string="Credit Changes")
    report_satisfaction = fields.Text(string="Satisfaction and Evaluation")
    report_objections = fields.Text(string="Objections Handled")
    report_help = fields.Text(string="Help and Training Given")
    report_date = fields.Date(readonly=True, copy=False, tracking=True)
    report_deadline = fields.Date(compute="_compute_report_deadline", store=True, index=True)
    report_late = fields.Boolean(
        compute="_compute_report_late", search="_search_report_late", help="The report is (or was) past its deadline."
    )
    report_late_notified = fields.Boolean(
        readonly=True, copy=False, help="The visitor got a to-do when the report passed its deadline."
    )
    communication_id = fields.Many2one("customer.communication", string="Communication Log", readonly=True, copy=False)
    promise_ids = fields.One2many("visit.promise", "visit_id", string="Promises")
    promise_count = fields.Integer(compute="_compute_promise_count")
    # CV-11: the next appointment
    next_visit_start = fields.Datetime(string="Next Appointment")
    next_event_id = fields.Many2one("calendar.event", string="Next Appointment Event", readonly=True, copy=False)
    # CV-13: the day's route
    route_sequence = fields.Integer(default=10)
    leg_km = fields.Float(string="Leg (km)", digits=(10, 1), readonly=True, copy=False)
    has_coordinates = fields.Boolean(compute="_compute_has_coordinates", store=True)

    @api.depends("partner_id", "date")
    def _compute_display_name(self):
        for visit in self:
            visit.display_name = f"{visit.partner_id.name or ''} {visit.date or ''}".strip()

    @api.depends("expense_requested", "out_of_town", "company_id.cv_expense_gm_limit")
    def _compute_expense_approval_level(self):
        for visit in self:
            asked = visit.expense_requested or visit.out_of_town
            visit.expense_approval_level = asked and visit._cc_level_for_amount(visit.expense_requested)

    def _cc_amount_levels(self):
        company = self.company_id or self.env.company
        return [("branch_sales_manager", company.cv_expense_gm_limit), ("branch_gm", None)]

    @api.depends("expense_approved", "expense_approval_level", "state", "validation_status")
    def _compute_expense_status(self):
        for visit in self:
            if visit.expense_approved:
                visit.expense_status = "approved"
            elif not visit.expense_approval_level or visit.state != "planned":
                visit.expense_status = False
            elif visit.review_ids and visit.validation_status == "rejected":
                visit.expense_status = "rejected"
            elif visit.review_ids:
                visit.expense_status = "pending"
            else:
                visit.expense_status = "to_request"

    @api.depends("state", "date")
    def _compute_mark(self):
        today = fields.Date.context_today(self)
        for visit in self:
            if visit.state in DONE_STATES:
                visit.mark = "done"
            elif visit.state == "cancel" or (visit.date and visit.date < today):
                visit.mark = "not_done"
            else:
                visit.mark = "planned"

    @api.depends("date", "company_id.cv_report_days", "company_id.cv_report_calendar_days")
    def _compute_report_deadline(self):
        Calendar = self.env["customer.calendar.day"]
        for visit in self:
            company = visit.company_id or self.env.company
            visit.report_deadline = visit.date and Calendar._deadline(
                visit.date, company.cv_report_days, calendar_days=company.cv_report_calendar_days, company=company
            )

    @api.depends("report_date", "report_deadline", "state")
    def _compute_report_late(self):
        today = fields.Date.context_today(self)
        for visit in self:
            reference = visit.report_date or (today if visit.state == "done" else None)
            visit.report_late = bool(reference and visit.report_deadline and reference > visit.report_deadline)

    def _search_report_late(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            return NotImplemented
        today = fields.Date.context_today(self)
        self.flush_model(["state", "report_date", "report_deadline"])
        late = self.env.execute_query(self._cv_late_sql(today))
        ids = [row[0] for row in late]
        positive = (operator == "=") == value
        return [("id", "in" if positive else "not in", ids)]

    def _cv_late_sql(self, today):
        return SQL(
            "SELECT id FROM customer_visit WHERE report_deadline IS NOT NULL AND "
            "(report_date > report_deadline OR (state = 'done' AND report_date IS NULL AND report_deadline < %s))",
            today,
        )

    def _compute_promise_count(self):
        counts = dict(self.env["visit.promise"]._read_group([("visit_id", "in", self.ids)], ["visit_id"], ["__count"]))
        for visit in self:
            visit.promise_count = counts.get(visit, 0)

    @api.depends("partner_id.partner_latitude", "partner_id.partner_longitude")
    def _compute_has_coordinates(self):
        for visit in self:
            visit.has_coordinates = bool(visit.partner_id.partner_latitude or visit.partner_id.partner_longitude)

    @api.constrains("expense_requested", "expense_actual")
    def _check_expenses(self):
        if any(visit.expense_requested < 0 or visit.expense_actual < 0 for visit in self):
            raise ValidationError(self.env._("Visit expenses cannot be negative."))

    @api.constrains("report_date", "date")
    def _check_report_date(self):
        for visit in self:
            if visit.report_date and visit.date and visit.report_date < visit.date:
                raise ValidationError(self.env._("A visit report cannot be dated before its visit."))

    @api.constrains("next_visit_start", "date")
    def _check_next_visit(self):
        for visit in self:
            if visit.next_visit_start and visit.date and visit.next_visit_start.date() < visit.date:
                raise ValidationError(self.env._("The next appointment cannot be before this visit."))

    @api.constrains("partner_id", "user_id")
    def _check_territory(self):
        """CV-14: a visit stays inside the visitor's territory, unless the customer is assigned to them.

        The territory is the regions (and sub-regions) of the business roles the visitor holds;
        the customer's own salesperson may always visit it; a customer without region is free.
        """
        territories = self.user_id._cv_territories()
        for visit in self:
            customer = visit.partner_id.commercial_partner_id
            region = customer.cc_region_id
            if not region or customer.user_id == visit.user_id:
                continue
            if not territory_covers(territories[visit.user_id.id], region, visit.company_id):
                raise ValidationError(
                    self.env._(
                        "%(customer)s is in %(region)s, outside the territory of %(user)s. A visit there needs "
                        "the customer assigned to %(user)s or a business role for that region "
                        "(Customer Management > Configuration > Business Roles).",
                        customer=customer.name,
                        region=region.complete_name,
                        user=visit.user_id.name,
                    )
                )

    # ------------------------------------------------------------------ CRUD
    def _locked_fields_by_state(self):
        # CV-12: the expenses asked for are what the supervisor approves: frozen while they decide and after
        return dict.fromkeys(("pending", "approved"), EXPENSE_FIELDS)

    def _flow_hint(self):
        return self.env._("A visit changes state through its buttons and approvals, not by editing it.")

    # ------------------------------------------------------------------ actions
    def action_request_expense(self):
        """CV-12: the visitor asks, before the visit, for the approval of its expenses and trip.

        The chain is the "expense" tier definitions: the supervisor, and the branch general
        manager too above the company's limit (``cv_expense_gm_limit``); the decision lands in
        ``_on_fully_approved`` / ``_on_rejected`` whatever the path.
        """
        for visit in self:
            visit._check_visitor()
            if visit.state != "planned":
                raise UserError(self.env._("Expenses are approved before the visit."))
            if not visit.expense_approval_level:
                raise UserError(self.env._("This visit has no expenses or trip to approve."))
            if visit.expense_status in ("pending", "approved"):
                raise UserError(self.env._("The expenses of this visit are already approved or waiting for approval."))
        for visit in self.filtered("review_ids"):
            # a rejected request is edited and asked again
            visit.with_context(skip_validation_check=True)._cv_restart_validation()
        self._cc_request_validation()
        return True

    def action_done(self):
        """CV-7 / CV-8: the visit took place: its mark turns ★ and it is logged once (CC-21).

        A visit is done on or after its date, never before.
        """
        today = fields.Date.context_today(self)
        for visit in self:
            visit._check_visitor()
            if visit.state != "planned":
                raise UserError(self.env._("Only a planned visit can be marked done."))
            if visit.date > today:
                raise UserError(
                    self.env._(
                        "The visit to %(customer)s is planned on %(date)s: it can be marked done on that day or after.",
                        customer=visit.partner_id.name,
                        date=format_date(self.env, visit.date),
                    )
                )
            if visit.expense_approval_level and not visit.expense_approved:
                raise UserError(self.env._("The expenses of this visit must be approved before the visit."))
        # sudo: the state is refused to direct writes; the visitor was checked above
        self.sudo().write({"state": "done"})
        self._cv_log_communication()
        for company, visits in self.grouped("company_id").items():
            self.env["visit.compliance"]._cv_refresh(visits.partner_id, company=company)
        return True

    def action_cancel(self):
        for visit in self:
            visit._check_visitor()
            if visit.state != "planned":
                raise UserError(self.env._("Only a planned visit can be cancelled."))
        # CV-12: a pending expense request is withdrawn with the visit
        self.filtered("review_ids").with_context(skip_validation_check=True)._cv_restart_validation()
        self.sudo().write({"state": "cancel"})

    def action_submit_report(self):
        """CV-9: the visitor submits the report to the supervisor; late reports stay flagged."""
        today = fields.Date.context_today(self)
        for visit in self:
            visit._check_visitor()
            if visit.state != "done":
                raise UserError(self.env._("Only the report of a done visit can be submitted."))
            if not (visit.outcome or visit.report_needs):
                raise UserError(self.env._("Write the outcome of the visit before submitting its report."))
            if today < visit.date:
                raise ValidationError(self.env._("A visit report cannot be dated before its visit."))
        for visit in self.filtered("review_ids"):
            visit.with_context(skip_validation_check=True)._cv_restart_validation()
        self._cc_request_validation()
        # sudo: state and report date only move through this button; the visitor was checked above
        self.sudo().with_context(skip_validation_check=True).write({"state": "submitted", "report_date": today})
        return True

    def action_book_next(self):
        """CV-11: book the next appointment on the spot, in the calendar of the visitor and the customer."""
        for visit in self:
            visit._check_visitor()
            if not visit.next_visit_start:
                raise UserError(self.env._("Set the date and time of the next appointment first."))
            if visit.next_event_id:
                continue
            event = self.env["calendar.event"].create(
                {
                    "name": self.env._("Visit: %s", visit.partner_id.name),
                    "start": visit.next_visit_start,
                    "stop": visit.next_visit_start + timedelta(hours=1),
                    "user_id": visit.user_id.id,
                    "partner_ids": [Command.set((visit.partner_id | visit.user_id.partner_id).ids)],
                    "res_model_id": self.env["ir.model"]._get_id(self._name),
                    "res_id": visit.id,
                }
            )
            visit.next_event_id = event
        return True

    @api.readonly
    def action_open_promises(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("client_visit.visit_promise_action")
        action["domain"] = [("visit_id", "=", self.id)]
        action["context"] = {
            "default_visit_id": self.id,
            "default_partner_id": self.partner_id.id,
            "default_user_id": self.user_id.id,
        }
        return action

    def action_compute_route(self):
        """CV-13: order each person's visits of a day into a short route (nearest neighbour + 2-opt)."""
        self._cv_compute_route(optimise=True)
        return True

    def action_recompute_legs(self):
        """CV-13: the user re-ordered the visits by hand: recompute the legs in that order."""
        self._cv_compute_route(optimise=False)
        return True

    # ------------------------------------------------------------------ approval hooks
    def _cv_submit(self):
        planned = self.filtered(lambda visit: visit.state == "planned")
        if planned:
            planned.action_request_expense()
        return (self - planned).action_submit_report() if self - planned else True

    def _cv_recall(self):
        for visit in self:
            visit._check_visitor()
        # sudo: the state is refused to direct writes; the visitor was checked above
        self.sudo().with_context(skip_validation_check=True).write({"state": "done", "report_date": False})

    def _cv_own_review_message(self):
        if self.filtered(lambda visit: visit.state == "planned"):
            return self.env._("You cannot approve your own visit expenses.")
        return self.env._("You cannot review your own visit report.")

    def _on_fully_approved(self):
        if self.state == "planned":
            # CV-12: the expenses and trip requested before the visit are approved
            self.sudo().with_context(skip_validation_check=True).write({"expense_approved": True})
            return
        self.sudo().with_context(skip_validation_check=True).write({"state": "reviewed"})

    def _on_rejected(self):
        if self.state == "planned":
            # CV-12: the visitor changes the request and asks again. The expense chain is sequential, and the
            # engine tells a rejection of a sequential chain only to the next approver (there is none): the
            # reason is written in the chatter here
            self.sudo().message_post(
                body=self._notify_rejected_review_body(),
                subtype_xmlid=self._get_rejected_notification_subtype(),
                partner_ids=self.user_id.partner_id.ids,
            )
            return
        # CV-9: the report goes back to the visitor, the reason is in the chatter
        self.sudo().with_context(skip_validation_check=True).write({"state": "done"})

    # ------------------------------------------------------------------ jobs
    @api.model
    def _cron_flag_late_reports(self):
        """CV-9: a done visit whose report is past its deadline gives its visitor one to-do."""
        return self.env["customer.batch.job"]._run_per_company(self._cv_flag_late_reports)

    @api.model
    def _cv_flag_late_reports(self, company):
        today = fields.Date.context_today(self)
        visits = self.search(
            [
                ("company_id", "=", company.id),
                ("state", "=", "done"),
                ("report_date", "=", False),
                ("report_deadline", "<", today),
                ("report_late_notified", "=", False),
            ]
        )
        schedule_todos(
            company,
            (
                (
                    visit,
                    visit.user_id,
                    lambda env, visit=visit: {
                        "summary": env._(
                            "Visit report late (due on %(date)s): %(visit)s",
                            date=format_date(env, visit.report_deadline),
                            visit=visit.display_name,
                        )
                    },
                    today,
                )
                for visit in visits
            ),
        )
        # sudo: the flag only the job writes, so that the visitor is told once
        visits.sudo().write({"report_late_notified": True})
        return True

    # ------------------------------------------------------------------ business
    def _check_visitor(self):
        self.ensure_one()
        if self.user_id != self.env.user and not self.env.user.has_group(MANAGER_GROUP):
            raise AccessError(self.env._("Only the visitor records this visit."))
        self.check_access("write")

    def _cv_log_communication(self):
        """CC-21: a done visit is one line of the communication log (channel "visit"), never two."""
        channel = self.env.ref("customer_comm.customer_communication_channel_visit")
        purposes = dict(self._fields["purpose"]._description_selection(self.env))
        todo = self.filtered(lambda visit: not visit.communication_id)
        vals_list = [
            {
                "channel_id": channel.id,
                "direction": "outbound",
                "partner_id": visit.partner_id.commercial_partner_id.id,
                "contact_ids": [Command.set(visit.visited_person_id.ids)],
                "user_id": visit.user_id.id,
                "user_ids": [Command.set(visit.user_id.ids)],
                "company_id": visit.company_id.id,
                "date": fields.Datetime.now(),
                "summary": visit.outcome or purposes.get(visit.purpose),
                "promised_action": "\n".join(visit.promise_ids.mapped("name")) or False,
            }
            for visit in todo
        ]
        # sudo: the visitor logs the visit they made; the log's own rules apply to reading it
        communications = self.env["customer.communication"].sudo().create(vals_list)
        for visit, communication in zip(todo, communications, strict=True):
            visit.sudo().communication_id = communication

    @api.readonly
    def _cv_day_sheets(self, width=480, height=320, margin=20):
        """CV-7 / CV-13: the day sheets of these visits, one per person and day, in route order.

        :return: a list of dicts: ``user``, ``date``, ``visits`` (route order, visits without
            coordinates last), ``total_km``, and the route sketch in SVG coordinates: ``start``
            ``(x, y)`` or ``None``, ``points`` ``[(x, y, number)]`` and ``polyline``
        """
        sheets = []
        visits = self.filtered(lambda visit: visit.state != "cancel")
        for (user, day), day_visits in sorted(
            visits.grouped(lambda visit: (visit.user_id, visit.date)).items(),
            key=lambda item: (item[0][1], item[0][0].name or ""),
        ):
            ordered = day_visits.sorted(lambda visit: (not visit.has_coordinates, visit.route_sequence, visit.id))
            located = ordered.filtered("has_coordinates")
            start = user._cv_route_start(day_visits[0].company_id)
            coordinates = [(visit.partner_id.partner_latitude, visit.partner_id.partner_longitude) for visit in located]
            sketch = ([start] if start else []) + coordinates
            project = _projection(sketch, width, height, margin)
            points = [(*project(point), number) for number, point in enumerate(coordinates, 1)]
            path = ([project(start)] if start else []) + [(x, y) for x, y, _number in points]
            sheets.append(
                {
                    "user": user,
                    "date": day,
                    "visits": ordered,
                    "total_km": sum(located.mapped("leg_km")),
                    "start": project(start) if start else None,
                    "points": points,
                    "polyline": " ".join(f"{x:.1f},{y:.1f}" for x, y in path),
                }
            )
        return sheets

    def _cv_compute_route(self, optimise=True):
        groups = defaultdict(lambda: self.browse())
        for visit in self.filtered(lambda v: v.state != "cancel"):
            groups[visit.user_id, visit.date] |= visit
        for (_user, _day), visits in groups.items():
            visits.check_access("write")
            located = visits.filtered("has_coordinates")
            (visits - located).sudo().write({"leg_km": 0.0, "route_sequence": 1000})
            if not located:
                continue
            # CV-13: the person's own start point, else the company address, else the first stop
            start = visits[0].user_id._cv_route_start(visits[0].company_id)
            if start is None:
                first = located.sorted("route_sequence")[0].partner_id
                start = (first.partner_latitude, first.partner_longitude)
            ordered = located.sorted(lambda v: (v.route_sequence, v.id))
            stops = [(v.id, v.partner_id.partner_latitude, v.partner_id.partner_longitude) for v in ordered]
            if optimise:
                booked = [v.id for v in located.filtered("booked_time").sorted("booked_time")]
                keys, legs, _total = plan_route(start, stops, booked=booked)
            else:
                keys = [stop[0] for stop in stops]
                legs = legs_km(start, [(lat, lon) for _key, lat, lon in stops])
            for sequence, (key, leg) in enumerate(zip(keys, legs, strict=True), 1):
                # sudo: only the route fields, on visits whose write access was checked above
                self.browse(key).sudo().write({"route_sequence": sequence, "leg_km": round(leg, 1)})


def _projection(points, width, height, margin):
    """CV-13: a function mapping ``(latitude, longitude)`` into an SVG box (north up, same scale both ways)."""
    if not points:
        return lambda point: (width / 2, height / 2)
    lats = [lat for lat, _lon in points]
    lons = [lon for _lat, lon in points]
    span = max(max(lats) - min(lats), max(lons) - min(lons)) or 1.0
    scale = min(width, height) - 2 * margin

    def project(point):
        lat, lon = point
        return (margin + (lon - min(lons)) / span * scale, height - margin - (lat - min(lats)) / span * scale)

    return project

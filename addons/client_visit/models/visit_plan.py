"""visit.plan, the plan itself: a person's annual or monthly visit plan, its fields, edits and approval flow.

Its line generation is in ``visit_plan_generation.py``, its late-plan job in ``visit_plan_late.py``.
"""

from collections import Counter

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.fields import Domain
from odoo.tools import date_utils

from .visit_frequency_rule import VISIT_ROLES

PLAN_TYPES = [("annual", "Annual"), ("monthly", "Monthly")]
PLAN_STATES = [
    ("draft", "Draft"),
    ("submitted", "Submitted"),
    ("rejected", "Rejected"),
    ("approved", "Approved"),
    ("cancel", "Cancelled"),
]
# fields only the approval flow writes
PROTECTED_FIELDS = frozenset({"state", "late_notified", "late_notified_empty", "late_activity_id"})
MANAGER_GROUP = "client_visit.client_visit_group_manager"


class VisitPlan(models.Model):
    """CV-1 … CV-4 / CC-25: a person's annual or monthly customer visit plan, approved by their manager.

    The monthly plan is generated from the frequency rules (CV-5) and last month's unfinished
    work (CV-3); the salesperson edits it and submits it; the supervisor approves, or rejects
    with a reason and the plan comes back for editing and resubmission (CV-4).
    """

    _name = "visit.plan"
    _description = "Customer Visit Plan"
    # customer.approval.mixin is named too: customer_comm recognises its approvable models among the
    # mixin's direct heirs
    _inherit = [
        "customer.flow.document.mixin",
        "visit.approval.mixin",
        "customer.approval.mixin",
        "mail.thread",
        "mail.activity.mixin",
    ]
    _flow_fields = PROTECTED_FIELDS
    _order = "date_from desc, user_id"
    _check_company_auto = True
    _state_from = ["draft", "submitted", "rejected"]
    _state_to = ["approved"]

    name = fields.Char(compute="_compute_name", store=True)
    plan_type = fields.Selection(PLAN_TYPES, required=True, default="monthly", tracking=True)
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        required=True,
        index=True,
        default=lambda self: self.env.user,
        tracking=True,
    )
    role = fields.Selection(VISIT_ROLES, required=True, default="salesperson", tracking=True)
    region_id = fields.Many2one("customer.region", index=True, tracking=True)
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    date_from = fields.Date(
        string="Period Start",
        required=True,
        default=lambda self: date_utils.start_of(fields.Date.context_today(self) + relativedelta(months=1), "month"),
        tracking=True,
        help="The first day of the planned month (or of the year for an annual plan).",
    )
    date_to = fields.Date(string="Period End", compute="_compute_period", store=True)
    deadline = fields.Date(
        compute="_compute_period",
        store=True,
        help="The plan is due before this date (the 28th of the previous month, 28 December of the previous year).",
    )
    state = fields.Selection(PLAN_STATES, default="draft", required=True, tracking=True, copy=False, readonly=True)
    submitted_date = fields.Date(readonly=True, copy=False)
    late = fields.Boolean(compute="_compute_late", store=True, help="Submitted after its deadline.")
    # CV-2: the late-plan job's bookkeeping (visit_plan_late.py)
    late_notified = fields.Boolean(readonly=True, copy=False, help="The supervisor was told the plan is late.")
    late_notified_empty = fields.Boolean(
        readonly=True, copy=False, help="The supervisor was told while the plan had no line yet."
    )
    late_activity_id = fields.Many2one("mail.activity", readonly=True, copy=False, ondelete="set null")
    line_ids = fields.One2many(
        "visit.plan.line",
        "plan_id",
        string="Lines",
        copy=False,
        help="Generate Lines plans each customer once in each window of the month its visit frequency means: "
        "every N days is every Nth working day; every N weeks, once in each N calendar weeks that have a working "
        "day; every half month, once from the 1st to the 15th and once from the 16th to the end; a month or "
        "longer, once when the customer is due. Visits fall on working days only, on the days that hold the "
        "fewest visits so far; last month's unfinished visits are spread over the first working days.",
    )
    line_count = fields.Integer(compute="_compute_line_count")
    note = fields.Text()
    result_ids = fields.One2many("visit.plan.result", "plan_id", string="Month-end Results")
    result_state = fields.Selection(
        related="result_ids.state", string="Results Status", help="The month-end results of the plan."
    )

    _approved_period_uniq = models.UniqueIndex(
        "(user_id, role, plan_type, date_from, company_id) WHERE state = 'approved'",
        "This person already has an approved plan for this period.",
    )

    @api.depends("plan_type", "user_id", "date_from", "role")
    def _compute_name(self):
        for plan in self:
            if not plan.date_from:
                plan.name = False
                continue
            period = plan.date_from.strftime("%Y" if plan.plan_type == "annual" else "%Y-%m")
            plan.name = f"{period} {plan.user_id.name or ''}".strip()

    @api.depends("plan_type", "date_from", "company_id.cv_plan_due_day")
    def _compute_period(self):
        for plan in self:
            if not plan.date_from:
                plan.date_to = plan.deadline = False
                continue
            due_day = plan.company_id.cv_plan_due_day or 28
            period = "year" if plan.plan_type == "annual" else "month"
            start, plan.date_to = date_utils.start_of(plan.date_from, period), date_utils.end_of(plan.date_from, period)
            # the annual plan is due before the day of December, the monthly one before the day of last month
            plan.deadline = self.env["customer.calendar.day"]._month_deadline(start, due_day)

    @api.depends("submitted_date", "deadline")
    def _compute_late(self):
        is_late = self.env["customer.calendar.day"]._is_late
        for plan in self:
            plan.late = is_late(plan.submitted_date, plan.deadline)

    def _compute_line_count(self):
        counts = dict(self.env["visit.plan.line"]._read_group([("plan_id", "in", self.ids)], ["plan_id"], ["__count"]))
        for plan in self:
            plan.line_count = counts.get(plan, 0)

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("date_from"):
                day = fields.Date.to_date(vals["date_from"])
                annual = vals.get("plan_type") == "annual"
                vals["date_from"] = day.replace(month=1, day=1) if annual else day.replace(day=1)
        plans = super().create(vals_list)
        plans._check_no_approved_plan()
        return plans

    def write(self, vals):
        if (
            not self.env.su
            and self.filtered(lambda plan: plan.state in ("approved", "cancel"))
            and (vals.keys() - {"note", "message_main_attachment_id"})
        ):
            raise UserError(self.env._("An approved or cancelled plan cannot be changed."))
        if vals.get("date_from"):
            vals["date_from"] = fields.Date.to_date(vals["date_from"]).replace(day=1)
        result = super().write(vals)
        if {"date_from", "user_id", "role", "plan_type"} & vals.keys():
            self._check_no_approved_plan()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_except_approved(self):
        if any(plan.state == "approved" for plan in self):
            raise UserError(self.env._("An approved plan cannot be deleted; cancel it instead."))

    def _flow_hint(self):
        return self.env._("A visit plan changes state through its approval, not by editing it.")

    # ------------------------------------------------------------------ actions
    def action_generate(self):
        """CV-1 / CV-3: (re)generate the lines of the plan; only what is missing is added."""
        for plan in self:
            plan._check_can_edit()
        self._cv_generate_lines()
        return True

    def action_submit(self):
        """CV-4: the responsible person sends the plan (again) to their supervisor."""
        for plan in self:
            if plan.state not in ("draft", "rejected"):
                raise UserError(self.env._("Only a draft or rejected plan can be submitted."))
            if plan.user_id != self.env.user and not self.env.user.has_group(MANAGER_GROUP):
                raise AccessError(self.env._("The person responsible for the plan submits it."))
        self._check_no_approved_plan()
        for plan in self.filtered("review_ids"):
            plan.with_context(skip_validation_check=True)._cv_restart_validation()
        self._cc_request_validation()
        # sudo: the state is refused to direct writes; the submitter's rights were checked above
        today = fields.Date.context_today(self)
        for plan in self:
            plan.sudo().with_context(skip_validation_check=True).write(
                {"state": "submitted", "submitted_date": plan.submitted_date or today}
            )
        return True

    def action_cancel(self):
        for plan in self:
            if plan.state == "approved" and not self.env.user.has_group(MANAGER_GROUP):
                raise AccessError(self.env._("Only a visit manager can cancel an approved plan."))
            plan._check_can_edit(allow_states=("draft", "submitted", "rejected", "approved"))
        # sudo: the state is refused to direct writes; the rights were checked above
        self.sudo().write({"state": "cancel"})

    def action_draft(self):
        for plan in self.filtered(lambda p: p.state == "cancel"):
            plan._check_can_edit(allow_states=("cancel",))
            # sudo: as above, back to draft from cancelled only
            plan.sudo().write({"state": "draft"})

    def action_open_result(self):
        """CV-4: the month-end results of the approved monthly plan (created on first opening)."""
        self.ensure_one()
        if self.plan_type != "monthly" or self.state != "approved":
            raise UserError(self.env._("Month-end results are given for an approved monthly plan."))
        result = self.result_ids[:1] or self.env["visit.plan.result"].create({"plan_id": self.id})
        return {
            "type": "ir.actions.act_window",
            "res_model": "visit.plan.result",
            "res_id": result.id,
            "view_mode": "form",
        }

    @api.readonly
    def action_open_lines(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("client_visit.visit_plan_line_action")
        action["domain"] = [("plan_id", "=", self.id)]
        action["context"] = {"default_plan_id": self.id}
        return action

    # ------------------------------------------------------------------ approval hooks
    def _cv_submit(self):
        return self.action_submit()

    def _cv_recall(self):
        for plan in self:
            plan._check_can_edit(allow_states=("submitted",))
        # sudo: the state is refused to direct writes; the rights were checked above
        self.sudo().with_context(skip_validation_check=True).write({"state": "draft"})

    def _cv_own_review_message(self):
        return self.env._("You cannot approve or reject your own visit plan.")

    def _on_fully_approved(self):
        # sudo: the approver may not write plans; the engine validated the chain
        self.sudo().with_context(skip_validation_check=True).write({"state": "approved"})

    def _on_rejected(self):
        # CV-4: back to the responsible person, who edits and resubmits; the reason is in the chatter
        self.sudo().with_context(skip_validation_check=True).write({"state": "rejected"})
        for plan in self:
            plan.activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=plan.user_id.id,
                summary=plan.with_context(lang=plan.user_id.lang).env._("Visit plan rejected: edit and resubmit"),
            )

    def _cc_approval_region(self):
        """The plan's region, else the region where most of its customers are: those of its lines, else
        (a plan still empty) the person's customers under the rules."""
        self.ensure_one()
        if self.region_id:
            return self.region_id
        if self.line_ids:
            regions = Counter(line.region_id for line in self.line_ids if line.region_id)
        else:
            regions = Counter(customer.cc_region_id for customer in self._cv_plan_customers()[1][self.id])
            regions.pop(self.env["customer.region"], None)
        return max(regions, key=regions.get, default=self.env["customer.region"])

    # ------------------------------------------------------------------ business
    def _check_can_edit(self, allow_states=("draft", "rejected")):
        for plan in self:
            if plan.state not in allow_states:
                raise UserError(self.env._("The plan %(plan)s cannot be changed in its state.", plan=plan.name))
            if plan.user_id != self.env.user and not self.env.user.has_group(MANAGER_GROUP):
                plan.check_access("write")

    def _check_no_approved_plan(self):
        """CV-4: a period that already has an approved plan is refused."""
        plans = self.filtered(lambda plan: plan.state != "cancel")
        if not plans:
            return
        domain = Domain.OR(
            [
                ("user_id", "=", plan.user_id.id),
                ("role", "=", plan.role),
                ("plan_type", "=", plan.plan_type),
                ("date_from", "=", plan.date_from),
                ("company_id", "=", plan.company_id.id),
                ("state", "=", "approved"),
                ("id", "!=", plan.id),
            ]
            for plan in plans
        )
        # sudo: the check covers plans the user may not read (another's approved plan)
        approved = self.sudo().search(domain, limit=1)
        if approved:
            raise UserError(
                self.env._(
                    "%(user)s already has an approved plan for %(period)s: change that plan instead.",
                    user=approved.user_id.name,
                    period=approved.name,
                )
            )

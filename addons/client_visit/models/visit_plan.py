import json
from collections import defaultdict
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.fields import Domain
from odoo.tools import SQL

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
PROTECTED_FIELDS = frozenset({"state", "late_notified"})
MANAGER_GROUP = "client_visit.client_visit_group_manager"


def month_bounds(day):
    start = day.replace(day=1)
    return start, start + relativedelta(months=1, days=-1)


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
    _inherit = ["visit.approval.mixin", "customer.approval.mixin", "mail.thread", "mail.activity.mixin"]
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
        default=lambda self: month_bounds(fields.Date.context_today(self) + relativedelta(months=1))[0],
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
    late_notified = fields.Boolean(readonly=True, copy=False)
    line_ids = fields.One2many("visit.plan.line", "plan_id", string="Lines", copy=False)
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
            if plan.plan_type == "annual":
                start = plan.date_from.replace(month=1, day=1)
                plan.date_to = start.replace(month=12, day=31)
                plan.deadline = date(start.year - 1, 12, due_day)
            else:
                start, plan.date_to = month_bounds(plan.date_from)
                plan.deadline = (start - relativedelta(months=1)).replace(day=due_day)

    @api.depends("submitted_date", "deadline")
    def _compute_late(self):
        for plan in self:
            plan.late = bool(plan.submitted_date and plan.deadline and plan.submitted_date >= plan.deadline)

    def _compute_line_count(self):
        counts = dict(self.env["visit.plan.line"]._read_group([("plan_id", "in", self.ids)], ["plan_id"], ["__count"]))
        for plan in self:
            plan.line_count = counts.get(plan, 0)

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if not self.env.su and (
                vals.get("state", "draft") != "draft" or (PROTECTED_FIELDS - {"state"}) & vals.keys()
            ):
                raise AccessError(self._state_hint())
            if vals.get("date_from"):
                day = fields.Date.to_date(vals["date_from"])
                annual = vals.get("plan_type") == "annual"
                vals["date_from"] = day.replace(month=1, day=1) if annual else day.replace(day=1)
        plans = super().create(vals_list)
        plans._check_no_approved_plan()
        return plans

    def write(self, vals):
        if not self.env.su and PROTECTED_FIELDS & vals.keys():
            raise AccessError(self._state_hint())
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

    def _state_hint(self):
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
        """The plan's region, else the region where most of its customers are."""
        self.ensure_one()
        if self.region_id:
            return self.region_id
        regions = self.line_ids.region_id
        return max(
            regions,
            key=lambda region: len(self.line_ids.filtered(lambda line, r=region: line.region_id == r)),
            default=regions,
        )

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

    @api.model
    def _cron_flag_late_plans(self):
        """CV-1 / CV-2: a plan not submitted by its deadline gives the approving manager one activity."""
        return self.env["res.company"]._cc_run_per_company(self._cv_flag_late_plans)

    @api.model
    def _cv_flag_late_plans(self, company):
        today = fields.Date.context_today(self)
        plans = self.search(
            [
                ("company_id", "=", company.id),
                ("state", "in", ("draft", "rejected")),
                ("deadline", "<", today),
                ("date_to", ">=", today),
                ("late_notified", "=", False),
            ]
        )
        if not plans:
            return True
        definitions = self.env["tier.definition"].search(
            [("model", "=", self._name), ("review_type", "=", "cc_role"), ("company_id", "in", [False, company.id])],
            order="sequence",
        )
        resolve = self.env["customer.role.assignment"]._resolver(company)
        activity_type = self.env.ref("mail.mail_activity_data_todo")
        model_id = self.env["ir.model"]._get_id(self._name)
        vals_list = []
        for plan in plans:
            definition = next((d for d in definitions if plan.evaluate_tier(d)), None)
            manager = definition and resolve(definition.cc_role, plan._cc_approval_region())
            if not manager:
                continue
            vals_list.append(
                {
                    "res_model_id": model_id,
                    "res_id": plan.id,
                    "activity_type_id": activity_type.id,
                    "user_id": manager.id,
                    "summary": self.with_context(lang=manager.lang).env._("Visit plan late: %s", plan.name),
                    "date_deadline": today,
                }
            )
        self.env["res.company"]._cc_schedule_activities(vals_list)
        # sudo: the flag only the job writes, so that the manager is told once
        plans.sudo().write({"late_notified": True})
        return True

    @api.model
    def _cv_generate_monthly_plans(self, month, company=None):
        """CV-2 / CV-3: the monthly plans of every salesperson of the company, generated in one go.

        One plan per salesperson with tiered customers (kept when it exists and is not approved),
        then all the lines in one batch. The number of queries does not grow with the customers.
        """
        company = company or self.env.company
        month_start = fields.Date.to_date(month).replace(day=1)
        Partner = self.env["res.partner"]
        salespeople = Partner._read_group(
            [
                ("cc_tier_id", "!=", False),
                ("user_id", "!=", False),
                ("company_id", "in", [False, company.id]),
            ],
            ["user_id"],
        )
        users = self.env["res.users"].union(*(user for (user,) in salespeople))
        existing = self.search(
            [
                ("user_id", "in", users.ids),
                ("plan_type", "=", "monthly"),
                ("role", "=", "salesperson"),
                ("date_from", "=", month_start),
                ("company_id", "=", company.id),
                ("state", "!=", "cancel"),
            ]
        )
        missing = users - existing.user_id
        plans = existing.filtered(lambda plan: plan.state in ("draft", "rejected"))
        plans |= self.env["res.company"]._cc_create_quietly(
            "visit.plan",
            [
                {
                    "plan_type": "monthly",
                    "user_id": user.id,
                    "role": "salesperson",
                    "date_from": month_start,
                    "company_id": company.id,
                }
                for user in missing
            ],
        )
        plans._cv_generate_lines()
        return plans

    def _cv_generate_lines(self):
        """CV-3: add the missing lines of monthly plans: frequency visits and last month's carry-over.

        - one line per customer and planned date from the frequency rules (CV-5) and the
          customer's tier; the dates are spread over the month's working days (X-4: no line on
          a holiday, make-up working days count);
        - every unfinished line and open promise of last month, marked as carried over.

        Idempotent: a second run adds nothing. Everything is read in a fixed number of queries.
        """
        editable = self.filtered(lambda plan: plan.state in ("draft", "rejected"))
        lines = editable.filtered(lambda plan: plan.plan_type == "annual")._cv_generate_annual_lines()
        plans = editable.filtered(lambda plan: plan.plan_type == "monthly")
        if not plans:
            return lines
        Line = self.env["visit.plan.line"]
        customers, plan_customers = plans._cv_plan_customers()
        last_visits = self._cv_last_visits(customers)
        annual_breakdown = plans._cv_annual_breakdown()
        # -- what the plans hold already, and last month's unfinished work
        existing = Line.search_fetch(
            [("plan_id", "in", plans.ids)],
            ["plan_id", "partner_id", "planned_date", "origin", "carried_line_id", "promise_id"],
        )
        taken = defaultdict(set)
        for line in existing:
            taken[line.plan_id.id].add(
                (line.origin, line.partner_id.id, line.planned_date, line.carried_line_id.id, line.promise_id.id)
            )
        carried_lines = {line.carried_line_id.id for line in existing if line.carried_line_id}
        carried_promises = {line.promise_id.id for line in existing if line.promise_id}
        first_month = min(plans.mapped("date_from"))
        previous_lines = Line.search_fetch(
            [
                ("plan_id.user_id", "in", plans.user_id.ids),
                ("plan_id.plan_type", "=", "monthly"),
                ("plan_id.state", "!=", "cancel"),
                ("plan_id.date_from", ">=", first_month - relativedelta(months=1)),
                ("plan_id.date_from", "<", max(plans.mapped("date_from"))),
                ("mark", "!=", "done"),
            ],
            ["plan_id", "partner_id", "purpose", "role", "user_id", "planned_date"],
            order="planned_date, partner_id, id",
        )
        promises = self.env["visit.promise"].search_fetch(
            [
                ("user_id", "in", plans.user_id.ids),
                ("state", "=", "open"),
                ("due_date", "<=", max(plans.mapped("date_to"))),
            ],
            ["partner_id", "user_id", "due_date", "name"],
        )
        # -- working days of each company-month (one read per company and window)
        Calendar = self.env["customer.calendar.day"]
        working_days = {}
        for company, company_plans in plans.grouped("company_id").items():
            start, end = min(company_plans.mapped("date_from")), max(company_plans.mapped("date_to"))
            weekdays = Calendar._get_working_weekdays(company)
            exceptions = Calendar._get_exception_days(start, end, company)
            for plan in company_plans:
                working_days[plan.id] = [
                    day
                    for day in (
                        plan.date_from + timedelta(days=n) for n in range((plan.date_to - plan.date_from).days + 1)
                    )
                    if Calendar._check_working_day(day, weekdays, exceptions)
                ]
        rule_maps = {company: self.env["visit.frequency.rule"]._cv_rule_map(company) for company in plans.company_id}

        vals_list = []
        for plan in plans:
            days = working_days[plan.id]
            if not days:
                continue
            rules = rule_maps[plan.company_id]
            if plan.id in annual_breakdown:
                # CV-1 / CV-2: broken down from the approved annual plan
                entries = annual_breakdown[plan.id]
            else:
                entries = [
                    (
                        position,
                        customer,
                        rule,
                        rule._visits_in_month(plan.date_from, plan.date_to, last_visits.get((customer.id, plan.role))),
                    )
                    for position, customer in enumerate(plan_customers[plan.id])
                    # "—": no requirement for this role
                    if (rule := rules.get((customer.cc_tier_id.id, plan.role)))
                ]
            for position, customer, rule, wanted in entries:
                count = min(wanted, len(days))
                for index in range(count):
                    # centred spread over the working days, each customer shifted by one day
                    slot = ((2 * index + 1) * len(days) // (2 * count) + position) % len(days)
                    key = ("frequency", customer.id, days[slot], 0, 0)
                    if key in taken[plan.id]:
                        continue
                    taken[plan.id].add(key)
                    vals_list.append(
                        {
                            "plan_id": plan.id,
                            "partner_id": customer.id,
                            "planned_date": days[slot],
                            "origin": "frequency",
                            "frequency_rule_id": rule.id,
                        }
                    )
            month_before = plan.date_from - relativedelta(months=1)
            # carried-over work is spread over the first working days, one day after the other, not all on the 1st
            carry_days = days[: max(1, plan.company_id.cv_carry_over_days)]
            carried_count = sum(1 for line in existing if line.plan_id == plan and line.origin == "carry_over")
            for line in previous_lines:
                if (
                    line.id in carried_lines
                    or line.plan_id.user_id != plan.user_id
                    or line.plan_id.date_from != month_before
                ):
                    continue
                carried_lines.add(line.id)
                carried_count += 1
                vals_list.append(
                    {
                        "plan_id": plan.id,
                        "partner_id": line.partner_id.id,
                        "planned_date": carry_days[(carried_count - 1) % len(carry_days)],
                        "origin": "carry_over",
                        "carried_line_id": line.id,
                        "purpose": line.purpose,
                    }
                )
            for promise in promises:
                if promise.id in carried_promises or promise.user_id != plan.user_id:
                    continue
                carried_promises.add(promise.id)
                due = promise.due_date if promise.due_date and promise.due_date >= plan.date_from else days[0]
                vals_list.append(
                    {
                        "plan_id": plan.id,
                        "partner_id": promise.partner_id.id,
                        "planned_date": next((day for day in days if day >= due), days[-1]),
                        "origin": "promise",
                        "promise_id": promise.id,
                        "note": promise.name,
                    }
                )
        return lines | self._cv_insert_lines(vals_list)

    def _cv_generate_annual_lines(self):
        """CV-1: the annual plan from the frequency matrix (CV-5) and the customers' tiers.

        One line per customer and month that asks for visits, with the number of visits of the
        month; intervals of a month or more follow the customer's last visit (a visit is assumed
        at the start of each planned month). Idempotent: an existing customer-month is kept.
        """
        if not self:
            return self.env["visit.plan.line"]
        customers, plan_customers = self._cv_plan_customers()
        last_visits = self._cv_last_visits(customers)
        taken = {
            (line.plan_id.id, line.partner_id.id, line.planned_date)
            for line in self.env["visit.plan.line"].search_fetch(
                [("plan_id", "in", self.ids), ("origin", "=", "frequency")], ["plan_id", "partner_id", "planned_date"]
            )
        }
        rule_maps = {company: self.env["visit.frequency.rule"]._cv_rule_map(company) for company in self.company_id}
        vals_list = []
        for plan in self:
            rules = rule_maps[plan.company_id]
            for customer in plan_customers[plan.id]:
                rule = rules.get((customer.cc_tier_id.id, plan.role))
                if not rule:
                    continue
                last = last_visits.get((customer.id, plan.role))
                for month in range(12):
                    start, end = month_bounds(plan.date_from + relativedelta(months=month))
                    count = rule._visits_in_month(start, end, last)
                    if not count:
                        continue
                    last = start
                    if (plan.id, customer.id, start) in taken:
                        continue
                    vals_list.append(
                        {
                            "plan_id": plan.id,
                            "partner_id": customer.id,
                            "planned_date": start,
                            "origin": "frequency",
                            "frequency_rule_id": rule.id,
                            "month_visits": count,
                        }
                    )
        return self._cv_insert_lines(vals_list)

    def _cv_plan_customers(self):
        """The tiered customers of each plan: the salesperson's own, or those of the plan's region.

        :return: ``(all customers, {plan id: [customers in id order]})``, in one query
        """
        salesperson_plans = self.filtered(lambda plan: plan.role == "salesperson")
        customer_domain = Domain.OR(
            [Domain("user_id", "in", salesperson_plans.user_id.ids)]
            + [Domain("cc_region_id", "child_of", plan.region_id.ids) for plan in self - salesperson_plans]
        )
        customers = self.env["res.partner"].search_fetch(
            customer_domain & Domain("cc_tier_id", "!=", False) & Domain("is_company", "=", True),
            ["user_id", "cc_tier_id", "cc_region_id", "company_id"],
            order="id",
        )
        by_user = defaultdict(list)
        for customer in customers:
            by_user[customer.user_id.id].append(customer)
        by_plan = {}
        for plan in self:
            if plan.role == "salesperson":
                by_plan[plan.id] = by_user[plan.user_id.id]
                continue
            region_path = plan.region_id.parent_path or ""
            by_plan[plan.id] = [
                c for c in customers if region_path and (c.cc_region_id.parent_path or "").startswith(region_path)
            ]
        return customers, by_plan

    @api.model
    def _cv_last_visits(self, customers):
        """``{(customer id, role): date of the last done visit}`` (for the intervals of a month or more)."""
        return {
            (partner.id, role): last
            for partner, role, last in self.env["customer.visit"]._read_group(
                [("partner_id", "in", customers.ids), ("state", "in", ("done", "submitted", "reviewed"))],
                ["partner_id", "role"],
                ["date:max"],
            )
        }

    def _cv_annual_breakdown(self):
        """CV-1 / CV-2: for the monthly plans whose person has an approved annual plan for the year,
        that plan's customers and visits of the month: ``{plan id: [(position, customer, rule, visits)]}``.
        """
        annual_plans = self.search(
            [
                ("plan_type", "=", "annual"),
                ("state", "=", "approved"),
                ("user_id", "in", self.user_id.ids),
                ("company_id", "in", self.company_id.ids),
                ("date_from", "in", list({plan.date_from.replace(month=1, day=1) for plan in self})),
            ]
        )
        if not annual_plans:
            return {}
        annual_by_key = {(plan.user_id, plan.role, plan.company_id, plan.date_from): plan for plan in annual_plans}
        lines = self.env["visit.plan.line"].search_fetch(
            [("plan_id", "in", annual_plans.ids), ("origin", "=", "frequency")],
            ["plan_id", "partner_id", "planned_date", "month_visits", "frequency_rule_id"],
            order="partner_id, id",
        )
        lines_by_month = defaultdict(list)
        for line in lines:
            lines_by_month[line.plan_id.id, line.planned_date.replace(day=1)].append(line)
        breakdown = {}
        for plan in self:
            annual = annual_by_key.get(
                (plan.user_id, plan.role, plan.company_id, plan.date_from.replace(month=1, day=1))
            )
            if annual:
                breakdown[plan.id] = [
                    (position, line.partner_id, line.frequency_rule_id, line.month_visits)
                    for position, line in enumerate(lines_by_month[annual.id, plan.date_from])
                ]
        return breakdown

    def _cv_insert_lines(self, vals_list):
        """Q-15: insert generated lines in one query whatever their number.

        The ORM inserts and recomputes by batches of 100 rows; a salesperson's month
        easily has hundreds of lines. The stored related and computed fields of the
        lines are filled here from the plan and the customer, as the ORM would
        (a line is born ☆ planned, with no visit). The callers checked the rights.
        """
        Line = self.env["visit.plan.line"]
        if not vals_list:
            return Line
        self.env.flush_all()
        keys = ["plan_id", "partner_id", "planned_date", "purpose", "origin"]
        keys += ["frequency_rule_id", "carried_line_id", "promise_id", "note", "month_visits"]
        rows = [{key: vals.get(key) for key in keys} for vals in vals_list]
        for row in rows:
            row["planned_date"] = fields.Date.to_string(row["planned_date"])
        now = self.env.cr.now()
        query = SQL(
            """
            INSERT INTO visit_plan_line (
                plan_id, company_id, user_id, role, plan_type, partner_id, region_id, tier_id, planned_date,
                purpose, mark, origin, frequency_rule_id, carried_line_id, promise_id, note, month_visits,
                planned_count, done_count, required_count, create_uid, create_date, write_uid, write_date
            )
            SELECT row.plan_id, plan.company_id, plan.user_id, plan.role, plan.plan_type, row.partner_id,
                   partner.cc_region_id, partner.cc_tier_id, row.planned_date,
                   COALESCE(row.purpose, 'relationship'), 'planned', row.origin, row.frequency_rule_id,
                   row.carried_line_id, row.promise_id, row.note, COALESCE(row.month_visits, 1),
                   CASE WHEN plan.plan_type = 'annual' THEN COALESCE(row.month_visits, 1) ELSE 1 END, 0,
                   CASE WHEN row.origin != 'frequency' THEN 0
                        WHEN plan.plan_type = 'annual' THEN COALESCE(row.month_visits, 1) ELSE 1 END,
                   %(uid)s, %(now)s, %(uid)s, %(now)s
              FROM jsonb_to_recordset(%(rows)s::jsonb) AS row(
                       plan_id int, partner_id int, planned_date date, purpose varchar, origin varchar,
                       frequency_rule_id int, carried_line_id int, promise_id int, note varchar,
                       month_visits int)
              JOIN visit_plan plan ON plan.id = row.plan_id
              JOIN res_partner partner ON partner.id = row.partner_id
            RETURNING visit_plan_line.id
            """,
            uid=self.env.uid,
            now=now,
            rows=json.dumps(rows),
        )
        ids = [row[0] for row in self.env.execute_query(query)]
        self.invalidate_recordset(["line_ids"])
        return Line.browse(ids)

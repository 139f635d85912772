"""DR-20 (分销计划表): the branch sales manager's plan of a dealer for next month, and its execution."""

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import date_utils

from .dealer_rebate_policy import PLAN_DEADLINE_DAY, PLAN_MISSED_MONTHS

FIGURE_FIELDS = ("sales_target_tons", "purchase_plan_tons", "collection_plan", "outlets_reached", "collected_amount")


class DealerDistributionPlan(models.Model):
    """DR-20 (分销计划表): the branch sales manager's plan of a dealer for next month, and its execution.

    The plan is issued before a day in the last third of the previous month (policy). The
    dealer's salesperson records whether it was carried out; a dealer that misses its plan
    several months running (policy, three by default) gets a dismissal review (seed 004).
    """

    _name = "dealer.distribution.plan"
    _description = "Dealer Distribution Plan"
    _inherit = ["dealer.month.mixin", "customer.flow.document.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "month desc, partner_id"
    _flow_fields = frozenset({"state", "issued_date", "issued_by_id", "recorded_by_id", "recorded_date", "actual_tons"})
    # the plan itself is frozen once issued; its execution is recorded afterwards
    _frozen_fields = frozenset(
        {
            "partner_id",
            "month",
            "sales_target_tons",
            "purchase_plan_tons",
            "distribution_requirement",
            "collection_plan",
        }
    )
    _check_company_auto = True

    state = fields.Selection(
        [("draft", "Draft"), ("issued", "Issued"), ("done", "Carried Out"), ("missed", "Missed")],
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
        copy=False,
        index=True,
    )
    salesperson_id = fields.Many2one(related="partner_id.user_id", string="Salesperson")
    region_id = fields.Many2one(related="partner_id.cc_region_id", string="Sales Region", store=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    sales_target_tons = fields.Float(string="Sales Target (t)", digits=(16, 3), tracking=True)
    purchase_plan_tons = fields.Float(string="Purchase Plan (t)", digits=(16, 3), tracking=True)
    distribution_requirement = fields.Text(
        help="Where and to how many sub-distributors and retailers the goods must be placed this month."
    )
    collection_plan = fields.Monetary(tracking=True)
    deadline = fields.Date(
        compute="_compute_deadline",
        store=True,
        help="The plan is issued before this day of the previous month (policy).",
    )
    issued_date = fields.Date(readonly=True, copy=False)
    issued_by_id = fields.Many2one("res.users", string="Issued by", readonly=True, copy=False)
    is_late = fields.Boolean(
        string="Issued Late",
        compute="_compute_is_late",
        store=True,
        help="Issued on or after the deadline day: plans are due before it.",
    )
    # execution (登记实施情况)
    actual_tons = fields.Float(
        string="Purchased (t)",
        digits=(16, 3),
        readonly=True,
        copy=False,
        help="The dealer's tons of the month from the rebate volumes, when the execution was recorded.",
    )
    outlets_reached = fields.Integer()
    collected_amount = fields.Monetary(string="Collected")
    execution_note = fields.Text(string="Execution")
    recorded_by_id = fields.Many2one("res.users", string="Recorded by", readonly=True, copy=False)
    recorded_date = fields.Date(readonly=True, copy=False)

    _partner_month_uniq = models.UniqueIndex(
        "(partner_id, month, company_id)", "A dealer has one distribution plan per month: change that plan instead."
    )

    @api.constrains(*FIGURE_FIELDS)
    def _check_figures_not_negative(self):
        for plan in self:
            if any(plan[name] < 0 for name in FIGURE_FIELDS):
                raise ValidationError(
                    self.env._("Targets, plans and recorded figures of a distribution plan cannot be negative.")
                )

    @api.depends("month", "company_id")
    def _compute_deadline(self):
        for plan in self:
            plan.deadline = plan.month and plan._deadline_for(plan.month)

    @api.depends("issued_date", "deadline")
    def _compute_is_late(self):
        is_late = self.env["customer.calendar.day"]._is_late
        for plan in self:
            plan.is_late = is_late(plan.issued_date, plan.deadline)

    def _deadline_for(self, month):
        """Next month's plan is issued before the policy's day of this month."""
        previous = month - relativedelta(months=1)
        policy = self.env["dealer.rebate.policy"]._in_effect(self.company_id or self.env.company, previous)
        day = policy.plan_deadline_day if policy else PLAN_DEADLINE_DAY
        return self.env["customer.calendar.day"]._month_deadline(month, day)

    def _flow_hint(self):
        return self.env._("A distribution plan is issued and recorded with its buttons, not by editing it.")

    def _frozen_hint(self):
        return self.env._("An issued distribution plan cannot be changed: the dealer works to it.")

    def _unlink_hint(self):
        return self.env._("An issued distribution plan stays on file.")

    # ------------------------------------------------------------------ actions
    def action_issue(self):
        """DR-20: the branch sales manager of the dealer's region issues the plan."""
        for plan in self:
            if plan.state != "draft":
                raise UserError(self.env._("Only a draft distribution plan can be issued."))
            manager = plan.partner_id._cc_role_user("branch_sales_manager")
            if not self.env.su and manager != self.env.user:
                raise AccessError(
                    self.env._(
                        "The distribution plan of %(dealer)s is issued by the branch sales manager of its region "
                        "(%(manager)s).",
                        dealer=plan.partner_id.display_name,
                        manager=manager.name or self.env._("nobody is assigned"),
                    )
                )
        # sudo: the state and the issue fields are refused to direct writes; the role was checked above
        self.sudo().write(
            {"state": "issued", "issued_date": fields.Date.context_today(self), "issued_by_id": self.env.user.id}
        )
        self.activity_feedback(["mail.mail_activity_data_todo"], only_automated=True)
        return True

    def action_mark_done(self):
        return self._record_execution("done")

    def action_mark_missed(self):
        return self._record_execution("missed")

    def _record_execution(self, outcome):
        """DR-20: the dealer's salesperson (or the branch sales manager) records how the plan went."""
        for plan in self:
            if plan.state != "issued":
                raise UserError(self.env._("Only an issued distribution plan gets its execution recorded."))
            allowed = plan.partner_id.user_id | plan.partner_id._cc_role_user("branch_sales_manager")
            if not self.env.su and self.env.user not in allowed:
                raise AccessError(
                    self.env._(
                        "The execution of the plan of %(dealer)s is recorded by its salesperson "
                        "or by the branch sales manager.",
                        dealer=plan.partner_id.display_name,
                    )
                )
        today = fields.Date.context_today(self)
        for plan in self:
            # sudo: as in action_issue
            plan.sudo().write(
                {
                    "state": outcome,
                    "recorded_by_id": self.env.user.id,
                    "recorded_date": today,
                    "actual_tons": plan._month_tons(),
                }
            )
        self.filtered(lambda plan: plan.state == "missed")._open_reviews_for_missed_runs()
        return True

    def _month_tons(self):
        self.ensure_one()
        policy = self.env["dealer.rebate.policy"].sudo()._in_effect(self.company_id, self.month)
        if not policy:
            return 0.0
        month_end = self.month + relativedelta(months=1, days=-1)
        tons, _unconvertible = policy._dealer_tons([self.partner_id.id], self.month, month_end)
        return tons.get((self.partner_id.id, self.month), (0.0, 0.0))[0]

    def _open_reviews_for_missed_runs(self):
        """DR-20: the policy's number of plans missed in consecutive months opens a dismissal review."""
        for plan in self:
            policy = self.env["dealer.rebate.policy"].sudo()._in_effect(plan.company_id, plan.month)
            run = policy.plan_missed_months if policy else PLAN_MISSED_MONTHS
            months = [plan.month - relativedelta(months=back) for back in range(run)]
            missed = self.sudo().search_count(
                [
                    ("partner_id", "=", plan.partner_id.id),
                    ("company_id", "=", plan.company_id.id),
                    ("month", "in", months),
                    ("state", "=", "missed"),
                ]
            )
            if missed < run:
                continue
            reason = self.env._(
                "%(dealer)s missed its distribution plan %(count)s months running (to %(month)s).",
                dealer=plan.partner_id.display_name,
                count=run,
                month=plan.month.strftime("%Y-%m"),
            )
            request = self.env["dealer.appointment.request"]._open_dismissal_review(
                plan.partner_id, plan.company_id, self.env.user, reason, {"distribution_plan_id": plan.id}
            )
            if request:
                plan.message_post(body=reason)

    # ------------------------------------------------------------------ reminder job
    @api.model
    def _cron_prepare_next_month(self):
        """DR-20: before the deadline, next month's missing plans are prepared and their issuers reminded."""
        self.env["customer.batch.job"]._run_per_company(self._prepare_next_month)

    @api.model
    def _prepare_next_month(self, company):
        """From the policy's number of days before the deadline to the deadline, every active dealer of
        ``company`` (or shared) without a plan for next month gets a draft plan, with a to-do due on the deadline for
        the branch sales manager of its region. Idempotent: a dealer with a plan gets nothing."""
        today = fields.Date.context_today(self)
        next_month = date_utils.start_of(today, "month") + relativedelta(months=1)
        policy = self.env["dealer.rebate.policy"]._in_effect(company, today)
        if not policy:
            return True  # a company without a dealer policy has no distribution plans to prepare
        deadline = self.with_company(company)._deadline_for(next_month)
        days = policy.plan_reminder_days
        if not days or not deadline - relativedelta(days=days) <= today <= deadline:
            return True
        dealers = self.env["res.partner"].search(
            [("dr_status", "=", "active"), ("company_id", "in", [False, company.id])]
        )
        planned = self.search(
            [("partner_id", "in", dealers.ids), ("month", "=", next_month), ("company_id", "=", company.id)]
        ).partner_id
        return self.env["customer.batch.job"]._run_in_batches(
            dealers - planned, lambda batch: self._prepare_plans(company, batch, next_month, deadline)
        )

    @api.model
    def _prepare_plans(self, company, dealers, month, deadline):
        plans = self.env["customer.batch.job"]._create_quietly(
            self._name, [{"partner_id": dealer.id, "month": month, "company_id": company.id} for dealer in dealers]
        )
        resolve = self.env["customer.role.assignment"]._resolver(company)
        todo = self.env.ref("mail.mail_activity_data_todo")
        model_id = self.env["ir.model"]._get_id(self._name)
        activities = []
        for plan in plans:
            manager = resolve("branch_sales_manager", plan.partner_id.cc_region_id)
            if not manager:
                continue
            activities.append(
                {
                    "activity_type_id": todo.id,
                    "res_model_id": model_id,
                    "res_id": plan.id,
                    "user_id": manager.id,
                    # stored as written: in the language of the one who reads it
                    "summary": self.with_context(lang=manager.lang).env._(
                        "Issue the distribution plan of %(month)s", month=month.strftime("%Y-%m")
                    ),
                    "date_deadline": deadline,
                    "automated": True,
                }
            )
        self.env["customer.batch.job"]._schedule_activities(activities)

import calendar
from datetime import date

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from .dealer_rebate_policy import PLAN_DEADLINE_DAY, PLAN_MISSED_MONTHS

PROTECTED_FIELDS = frozenset({"state", "issued_date", "issued_by_id", "recorded_by_id", "recorded_date", "actual_tons"})
PLAN_FIELDS = frozenset(
    {"partner_id", "month", "sales_target_tons", "purchase_plan_tons", "distribution_requirement", "collection_plan"}
)

FIGURE_FIELDS = ("sales_target_tons", "purchase_plan_tons", "collection_plan", "outlets_reached", "collected_amount")


class DealerDistributionPlan(models.Model):
    """DR-20 (分销计划表): the branch sales manager's plan of a dealer for next month, and its execution.

    The plan is issued before a day in the last third of the previous month (policy). The
    dealer's salesperson records whether it was carried out; a dealer that misses its plan
    several months running (policy, three by default) gets a dismissal review (seed 004).
    """

    _name = "dealer.distribution.plan"
    _description = "Dealer Distribution Plan"
    _inherit = ["dealer.month.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "month desc, partner_id"
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
        string="Issued Late", compute="_compute_is_late", store=True, help="Issued after the policy's deadline."
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
        for plan in self:
            plan.is_late = bool(plan.issued_date and plan.deadline and plan.issued_date > plan.deadline)

    def _deadline_for(self, month):
        """The policy's day of the month before ``month`` (the month's last day when it is shorter)."""
        previous = month - relativedelta(months=1)
        policy = self.env["dealer.rebate.policy"]._in_effect(self.company_id or self.env.company, previous)
        day = policy.plan_deadline_day if policy else PLAN_DEADLINE_DAY
        return date(previous.year, previous.month, min(day, calendar.monthrange(previous.year, previous.month)[1]))

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and any(PROTECTED_FIELDS & vals.keys() for vals in vals_list):
            raise AccessError(self._state_hint())
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            if PROTECTED_FIELDS & vals.keys():
                raise AccessError(self._state_hint())
            if PLAN_FIELDS & vals.keys() and self.filtered(lambda plan: plan.state != "draft"):
                raise UserError(self.env._("An issued distribution plan cannot be changed: the dealer works to it."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_issued(self):
        if self.filtered(lambda plan: plan.state != "draft"):
            raise UserError(self.env._("An issued distribution plan stays on file."))

    def _state_hint(self):
        return self.env._("A distribution plan is issued and recorded with its buttons, not by editing it.")

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

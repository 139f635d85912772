"""visit.plan.result: the month-end results of an approved monthly plan, with the month's assessment."""

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

RESULT_STATES = [
    ("draft", "Draft"),
    ("submitted", "Submitted"),
    ("rejected", "Rejected"),
    ("approved", "Approved"),
]
MANAGER_GROUP = "client_visit.client_visit_group_manager"


class VisitPlanResult(models.Model):
    """CV-4: the month-end results of an approved monthly plan, approved by the plan's manager.

    Each planned visit is done (★, automatically when a linked visit is done) or not done (●)
    with a reason; the salesperson submits the results at the end of the month and the
    manager who approves the plan approves them, or sends them back with a reason.
    """

    _name = "visit.plan.result"
    _description = "Visit Plan Results"
    # customer.approval.mixin is named too: customer_comm recognises its approvable models among the
    # mixin's direct heirs
    _inherit = [
        "customer.flow.document.mixin",
        "visit.approval.mixin",
        "customer.approval.mixin",
        "mail.thread",
        "mail.activity.mixin",
    ]
    _order = "date_from desc, user_id"
    _check_company_auto = True
    _state_from = ["draft", "submitted", "rejected"]
    _state_to = ["approved"]

    plan_id = fields.Many2one(
        "visit.plan",
        required=True,
        readonly=True,
        ondelete="cascade",
        index=True,
        check_company=True,
        domain="[('plan_type', '=', 'monthly'), ('state', '=', 'approved')]",
    )
    name = fields.Char(related="plan_id.name", store=True)
    user_id = fields.Many2one(related="plan_id.user_id", string="Responsible", store=True, index=True)
    company_id = fields.Many2one(related="plan_id.company_id", store=True, index=True)
    region_id = fields.Many2one(related="plan_id.region_id")
    date_from = fields.Date(related="plan_id.date_from", store=True)
    date_to = fields.Date(related="plan_id.date_to")
    state = fields.Selection(RESULT_STATES, default="draft", required=True, tracking=True, copy=False, readonly=True)
    line_ids = fields.One2many("visit.plan.line", "result_id", string="Planned Visits")
    done_count = fields.Integer(string="Done", compute="_compute_counts")
    not_done_count = fields.Integer(string="Not Done", compute="_compute_counts")
    note = fields.Text(string="Summary")
    # CV-9 / CV-10: the person's assessment of the month (client.visit.assessment.report)
    visits_done = fields.Integer(compute="_compute_assessment")
    visits_required = fields.Integer(compute="_compute_assessment")
    reports_due = fields.Integer(compute="_compute_assessment")
    reports_on_time_rate = fields.Float(string="Reports on Time (%)", compute="_compute_assessment", digits=(16, 1))
    promises_due = fields.Integer(compute="_compute_assessment")
    promises_kept_rate = fields.Float(string="Promises Kept on Time (%)", compute="_compute_assessment", digits=(16, 1))

    _plan_uniq = models.UniqueIndex("(plan_id)", "A plan has one set of month-end results.")

    @api.depends("line_ids.mark")
    def _compute_counts(self):
        for result in self:
            result.done_count = len(result.line_ids.filtered(lambda line: line.mark == "done"))
            result.not_done_count = len(result.line_ids) - result.done_count

    def _compute_assessment(self):
        measures = ["visits_done", "visits_required", "reports_due", "reports_on_time", "promises_due"]
        measures += ["promises_kept_on_time"]
        # sudo: the figures of the person whose results the user reads; the report's rules show a
        # salesperson only their own rows, the supervisor reads the results of their team
        groups = (
            self.env["client.visit.assessment.report"]
            .sudo()
            ._read_group(
                [("user_id", "in", self.user_id.ids), ("month", "in", self.mapped("date_from"))],
                ["user_id", "company_id", "month:day"],
                [f"{measure}:sum" for measure in measures],
            )
        )
        figures = {
            (user.id, company.id, month): dict(zip(measures, values, strict=True))
            for user, company, month, *values in groups
        }
        for result in self:
            row = figures.get((result.user_id.id, result.company_id.id, result.date_from), dict.fromkeys(measures, 0))
            result.visits_done = row["visits_done"]
            result.visits_required = row["visits_required"]
            result.reports_due = row["reports_due"]
            result.reports_on_time_rate = (
                100.0 * row["reports_on_time"] / row["reports_due"] if row["reports_due"] else 0.0
            )
            result.promises_due = row["promises_due"]
            result.promises_kept_rate = (
                100.0 * row["promises_kept_on_time"] / row["promises_due"] if row["promises_due"] else 0.0
            )

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        results = super().create(vals_list)
        for result in results:
            if result.plan_id.plan_type != "monthly" or result.plan_id.state != "approved":
                raise UserError(self.env._("Month-end results are given for an approved monthly plan."))
            if result.user_id != self.env.user and not self.env.user.has_group(MANAGER_GROUP):
                raise AccessError(self.env._("The person responsible for the plan reports its results."))
            # sudo: the lines of an approved plan are locked; only their link to the results is set
            result.plan_id.line_ids.sudo().write({"result_id": result.id})
        return results

    def write(self, vals):
        if not self.env.su and self.filtered(lambda result: result.state == "approved"):
            raise UserError(self.env._("Approved month-end results cannot be changed."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_submitted(self):
        if any(result.state in ("submitted", "approved") for result in self):
            raise UserError(self.env._("Submitted or approved month-end results cannot be deleted."))

    def _flow_hint(self):
        return self.env._("Month-end results change state through their approval, not by editing them.")

    # ------------------------------------------------------------------ actions
    def action_submit(self):
        """CV-4: at month end the salesperson submits the results; a line not done needs a reason."""
        today = fields.Date.context_today(self)
        for result in self:
            result._check_owner()
            if result.state not in ("draft", "rejected"):
                raise UserError(self.env._("Only draft or rejected results can be submitted."))
            if today < result.date_to:
                raise UserError(
                    self.env._(
                        "The results of %(plan)s are submitted at the end of the month, from %(date)s.",
                        plan=result.name,
                        date=result.date_to,
                    )
                )
            missing = result.line_ids.filtered(lambda line: line.mark != "done" and not line.result_reason)
            if missing:
                raise UserError(
                    self.env._(
                        "Give the reason why these planned visits were not done: %(lines)s",
                        lines=", ".join(missing.mapped("display_name")),
                    )
                )
        # sudo: the lines of an approved plan are locked; the mark ● records the result checked above
        self.line_ids.filtered(lambda line: line.mark != "done").sudo().write({"mark": "not_done"})
        for result in self.filtered("review_ids"):
            result.with_context(skip_validation_check=True)._cv_restart_validation()
        self._cc_request_validation()
        # sudo: the state is refused to direct writes; the owner was checked above
        self.sudo().with_context(skip_validation_check=True).write({"state": "submitted"})
        return True

    # ------------------------------------------------------------------ approval hooks
    def _cv_submit(self):
        return self.action_submit()

    def _cv_recall(self):
        for result in self:
            result._check_owner()
        # sudo: the state is refused to direct writes; the owner was checked above
        self.sudo().with_context(skip_validation_check=True).write({"state": "draft"})

    def _cv_own_review_message(self):
        return self.env._("You cannot approve or reject your own month-end results.")

    def _on_fully_approved(self):
        # sudo: the approver may not write the results; the engine validated the chain
        self.sudo().with_context(skip_validation_check=True).write({"state": "approved"})

    def _on_rejected(self):
        # CV-4: back to the responsible person, who completes the reasons and resubmits
        self.sudo().with_context(skip_validation_check=True).write({"state": "rejected"})
        for result in self:
            result.activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=result.user_id.id,
                summary=result.with_context(lang=result.user_id.lang).env._(
                    "Month-end visit results rejected: complete and resubmit"
                ),
            )

    def _cc_approval_region(self):
        """The manager of the plan approves its results."""
        self.ensure_one()
        return self.plan_id._cc_approval_region()

    # ------------------------------------------------------------------ business
    def _check_owner(self):
        self.ensure_one()
        if self.user_id != self.env.user and not self.env.user.has_group(MANAGER_GROUP):
            raise AccessError(self.env._("The person responsible for the plan reports its results."))
        self.check_access("write")

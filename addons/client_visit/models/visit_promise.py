"""visit.promise: what was promised during a visit, its owner and due date, its reminder and its keeping."""

from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_date

from .visit_todo import schedule_todos


class VisitPromise(models.Model):
    """CV-10: something promised during a visit, with an owner and a due date, followed to completion."""

    _name = "visit.promise"
    _description = "Visit Promise"
    _inherit = ["customer.flow.document.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "due_date, id"
    _flow_fields = frozenset({"state", "done_date", "reminded"})
    _draft_state = "open"
    _check_company_auto = True

    name = fields.Char(string="Promise", required=True, tracking=True)
    visit_id = fields.Many2one("customer.visit", ondelete="cascade", index=True, check_company=True)
    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, index=True, check_company=True, tracking=True
    )
    user_id = fields.Many2one(
        "res.users", string="Owner", required=True, index=True, default=lambda self: self.env.user, tracking=True
    )
    due_date = fields.Date(required=True, tracking=True)
    state = fields.Selection(
        [("open", "Open"), ("done", "Kept"), ("cancel", "Cancelled")],
        default="open",
        required=True,
        tracking=True,
        readonly=True,
        copy=False,
    )
    done_date = fields.Date(readonly=True, copy=False)
    kept_on_time = fields.Boolean(compute="_compute_kept_on_time", store=True)
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    overdue = fields.Boolean(compute="_compute_overdue", search="_search_overdue")
    reminded = fields.Boolean(readonly=True, copy=False, help="The owner got a to-do before the due date.")

    @api.depends("done_date", "due_date", "state")
    def _compute_kept_on_time(self):
        for promise in self:
            promise.kept_on_time = promise.state == "done" and promise.done_date <= promise.due_date

    def _compute_overdue(self):
        today = fields.Date.context_today(self)
        for promise in self:
            promise.overdue = promise.state == "open" and promise.due_date < today

    def _search_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            return NotImplemented
        domain = [("state", "=", "open"), ("due_date", "<", fields.Date.context_today(self))]
        return domain if (operator == "=") == value else ["!", *domain]

    @api.onchange("visit_id")
    def _onchange_visit_id(self):
        if self.visit_id:
            self.partner_id = self.visit_id.partner_id
            self.user_id = self.visit_id.user_id

    def _flow_write_vals(self, vals):
        # a new due date gets its own reminder
        return {**vals, "reminded": False} if "due_date" in vals else vals

    def _flow_hint(self):
        return self.env._("A promise is kept or cancelled with its buttons.")

    def action_done(self):
        for promise in self:
            if promise.state != "open":
                raise UserError(self.env._("Only an open promise can be marked kept."))
            promise.check_access("write")
        # sudo: the state is refused to direct writes; the access was checked above
        self.sudo().write({"state": "done", "done_date": fields.Date.context_today(self)})

    def action_cancel(self):
        for promise in self:
            promise.check_access("write")
        self.filtered(lambda p: p.state == "open").sudo().write({"state": "cancel"})

    # ------------------------------------------------------------------ jobs
    @api.model
    def _cron_remind_promises(self):
        """CV-10: the owner of an open promise gets one to-do a number of days (a company setting) before it is due."""
        return self.env["customer.batch.job"]._run_per_company(self._cv_remind_promises)

    @api.model
    def _cv_remind_promises(self, company):
        today = fields.Date.context_today(self)
        promises = self.search(
            [
                ("company_id", "=", company.id),
                ("state", "=", "open"),
                ("reminded", "=", False),
                ("due_date", "<=", today + timedelta(days=company.cv_promise_reminder_days)),
            ]
        )
        schedule_todos(
            company,
            (
                (
                    promise,
                    promise.user_id,
                    lambda env, promise=promise: {
                        "summary": env._(
                            "Promise due on %(date)s: %(promise)s",
                            date=format_date(env, promise.due_date),
                            promise=promise.name,
                        )
                    },
                    max(promise.due_date, today),
                )
                for promise in promises
            ),
        )
        # sudo: the flag only the job writes, so that the owner is reminded once
        promises.sudo().write({"reminded": True})
        return True

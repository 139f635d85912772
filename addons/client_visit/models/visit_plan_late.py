"""visit.plan, the late-plan job: plans not submitted in time and people without a plan, told to the supervisor.

CV-1 / CV-2: the daily job gives the supervisor who approves a plan one to-do when the plan is still
not submitted after its deadline, however it was created (generated, typed, created empty and
filled later). A salesperson with customers under the rules and no plan for the month whose
deadline has passed gets an empty draft plan, flagged the same way: the supervisor's to-do opens
it and the salesperson finds it to fill. A plan is flagged once per month; a plan flagged while
it had no line is flagged again once its lines appear and it is still late, unless the first
to-do is still open. A run that finds no supervisor to tell leaves the plan unflagged, so that a
later run (once a role holder is set) tells them.
"""

from functools import partial

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.tools import format_date

from .visit_todo import schedule_todos


class VisitPlan(models.Model):
    _inherit = "visit.plan"

    @api.model
    def _cron_flag_late_plans(self):
        """CV-1 / CV-2: every company's late plans and missing plans flagged to their supervisors."""
        return self.env["customer.batch.job"]._run_per_company(self._cv_flag_late_plans)

    @api.model
    def _cv_flag_late_plans(self, company):
        today = fields.Date.context_today(self)
        self._cv_create_missing_plans(company, today)
        plans = self.search(
            [
                ("company_id", "=", company.id),
                ("state", "in", ("draft", "rejected")),
                ("deadline", "<=", today),
                ("date_to", ">=", today),
                "|",
                ("late_notified", "=", False),
                ("late_notified_empty", "=", True),
            ]
        )
        if not plans:
            return True
        counts = dict(self.env["visit.plan.line"]._read_group([("plan_id", "in", plans.ids)], ["plan_id"], ["__count"]))
        # flagged while empty: again only once its lines appear
        plans = plans.filtered(lambda plan: not plan.late_notified or counts.get(plan))
        supervisors = plans._cv_late_plan_supervisors(company)
        told = plans.filtered(lambda plan: supervisors.get(plan.id))
        # a supervisor whose first to-do is still open is not told twice
        to_tell = told.filtered(
            lambda plan: not (plan.late_activity_id.active and plan.late_activity_id.user_id == supervisors[plan.id])
        )
        activities = schedule_todos(
            company,
            (
                (plan, supervisors[plan.id], partial(self._cv_late_plan_texts, plan, counts.get(plan)), today)
                for plan in to_tell
            ),
        )
        # sudo: the flags only the job writes, so that the supervisor is told once
        for plan, activity in zip(to_tell, activities, strict=True):
            plan.sudo().late_activity_id = activity
        for plan in told:
            plan.sudo().write({"late_notified": True, "late_notified_empty": not counts.get(plan)})
        return True

    @api.model
    def _cv_late_plan_texts(self, plan, line_count, env):
        """The words of the supervisor's to-do about a late ``plan``, in ``env``'s language."""
        return {
            "summary": env._("Visit plan late: %s", plan.name)
            if line_count
            else env._("Visit plan late, nothing planned yet: %s", plan.name),
            "note": env._(
                "The plan of %(user)s for %(period)s was due before %(deadline)s and is not submitted.",
                user=plan.user_id.name,
                period=plan.date_from.strftime("%Y-%m"),
                deadline=format_date(env, plan.deadline),
            ),
        }

    @api.model
    def _cv_create_missing_plans(self, company, today):
        """CV-2: an empty draft plan for each salesperson with customers under the rules and no plan (of any
        state) for the month whose deadline has passed, so that the job flags it like any late plan."""
        due_day = company.cv_plan_due_day or 28
        month = today.replace(day=1) + relativedelta(months=1 if today.day >= due_day else 0)
        users = self._cv_salespeople(company)
        planned = self.search(
            [
                ("user_id", "in", users.ids),
                ("plan_type", "=", "monthly"),
                ("role", "=", "salesperson"),
                ("date_from", "=", month),
                ("company_id", "=", company.id),
            ]
        )
        # sudo: the job creates the plan the person owes, in their name
        return self.sudo()._cv_create_salesperson_plans(users - planned.user_id, month, company)

    def _cv_late_plan_supervisors(self, company):
        """``{plan id: user}``: who approves each plan (the first tier definition that applies, its role
        resolved in the plan's region); a plan nobody approves yet is left out."""
        definitions = self.env["tier.definition"].search(
            [("model", "=", self._name), ("review_type", "=", "cc_role"), ("company_id", "in", [False, company.id])],
            order="sequence",
        )
        resolve = self.env["customer.role.assignment"]._resolver(company)
        supervisors = {}
        for plan in self:
            definition = next((d for d in definitions if plan.evaluate_tier(d)), None)
            supervisor = definition and resolve(definition.cc_role, plan._cc_approval_region())
            if supervisor:
                supervisors[plan.id] = supervisor
        return supervisors

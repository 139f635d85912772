import functools
from collections import Counter, defaultdict
from time import monotonic

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

# records a batch job creates per committed step; ``customer_comm.batch_size`` overrides it.
BATCH_SIZE_PARAM = "customer_comm.batch_size"
DEFAULT_BATCH_SIZE = 1000

# every number of the rules is company data; seed values are the defaults.
PERCENT_FIELDS = (
    "cc_overcredit_director_pct",
    "cc_receivable_warning_pct",
    "cc_receivable_severe_pct",
    "cc_progress_margin_pct",
    "cc_dependence_single_pct",
    "cc_dependence_top3_pct",
)
POSITIVE_FIELDS = (
    "cc_review_interval_months",
    "cc_archive_fix_days",
    "cc_credit_director_amount",
    "cc_downgrade_overdue_days",
    "cc_churn_floor_days",
    "cc_churn_interval_factor",
    "cc_dependence_window_days",
    "cc_abnormal_jump_factor",
    "cc_warning_escalation_days",
    "cc_meeting_notice_days",
    "cc_care_days_ahead",
    "cc_revisit_min_days",
    "cc_revisit_max_days",
    "cc_revisit_call_attempts",
)


def _app_users_domain(env):
    """Users of the Customer Communication app: the ones who can open what they are sent.

    A function, not a method: related settings fields call the domain on ``res.config.settings``.
    """
    return [("all_group_ids", "in", env.ref("customer_comm.customer_comm_group_user").ids)]


class ResCompany(models.Model):
    _inherit = "res.company"

    cc_review_interval_months = fields.Integer(string="Archive Review Interval (months)", default=3)
    cc_archive_fix_days = fields.Integer(
        string="Archive Suggestions Due After (working days)",
        default=10,
        help="Default deadline of the quarterly archive audit's improvement suggestions. The seed asks for "
        "a clear deadline (明确建议落实时间) without giving a number: 10 working days is a default.",
    )
    cc_credit_director_amount = fields.Monetary(
        string="Credit Increase Needing the Marketing Director",
        default=100000.0,
        help="A credit limit increase above this amount also needs the marketing director.",
    )
    cc_overcredit_director_pct = fields.Float(
        string="Over-credit Share Needing the Marketing Director (%)",
        default=20.0,
        help="An order exceeding the credit limit by more than this share of the limit "
        "also needs the marketing director.",
    )
    cc_downgrade_overdue_days = fields.Integer(
        string="Overdue Days Proposing a Credit Downgrade",
        default=90,
        help="Customers whose receivables are overdue for longer than this many days are proposed one "
        "credit level down by the periodic credit review.",
    )
    cc_receivable_warning_pct = fields.Float(string="Receivable Warning at (% of limit)", default=80.0)
    cc_receivable_severe_pct = fields.Float(string="Receivable Severe at (% of limit)", default=100.0)
    cc_progress_margin_pct = fields.Float(
        string="Purchase Progress Margin (%)",
        default=20.0,
        help="Purchases this many percent below last month at the same point raise a warning.",
    )
    cc_churn_floor_days = fields.Integer(string="Churn After at Least (days)", default=30)
    cc_churn_interval_factor = fields.Float(
        string="Churn Factor of the Average Interval",
        default=2.0,
        help="Silent for longer than this many times the customer's own average order interval.",
    )
    cc_dependence_single_pct = fields.Float(string="Dependence: One Customer Above (%)", default=20.0)
    cc_dependence_top3_pct = fields.Float(string="Dependence: Top Three Above (%)", default=40.0)
    cc_dependence_window_days = fields.Integer(string="Dependence Window (days)", default=365)
    cc_abnormal_jump_factor = fields.Float(
        string="Abnormal Jump Factor",
        default=3.0,
        help="Last 30 days' orders above this many times the customer's monthly average.",
    )
    cc_warning_escalation_days = fields.Integer(
        string="Escalate Unacknowledged Warnings After (working days)",
        default=2,
    )

    # CC-24: forum meetings (seed 000: "须提前10天发布公告", minutes "抄送给品质运营中心、分管管理层、总经理")
    cc_meeting_notice_days = fields.Integer(
        string="Announce Forum Meetings at Least (days ahead)",
        default=10,
        help="A forum meeting is announced at least this many days before its date.",
    )
    cc_meeting_quality_user_ids = fields.Many2many(
        "res.users",
        "res_company_cc_meeting_quality_user_rel",
        "company_id",
        "user_id",
        string="Quality Operations Centre",
        domain=lambda self: _app_users_domain(self.env),
        help="Receive the minutes of every closed forum meeting.",
    )
    cc_meeting_management_user_ids = fields.Many2many(
        "res.users",
        "res_company_cc_meeting_management_user_rel",
        "company_id",
        "user_id",
        string="Management in Charge",
        domain=lambda self: _app_users_domain(self.env),
        help="Receive the minutes of every closed forum meeting; each should attend at least one "
        "forum meeting per department and year.",
    )
    # CC-26: care reminders (the seeds give no lead time: 3 days leaves time to order a gift)
    cc_care_days_ahead = fields.Integer(
        string="Care Reminders (days ahead)",
        default=3,
        help="Birthdays, anniversaries and holidays are reminded this many days ahead.",
    )
    # CC-28: revisit after delivery (seed 002: "以客户收货日期为准7-15个工作日", "更换时间段进行二次回访")
    cc_revisit_min_days = fields.Integer(string="Revisit Call From (working days after delivery)", default=7)
    cc_revisit_max_days = fields.Integer(string="Revisit Call Until (working days after delivery)", default=15)
    cc_revisit_call_attempts = fields.Integer(
        string="Revisit Call Attempts",
        default=2,
        help="An unreachable customer is called again at another time of day until this many attempts.",
    )

    @api.constrains(*PERCENT_FIELDS, *POSITIVE_FIELDS)
    def _check_cc_numbers(self):
        for company in self:
            for name in PERCENT_FIELDS:
                if not 0 <= company[name] <= 100:
                    raise ValidationError(
                        self.env._(
                            "%(setting)s must be between 0 and 100%%.",
                            setting=self._fields[name].get_description(self.env)["string"],
                        )
                    )
            for name in POSITIVE_FIELDS:
                if company[name] <= 0:
                    raise ValidationError(
                        self.env._(
                            "%(setting)s must be greater than zero.",
                            setting=self._fields[name].get_description(self.env)["string"],
                        )
                    )

    @api.constrains("cc_revisit_min_days", "cc_revisit_max_days")
    def _check_cc_revisit_window(self):
        """CC-28: the revisit window cannot end before it starts."""
        for company in self:
            if company.cc_revisit_min_days > company.cc_revisit_max_days:
                raise ValidationError(
                    self.env._(
                        "The revisit call window of %(company)s ends (%(max)s working days) before it starts "
                        "(%(min)s working days).",
                        company=company.name,
                        min=company.cc_revisit_min_days,
                        max=company.cc_revisit_max_days,
                    )
                )

    @api.model
    def _cc_enable_credit_limits(self):
        """CC-12, at install: the over-credit approval applies where Odoo's credit limits are used
        (Accounting settings), which also shows Odoo's credit banner on the same figures."""
        self.search([]).write({"account_use_credit_limit": True})

    def _cc_lang(self):
        """The language of texts stored for the whole company (archive labels, audit names)."""
        self.ensure_one()
        return self.partner_id.lang or self.env.lang

    @api.model
    def _cc_load_demo_terms(self, module):
        """Demo: load ``module``'s terms now, in every installed language; return the company's language.

        Odoo loads an addon's translations after its data and demo files, so the chatter written while
        its demo records are created would name the documents in English ("Dealer Award 创建"). The
        demo loaders of the suite call this first and write in the language returned.
        """
        langs = [code for code, _name in self.env["res.lang"].get_installed() if code != "en_US"]
        if langs:
            self.env["ir.module.module"]._load_module_terms([module], langs)
        return self.env.company._cc_lang()

    # ------------------------------------------------------------------
    # the one batch-job pattern of the suite
    # ------------------------------------------------------------------

    @api.model
    def _cc_batch_size(self):
        """Records created per batch by the jobs: a technical number (system parameter), not a business rule."""
        size = self.env["ir.config_parameter"].sudo().get_param(BATCH_SIZE_PARAM)
        return int(size) if size and int(size) > 0 else DEFAULT_BATCH_SIZE

    @api.model
    def _cc_commit_progress(self, processed=0, remaining=None):
        """Commit one step of a job under the scheduler; return whether the job still has time.

        Outside the scheduler (a test, a shell, a button) nothing is committed: the
        caller owns the transaction, and the time never runs out.
        """
        if not self.env.context.get("ir_cron_progress_id"):
            return True
        return self.env["ir.cron"]._commit_progress(processed, remaining=remaining) > 0

    @api.model
    def _cc_run_per_company(self, job):
        """Run ``job(company)`` for every company, one committed step per company under the scheduler.

        A job returns ``False`` when it stopped before its end because the scheduler's time
        was up (see :meth:`_cc_run_in_batches`): the run stops there and the scheduler calls
        the whole job again, which must skip what is done (Q-12). Outside the scheduler
        nothing is committed.

        :return: ``True`` when every company was run to its end
        """
        companies = self.search([])
        self._cc_commit_progress(remaining=len(companies))
        for done, company in enumerate(companies, 1):
            if self._cc_in_company_language(job, company)(company) is False:
                self._cc_commit_progress(remaining=len(companies) - done + 1)
                return False
            if not self._cc_commit_progress(1, remaining=len(companies) - done) and done < len(companies):
                return False
        return True

    @api.model
    def _cc_in_company_language(self, job, company):
        """``job`` bound to its records in the language of ``company``: what a job stores for others to
        read (warnings, escalations, reasons, chatter lines) is written in the company's language, whoever
        or whatever runs it (the scheduler's context has no language)."""
        if isinstance(job, functools.partial):
            return functools.partial(self._cc_in_company_language(job.func, company), *job.args, **job.keywords)
        records = getattr(job, "__self__", None)
        if not isinstance(records, models.BaseModel):
            return job
        return getattr(records.with_context(lang=company._cc_lang()), job.__name__)

    @api.model
    def _cc_run_in_batches(self, items, process, batch_size=None, restart_seconds=0.0):
        """Call ``process(batch)`` on consecutive batches of ``items``, committing each under the scheduler.

        ``process`` creates what one batch needs in one ``create`` per model (see
        :meth:`_cc_create_quietly`). Committed batches are never redone: a job
        interrupted by a failure or by the scheduler's time limit computes what is
        still missing when it is called again, and only that goes through here.

        ``restart_seconds`` is what that new call costs before its first batch (a detection
        over every customer, say): the run yields to the scheduler only once it has worked
        at least that long on batches, so that the restarts never cost more than the work
        itself (Q-15: linear, not one full detection per batch).

        :param items: a list or a recordset
        :return: ``True`` when every batch was processed, ``False`` when the time was up first
        """
        size = batch_size or self._cc_batch_size()
        started = monotonic()
        for start in range(0, len(items), size):
            batch = items[start : start + size]
            process(batch)
            remaining = len(items) - start - len(batch)
            has_time = self._cc_commit_progress(len(batch), remaining=remaining)
            if remaining and not has_time and monotonic() - started >= restart_seconds:
                return False
        return True

    @api.model
    def _cc_create_quietly(self, model, vals_list):
        """Create records of a mail-thread model in one ``create``: no creation log, tracking or subscription.

        The assignees are told once per run through :meth:`_cc_post_digests`, not per record.
        """
        return self.env[model].with_context(tracking_disable=True, mail_create_nolog=True).create(vals_list)

    @api.model
    def _cc_mark(self, records, vals):
        """Write the same ``vals`` on every record of a job in one UPDATE (Q-15).

        For a job's own bookkeeping columns (``overdue_notified``, ``pending_digest``): plain
        stored fields, not tracked, that no ``write`` override reacts to. Odoo's ``write``
        updates 100 rows per query and prepares the tracking of every record; this is one
        query, with the same ``write_uid`` / ``write_date`` and the same recomputation of
        what depends on the fields.
        """
        if not records or not vals:
            return
        columns = []
        for name, value in vals.items():
            field = records._fields[name]
            if not (field.store and field.column_type) or field.compute or getattr(field, "tracking", False):
                raise ValueError(f"{records._name}.{name} is not a plain untracked column")
            columns.append(SQL("%s = %s", SQL.identifier(name), field.convert_to_column(value, records)))
        records.flush_recordset(list(vals))
        self.env.cr.execute(
            SQL(
                "UPDATE %s SET %s, write_uid = %s, write_date = %s WHERE id = ANY(%s)",
                SQL.identifier(records._table),
                SQL(", ").join(columns),
                self.env.uid,
                self.env.cr.now(),
                records.ids,
            )
        )
        records.invalidate_recordset([*vals, "write_uid", "write_date"])
        records.modified(list(vals))

    @api.model
    def _cc_schedule_activities(self, vals_list):
        """Create ``mail.activity`` records in one ``create`` without the "assigned to you" email of each.

        ``mail_activity_quick_update`` is the key ``mail.activity.create`` reads to skip
        ``action_notify``; the assignees still follow the documents (one subscription per
        user and batch), and their activity counter is updated live (one bus message per
        user and batch).
        """
        return (
            self.env["mail.activity"]
            .with_context(mail_activity_quick_update=True)
            .create(self._cc_with_document_names(vals_list))
        )

    @api.model
    def _cc_with_document_names(self, vals_list):
        """``vals_list`` with the document name of each activity, read in one query per model (Q-15).

        ``mail.activity`` computes its stored ``res_name`` after the insert, one document at a
        time, and writes it back 100 rows per query; given in the values, it is inserted with
        the row. The same name as Odoo's (the document's ``display_name``, read in sudo).
        """
        ids_by_model = defaultdict(set)
        for vals in vals_list:
            if vals.get("res_model_id") and vals.get("res_id") and "res_name" not in vals:
                ids_by_model[vals["res_model_id"]].add(vals["res_id"])
        if not ids_by_model:
            return vals_list
        names = {}
        for model_id, ids in ids_by_model.items():
            model = self.env["ir.model"].sudo().browse(model_id).model
            # sudo: as mail.activity's compute (compute_sudo); the creator may not read the document
            for record in self.env[model].sudo().browse(sorted(ids)):
                names[model_id, record.id] = record.display_name
        return [
            {**vals, "res_name": names[vals["res_model_id"], vals["res_id"]]}
            if (vals.get("res_model_id"), vals.get("res_id")) in names and "res_name" not in vals
            else vals
            for vals in vals_list
        ]

    @api.model
    def _cc_post_digests(self, digests, activity_type=None):
        """One to-do per user summing up a run: ``{user: (summary, html_note)}``, created in one batch.

        The to-do is attached to no document (it opens from the activity menu): it is
        the single notification of the run for that user, whatever the number of records.
        """
        activity_type = activity_type or self.env.ref("customer_comm.mail_activity_type_digest")
        today = fields.Date.context_today(self)
        # sudo: a to-do of no document can be created for another user by the system only
        return self.sudo()._cc_schedule_activities(
            [
                {
                    "activity_type_id": activity_type.id,
                    "user_id": user.id,
                    "summary": summary,
                    "note": note,
                    "date_deadline": today,
                    "automated": True,
                }
                for user, (summary, note) in digests.items()
                if user
            ]
        )

    @api.model
    def _cc_post_activity_digests(self, activities):
        """One summary per assignee of the activities a job created: "3 new to-dos: Archive Review 3."

        The jobs whose records are activities (archive reviews, care reminders, overdue
        requests, archive audit suggestions) tell each user once per run this way, in the
        user's language, with a link to their activities.
        """
        counts = defaultdict(Counter)
        for activity in activities:
            counts[activity.user_id][activity.activity_type_id] += 1
        digests = {}
        for user, by_type in counts.items():
            env = self.with_context(lang=user.lang or self.env.company._cc_lang()).env
            types = self.with_env(env)._cc_join(
                [
                    env._("%(type)s %(count)s", type=activity_type.with_env(env).name, count=count)
                    for activity_type, count in by_type.items()
                ]
            )
            summary = env._("%(count)s new to-dos: %(types)s.", count=sum(by_type.values()), types=types)
            link = Markup('<a href="/odoo/action-mail.mail_activity_action_my">%s</a>') % env._("Open my activities")
            digests[user] = (summary, Markup("<p>%s</p><p>%s</p>") % (summary, link))
        return self._cc_post_digests(digests)

    @api.model
    def _cc_join(self, items):
        """Items joined with the comma of the context language ("a, b" in English, "a，b" in Chinese)."""
        if not items:
            return ""
        return functools.reduce(lambda text, item: self.env._("%(text)s, %(item)s", text=text, item=item), items)

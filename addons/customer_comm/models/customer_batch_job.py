"""The one batch-job pattern of the suite (Q-14, Q-15): per company, in committed batches, told once per run."""

import functools
from collections import Counter, defaultdict
from time import monotonic

from markupsafe import Markup

from odoo import api, fields, models

# records a batch job creates per committed step; ``customer_comm.batch_size`` overrides it.
BATCH_SIZE_PARAM = "customer_comm.batch_size"
DEFAULT_BATCH_SIZE = 1000


class CustomerBatchJob(models.AbstractModel):
    """What every scheduled job of the suite uses: one step per company in the company's language, batches
    committed under the scheduler and resumed where they stopped, records created in one ``create`` per batch
    without per-record notifications, and one digest to-do per user and run."""

    _name = "customer.batch.job"
    _description = "Batch Job Helpers"

    @api.model
    def _batch_size(self):
        """Records created per batch by the jobs: a technical number (system parameter), not a business rule."""
        size = self.env["ir.config_parameter"].sudo().get_param(BATCH_SIZE_PARAM)
        return int(size) if size and int(size) > 0 else DEFAULT_BATCH_SIZE

    @api.model
    def _commit_progress(self, processed=0, remaining=None):
        """Commit one step of a job under the scheduler; return whether the job still has time.

        Outside the scheduler (a test, a shell, a button) nothing is committed: the
        caller owns the transaction, and the time never runs out.
        """
        if not self.env.context.get("ir_cron_progress_id"):
            return True
        return self.env["ir.cron"]._commit_progress(processed, remaining=remaining) > 0

    @api.model
    def _run_per_company(self, job):
        """Run ``job(company)`` for every company, one committed step per company under the scheduler.

        A job returns ``False`` when it stopped before its end because the scheduler's time
        was up (see :meth:`_run_in_batches`): the run stops there and the scheduler calls
        the whole job again, which must skip what is done (Q-12). Outside the scheduler
        nothing is committed.

        :return: ``True`` when every company was run to its end
        """
        companies = self.env["res.company"].search([])
        self._commit_progress(remaining=len(companies))
        for done, company in enumerate(companies, 1):
            if self._in_company_language(job, company)(company) is False:
                self._commit_progress(remaining=len(companies) - done + 1)
                return False
            if not self._commit_progress(1, remaining=len(companies) - done) and done < len(companies):
                return False
        return True

    @api.model
    def _in_company_language(self, job, company):
        """``job`` bound to its records in the language of ``company``: what a job stores for others to
        read (warnings, escalations, reasons, chatter lines) is written in the company's language, whoever
        or whatever runs it (the scheduler's context has no language)."""
        if isinstance(job, functools.partial):
            return functools.partial(self._in_company_language(job.func, company), *job.args, **job.keywords)
        records = getattr(job, "__self__", None)
        if not isinstance(records, models.BaseModel):
            return job
        return getattr(records.with_context(lang=company._cc_lang()), job.__name__)

    @api.model
    def _run_in_batches(self, items, process, batch_size=None, restart_seconds=0.0):
        """Call ``process(batch)`` on consecutive batches of ``items``, committing each under the scheduler.

        ``process`` creates what one batch needs in one ``create`` per model (see
        :meth:`_create_quietly`). Committed batches are never redone: a job
        interrupted by a failure or by the scheduler's time limit computes what is
        still missing when it is called again, and only that goes through here.

        ``restart_seconds`` is what that new call costs before its first batch (a detection
        over every customer, say): the run yields to the scheduler only once it has worked
        at least that long on batches, so that the restarts never cost more than the work
        itself (Q-15: linear, not one full detection per batch).

        :param items: a list or a recordset
        :return: ``True`` when every batch was processed, ``False`` when the time was up first
        """
        size = batch_size or self._batch_size()
        started = monotonic()
        for start in range(0, len(items), size):
            batch = items[start : start + size]
            process(batch)
            remaining = len(items) - start - len(batch)
            has_time = self._commit_progress(len(batch), remaining=remaining)
            if remaining and not has_time and monotonic() - started >= restart_seconds:
                return False
        return True

    @api.model
    def _create_quietly(self, model, vals_list):
        """Create records of a mail-thread model in one ``create``: no creation log, tracking or subscription.

        The assignees are told once per run through :meth:`_post_digests`, not per record.
        """
        return self.env[model].with_context(tracking_disable=True, mail_create_nolog=True).create(vals_list)

    @api.model
    def _schedule_activities(self, vals_list):
        """Create ``mail.activity`` records in one ``create`` without the "assigned to you" email of each.

        ``mail_activity_quick_update`` is the key ``mail.activity.create`` reads to skip
        ``action_notify``; the assignees still follow the documents (one subscription per
        user and batch), and their activity counter is updated live (one bus message per
        user and batch).
        """
        return (
            self.env["mail.activity"]
            .with_context(mail_activity_quick_update=True)
            .create(self._with_document_names(vals_list))
        )

    @api.model
    def _with_document_names(self, vals_list):
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
    def _post_digests(self, digests, activity_type=None):
        """One to-do per user summing up a run: ``{user: (summary, html_note)}``, created in one batch.

        The to-do is attached to no document (it opens from the activity menu): it is
        the single notification of the run for that user, whatever the number of records.
        """
        activity_type = activity_type or self.env.ref("customer_comm.mail_activity_type_digest")
        today = fields.Date.context_today(self)
        # sudo: a to-do of no document can be created for another user by the system only
        return self.sudo()._schedule_activities(
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
    def _post_activity_digests(self, activities):
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
            types = self.with_env(env)._join(
                [
                    env._("%(type)s %(count)s", type=activity_type.with_env(env).name, count=count)
                    for activity_type, count in by_type.items()
                ]
            )
            summary = env._("%(count)s new to-dos: %(types)s.", count=sum(by_type.values()), types=types)
            link = Markup('<a href="/odoo/action-mail.mail_activity_action_my">%s</a>') % env._("Open my activities")
            digests[user] = (summary, Markup("<p>%s</p><p>%s</p>") % (summary, link))
        return self._post_digests(digests)

    @api.model
    def _join(self, items):
        """Items joined with the comma of the context language ("a, b" in English, "a，b" in Chinese)."""
        if not items:
            return ""
        return functools.reduce(lambda text, item: self.env._("%(text)s, %(item)s", text=text, item=item), items)

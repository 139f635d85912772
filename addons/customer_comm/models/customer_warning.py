"""CC-14: an early warning on a customer, one open per customer and type."""

import functools
from collections import Counter, defaultdict
from datetime import datetime, time, timedelta
from time import monotonic

from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL, formatLang, plaintext2html

from .customer_role import ROLES
from .customer_warning_rule import WARNING_TYPES

OPEN_STATES = ("open", "acknowledged")
# Fields only the warning's own actions change (they check the acting user first).
SYSTEM_FIELDS = {
    "warning_type",
    "partner_id",
    "company_id",
    "severity",
    "figures",
    "state",
    "role",
    "user_id",
    "assigned_date",
    "escalation_count",
    "first_detected_date",
    "last_detected_date",
    "closed_automatically",
    "acknowledged_by_id",
    "acknowledged_date",
    "resolved_by_id",
    "resolved_date",
    "pending_digest",
}


class CustomerWarning(models.Model):
    """CC-14: an early warning on a customer, one open per customer and type."""

    _name = "customer.warning"
    _description = "Customer Early Warning"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "last_detected_date desc, id desc"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    warning_type = fields.Selection(WARNING_TYPES, string="Type", required=True, index=True)
    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, index=True, check_company=True, ondelete="cascade"
    )
    salesperson_id = fields.Many2one(related="partner_id.user_id", string="Salesperson", store=True)
    region_id = fields.Many2one(related="partner_id.cc_region_id", string="Sales Region", store=True)
    tier_id = fields.Many2one(related="partner_id.cc_tier_id", string="Customer Tier", store=True)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)
    severity = fields.Selection(
        [("warning", "Warning"), ("severe", "Severe")], required=True, default="warning", tracking=True
    )
    figures = fields.Text(string="Triggering Figures", tracking=True)
    state = fields.Selection(
        [("open", "Open"), ("acknowledged", "Acknowledged"), ("resolved", "Resolved"), ("dismissed", "Dismissed")],
        required=True,
        default="open",
        tracking=True,
        index=True,
    )
    role = fields.Selection(ROLES, string="Assigned Role", tracking=True)
    user_id = fields.Many2one("res.users", string="Assigned to", tracking=True, index=True)
    assigned_date = fields.Date(default=fields.Date.context_today)
    escalation_count = fields.Integer(string="Escalations")
    first_detected_date = fields.Date(default=fields.Date.context_today)
    last_detected_date = fields.Date(default=fields.Date.context_today)
    handling_measure = fields.Text(
        tracking=True, help="The measures decided when the warning was handled (处理办法及措施)."
    )
    closed_automatically = fields.Boolean(readonly=True)
    acknowledged_by_id = fields.Many2one("res.users", readonly=True)
    acknowledged_date = fields.Datetime(readonly=True)
    resolved_by_id = fields.Many2one("res.users", readonly=True)
    resolved_date = fields.Datetime(readonly=True)
    pending_digest = fields.Selection(
        [("new", "New"), ("escalated", "Escalated")],
        string="Awaiting Summary",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="Assigned by a job and not yet counted in the assignee's daily summary.",
    )

    _one_open_per_type = models.UniqueIndex(
        "(partner_id, warning_type, company_id) WHERE state IN ('open', 'acknowledged')",
        "A customer already has an open warning of this type.",
    )

    @api.depends("warning_type", "partner_id.name", "company_id")
    def _compute_name(self):
        """The type's label in the company's language, whoever or whatever flushes the record."""
        labels = {}
        for warning in self:
            lang = (warning.company_id or self.env.company)._cc_lang()
            if lang not in labels:
                labels[lang] = dict(
                    self._fields["warning_type"]._description_selection(self.with_context(lang=lang).env)
                )
            warning.name = f"{labels[lang].get(warning.warning_type, '')} - {warning.partner_id.name or ''}"

    def write(self, vals):
        if not self.env.su and SYSTEM_FIELDS & set(vals):
            raise AccessError(self.env._("Warnings change only through their buttons and the warning jobs."))
        return super().write(vals)

    # ------------------------------------------------------------------ actions
    def action_acknowledge(self):
        self._check_handler()
        if any(warning.state != "open" for warning in self):
            raise UserError(self.env._("Only open warnings can be acknowledged."))
        # sudo: state fields are written by the actions only, after _check_handler
        self.sudo().write(
            {"state": "acknowledged", "acknowledged_by_id": self.env.uid, "acknowledged_date": fields.Datetime.now()}
        )

    def action_resolve(self):
        self._check_handler()
        self._close("resolved")

    def action_dismiss(self):
        if not self.env.user.has_group("customer_comm.customer_comm_group_manager"):
            raise AccessError(self.env._("Only a manager can dismiss a warning."))
        self._close("dismissed")

    def _close(self, state):
        for warning in self:
            if warning.state not in OPEN_STATES:
                raise UserError(self.env._("%(warning)s is already closed.", warning=warning.name))
            if not (warning.handling_measure or "").strip():
                raise UserError(
                    self.env._(
                        "Write the handling measure of %(warning)s before closing it (处理办法及措施).",
                        warning=warning.name,
                    )
                )
        self.sudo().write({"state": state, "resolved_by_id": self.env.uid, "resolved_date": fields.Datetime.now()})
        self.activity_feedback(["customer_comm.mail_activity_type_customer_warning"])

    def _check_handler(self):
        is_manager = self.env.user.has_group("customer_comm.customer_comm_group_manager")
        for warning in self:
            if not is_manager and warning.user_id != self.env.user:
                raise AccessError(
                    self.env._(
                        "%(warning)s is assigned to %(user)s: only they or a manager can handle it.",
                        warning=warning.name,
                        user=warning.user_id.name or self.env._("nobody"),
                    )
                )

    # --------------------------------------------------------------- detection
    @api.model
    def _cron_detect(self):
        """CC-15 … CC-19, daily: open, update or close warnings for every company."""
        self.env["customer.batch.job"]._run_per_company(self._detect_and_apply)

    @api.model
    def _detect_and_apply(self, company):
        """One company's detection; idempotent: a second run changes nothing."""
        warnings = self.sudo().with_company(company)
        started = monotonic()
        found = warnings._detect(company)
        return warnings._apply_detections(company, found, restart_seconds=monotonic() - started)

    @api.model
    def _detect(self, company):
        """{(partner_id, type): (severity, figures)} in a fixed number of queries, whatever the customer count."""
        today = fields.Date.context_today(self)
        stats = self._sale_statistics(company, today)
        receivables = self._receivables(company)
        found = {}
        for detector in (
            self._detect_receivable(company, receivables),
            self._detect_progress(company, stats),
            self._detect_churn(company, stats, today),
            self._detect_dependence(company, stats),
            self._detect_abnormal(company, stats),
        ):
            found.update(detector)
        return found

    def _money(self, amount, company):
        return formatLang(self.env, amount, currency_obj=company.currency_id)

    @api.model
    def _sale_statistics(self, company, today):
        """Per commercial customer: confirmed sales figures over the periods the rules compare."""
        month_start = today.replace(day=1)
        last_month_start = month_start - relativedelta(months=1)
        last_month_same_point = min(last_month_start + (today - month_start) + timedelta(days=1), month_start)
        recent_start = today - timedelta(days=30)
        history_start = recent_start - timedelta(days=180)
        window_start = today - timedelta(days=company.cc_dependence_window_days)
        orders = self.env["sale.order"].sudo()._search([("company_id", "=", company.id), ("state", "=", "sale")])

        def at(day):
            return datetime.combine(day, time.min)

        amount = SQL("so.amount_untaxed / COALESCE(NULLIF(so.currency_rate, 0), 1)")
        query = SQL(
            """
            SELECT p.commercial_partner_id AS partner_id,
                   COALESCE(SUM(%(amount)s) FILTER (WHERE so.date_order >= %(month_start)s), 0) AS month_amount,
                   COUNT(*) FILTER (WHERE so.date_order >= %(month_start)s) AS month_count,
                   COALESCE(SUM(%(amount)s) FILTER (
                       WHERE so.date_order >= %(last_month_start)s AND so.date_order < %(last_month_same)s
                   ), 0) AS last_month_amount,
                   COUNT(*) FILTER (
                       WHERE so.date_order >= %(last_month_start)s AND so.date_order < %(last_month_same)s
                   ) AS last_month_count,
                   COALESCE(SUM(%(amount)s) FILTER (WHERE so.date_order >= %(window_start)s), 0) AS window_amount,
                   COALESCE(SUM(%(amount)s) FILTER (WHERE so.date_order >= %(recent_start)s), 0) AS recent_amount,
                   COALESCE(SUM(%(amount)s) FILTER (
                       WHERE so.date_order >= %(history_start)s AND so.date_order < %(recent_start)s
                   ), 0) AS history_amount,
                   MIN(so.date_order) AS first_order,
                   MAX(so.date_order) AS last_order,
                   COUNT(*) AS order_count
              FROM sale_order so
              JOIN res_partner p ON p.id = so.partner_id
             WHERE so.id IN %(orders)s
          GROUP BY p.commercial_partner_id
            """,
            amount=amount,
            month_start=at(month_start),
            last_month_start=at(last_month_start),
            last_month_same=at(last_month_same_point),
            window_start=at(window_start),
            recent_start=at(recent_start),
            history_start=at(history_start),
            orders=orders.subselect(),
        )
        return {row["partner_id"]: row for row in self.env.execute_query_dict(query)}

    @api.model
    def _receivables(self, company):
        """CC-15: each customer's open receivable, the figure Odoo's credit banner uses."""
        return self.env["res.partner"]._cc_receivables(company)

    @api.model
    def _detect_receivable(self, company, receivables):
        """CC-15: receivable at a share of the credit limit (warning / severe)."""
        partners = self.env["res.partner"].sudo().with_company(company).browse(receivables)
        found = {}
        for partner in partners.filtered("credit_limit"):
            share = receivables[partner.id] / partner.credit_limit * 100
            if share < company.cc_receivable_warning_pct:
                continue
            severity = "severe" if share >= company.cc_receivable_severe_pct else "warning"
            found[(partner.id, "receivable")] = (
                severity,
                self.env._(
                    "Receivable %(receivable)s of credit limit %(limit)s (%(share)s%%).",
                    receivable=self._money(receivables[partner.id], company),
                    limit=self._money(partner.credit_limit, company),
                    share=round(share),
                ),
            )
        return found

    @api.model
    def _purchase_plans(self, company, partner_ids):
        """Hook: {partner_id: planned purchases of this month so far}; the visit and rebate addons plan."""
        return {}

    @api.model
    def _detect_progress(self, company, stats):
        """CC-16: purchases below plan or below last month at the same point, or fewer orders."""
        margin = 1 - company.cc_progress_margin_pct / 100
        plans = self._purchase_plans(company, list(stats))
        found = {}
        for partner_id, row in stats.items():
            reasons = []
            plan = plans.get(partner_id)
            if plan and row["month_amount"] < plan * margin:
                reasons.append(
                    self.env._(
                        "this month's purchases %(amount)s are below plan %(plan)s",
                        amount=self._money(row["month_amount"], company),
                        plan=self._money(plan, company),
                    )
                )
            if row["last_month_amount"] > 0 and row["month_amount"] < row["last_month_amount"] * margin:
                reasons.append(
                    self.env._(
                        "this month's purchases %(amount)s against %(previous)s last month at the same point",
                        amount=self._money(row["month_amount"], company),
                        previous=self._money(row["last_month_amount"], company),
                    )
                )
            if row["last_month_count"] > 0 and row["month_count"] < row["last_month_count"] * margin:
                reasons.append(
                    self.env._(
                        "%(count)s orders this month against %(previous)s last month at the same point",
                        count=row["month_count"],
                        previous=row["last_month_count"],
                    )
                )
            if reasons:
                found[(partner_id, "progress")] = ("warning", "; ".join(reasons).capitalize() + ".")
        return found

    @api.model
    def _detect_churn(self, company, stats, today):
        """CC-17: silent for longer than its own average interval times a factor, at least the floor."""
        found = {}
        for partner_id, row in stats.items():
            silent_days = (today - row["last_order"].date()).days
            average = (
                (row["last_order"] - row["first_order"]).days / (row["order_count"] - 1)
                if row["order_count"] > 1
                else 0
            )
            threshold = max(company.cc_churn_floor_days, average * company.cc_churn_interval_factor)
            if silent_days > threshold:
                found[(partner_id, "churn")] = (
                    "severe" if silent_days > 2 * threshold else "warning",
                    self.env._(
                        "No order for %(days)s days (last on %(last)s); usual interval %(average)s days, "
                        "warning after %(threshold)s days.",
                        days=silent_days,
                        last=row["last_order"].date(),
                        average=round(average),
                        threshold=round(threshold),
                    ),
                )
        return found

    @api.model
    def _detect_dependence(self, company, stats):
        """CC-18: one customer above a share of the company's sales, or the top three above a share."""
        total = sum(row["window_amount"] for row in stats.values())
        if not total:
            return {}
        ranked = sorted(stats, key=lambda pid: stats[pid]["window_amount"], reverse=True)
        top3_share = sum(stats[pid]["window_amount"] for pid in ranked[:3]) / total * 100
        found = {}
        for rank, partner_id in enumerate(ranked):
            share = stats[partner_id]["window_amount"] / total * 100
            reasons = []
            if share > company.cc_dependence_single_pct:
                reasons.append(
                    self.env._(
                        "%(share)s%% of the company's sales over %(days)s days (limit %(limit)s%%)",
                        share=round(share, 1),
                        days=company.cc_dependence_window_days,
                        limit=company.cc_dependence_single_pct,
                    )
                )
            if rank < 3 and top3_share > company.cc_dependence_top3_pct:
                reasons.append(
                    self.env._(
                        "the top three customers hold %(share)s%% of sales (limit %(limit)s%%)",
                        share=round(top3_share, 1),
                        limit=company.cc_dependence_top3_pct,
                    )
                )
            if reasons:
                found[(partner_id, "dependence")] = ("warning", "; ".join(reasons).capitalize() + ".")
        return found

    @api.model
    def _detect_abnormal(self, company, stats):
        """CC-19: last 30 days' orders jump far above the customer's own monthly average."""
        found = {}
        for partner_id, row in stats.items():
            monthly = row["history_amount"] / 6
            if monthly > 0 and row["recent_amount"] > monthly * company.cc_abnormal_jump_factor:
                found[(partner_id, "abnormal")] = (
                    "warning",
                    self.env._(
                        "Orders of the last 30 days %(recent)s against a monthly average of %(monthly)s: "
                        "check the customer's real sell-out before granting more.",
                        recent=self._money(row["recent_amount"], company),
                        monthly=self._money(monthly, company),
                    ),
                )
        return found

    # ------------------------------------------------------------------- apply
    @api.model
    def _apply_detections(self, company, found, restart_seconds=0.0):
        """CC-14: close warnings whose condition cleared, update changed ones, create the new ones.

        New warnings follow the suite's batch pattern (Q-14): one ``create`` per batch,
        each batch committed under the scheduler, no email per warning, and one summary
        per assignee once every new warning exists. A run interrupted after some
        batches creates only the missing ones when it is run again.

        :return: ``False`` when the scheduler's time ran out before the end, else ``True``
        """
        started = monotonic()
        today = fields.Date.context_today(self)
        current = self.search_fetch(
            [("company_id", "=", company.id), ("state", "in", OPEN_STATES)],
            ["partner_id", "warning_type", "severity", "figures"],
        )
        by_key = {(warning.partner_id.id, warning.warning_type): warning for warning in current}
        current.filtered(lambda w: (w.partner_id.id, w.warning_type) not in found)._close_cleared()
        for key, (severity, figures) in found.items():
            warning = by_key.get(key)
            if warning and (warning.severity, warning.figures) != (severity, figures):
                warning.write({"severity": severity, "figures": figures, "last_detected_date": today})
        new_keys = [key for key in found if key not in by_key]
        vals_list = self._prepare_new_warnings(company, new_keys, found)
        # what a new call of the job would redo before its first batch: the detection and the above
        restart_seconds += monotonic() - started
        if not self.env["customer.batch.job"]._run_in_batches(
            vals_list, self._create_warnings, restart_seconds=restart_seconds
        ):
            return False
        self._post_digests(company)
        return True

    @api.model
    def _prepare_new_warnings(self, company, keys, found):
        partners = self.env["res.partner"].browse({partner_id for partner_id, _type in keys})
        partners.fetch(["cc_tier_level", "cc_region_id", "user_id"])
        Rule = self.env["customer.warning.rule"]
        rules = Rule._rules_of(company)
        # a handful of (tier, type) pairs for thousands of warnings: each rule looked up once
        role_for = functools.cache(lambda tier_level, warning_type: Rule._pick_role(rules, tier_level, warning_type))
        resolve = self.env["customer.role.assignment"]._resolver(company)
        vals_list = []
        for partner_id, warning_type in keys:
            partner = partners.browse(partner_id)
            role = role_for(partner.cc_tier_level, warning_type)
            severity, figures = found[(partner_id, warning_type)]
            vals_list.append(
                {
                    "partner_id": partner_id,
                    "warning_type": warning_type,
                    "company_id": company.id,
                    "severity": severity,
                    "figures": figures,
                    "role": role,
                    "user_id": (resolve(role, partner.cc_region_id) or partner.user_id).id,
                    "pending_digest": "new",
                }
            )
        return vals_list

    @api.model
    def _create_warnings(self, vals_list):
        """One batch of new warnings and their handler activities, two ``create`` calls, no email."""
        warnings = self.env["customer.batch.job"]._create_quietly(self._name, vals_list)
        warnings._schedule_handler_activities()
        return warnings

    def _schedule_handler_activities(self):
        """One to-do per warning for its assignee, in one batch; the run's summary is their notification."""
        activity_type = self.env.ref("customer_comm.mail_activity_type_customer_warning")
        model_id = self.env["ir.model"]._get_id(self._name)
        deadline = fields.Date.context_today(self)
        return self.env["customer.batch.job"]._schedule_activities(
            [
                {
                    "res_model_id": model_id,
                    "res_id": warning.id,
                    "activity_type_id": activity_type.id,
                    "user_id": warning.user_id.id,
                    "summary": warning.name,
                    "note": plaintext2html(warning.figures or ""),
                    "date_deadline": deadline,
                    "automated": True,
                }
                for warning in self.filtered("user_id")
            ]
        )

    def _close_cleared(self):
        """CC-14: resolve the warnings whose condition cleared, in a few queries however many (Q-15).

        The measure says it in the chatter of each warning ("Closed automatically …"); it replaces the
        tracking of the state, which Odoo would post warning by warning.
        """
        if not self:
            return
        measure = self.env._("Closed automatically: the condition cleared on %(date)s.", date=fields.Date.today())
        closed = self.with_context(tracking_disable=True)
        by_measure = closed.grouped(lambda warning: "\n".join(filter(None, [warning.handling_measure, measure])))
        for handling_measure, warnings in by_measure.items():
            warnings.write(
                {
                    "state": "resolved",
                    "closed_automatically": True,
                    "handling_measure": handling_measure,
                    "resolved_date": fields.Datetime.now(),
                    "pending_digest": False,
                }
            )
        self._message_log_batch({warning.id: measure for warning in self})
        self.activity_unlink(["customer_comm.mail_activity_type_customer_warning"])

    # ------------------------------------------------------------------ digest
    @api.model
    def _post_digests(self, company):
        """Q-14: one summary per assignee of the warnings assigned to them since their last one.

        "3 new warnings today: Receivable 2 (1 severe), Churn 1." with a link to their open
        warnings, in the assignee's language. Warnings waiting for a summary keep their
        mark until it is posted, so a run interrupted before this point still tells
        everyone on the next run.
        """
        domain = [("company_id", "=", company.id), ("pending_digest", "!=", False)]
        groups = self._read_group(domain, ["user_id", "pending_digest", "warning_type", "severity"], ["__count"])
        if not groups:
            return self.env["mail.activity"]
        counts = defaultdict(lambda: defaultdict(Counter))
        for user, kind, warning_type, severity, count in groups:
            counts[user][kind][warning_type, severity] += count
        digests = {
            user: self.with_context(lang=user.lang or company._cc_lang())._digest_text(by_kind)
            for user, by_kind in counts.items()
            if user
        }
        self.env["customer.bulk.write"]._mark(self.search(domain), {"pending_digest": False})
        return self.env["customer.batch.job"]._post_digests(digests)

    @api.model
    def _digest_text(self, by_kind):
        """(summary, html note) of one assignee's summary: {kind: Counter({(type, severity): count})}."""
        new, escalated = by_kind.get("new"), by_kind.get("escalated")
        lines = []
        if new:
            lines.append(self.env._("%(count)s new warnings today: %(types)s.", **self._digest_figures(new)))
        if escalated:
            lines.append(
                self.env._("%(count)s warnings escalated to you: %(types)s.", **self._digest_figures(escalated))
            )
        link = Markup('<a href="/odoo/action-customer_comm.customer_warning_action_mine">%s</a>') % self.env._(
            "Open my warnings"
        )
        note = Markup("").join(Markup("<p>%s</p>") % line for line in [*lines, link])
        return lines[0], note

    @api.model
    def _digest_figures(self, counter):
        """{count, types}: 20, "Receivable 12 (3 severe), Churn 8" in the order of the warning types."""
        parts = []
        for warning_type, label in self._fields["warning_type"]._description_selection(self.env):
            total = counter[warning_type, "warning"] + counter[warning_type, "severe"]
            severe = counter[warning_type, "severe"]
            if severe:
                parts.append(
                    self.env._("%(type)s %(count)s (%(severe)s severe)", type=label, count=total, severe=severe)
                )
            elif total:
                parts.append(self.env._("%(type)s %(count)s", type=label, count=total))
        return {"count": sum(counter.values()), "types": self.env["customer.batch.job"]._join(parts)}

    # -------------------------------------------------------------- escalation
    @api.model
    def _cron_escalate(self):
        """CC-20: an unacknowledged warning goes one role up after the configured working days."""
        self.env["customer.batch.job"]._run_per_company(self._escalate_due)

    @api.model
    def _escalate_due(self, company):
        """CC-20: escalate the company's warnings left unacknowledged longer than its working days.

        In committed batches (Q-14); each new assignee gets one summary of the run.
        """
        cutoff = self.env["customer.calendar.day"]._add_working_days(
            fields.Date.context_today(self), -company.cc_warning_escalation_days, company
        )
        warnings = self.sudo().with_company(company)
        due = warnings.search(
            [("company_id", "=", company.id), ("state", "=", "open"), ("assigned_date", "<=", cutoff)]
        )
        if not self.env["customer.batch.job"]._run_in_batches(due, lambda batch: batch._escalate(company)):
            return False
        warnings._post_digests(company)
        return True

    def _escalate(self, company):
        resolve = self.env["customer.role.assignment"]._resolver(company)
        Role = self.env["customer.role.assignment"]
        roles = dict(self._fields["role"]._description_selection(self.env))
        escalated = self.browse()
        for warning in self:
            role, user = Role._first_holder_above(
                warning.role, lambda role, w=warning: resolve(role, w.region_id), warning.user_id
            )
            if not user:
                continue
            # no "you have been assigned" email per warning: the new assignee gets the run's summary
            warning.with_context(mail_auto_subscribe_no_notify=True).write(
                {
                    "role": role,
                    "user_id": user.id,
                    "assigned_date": fields.Date.context_today(self),
                    "escalation_count": warning.escalation_count + 1,
                    "pending_digest": "escalated",
                }
            )
            warning.message_post(
                body=self.env._(
                    "Not acknowledged in time: escalated to %(role)s %(user)s.", role=roles[role], user=user.name
                )
            )
            escalated |= warning
        escalated.activity_unlink(["customer_comm.mail_activity_type_customer_warning"])
        escalated._schedule_handler_activities()
        return escalated

"""CC-7: the quarterly archive improvement report of the information administrator (档案完善建议报告)."""

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import date_utils

INFO_ADMIN_GROUP = "customer_comm.customer_comm_group_info_admin"


class CustomerArchiveAudit(models.Model):
    """CC-7: the quarterly archive improvement report of the information administrator (档案完善建议报告).

    Seed 001: "信息管理人员对客户档案的建立、更新、整理进行不定期检查，每季度提出档案完善建议报告，
    明确建议落实时间". One audit per company and quarter snapshots the completeness of every customer
    under archive management (a company with a tier, as for the review job); each line carries the
    administrator's suggestion and its deadline. Issuing the audit opens an archive review activity for
    the salesperson of every customer whose archive is incomplete or was not reviewed in the quarter.
    """

    _name = "customer.archive.audit"
    _description = "Customer Archive Audit"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "quarter_start desc, company_id, id desc"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True, readonly=True)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)
    quarter_start = fields.Date(
        required=True,
        default=lambda self: date_utils.start_of(fields.Date.context_today(self), "quarter"),
        tracking=True,
        help="First day of the audited quarter.",
    )
    quarter_end = fields.Date(compute="_compute_quarter_end", store=True)
    state = fields.Selection(
        [("draft", "Draft"), ("issued", "Issued"), ("done", "Done")],
        default="draft",
        required=True,
        readonly=True,
        copy=False,
        tracking=True,
    )
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        required=True,
        default=lambda self: self.env.user,
        domain=lambda self: [("all_group_ids", "in", self.env.ref(INFO_ADMIN_GROUP).ids)],
        tracking=True,
        help="The information administrator who audits the archives and issues the suggestions.",
    )
    fix_deadline = fields.Date(
        string="Suggestions Due",
        required=True,
        default=lambda self: self._default_fix_deadline(),
        tracking=True,
        help="The deadline for carrying out the suggestions (明确建议落实时间), copied to every line.",
    )
    issue_date = fields.Date(readonly=True, copy=False)
    line_ids = fields.One2many("customer.archive.audit.line", "audit_id", string="Customers")
    customer_count = fields.Integer(string="Customers Checked", compute="_compute_figures", store=True)
    complete_count = fields.Integer(string="Complete Archives", compute="_compute_figures", store=True)
    completeness_avg = fields.Float(
        string="Average Completeness (%)", compute="_compute_figures", store=True, aggregator="avg", digits=(5, 2)
    )
    reviewed_pct = fields.Float(
        string="Reviewed in the Quarter (%)",
        compute="_compute_figures",
        store=True,
        aggregator="avg",
        digits=(5, 2),
        help="Share of the checked customers whose last archive review falls in the quarter.",
    )

    _company_quarter_uniq = models.UniqueIndex(
        "(company_id, quarter_start)", "A company has one archive audit per quarter."
    )

    def _default_fix_deadline(self):
        company = self.env.company
        return self.env["customer.calendar.day"]._add_working_days(
            fields.Date.context_today(self), company.cc_archive_fix_days, company=company
        )

    @api.depends("quarter_start", "company_id")
    def _compute_name(self):
        """Stored in the company's language, like the partners' missing archive items."""
        for audit in self:
            lang = (audit.company_id or self.env.company)._cc_lang()
            audit.name = audit.quarter_start and audit.with_context(lang=lang).env._(
                "%(year)s Q%(quarter)s",
                year=audit.quarter_start.year,
                quarter=date_utils.get_quarter_number(audit.quarter_start),
            )

    @api.depends("quarter_start")
    def _compute_quarter_end(self):
        for audit in self:
            audit.quarter_end = audit.quarter_start and date_utils.end_of(audit.quarter_start, "quarter")

    @api.depends("line_ids.completeness", "line_ids.reviewed_in_quarter")
    def _compute_figures(self):
        for audit in self:
            lines = audit.line_ids
            count = len(lines)
            audit.customer_count = count
            audit.complete_count = len(lines.filtered(lambda line: line.completeness >= 100))
            audit.completeness_avg = sum(lines.mapped("completeness")) / count if count else 0.0
            audit.reviewed_pct = 100.0 * len(lines.filtered("reviewed_in_quarter")) / count if count else 0.0

    @api.constrains("quarter_start")
    def _check_quarter_start(self):
        for audit in self:
            if audit.quarter_start != date_utils.start_of(audit.quarter_start, "quarter"):
                raise ValidationError(
                    self.env._(
                        "An archive audit covers a calendar quarter: it starts on 1 January, 1 April, 1 July "
                        "or 1 October, not on %(date)s.",
                        date=audit.quarter_start,
                    )
                )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_issued(self):
        if any(audit.state != "draft" for audit in self):
            raise UserError(self.env._("An issued archive audit is part of the archive history: it cannot be deleted."))

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_generate_lines(self):
        """CC-7: snapshot every customer under archive management; a new run replaces the draft lines."""
        self._check_info_admin()
        if any(audit.state != "draft" for audit in self):
            raise UserError(self.env._("Only a draft archive audit can be generated again."))
        Line = self.env["customer.archive.audit.line"]
        for audit in self:
            partners = self.env["res.partner"].search(audit._partner_domain())
            audit.line_ids.unlink()
            Line.create([audit._prepare_line_vals(partner) for partner in partners])
        return True

    def action_issue(self):
        """CC-7: the suggestions go to the salespeople, as one archive review activity per customer to improve."""
        self._check_info_admin()
        today = fields.Date.context_today(self)
        for audit in self:
            if audit.state != "draft":
                raise UserError(self.env._("The archive audit %(audit)s was already issued.", audit=audit.display_name))
            if min([audit.fix_deadline, *audit.line_ids.filtered("deadline").mapped("deadline")]) < today:
                raise UserError(
                    self.env._(
                        "The archive audit %(audit)s has a deadline in the past: set a new deadline for "
                        "carrying out its suggestions before issuing it.",
                        audit=audit.display_name,
                    )
                )
        self.write({"state": "issued", "issue_date": today})
        activities = self.line_ids._schedule_improvement_activities()
        self.env["customer.batch.job"]._post_activity_digests(activities)
        self.activity_feedback(["mail.mail_activity_data_todo"])
        return True

    def action_done(self):
        """CC-7: the administrator closes the quarter's audit once the suggestions are followed up."""
        self._check_info_admin()
        if any(audit.state != "issued" for audit in self):
            raise UserError(self.env._("Only an issued archive audit can be closed."))
        self.write({"state": "done"})
        return True

    @api.readonly
    def action_open_lines(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("customer_comm.customer_archive_audit_line_action")
        action["domain"] = [("audit_id", "=", self.id)]
        action["context"] = {}
        return action

    # ------------------------------------------------------------------
    # Quarterly job
    # ------------------------------------------------------------------

    @api.model
    def _cron_generate_quarterly_audit(self):
        """CC-7, daily: the audit of the previous quarter, once per company."""
        self.env["customer.batch.job"]._run_per_company(self._generate_quarterly_audit)

    @api.model
    def _generate_quarterly_audit(self, company, today=None):
        """Create and generate the audit of the quarter before ``today`` for ``company``, unless it exists.

        The company's information administrator (business role) is responsible and
        gets a to-do to check and issue it.

        :param company: ``res.company`` record
        :param today: date of the run, today by default
        :return: the new ``customer.archive.audit``, empty when the quarter already has one
        """
        today = fields.Date.to_date(today) or fields.Date.context_today(self)
        quarter_start = date_utils.start_of(today, "quarter") - relativedelta(months=3)
        # sudo: an audit made by hand in another company context still counts
        if self.sudo().search_count([("company_id", "=", company.id), ("quarter_start", "=", quarter_start)], limit=1):
            return self.browse()
        responsible = self.env["customer.role.assignment"]._find_user("info_admin", company=company) or self.env.user
        # created in the company's language (the job's): its chatter is read by everyone
        audit = self.with_company(company).create(
            {
                "company_id": company.id,
                "quarter_start": quarter_start,
                "user_id": responsible.id,
                "fix_deadline": self.env["customer.calendar.day"]._add_working_days(
                    today, company.cc_archive_fix_days, company=company
                ),
            }
        )
        audit.action_generate_lines()
        audit.activity_schedule(
            "mail.mail_activity_data_todo",
            date_deadline=today,
            summary=audit.with_context(lang=responsible.lang or self.env.lang).env._(
                "Check and issue the archive audit %(audit)s", audit=audit.name
            ),
            user_id=responsible.id,
        )
        return audit

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------

    def _partner_domain(self):
        """CC-7: the customers under archive management of the audit's company (as the review job)."""
        self.ensure_one()
        return [
            ("is_company", "=", True),
            ("cc_tier_id", "!=", False),
            ("company_id", "in", (False, self.company_id.id)),
        ]

    def _prepare_line_vals(self, partner):
        self.ensure_one()
        last_review = partner.cc_last_review_date
        reviewed = bool(last_review and self.quarter_start <= last_review <= self.quarter_end)
        suggestions = []
        if partner.cc_archive_missing:
            suggestions.append(self.env._("Complete the archive: %(items)s.", items=partner.cc_archive_missing))
        if not reviewed:
            suggestions.append(
                self.env._("Review the archive with the customer: no review in %(quarter)s.", quarter=self.name)
            )
        return {
            "audit_id": self.id,
            "partner_id": partner.id,
            "user_id": partner._cc_role_user("salesperson").id,
            "region_id": partner.cc_region_id.id,
            "tier_id": partner.cc_tier_id.id,
            "completeness": partner.cc_archive_completeness,
            "missing": partner.cc_archive_missing,
            "last_review_date": last_review,
            "reviewed_in_quarter": reviewed,
            "suggestion": "\n".join(suggestions),
        }

    def _check_info_admin(self):
        """CC-7: only the information administrator prepares and issues the audit, whatever the client sends."""
        if not self.env.su and not self.env.user.has_group(INFO_ADMIN_GROUP):
            raise AccessError(self.env._("Only the information administrator can prepare and issue archive audits."))

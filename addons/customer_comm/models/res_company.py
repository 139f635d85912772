"""What customer_comm adds to res.company."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError

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
            company._cc_check_positive(POSITIVE_FIELDS)

    def _cc_check_positive(self, names):
        """X-2: the company settings ``names`` are counts and amounts of the rules: above zero."""
        for company in self:
            for name in names:
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

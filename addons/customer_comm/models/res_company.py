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
    "cc_credit_director_amount",
    "cc_downgrade_overdue_days",
    "cc_churn_floor_days",
    "cc_churn_interval_factor",
    "cc_dependence_window_days",
    "cc_abnormal_jump_factor",
    "cc_warning_escalation_days",
)


class ResCompany(models.Model):
    _inherit = "res.company"

    cc_review_interval_months = fields.Integer(string="Archive Review Interval (months)", default=3)
    cc_credit_director_amount = fields.Monetary(
        string="Credit Increase Needing the Marketing Director",
        default=100000.0,
        help="CC-11: a credit limit increase above this amount also needs the marketing director.",
    )
    cc_overcredit_director_pct = fields.Float(
        string="Over-credit Share Needing the Marketing Director (%)",
        default=20.0,
        help="CC-12: an order exceeding the credit limit by more than this share of the limit "
        "also needs the marketing director.",
    )
    cc_downgrade_overdue_days = fields.Integer(
        string="Overdue Days Proposing a Credit Downgrade",
        default=90,
        help="CC-13",
    )
    cc_receivable_warning_pct = fields.Float(string="Receivable Warning at (% of limit)", default=80.0)
    cc_receivable_severe_pct = fields.Float(string="Receivable Severe at (% of limit)", default=100.0)
    cc_progress_margin_pct = fields.Float(
        string="Purchase Progress Margin (%)",
        default=20.0,
        help="CC-16: purchases this many percent below last month at the same point raise a warning.",
    )
    cc_churn_floor_days = fields.Integer(string="Churn After at Least (days)", default=30)
    cc_churn_interval_factor = fields.Float(
        string="Churn Factor of the Average Interval",
        default=2.0,
        help="CC-17: silent for longer than this many times the customer's own average order interval.",
    )
    cc_dependence_single_pct = fields.Float(string="Dependence: One Customer Above (%)", default=20.0)
    cc_dependence_top3_pct = fields.Float(string="Dependence: Top Three Above (%)", default=40.0)
    cc_dependence_window_days = fields.Integer(string="Dependence Window (days)", default=365)
    cc_abnormal_jump_factor = fields.Float(
        string="Abnormal Jump Factor",
        default=3.0,
        help="CC-19: last 30 days' orders above this many times the customer's monthly average.",
    )
    cc_warning_escalation_days = fields.Integer(
        string="Escalate Unacknowledged Warnings After (working days)",
        default=2,
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

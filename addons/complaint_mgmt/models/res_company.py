"""What complaint_mgmt adds to res.company."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError

# every number of the complaint rules is company data, the seed value as the default
POSITIVE_FIELDS = (
    "cm_report_days",
    "cm_close_days",
    "cm_escalation_days",
    "cm_return_months",
    "cm_followup_min_days",
    "cm_followup_max_days",
    "cm_penalty_review_day",
    "cm_repeat_days",
)


class ResCompany(models.Model):
    _inherit = "res.company"

    # CM-5: seed 003 第二十五条 "三天内提出报告", 第二十六条 "自售后服务部受理起六日内结案"
    cm_report_days = fields.Integer(string="Complaint Investigation Report Due (days)", default=3)
    cm_close_days = fields.Integer(string="Complaint Closure Due (days)", default=6)
    cm_deadline_calendar_days = fields.Boolean(
        string="Complaint Deadlines in Calendar Days",
        help="The company rules say days without saying working days; they count working days unless this is set.",
    )
    cm_escalation_days = fields.Integer(
        string="Escalate Overdue Complaints Again After (working days)",
        default=2,
        help="An overdue complaint goes one role up at once, then one more role up after this many "
        "working days, up to the general manager.",
    )
    # CM-12: seed 004 "在客户进货、存货不满3个月的情况下都应该予以退货或调换"
    cm_return_months = fields.Integer(
        string="Returns Accepted Within (months)",
        default=3,
        help="After this many months from the delivery a return needs a manager's written reason.",
    )
    # CM-14: follow-up call 3–7 days after closure
    cm_followup_min_days = fields.Integer(string="Follow-up Call From (days after closure)", default=3)
    cm_followup_max_days = fields.Integer(string="Follow-up Call Until (days after closure)", default=7)
    # CM-15: seed 003 第二十八条 "总经理办公室每月10日前应审视上月份结案的客户投诉案件"
    cm_penalty_review_day = fields.Integer(
        string="Monthly Penalty Review Before (day of month)",
        default=10,
        help="Last month's closed complaints are reviewed and their sanctions approved before this day.",
    )
    # CM-16: the seed names repeat complaints without a window: 90 days is the default
    cm_repeat_days = fields.Integer(
        string="Repeat Complaint Within (days)",
        default=90,
        help="A complaint is a repeat when the same customer registered another one in this many days before it.",
    )
    # CM-8: seed 003 第二十七条 客户投诉金额核决权限 (the seed gives no figures: these are defaults)
    cm_csm_limit = fields.Monetary(
        string="Customer Service Manager Approves up to",
        currency_field="currency_id",
        default=5000.0,
        help="Complaint handling up to this amount is approved by the customer service manager alone.",
    )
    cm_vp_limit = fields.Monetary(
        string="Sales Vice President Approves up to",
        currency_field="currency_id",
        default=50000.0,
        help="Above the customer service manager's limit the sales vice president approves too; above "
        "this amount the general manager approves as well.",
    )

    @api.constrains(*POSITIVE_FIELDS, "cm_csm_limit", "cm_vp_limit", "cm_followup_min_days", "cm_followup_max_days")
    def _check_cm_numbers(self):
        self._cc_check_positive(POSITIVE_FIELDS)
        for company in self:
            if company.cm_followup_min_days > company.cm_followup_max_days:
                raise ValidationError(self.env._("The follow-up call window ends before it starts."))
            if not 0 < company.cm_csm_limit <= company.cm_vp_limit:
                raise ValidationError(
                    self.env._(
                        "The customer service manager's approval limit must be positive and not above the "
                        "sales vice president's."
                    )
                )

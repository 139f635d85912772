"""What customer_comm adds to res.config.settings."""

from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    cc_review_interval_months = fields.Integer(related="company_id.cc_review_interval_months", readonly=False)
    cc_archive_fix_days = fields.Integer(related="company_id.cc_archive_fix_days", readonly=False)
    cc_credit_director_amount = fields.Monetary(related="company_id.cc_credit_director_amount", readonly=False)
    cc_overcredit_director_pct = fields.Float(related="company_id.cc_overcredit_director_pct", readonly=False)
    cc_downgrade_overdue_days = fields.Integer(related="company_id.cc_downgrade_overdue_days", readonly=False)
    cc_receivable_warning_pct = fields.Float(related="company_id.cc_receivable_warning_pct", readonly=False)
    cc_receivable_severe_pct = fields.Float(related="company_id.cc_receivable_severe_pct", readonly=False)
    cc_progress_margin_pct = fields.Float(related="company_id.cc_progress_margin_pct", readonly=False)
    cc_churn_floor_days = fields.Integer(related="company_id.cc_churn_floor_days", readonly=False)
    cc_churn_interval_factor = fields.Float(related="company_id.cc_churn_interval_factor", readonly=False)
    cc_dependence_single_pct = fields.Float(related="company_id.cc_dependence_single_pct", readonly=False)
    cc_dependence_top3_pct = fields.Float(related="company_id.cc_dependence_top3_pct", readonly=False)
    cc_dependence_window_days = fields.Integer(related="company_id.cc_dependence_window_days", readonly=False)
    cc_abnormal_jump_factor = fields.Float(related="company_id.cc_abnormal_jump_factor", readonly=False)
    cc_warning_escalation_days = fields.Integer(related="company_id.cc_warning_escalation_days", readonly=False)
    cc_meeting_notice_days = fields.Integer(related="company_id.cc_meeting_notice_days", readonly=False)
    cc_meeting_quality_user_ids = fields.Many2many(related="company_id.cc_meeting_quality_user_ids", readonly=False)
    cc_meeting_management_user_ids = fields.Many2many(
        related="company_id.cc_meeting_management_user_ids", readonly=False
    )
    cc_care_days_ahead = fields.Integer(related="company_id.cc_care_days_ahead", readonly=False)
    cc_revisit_min_days = fields.Integer(related="company_id.cc_revisit_min_days", readonly=False)
    cc_revisit_max_days = fields.Integer(related="company_id.cc_revisit_max_days", readonly=False)
    cc_revisit_call_attempts = fields.Integer(related="company_id.cc_revisit_call_attempts", readonly=False)

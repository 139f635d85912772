"""What complaint_mgmt adds to res.config.settings."""

from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    cm_report_days = fields.Integer(related="company_id.cm_report_days", readonly=False)
    cm_close_days = fields.Integer(related="company_id.cm_close_days", readonly=False)
    cm_deadline_calendar_days = fields.Boolean(related="company_id.cm_deadline_calendar_days", readonly=False)
    cm_escalation_days = fields.Integer(related="company_id.cm_escalation_days", readonly=False)
    cm_csm_limit = fields.Monetary(related="company_id.cm_csm_limit", readonly=False)
    cm_vp_limit = fields.Monetary(related="company_id.cm_vp_limit", readonly=False)
    cm_return_months = fields.Integer(related="company_id.cm_return_months", readonly=False)
    cm_penalty_review_day = fields.Integer(related="company_id.cm_penalty_review_day", readonly=False)
    cm_followup_min_days = fields.Integer(related="company_id.cm_followup_min_days", readonly=False)
    cm_followup_max_days = fields.Integer(related="company_id.cm_followup_max_days", readonly=False)
    cm_repeat_days = fields.Integer(related="company_id.cm_repeat_days", readonly=False)

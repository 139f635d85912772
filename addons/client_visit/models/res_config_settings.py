"""What client_visit adds to res.config.settings."""

from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    cv_plan_due_day = fields.Integer(related="company_id.cv_plan_due_day", readonly=False)
    cv_carry_over_days = fields.Integer(related="company_id.cv_carry_over_days", readonly=False)
    cv_report_days = fields.Integer(related="company_id.cv_report_days", readonly=False)
    cv_report_calendar_days = fields.Boolean(related="company_id.cv_report_calendar_days", readonly=False)
    cv_promise_reminder_days = fields.Integer(related="company_id.cv_promise_reminder_days", readonly=False)
    cv_new_region_plan_months = fields.Integer(related="company_id.cv_new_region_plan_months", readonly=False)
    cv_currency_id = fields.Many2one(related="company_id.currency_id", string="Company Currency")
    cv_expense_gm_limit = fields.Monetary(
        related="company_id.cv_expense_gm_limit", readonly=False, currency_field="cv_currency_id"
    )
    cv_in_depth_role = fields.Selection(related="company_id.cv_in_depth_role", readonly=False)
    cv_in_depth_floor = fields.Integer(related="company_id.cv_in_depth_floor", readonly=False)
    cv_checkin_radius = fields.Integer(related="company_id.cv_checkin_radius", readonly=False)
    cv_checkin_required = fields.Boolean(related="company_id.cv_checkin_required", readonly=False)

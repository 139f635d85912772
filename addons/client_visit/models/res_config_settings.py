from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    cv_plan_due_day = fields.Integer(related="company_id.cv_plan_due_day", readonly=False)
    cv_report_days = fields.Integer(related="company_id.cv_report_days", readonly=False)
    cv_report_calendar_days = fields.Boolean(related="company_id.cv_report_calendar_days", readonly=False)
    cv_new_region_plan_months = fields.Integer(related="company_id.cv_new_region_plan_months", readonly=False)

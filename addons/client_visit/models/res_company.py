"""What client_visit adds to res.company."""

from odoo import fields, models

from .visit_frequency_rule import VISIT_ROLES


class ResCompany(models.Model):
    _inherit = "res.company"

    # CV-1 / CV-2: plan deadlines
    cv_plan_due_day = fields.Integer(
        string="Visit Plan Due Day",
        default=28,
        help="Next month's plan is due before this day of the month; the annual plan before this day of December.",
    )
    cv_carry_over_days = fields.Integer(
        string="Carried-over Work Spread over (working days)",
        default=5,
        help="Last month's unfinished visits are planned over this many first working days of the month.",
    )
    cv_new_region_plan_months = fields.Integer(
        string="New Region Visit Plan Within (months)",
        default=3,
        help="A new region must have an annual visit plan within this many months of its creation.",
    )
    # CV-9: the visit report deadline
    cv_report_days = fields.Integer(string="Visit Report Delay (days)", default=2)
    cv_report_calendar_days = fields.Boolean(
        string="Visit Report Delay in Calendar Days",
        help="Count the visit report delay in calendar days instead of working days.",
    )

    # CV-10: seed 003 拜访过程中答应的事项…应即时进行跟踪处理 (no figure: a default)
    cv_promise_reminder_days = fields.Integer(
        string="Promise Reminder (days ahead)",
        default=1,
        help="The owner of a promise gets a to-do this many days before it is due.",
    )

    # CV-12: seed 003 拜访时相关费用的申请 / 异地服务申请单由部门经理核准 (the seed gives no figure: a default)
    cv_expense_gm_limit = fields.Monetary(
        string="Visit Expenses Approved by the Supervisor up to",
        currency_field="currency_id",
        default=2000.0,
        help="Visit expenses up to this amount are approved by the supervisor alone; above it the "
        "branch general manager approves them too.",
    )
    # seed 000 (5.1.2 C): 项目经理每月应有针对性至少与3位客户进行深入上门拜访访谈
    cv_in_depth_role = fields.Selection(
        VISIT_ROLES,
        string="In-depth Visits Are Owed by",
        default="branch_sales_manager",
        required=True,
        help="The role that owes in-depth visits every month (the seed's project manager).",
    )
    cv_in_depth_floor = fields.Integer(
        string="In-depth Visits per Month",
        default=3,
        help="Distinct customers that role visits in depth every month, at least.",
    )
    # the visit in the field (外勤签到): the seeds give no figure, these are defaults
    cv_checkin_radius = fields.Integer(
        string="Check-in Radius (m)",
        default=500,
        help="A check-in farther than this from the customer's coordinates is flagged to the supervisor.",
    )
    cv_checkin_required = fields.Boolean(
        string="Check-in Required",
        help="A visit marked done without a check-in is flagged to the supervisor.",
    )

    _cv_checkin_radius_positive = models.Constraint(
        "CHECK (cv_checkin_radius > 0)", "The check-in radius must be positive."
    )
    _cv_carry_over_days_positive = models.Constraint(
        "CHECK (cv_carry_over_days > 0)", "Carried-over work is spread over at least one working day."
    )
    _cv_in_depth_floor_positive = models.Constraint(
        "CHECK (cv_in_depth_floor >= 0)", "The monthly number of in-depth visits cannot be negative."
    )
    _cv_plan_due_day_range = models.Constraint(
        "CHECK (cv_plan_due_day BETWEEN 1 AND 28)", "The plan due day must be between 1 and 28."
    )
    _cv_new_region_plan_months_positive = models.Constraint(
        "CHECK (cv_new_region_plan_months > 0)", "The delay for a new region's visit plan must be positive."
    )
    _cv_expense_gm_limit_positive = models.Constraint(
        "CHECK (cv_expense_gm_limit >= 0)", "The visit expense limit of the supervisor cannot be negative."
    )
    _cv_promise_reminder_days_positive = models.Constraint(
        "CHECK (cv_promise_reminder_days >= 0)", "The promise reminder cannot be set after the due date."
    )
    _cv_report_days_positive = models.Constraint(
        "CHECK (cv_report_days >= 0)", "The visit report delay cannot be negative."
    )

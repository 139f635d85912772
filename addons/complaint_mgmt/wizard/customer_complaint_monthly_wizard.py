"""CM-16: choose the month (last month by default) and print the monthly complaint report."""

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

MONTHS = [
    ("1", "January"),
    ("2", "February"),
    ("3", "March"),
    ("4", "April"),
    ("5", "May"),
    ("6", "June"),
    ("7", "July"),
    ("8", "August"),
    ("9", "September"),
    ("10", "October"),
    ("11", "November"),
    ("12", "December"),
]


def _last_month():
    return fields.Date.today().replace(day=1) - relativedelta(months=1)


class CustomerComplaintMonthlyWizard(models.TransientModel):
    """CM-16: choose the month (last month by default) and print the monthly complaint report."""

    _name = "customer.complaint.monthly.wizard"
    _description = "Monthly Complaint Report"

    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    year = fields.Integer(required=True, default=lambda self: _last_month().year)
    month = fields.Selection(MONTHS, required=True, default=lambda self: str(_last_month().month))
    date_from = fields.Date(string="From", compute="_compute_dates")
    date_to = fields.Date(string="To", compute="_compute_dates")

    @api.depends("year", "month")
    def _compute_dates(self):
        for wizard in self:
            if wizard.month and 1900 < wizard.year < 10000:
                wizard.date_from = fields.Date.to_date(f"{wizard.year:04d}-{int(wizard.month):02d}-01")
                wizard.date_to = wizard.date_from + relativedelta(months=1, days=-1)
            else:
                wizard.date_from = wizard.date_to = False

    @api.constrains("year")
    def _check_year(self):
        for wizard in self:
            if not 2000 <= wizard.year <= 2999:
                raise ValidationError(self.env._("Give a year between 2000 and 2999."))

    @api.readonly
    def action_print(self):
        self.ensure_one()
        return self.env.ref("complaint_mgmt.action_report_complaint_monthly").report_action(self)

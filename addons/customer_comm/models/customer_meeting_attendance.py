"""CC-24: a manager's attendance at a forum meeting, reported per year and department."""

from odoo import api, fields, models


class CustomerMeetingAttendance(models.Model):
    """CC-24: a manager's attendance at a forum meeting, reported per year and department.

    Seed 000: "分管管理层每年每个部门至少参加一次客户座谈会".
    """

    _name = "customer.meeting.attendance"
    _description = "Forum Meeting Management Attendance"
    _order = "meeting_date desc, id"
    _check_company_auto = True

    meeting_id = fields.Many2one("customer.meeting", required=True, ondelete="cascade", index=True)
    user_id = fields.Many2one("res.users", string="Manager", required=True, index=True)
    department_id = fields.Many2one(
        "customer.department",
        required=True,
        compute="_compute_department_id",
        store=True,
        readonly=False,
        precompute=True,
        check_company=True,
    )
    meeting_date = fields.Datetime(related="meeting_id.meeting_date", store=True)
    meeting_state = fields.Selection(related="meeting_id.state", string="Meeting Status", store=True)
    company_id = fields.Many2one(related="meeting_id.company_id", store=True, index=True)

    _meeting_user_uniq = models.UniqueIndex("(meeting_id, user_id)", "A manager is recorded once per meeting.")

    @api.depends("meeting_id.department_id")
    def _compute_department_id(self):
        for attendance in self:
            if not attendance.department_id:
                attendance.department_id = attendance.meeting_id.department_id

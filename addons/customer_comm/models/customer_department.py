from odoo import fields, models


class CustomerDepartment(models.Model):
    """A department that customer matters are routed to or organised by.

    CC-24 forum meetings are organised by a department (management attendance
    is reported per department), CC-27 satisfaction feedback is routed to one
    ("将客户反馈的问题交给相关责任部门", seed 002). Configuration data, so the
    list follows the company's organisation chart without code.
    """

    _name = "customer.department"
    _description = "Customer Service Department"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    code = fields.Char()
    sequence = fields.Integer(default=10)
    manager_id = fields.Many2one("res.users", string="Head of Department")
    company_id = fields.Many2one("res.company", help="Leave empty for a department shared by every company.")
    active = fields.Boolean(default=True)

    _code_company_uniq = models.UniqueIndex(
        "(code, COALESCE(company_id, 0)) WHERE code IS NOT NULL",
        "A department code must be unique within its company.",
    )

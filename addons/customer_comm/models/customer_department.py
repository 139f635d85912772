"""A department that customer matters are routed to or organised by."""

from odoo import api, fields, models

from .customer_role import ROLES


class CustomerDepartment(models.Model):
    """A department that customer matters are routed to or organised by.

    CC-23 notices are issued by a department and approved by its manager, CC-24
    forum meetings are organised by one (management attendance is reported per
    department), CC-27 satisfaction feedback is routed to one ("将客户反馈的问题交给
    相关责任部门", seed 002). Configuration data, so the list follows the
    company's organisation chart without code.
    """

    _name = "customer.department"
    _description = "Customer Service Department"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    code = fields.Char()
    sequence = fields.Integer(default=10)
    manager_role = fields.Selection(
        ROLES,
        help="The business role of the department's manager, who approves the notices it issues.",
    )
    manager_id = fields.Many2one(
        "res.users",
        string="Head of Department",
        compute="_compute_manager_id",
        help="Who holds the manager role in the current company (Configuration > Business Roles).",
    )
    company_id = fields.Many2one("res.company", help="Leave empty for a department shared by every company.")
    active = fields.Boolean(default=True)

    _code_company_uniq = models.UniqueIndex(
        "(code, COALESCE(company_id, 0)) WHERE code IS NOT NULL",
        "A department code must be unique within its company.",
    )

    @api.depends("manager_role")
    @api.depends_context("company")
    def _compute_manager_id(self):
        for department in self:
            department.manager_id = department._manager_user(self.env.company)

    def _manager_user(self, company):
        """X-1: the user holding this department's manager role in ``company``."""
        self.ensure_one()
        if not self.manager_role:
            return self.env["res.users"]
        return self.env["customer.role.assignment"]._find_user(self.manager_role, company=company)

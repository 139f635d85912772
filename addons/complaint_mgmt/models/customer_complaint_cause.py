"""CM-3: the configurable list of complaint causes, each quality or non-quality (seed 003 第二十三条)."""

from odoo import fields, models

COMPLAINT_TYPES = [("quality", "Quality"), ("non_quality", "Non-quality")]


class CustomerComplaintCause(models.Model):
    """CM-3: the configurable list of complaint causes, each quality or non-quality (seed 003 第二十三条)."""

    _name = "customer.complaint.cause"
    _description = "Complaint Cause"
    _order = "complaint_type, sequence, id"

    name = fields.Char(required=True, translate=True)
    complaint_type = fields.Selection(COMPLAINT_TYPES, string="Type", required=True, default="quality")
    sequence = fields.Integer(default=10)
    company_id = fields.Many2one("res.company", help="Leave empty for a cause shared by every company.")
    active = fields.Boolean(default=True)

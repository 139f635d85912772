from odoo import fields, models


class CustomerSatisfaction(models.Model):
    _inherit = "customer.satisfaction"

    complaint_id = fields.Many2one(
        "customer.complaint",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="CM-14: the closed complaint this follow-up call rates.",
    )

"""What customer_comm adds to res.users."""

from odoo import fields, models

NON_MANAGER_ROLES = ("salesperson", "customer_service")


class ResUsers(models.Model):
    _inherit = "res.users"

    # CC-9 / X-7: evaluated by the record rules of ``customer.archive``
    cc_archive_region_ids = fields.Many2many(
        "customer.region",
        string="Archive Regions",
        compute="_compute_cc_archive_scope",
        compute_sudo=True,
        help="Regions (with their sub-regions) over which this user holds a manager role.",
    )
    cc_archive_company_ids = fields.Many2many(
        "res.company",
        string="Archive Companies",
        compute="_compute_cc_archive_scope",
        compute_sudo=True,
        help="Companies in which this user holds a manager role for every region.",
    )

    def _compute_cc_archive_scope(self):
        """CC-9 / X-7: the scope of the manager roles a user holds (salesperson and customer service are not)."""
        assignments = self.env["customer.role.assignment"].search(
            [("user_id", "in", self.ids), ("role", "not in", NON_MANAGER_ROLES)]
        )
        for user in self:
            held = assignments.filtered(lambda a, u=user: a.user_id == u)
            user.cc_archive_region_ids = held.region_id
            user.cc_archive_company_ids = held.filtered(lambda a: not a.region_id).company_id

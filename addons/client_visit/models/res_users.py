"""What client_visit adds to res.users."""

from odoo import fields, models


class ResUsers(models.Model):
    _inherit = "res.users"

    # CV-13: where the person's day starts
    cv_route_start_id = fields.Many2one(
        "res.partner",
        string="Route Start Point",
        help="The address (with its coordinates) the person's daily visit route starts from; "
        "the company address when empty.",
    )

    def _cv_route_start(self, company=None):
        """CV-13: the ``(latitude, longitude)`` the person's route starts from, or ``None`` when unknown.

        The person's own start point, else the company address.
        """
        self.ensure_one()
        for partner in (self.cv_route_start_id, (company or self.env.company).partner_id):
            if partner.partner_latitude or partner.partner_longitude:
                return (partner.partner_latitude, partner.partner_longitude)
        return None

    def _cv_territories(self):
        """CV-14: ``{user id: (region ids, company ids)}``: the regions (with their sub-regions) of the
        business roles each user holds, and the companies where a role covers every region."""
        # sudo: a user's territory is read to check a visit, whoever records it
        assignments = (
            self.env["customer.role.assignment"]
            .sudo()
            .search_fetch([("user_id", "in", self.ids)], ["user_id", "region_id", "company_id"])
        )
        territories = {user.id: (set(), set()) for user in self}
        for assignment in assignments:
            regions, companies = territories[assignment.user_id.id]
            if assignment.region_id:
                regions.add(assignment.region_id.id)
            else:
                companies.add(assignment.company_id.id)
        return territories


def territory_covers(territory, region, company):
    """CV-14: whether a territory of ``_cv_territories`` includes ``region`` of ``company``."""
    regions, companies = territory
    if company.id in companies:
        return True
    return any(int(region_id) in regions for region_id in (region.parent_path or "").split("/") if region_id)

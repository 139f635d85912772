"""CC-3: sales regions, hierarchical (area 大区 > region 片区 > district)."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CustomerRegion(models.Model):
    """CC-3: sales regions, hierarchical (area 大区 > region 片区 > district)."""

    _name = "customer.region"
    _description = "Sales Region"
    _inherit = ["mail.thread"]
    _parent_store = True
    _order = "complete_name"
    _rec_name = "complete_name"

    name = fields.Char(required=True, translate=True)
    complete_name = fields.Char(compute="_compute_complete_name", recursive=True, store=True)
    code = fields.Char()
    level = fields.Selection(
        [("area", "Area"), ("region", "Region"), ("district", "District")],
        required=True,
        default="region",
    )
    parent_id = fields.Many2one("customer.region", string="Parent Region", index=True, ondelete="restrict")
    parent_path = fields.Char(index=True)
    child_ids = fields.One2many("customer.region", "parent_id", string="Sub-regions")
    manager_id = fields.Many2one("res.users", string="Responsible Manager", tracking=True)
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company)
    boundary = fields.Text(string="Territory Boundary", help="Where visits and dealer exclusivity stop.")
    active = fields.Boolean(default=True)
    partner_count = fields.Integer(compute="_compute_partner_count")

    @api.depends("name", "parent_id.complete_name")
    def _compute_complete_name(self):
        for region in self:
            if region.parent_id:
                region.complete_name = f"{region.parent_id.complete_name} / {region.name}"
            else:
                region.complete_name = region.name

    def _compute_partner_count(self):
        counts = dict(
            self.env["res.partner"]._read_group([("cc_region_id", "child_of", self.ids)], ["cc_region_id"], ["__count"])
        )
        for region in self:
            region.partner_count = sum(
                count for child, count in counts.items() if child.parent_path.startswith(region.parent_path)
            )

    @api.constrains("parent_id")
    def _check_parent_id(self):
        if self._has_cycle():
            raise ValidationError(self.env._("A region cannot be its own parent."))

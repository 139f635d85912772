"""DR-21 (二批积分): a secondary wholesaler supplied by a dealer, registered by the company."""

from odoo import fields, models

PURCHASE_SOURCES = [("card", "Points Card"), ("declaration", "Declaration")]


class DealerSubDistributor(models.Model):
    """DR-21 (二批积分): a secondary wholesaler supplied by a dealer, registered by the company.

    Registering the sub-distributors' purchases (on points cards or declarations) earns them
    quarterly points and rebates, and gives the company the list of each dealer's network.
    """

    _name = "dealer.sub.distributor"
    _description = "Sub-distributor"
    _inherit = ["mail.thread"]
    _order = "partner_id, name"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True)
    partner_id = fields.Many2one(
        "res.partner",
        string="Dealer",
        required=True,
        index=True,
        check_company=True,
        domain="[('dr_status', '!=', False)]",
        tracking=True,
    )
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)
    region_id = fields.Many2one(related="partner_id.cc_region_id", string="Sales Region", store=True)
    salesperson_id = fields.Many2one(related="partner_id.user_id", string="Salesperson")
    contact_name = fields.Char(string="Contact")
    phone = fields.Char(tracking=True)
    address = fields.Char(tracking=True)
    card_number = fields.Char(string="Points Card", tracking=True, copy=False)
    active = fields.Boolean(default=True)
    purchase_ids = fields.One2many(
        "dealer.sub.distributor.purchase", "sub_distributor_id", string="Registered Purchases"
    )
    award_ids = fields.One2many("dealer.sub.distributor.award", "sub_distributor_id", string="Quarterly Awards")
    registered_tons = fields.Float(string="Registered (t)", digits=(16, 3), compute="_compute_registered_tons")
    note = fields.Text()

    _card_uniq = models.UniqueIndex(
        "(company_id, card_number) WHERE card_number IS NOT NULL",
        "This points card is already given to another sub-distributor.",
    )

    def _compute_registered_tons(self):
        rows = self.env["dealer.sub.distributor.purchase"]._read_group(
            [("sub_distributor_id", "in", self.ids)], ["sub_distributor_id"], ["tons:sum"]
        )
        totals = {sub.id: tons for sub, tons in rows}
        for sub in self:
            sub.registered_tons = totals.get(sub.id, 0.0)

from odoo import api, fields, models
from odoo.exceptions import AccessError

DEALER_STATUSES = [
    ("candidate", "Candidate"),
    ("active", "Active"),
    ("suspended", "Suspended"),
    ("cancelled", "Cancelled"),
]
DEALER_CHANNELS = ("dealer", "general_distributor")
MANAGER_GROUP = "dealer_rebate.dealer_rebate_group_manager"


class ResPartner(models.Model):
    """DR-1: the dealer profile on the customer."""

    _inherit = "res.partner"

    dr_status = fields.Selection(
        DEALER_STATUSES,
        string="Dealer Status",
        tracking=True,
        index=True,
        copy=False,
        help="Changed by the dealership decisions only, never typed in.",
    )
    dr_exclusive = fields.Boolean(
        string="Sells Our Brand Exclusively", tracking=True, help="专销: the dealer sells no competing brand."
    )
    dr_target_system = fields.Boolean(
        string="Under the Target System",
        tracking=True,
        help="目标责任制: monthly targets, conduct scoring and the quarterly completion bonus apply.",
    )
    dr_deposit = fields.Monetary(string="Deposit Held", currency_field="dr_currency_id", tracking=True)
    dr_currency_id = fields.Many2one("res.currency", string="Deposit Currency", compute="_compute_dr_currency_id")
    dr_territory_region_ids = fields.Many2many(
        "customer.region",
        "res_partner_dr_territory_rel",
        "partner_id",
        "region_id",
        string="Exclusive Territory",
    )
    dr_sub_distributor_count = fields.Integer(string="Sub-distributors")
    dr_coverage = fields.Char(string="Coverage", help="Towns, markets or farms the dealer's network reaches.")
    dr_yellow_cards = fields.Integer(string="Yellow Cards", tracking=True)
    dr_settlement_ids = fields.One2many("dealer.rebate.settlement", "partner_id", string="Rebate Settlements")
    dr_settlement_count = fields.Integer(string="Rebate Settlement Count", compute="_compute_dr_counts")
    dr_violation_count = fields.Integer(string="Violation Count", compute="_compute_dr_counts")
    dr_target_count = fields.Integer(string="Target Count", compute="_compute_dr_counts")

    def _compute_dr_currency_id(self):
        for partner in self:
            partner.dr_currency_id = self.env.company.currency_id

    def _compute_dr_counts(self):
        counts = {}
        for model in ("dealer.rebate.settlement", "dealer.violation", "dealer.target"):
            counts[model] = dict(
                self.env[model]._read_group([("partner_id", "in", self.ids)], ["partner_id"], ["__count"])
            )
        for partner in self:
            partner.dr_settlement_count = counts["dealer.rebate.settlement"].get(partner, 0)
            partner.dr_violation_count = counts["dealer.violation"].get(partner, 0)
            partner.dr_target_count = counts["dealer.target"].get(partner, 0)

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and any(vals.get("dr_status") not in (None, False, "candidate") for vals in vals_list):
            raise AccessError(self._dr_status_hint())
        return super().create(vals_list)

    def write(self, vals):
        if "dr_status" in vals and not self.env.su:
            raise AccessError(self._dr_status_hint())
        return super().write(vals)

    def _dr_status_hint(self):
        return self.env._("A dealer's status changes through the dealership decisions, not by editing it.")

    def action_dr_open_settlements(self):
        return self._dr_open("dealer_rebate.dealer_rebate_settlement_action")

    def action_dr_open_violations(self):
        return self._dr_open("dealer_rebate.dealer_violation_action")

    def action_dr_open_targets(self):
        return self._dr_open("dealer_rebate.dealer_target_action")

    def _dr_open(self, xmlid):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        action["domain"] = [("partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {"default_partner_id": self.commercial_partner_id.id}
        return action

    def action_dr_activate(self):
        return self._dr_set_status("active")

    def action_dr_suspend(self):
        return self._dr_set_status("suspended")

    def action_dr_cancel(self):
        return self._dr_set_status("cancelled")

    def _dr_set_status(self, status):
        """DR-1: the one code path changing a dealer's status, for dealer rebate managers.

        The appointment and dismissal requests of DR-2 will call it once decided.
        """
        if not self.env.user.has_group(MANAGER_GROUP):
            raise AccessError(self.env._("Only a dealer rebate manager can change a dealer's status."))
        self.check_access("write")
        # sudo: dr_status is refused to every direct write; the manager's right was checked above
        self.sudo().write({"dr_status": status})
        return True

"""DR-1: the dealer profile on the customer."""

from odoo import api, fields, models
from odoo.exceptions import AccessError

from .dealer_rebate_computation import _Simulation

DEALER_STATUSES = [
    ("candidate", "Candidate"),
    ("active", "Active"),
    ("suspended", "Suspended"),
    ("cancelled", "Cancelled"),
]
DEALER_CHANNELS = ("dealer", "general_distributor")
MANAGER_GROUP = "dealer_rebate.dealer_rebate_group_manager"
# DR-13 / DR-14: the dealer's terms that decide its rebates, set by a rebate manager only
TERMS_FIELDS = frozenset({"dr_exclusive", "dr_target_system"})
SIMULATION_GROUPS = "dealer_rebate.dealer_rebate_group_user"


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
    # DR-13 / DR-14: the terms of a dealer, set by a rebate manager (``_check_dr_terms_right``): a copy of the
    # partner is not a dealer with those terms
    dr_exclusive = fields.Boolean(
        string="Sells Our Brand Exclusively",
        tracking=True,
        copy=False,
        help="专销: the dealer sells no competing brand.",
    )
    dr_target_system = fields.Boolean(
        string="Under the Target System",
        tracking=True,
        copy=False,
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
        copy=False,  # an exclusive territory belongs to one dealer, not to a copy of it
    )
    dr_sub_distributor_count = fields.Integer(string="Sub-distributors")
    dr_coverage = fields.Char(string="Coverage", help="Towns, markets or farms the dealer's network reaches.")
    dr_yellow_cards = fields.Integer(
        string="Yellow Cards", compute="_compute_dr_yellow_cards", help="Violations sanctioned by a yellow card."
    )
    dr_excellent_eligible = fields.Boolean(
        string="Eligible for Excellent Dealer",
        compute="_compute_dr_yellow_cards",
        help="Not more violations this year than the policy allows for the excellent-dealer award.",
    )
    # DR-24: the completion period in progress, projected at its run-rate; like the credit figures of
    # a customer, shown to those whose job they are (the ORM refuses them to others on every read path)
    dr_sim_tons = fields.Float(
        string="Tons So Far", digits=(16, 3), compute="_compute_dr_simulation", groups=SIMULATION_GROUPS
    )
    dr_sim_target_tons = fields.Float(
        string="Target of the Period (t)", digits=(16, 3), compute="_compute_dr_simulation", groups=SIMULATION_GROUPS
    )
    dr_sim_tons_to_target = fields.Float(
        string="Tons Still Needed for 100%", digits=(16, 3), compute="_compute_dr_simulation", groups=SIMULATION_GROUPS
    )
    dr_sim_projected_tons = fields.Float(
        string="Projected Tons",
        digits=(16, 3),
        compute="_compute_dr_simulation",
        groups=SIMULATION_GROUPS,
        help="Tons so far at the run-rate.",
    )
    dr_sim_projected_ratio = fields.Float(
        string="Projected Completion", digits=(16, 4), compute="_compute_dr_simulation", groups=SIMULATION_GROUPS
    )
    dr_sim_projected_bonus = fields.Monetary(
        string="Projected Completion Bonus",
        currency_field="dr_currency_id",
        compute="_compute_dr_simulation",
        groups=SIMULATION_GROUPS,
        help="At the run-rate, with the deductions of the months already approved.",
    )
    dr_sim_pending_effect = fields.Monetary(
        string="Effect of Pending Violations",
        currency_field="dr_currency_id",
        compute="_compute_dr_simulation",
        groups=SIMULATION_GROUPS,
        help="How much the violations of months not yet approved would take off the projected bonus.",
    )
    dr_sim_note = fields.Char(string="Simulation", compute="_compute_dr_simulation", groups=SIMULATION_GROUPS)
    dr_violation_ids = fields.One2many("dealer.violation", "partner_id", string="Violations")
    dr_settlement_ids = fields.One2many("dealer.rebate.settlement", "partner_id", string="Rebate Settlements")
    dr_settlement_count = fields.Integer(string="Rebate Settlement Count", compute="_compute_dr_counts")
    dr_violation_count = fields.Integer(string="Violation Count", compute="_compute_dr_counts")
    dr_target_count = fields.Integer(string="Target Count", compute="_compute_dr_counts")
    dr_request_count = fields.Integer(string="Dealership Request Count", compute="_compute_dr_counts")
    dr_registered_sub_count = fields.Integer(string="Registered Sub-distributors", compute="_compute_dr_counts")

    def _compute_dr_currency_id(self):
        for partner in self:
            partner.dr_currency_id = self.env.company.currency_id

    def _compute_dr_counts(self):
        counts = {}
        for model in (
            "dealer.rebate.settlement",
            "dealer.violation",
            "dealer.target",
            "dealer.appointment.request",
            "dealer.sub.distributor",
        ):
            counts[model] = dict(
                self.env[model]._read_group([("partner_id", "in", self.ids)], ["partner_id"], ["__count"])
            )
        for partner in self:
            partner.dr_settlement_count = counts["dealer.rebate.settlement"].get(partner, 0)
            partner.dr_violation_count = counts["dealer.violation"].get(partner, 0)
            partner.dr_target_count = counts["dealer.target"].get(partner, 0)
            partner.dr_request_count = counts["dealer.appointment.request"].get(partner, 0)
            partner.dr_registered_sub_count = counts["dealer.sub.distributor"].get(partner, 0)

    @api.depends_context("uid", "company")
    def _compute_dr_simulation(self):
        """DR-24: one simulation for all the dealers displayed (a fixed number of queries)."""
        fnames = [name for name in self._fields if name.startswith("dr_sim_")]
        self.update(dict.fromkeys(fnames, False))
        dealers = self._dr_own_dealers().filtered(lambda p: p.id and p.dr_status and p.dr_target_system)
        if not dealers:
            return
        today = fields.Date.context_today(self)
        policy = self._dr_policy_today()
        if not policy:
            dealers.dr_sim_note = self.env._("No rebate policy covers today.")
            return
        # sudo: the invoices and violations of the reader's own dealers (``_dr_own_dealers``), whoever
        # entered them; the figures are shown only to the fields' groups
        simulation = _Simulation(policy.env, policy, today, dealers.sudo())
        for dealer in dealers:
            figures = simulation.simulate(dealer)
            dealer.update(
                {
                    f"dr_sim_{key}": value
                    for key, value in figures.items()
                    if f"dr_sim_{key}" in self._fields and key != "reason"
                }
            )
            dealer.dr_sim_note = figures.get("reason") or self.env._(
                "%(start)s – %(end)s, at the run-rate of %(factor)s× the days elapsed",
                start=simulation.date_from,
                end=simulation.date_to,
                factor=round(simulation.run_rate, 2),
            )

    def _dr_own_dealers(self):
        """DR-24: the dealers in ``self`` whose rebate figures the reader may see: every one for a rebate
        manager, the salesperson's own dealers otherwise (as the record rules of their targets)."""
        if self.env.su or self.env.user.has_group(MANAGER_GROUP):
            return self
        return self.filtered(lambda partner: partner.commercial_partner_id.user_id == self.env.user)

    def _dr_policy_today(self):
        # sudo: the rates of today's policy, read for the figures shown on the dealer page
        return self.env["dealer.rebate.policy"].sudo()._in_effect(self.env.company, fields.Date.context_today(self))

    @api.depends("dr_violation_ids.penalty", "dr_violation_ids.date")
    def _compute_dr_yellow_cards(self):
        """DR-4 / DR-11: yellow cards ever given, and this year's violations against the award's limit."""
        # sudo: counts only, shown to whoever sees the dealer page
        Violation = self.env["dealer.violation"].sudo()
        cards = dict(
            Violation._read_group(
                [("partner_id", "in", self.ids), ("penalty", "=", "yellow_card")], ["partner_id"], ["__count"]
            )
        )
        today = fields.Date.context_today(self)
        this_year = Violation._count_by_partner(self, today.replace(month=1, day=1), today.replace(month=12, day=31))
        policy = self._dr_policy_today()
        limit = (
            policy.excellent_max_violations if policy else policy._fields["excellent_max_violations"].default(policy)
        )
        for partner in self:
            partner.dr_yellow_cards = cards.get(partner, 0)
            partner.dr_excellent_eligible = bool(partner.dr_status) and this_year.get(partner.id, 0) <= limit

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and any(vals.get("dr_status") not in (None, False, "candidate") for vals in vals_list):
            raise AccessError(self._dr_status_hint())
        if any(vals.get(name) for vals in vals_list for name in TERMS_FIELDS):
            self._check_dr_terms_right()
        return super().create(vals_list)

    def write(self, vals):
        if "dr_status" in vals and not self.env.su:
            raise AccessError(self._dr_status_hint())
        if TERMS_FIELDS & vals.keys():
            self._check_dr_terms_right()
        return super().write(vals)

    def _check_dr_terms_right(self):
        """DR-13 / DR-14: exclusivity and the target system are worth bonuses: a rebate manager sets them."""
        if not (self.env.su or self.env.user.has_group(MANAGER_GROUP)):
            raise AccessError(
                self.env._(
                    "Only a dealer rebate manager sets whether a dealer is exclusive or under the target system."
                )
            )

    def _dr_status_hint(self):
        return self.env._(
            "A dealer's status changes through a decided appointment or dismissal request, not by editing it."
        )

    @api.readonly
    def action_dr_open_settlements(self):
        return self._dr_open("dealer_rebate.dealer_rebate_settlement_action")

    @api.readonly
    def action_dr_open_violations(self):
        return self._dr_open("dealer_rebate.dealer_violation_action")

    @api.readonly
    def action_dr_open_targets(self):
        return self._dr_open("dealer_rebate.dealer_target_action")

    def _dr_open(self, xmlid):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        action["domain"] = [("partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {"default_partner_id": self.commercial_partner_id.id}
        return action

    @api.readonly
    def action_dr_open_sub_distributors(self):
        return self._dr_open("dealer_rebate.dealer_sub_distributor_action")

    @api.readonly
    def action_dr_open_appointment_requests(self):
        return self._dr_open("dealer_rebate.dealer_appointment_request_action")

    def action_dr_propose_appointment(self):
        return self._dr_propose("appointment")

    def action_dr_propose_dismissal(self):
        return self._dr_propose("dismissal")

    def _dr_propose(self, request_type):
        """DR-2: a new appointment or dismissal request for this dealer, to fill in and submit."""
        action = self._dr_open("dealer_rebate.dealer_appointment_request_action")
        action.update(
            views=[(False, "form")],
            view_mode="form",
            context={**action["context"], "default_request_type": request_type},
        )
        return action

    def _dr_apply_status(self, status):
        """DR-1 / DR-2: the one code path changing a dealer's status, run by a decided dealership request."""
        # sudo: dr_status is refused to every direct write; the decision's chain was validated
        self.sudo().write({"dr_status": status})

"""CC-12: an order taking a customer under credit management (one with a credit level, CC-10)."""

from odoo import api, fields, models


class SaleOrder(models.Model):
    """CC-12: an order taking a customer under credit management (one with a credit level, CC-10)
    over its credit limit is confirmed only once approved.

    The check lives in ``tier.validation.write`` (state draft/sent → sale), so it
    holds for the button, RPC calls to ``action_confirm`` and imports alike; an
    order created already confirmed goes through the same ``write``.
    """

    _name = "sale.order"
    _inherit = ["sale.order", "customer.approval.mixin"]
    _state_from = ["draft", "sent"]
    _state_to = ["sale"]
    _cancel_state = "cancel"
    _tier_validation_manual_config = False

    cc_company_currency_id = fields.Many2one(related="company_id.currency_id", string="Company Currency")
    cc_credit_exposure = fields.Monetary(
        string="Credit Exposure",
        compute="_compute_cc_credit",
        currency_field="cc_company_currency_id",
        help="Receivable + confirmed orders not invoiced + this order, in company currency.",
    )
    cc_credit_limit = fields.Monetary(
        string="Customer Credit Limit", compute="_compute_cc_credit", currency_field="cc_company_currency_id"
    )
    cc_over_credit = fields.Boolean(string="Over Credit Limit", compute="_compute_cc_credit")
    cc_needs_director = fields.Boolean(string="Needs the Marketing Director", compute="_compute_cc_credit")
    cc_sales_manager_id = fields.Many2one("res.users", string="Branch Sales Manager", compute="_compute_cc_approvers")
    cc_marketing_director_id = fields.Many2one(
        "res.users", string="Marketing Director", compute="_compute_cc_approvers"
    )

    @api.model_create_multi
    def create(self, vals_list):
        """CC-12: an order created confirmed (import, RPC) is created as a quotation, then
        confirmed by ``write``, where the credit approval is checked."""
        vals_list = [dict(vals) for vals in vals_list]
        target_states = [vals.pop("state") if vals.get("state") in self._state_to else None for vals in vals_list]
        orders = super().create(vals_list)
        for order, state in zip(orders, target_states, strict=True):
            if state:
                order.write({"state": state})
        return orders

    @api.depends("partner_id", "amount_total", "currency_rate", "company_id", "state")
    def _compute_cc_credit(self):
        """CC-12: the same figures and comparison as Odoo's credit banner (``partner_credit_warning``),
        so the banner and the approval never disagree on an order."""
        for order in self:
            partner = order.partner_id.commercial_partner_id.sudo().with_company(order.company_id)
            managed = bool(partner.cc_credit_level_id) and order.company_id.account_use_credit_limit
            limit = partner.credit_limit if managed else 0.0
            exposure = 0.0
            if partner and limit and order.state in ("draft", "sent"):
                exposure = partner._cc_credit_exposure(order.company_id, order._cc_amount_company_currency())
            order.cc_credit_limit = limit
            order.cc_credit_exposure = exposure
            order.cc_over_credit = bool(limit) and exposure > limit
            overshoot_pct = (exposure - limit) / limit * 100 if limit else 0.0
            order.cc_needs_director = (
                order.cc_over_credit and overshoot_pct > order.company_id.cc_overcredit_director_pct
            )

    @api.depends("partner_id.cc_region_id", "company_id")
    def _compute_cc_approvers(self):
        for order in self:
            order.cc_sales_manager_id = order._cc_approver("branch_sales_manager")
            order.cc_marketing_director_id = order._cc_approver("marketing_director")

    def _cc_amount_company_currency(self):
        """This order's total in company currency, converted as Odoo's credit banner does."""
        self.ensure_one()
        return self.amount_total / (self.currency_rate or 1.0)

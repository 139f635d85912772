"""DR-18 (seed 000, 直销户): a direct customer's yearly contract and the volume it allows."""

from datetime import date

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Domain
from odoo.tools import SQL, float_compare


class DealerDirectContract(models.Model):
    """DR-18 (seed 000, 直销户): a direct customer's yearly contract and the volume it allows.

    The volume is measured from the customer's farming scale (pond area, pig and poultry farms)
    so that it covers only the farm's own use; sales beyond it are not at direct terms, and an
    order that would exceed it is warned about or refused (policy).
    """

    _name = "dealer.direct.contract"
    _description = "Direct Customer Contract"
    _inherit = ["mail.thread"]
    _order = "date_from desc, partner_id"
    _check_company_auto = True

    name = fields.Char(string="Contract No.", required=True, tracking=True)
    partner_id = fields.Many2one(
        "res.partner",
        string="Direct Customer",
        required=True,
        index=True,
        check_company=True,
        domain="[('is_company', '=', True)]",
        tracking=True,
    )
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)
    salesperson_id = fields.Many2one(related="partner_id.user_id", string="Salesperson")
    date_from = fields.Date(
        string="Valid From", required=True, default=lambda self: date(fields.Date.today().year, 1, 1), tracking=True
    )
    date_to = fields.Date(
        string="Valid Until", required=True, default=lambda self: date(fields.Date.today().year, 12, 31), tracking=True
    )
    pond_area_mu = fields.Float(string="Fish Ponds (mu)", digits=(16, 1), tracking=True)
    pig_heads = fields.Integer(string="Pig Farm (head)", tracking=True)
    poultry_heads = fields.Integer(string="Poultry Farm (birds)", tracking=True)
    annual_cap_tons = fields.Float(
        string="Yearly Volume (t)",
        digits=(16, 3),
        required=True,
        tracking=True,
        help="The feed the farm itself uses in a year, measured from its scale: beyond it, no direct terms.",
    )
    sold_tons = fields.Float(string="Ordered (t)", digits=(16, 3), compute="_compute_sold_tons")
    remaining_tons = fields.Float(string="Remaining (t)", digits=(16, 3), compute="_compute_sold_tons")
    active = fields.Boolean(default=True)
    note = fields.Text()

    @api.constrains("annual_cap_tons", "pond_area_mu", "pig_heads", "poultry_heads")
    def _check_figures(self):
        for contract in self:
            if contract.annual_cap_tons <= 0:
                raise ValidationError(self.env._("The yearly volume of a direct customer contract must be positive."))
            if min(contract.pond_area_mu, contract.pig_heads, contract.poultry_heads) < 0:
                raise ValidationError(self.env._("A farming scale cannot be negative."))

    @api.constrains("partner_id", "date_from", "date_to", "company_id", "active")
    def _check_period(self):
        for contract in self:
            if contract.date_to < contract.date_from:
                raise ValidationError(self.env._("A contract cannot end before it starts."))
            overlapping = self.search_count(
                [
                    ("id", "!=", contract.id),
                    ("partner_id", "=", contract.partner_id.id),
                    ("company_id", "=", contract.company_id.id),
                    ("date_from", "<=", contract.date_to),
                    ("date_to", ">=", contract.date_from),
                ]
            )
            if overlapping:
                raise ValidationError(
                    self.env._(
                        "%(customer)s already has a direct customer contract in this period.",
                        customer=contract.partner_id.display_name,
                    )
                )

    @api.model
    def _customers_between(self, company, date_from, date_to, partners=None):
        """DR-19: the customers with a contract of ``company`` in effect between two dates (among ``partners``)."""
        domain = [("company_id", "=", company.id), ("date_from", "<=", date_to), ("date_to", ">=", date_from)]
        if partners is not None:
            domain.append(("partner_id", "in", partners.ids))
        # sudo: the computation reads who is a direct customer, whatever the manager's record rules
        return self.sudo().search(domain).partner_id

    def _compute_sold_tons(self):
        for contract in self:
            contract.sold_tons = contract._ordered_tons() if contract.id else 0.0
            contract.remaining_tons = contract.annual_cap_tons - contract.sold_tons

    def _ordered_tons(self, orders=None):
        """Tons of the confirmed orders of the contract's period, plus ``orders`` (being confirmed)."""
        self.ensure_one()
        policy = self.env["dealer.rebate.policy"]
        # sudo: the volume counts every order of the customer, whoever took it; only a sum is returned
        confirmed_in_period = Domain(
            [
                ("state", "=", "sale"),
                ("order_id.date_order", ">=", self.date_from),
                ("order_id.date_order", "<", fields.Date.add(self.date_to, days=1)),
            ]
        )
        being_confirmed = Domain("order_id", "in", (orders or self.env["sale.order"]).ids)
        query = (
            self.env["sale.order.line"]
            .sudo()
            ._search(
                Domain("order_id.partner_id.commercial_partner_id", "=", self.partner_id.id)
                & Domain("company_id", "=", self.company_id.id)
                & Domain("display_type", "=", False)
                & (confirmed_in_period | being_confirmed)
            )
        )
        [(tons,)] = self.env.execute_query(
            SQL(
                """SELECT COALESCE(SUM(%(line_tons)s), 0)
                     FROM %(from_clause)s
                     JOIN product_product product ON product.id = sale_order_line.product_id
                     JOIN product_template template ON template.id = product.product_tmpl_id
                     JOIN uom_uom product_uom ON product_uom.id = template.uom_id
                     JOIN uom_uom line_uom ON line_uom.id = sale_order_line.product_uom_id
                    WHERE %(where_clause)s""",
                line_tons=policy._line_tons_sql(SQL.identifier("sale_order_line", "product_uom_qty")),
                from_clause=query.from_clause,
                where_clause=query.where_clause or SQL("TRUE"),
            )
        )
        return round(tons, 3)

    @api.model
    def _check_orders_within_cap(self, orders, confirmation_date=None):
        """DR-18: orders of a direct customer beyond its yearly volume are refused or flagged (policy).

        Returns the orders that go over their contract's volume (flagged when the policy warns).
        """
        over = self.env["sale.order"]
        for order in orders:
            day = fields.Date.to_date(confirmation_date or order.date_order)
            contract = self.sudo().search(
                [
                    ("partner_id", "=", order.partner_id.commercial_partner_id.id),
                    ("company_id", "=", order.company_id.id),
                    ("date_from", "<=", day),
                    ("date_to", ">=", day),
                ],
                limit=1,
            )
            if not contract:
                continue
            tons = contract._ordered_tons(order)
            if float_compare(tons, contract.annual_cap_tons, precision_digits=3) <= 0:
                continue
            message = self.env._(
                "%(customer)s is a direct customer: with %(order)s it would take %(tons)s t this contract year, "
                "above the %(cap)s t of contract %(contract)s. Beyond it, it buys through its dealer.",
                customer=contract.partner_id.display_name,
                order=order.name,
                tons=round(tons, 3),
                cap=contract.annual_cap_tons,
                contract=contract.name,
            )
            policy = self.env["dealer.rebate.policy"].sudo()._in_effect(order.company_id, day)
            if not policy or policy.direct_cap_action == "block":
                raise UserError(message)
            order.message_post(body=message)
            over |= order
        return over

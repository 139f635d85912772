from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .dealer_rebate_computation import period_bounds, period_label
from .dealer_rebate_policy import SUB_POINTS_PER_TON, SUB_REBATE_PER_TON

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


class DealerSubDistributorPurchase(models.Model):
    """DR-21: one purchase of a sub-distributor from its dealer, from a points card or a declaration."""

    _name = "dealer.sub.distributor.purchase"
    _description = "Sub-distributor Purchase"
    _order = "date desc, id desc"
    _check_company_auto = True

    sub_distributor_id = fields.Many2one(
        "dealer.sub.distributor", required=True, index=True, ondelete="cascade", check_company=True
    )
    partner_id = fields.Many2one(related="sub_distributor_id.partner_id", string="Dealer", store=True, index=True)
    company_id = fields.Many2one(related="sub_distributor_id.company_id", store=True, index=True)
    date = fields.Date(required=True, default=fields.Date.context_today)
    tons = fields.Float(string="Volume (t)", digits=(16, 3), required=True)
    source = fields.Selection(PURCHASE_SOURCES, required=True, default="card")
    product_note = fields.Char(string="Products")
    award_id = fields.Many2one("dealer.sub.distributor.award", readonly=True, copy=False, index=True)

    @api.constrains("tons")
    def _check_tons(self):
        if any(purchase.tons <= 0 for purchase in self):
            raise ValidationError(self.env._("A registered purchase has a positive volume in tons."))

    def write(self, vals):
        self._check_not_awarded()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_awarded(self):
        self._check_not_awarded()

    def _check_not_awarded(self):
        if not self.env.su and self.filtered("award_id"):
            raise UserError(self.env._("This purchase has earned its quarter's award: it can no longer change."))


class DealerSubDistributorAward(models.Model):
    """DR-21: the points and rebate a sub-distributor earns by its registered volume of a quarter."""

    _name = "dealer.sub.distributor.award"
    _description = "Sub-distributor Quarterly Award"
    _order = "date_from desc, partner_id, sub_distributor_id"
    _check_company_auto = True

    sub_distributor_id = fields.Many2one(
        "dealer.sub.distributor", required=True, readonly=True, index=True, ondelete="restrict", check_company=True
    )
    partner_id = fields.Many2one(related="sub_distributor_id.partner_id", string="Dealer", store=True)
    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    period = fields.Char(readonly=True, required=True)
    date_from = fields.Date(readonly=True, required=True)
    date_to = fields.Date(readonly=True, required=True)
    tons = fields.Float(string="Volume (t)", digits=(16, 3), readonly=True)
    points = fields.Float(digits=(16, 1), readonly=True)
    amount = fields.Monetary(string="Rebate", readonly=True)
    purchase_ids = fields.One2many("dealer.sub.distributor.purchase", "award_id", string="Purchases", readonly=True)

    _sub_quarter_uniq = models.UniqueIndex(
        "(sub_distributor_id, date_from)", "A sub-distributor earns one award per quarter."
    )

    @api.model
    def _cron_award_last_quarter(self):
        """DR-21: on the first days of a quarter, award the quarter that ended (idempotent)."""
        today = fields.Date.context_today(self)
        self.env["customer.batch.job"]._run_per_company(
            lambda company: (
                self.with_company(company)
                .with_context(lang=company._cc_lang())
                ._award_quarter(company, today - relativedelta(months=3))
            )
        )

    def action_award_last_quarter(self):
        if not self.env.user.has_group("dealer_rebate.dealer_rebate_group_manager"):
            raise UserError(self.env._("Only a dealer rebate manager awards the sub-distributors' quarter."))
        today = fields.Date.context_today(self)
        self.sudo()._award_quarter(self.env.company, today - relativedelta(months=3))
        return self.env["ir.actions.act_window"]._for_xml_id("dealer_rebate.dealer_sub_distributor_award_action")

    @api.model
    def _award_quarter(self, company, day):
        """Award the quarter of ``day``: one aggregate of the purchases not awarded yet, one create."""
        date_from, date_to = period_bounds(day, "quarter")
        policy = self.env["dealer.rebate.policy"]._in_effect(company, date_to)
        points_per_ton = policy.sub_points_per_ton if policy else SUB_POINTS_PER_TON
        rebate_per_ton = policy.sub_rebate_per_ton if policy else SUB_REBATE_PER_TON
        Purchase = self.env["dealer.sub.distributor.purchase"]
        domain = [
            ("company_id", "=", company.id),
            ("date", ">=", date_from),
            ("date", "<=", date_to),
            ("award_id", "=", False),
        ]
        rows = Purchase._read_group(domain, ["sub_distributor_id"], ["tons:sum", "id:array_agg"])
        awarded = self.search([("company_id", "=", company.id), ("date_from", "=", date_from)]).sub_distributor_id
        rows = [row for row in rows if row[0] not in awarded]
        awards = self.create(
            [
                {
                    "sub_distributor_id": sub.id,
                    "company_id": company.id,
                    "period": period_label(date_from, "quarter"),
                    "date_from": date_from,
                    "date_to": date_to,
                    "tons": tons,
                    "points": tons * points_per_ton,
                    "amount": company.currency_id.round(tons * rebate_per_ton),
                }
                for sub, tons, _ids in rows
            ]
        )
        for award, (_sub, _tons, purchase_ids) in zip(awards, rows, strict=True):
            Purchase.browse(purchase_ids).sudo().write({"award_id": award.id})
        return awards

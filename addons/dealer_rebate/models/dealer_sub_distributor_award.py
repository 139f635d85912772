"""DR-21: the points and rebate a sub-distributor earns by its registered volume of a quarter."""

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

from .dealer_rebate_computation import period_bounds, period_label
from .dealer_rebate_policy import SUB_POINTS_PER_TON, SUB_REBATE_PER_TON


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

"""DR-15 (seed 000, 总经销管理 3(4)(5)): the honour and the reward of a dealer outside the target system."""

from datetime import date

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command

from .dealer_rebate_computation import LINE_DEFAULTS, SETTLEMENT_DEFAULTS, period_bounds, period_label
from .dealer_rebate_settlement import MANAGER_GROUP

AWARD_TYPES = [("excellent", "Excellent Dealer"), ("commendation", "Commendation")]
# the excellent-dealer award is yearly; a commendation is given when it is deserved (及时给予表彰)
AWARD_PERIOD = {"excellent": "year", "commendation": "month"}


class DealerAward(models.Model):
    """DR-15 (seed 000, 总经销管理 3(4)(5)): the honour and the reward of a dealer outside the target system.

    "对优秀总经销，公司将给予精神和物质奖励" and "对维护公司声誉和利益的总经销，公司及时给予表彰或奖励":
    a rebate manager proposes the honour (the title written on the certificate and the notice) and,
    if any, a material reward; the market department manager approves, and the finance manager too
    when there is money (tier definitions). An approved reward becomes an approved rebate settlement
    of the dealer: accounting posts it, pays it or credits it to the receivable, and the dealer
    statement shows it, like any other rebate. DR-11: a dealer with more violations in the year than
    the policy allows is not eligible for the excellent-dealer award.
    """

    _name = "dealer.award"
    _description = "Dealer Award"
    _inherit = ["customer.flow.document.mixin", "customer.approval.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True
    _flow_fields = frozenset({"state", "settlement_id"})
    _frozen_fields = None  # every field but the chatter, once proposed

    partner_id = fields.Many2one(
        "res.partner",
        string="Dealer",
        required=True,
        index=True,
        check_company=True,
        tracking=True,
        domain="[('dr_status', '!=', False), ('is_company', '=', True)]",
    )
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    award_type = fields.Selection(AWARD_TYPES, required=True, default="excellent", tracking=True)
    date = fields.Date(required=True, default=fields.Date.context_today, tracking=True)
    year = fields.Integer(compute="_compute_year", store=True)
    title = fields.Char(
        string="Honour",
        required=True,
        tracking=True,
        help="The honour given (精神奖励): the title on the certificate and in the notice to the network.",
    )
    reason = fields.Text(required=True, help="What the dealer did to deserve it.")
    amount = fields.Monetary(
        string="Material Reward",
        tracking=True,
        help="Paid to the dealer as a rebate once approved (物质奖励); leave 0 for an honour only.",
    )
    violations_in_year = fields.Integer(
        string="Violations in the Year",
        compute="_compute_violations_in_year",
        help="The excellent-dealer award needs no more violations in the calendar year than the policy allows.",
    )
    state = fields.Selection(
        [("draft", "Draft"), ("approved", "Approved"), ("cancel", "Cancelled")],
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
        copy=False,
        index=True,
    )
    settlement_id = fields.Many2one(
        "dealer.rebate.settlement",
        string="Rebate Settlement",
        readonly=True,
        copy=False,
        help="The settlement that pays the material reward.",
    )
    settlement_state = fields.Selection(related="settlement_id.state", string="Payment Status")

    _amount_positive = models.Constraint("CHECK(amount >= 0)", "A material reward cannot be negative.")
    _excellent_once_a_year = models.UniqueIndex(
        "(partner_id, year, company_id) WHERE state != 'cancel' AND award_type = 'excellent'",
        "This dealer already has an excellent-dealer award for this year.",
    )

    @api.depends("date")
    def _compute_year(self):
        for award in self:
            award.year = award.date.year if award.date else 0

    @api.depends("partner_id", "year")
    def _compute_display_name(self):
        types = dict(self._fields["award_type"]._description_selection(self.env))
        for award in self:
            award.display_name = " ".join(
                part for part in (str(award.year or ""), types.get(award.award_type), award.partner_id.name) if part
            )

    @api.depends("partner_id", "year")
    def _compute_violations_in_year(self):
        counts = self._violation_counts()
        for award in self:
            award.violations_in_year = counts[award]

    @api.constrains("partner_id")
    def _check_dealer(self):
        for award in self:
            if not award.partner_id.commercial_partner_id.dr_status:
                raise ValidationError(self.env._("%(partner)s is not a dealer.", partner=award.partner_id.display_name))

    @api.model_create_multi
    def create(self, vals_list):
        self._check_manager()
        return super().create(vals_list)

    def _flow_hint(self):
        return self.env._("The state of an award and its settlement change through the approval, not by editing.")

    def _frozen_hint(self):
        return self.env._("A submitted or decided award cannot be changed.")

    def _unlink_hint(self):
        return self.env._("Only a draft award can be deleted; cancel the others.")

    # ------------------------------------------------------------------ actions
    def action_submit(self):
        return self.request_validation()

    def _cc_check_submission(self):
        """DR-11: a manager submits a draft award of an eligible dealer."""
        self._check_manager()
        for award in self:
            if award.state != "draft":
                raise UserError(self.env._("Only a draft award can be submitted."))
        self._check_eligible()
        return super()._cc_check_submission()

    def _on_fully_approved(self):
        # the year may have brought new violations while the award waited for its approvers
        self._check_eligible()
        # sudo: approvers act through the engine; the state and the settlement are refused to direct writes
        for award in self.sudo():
            settlement = award._create_settlement() if award.amount else award.settlement_id
            award.write({"state": "approved", "settlement_id": settlement.id})

    def action_cancel(self):
        """A posted reward stays paid: accounting reverses its settlement first."""
        self._check_manager()
        paid = self.settlement_id.filtered(lambda settlement: settlement.state == "posted")
        if paid:
            raise UserError(
                self.env._(
                    "The reward of %(settlement)s is posted: accounting reverses that settlement first.",
                    settlement=paid[0].display_name,
                )
            )
        self.settlement_id.filtered(lambda settlement: settlement.state != "cancel").action_cancel()
        # sudo: as in _on_fully_approved; the right was checked above
        self.sudo().write({"state": "cancel"})
        return True

    @api.readonly
    def action_open_settlement(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "dealer.rebate.settlement",
            "res_id": self.settlement_id.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    # ------------------------------------------------------------------ rules
    def _check_manager(self):
        if not self.env.su and not self.env.user.has_group(MANAGER_GROUP):
            raise AccessError(self.env._("Only a dealer rebate manager proposes or cancels dealer awards."))

    def _check_eligible(self):
        """DR-11: more violations in the award's year than the policy allows: no excellent-dealer award."""
        excellent = self.filtered(lambda award: award.award_type == "excellent")
        # counted again, not read from the cache: a violation may have been recorded since the form was opened
        counts = excellent._violation_counts()
        for award in excellent:
            limit = award._policy().excellent_max_violations
            if counts[award] > limit:
                raise UserError(
                    self.env._(
                        "%(dealer)s has %(count)s violations in %(year)s, more than the %(limit)s the policy "
                        "allows: it is not eligible for the excellent-dealer award.",
                        dealer=award.partner_id.display_name,
                        count=counts[award],
                        year=award.year,
                        limit=limit,
                    )
                )

    def _violation_counts(self):
        """DR-11: ``{award: the dealer's violations in the award's calendar year}``."""
        counts = {}
        for year in set(self.mapped("year")) - {0}:
            counts[year] = self.env["dealer.violation"]._count_by_partner(
                self.partner_id, date(year, 1, 1), date(year, 12, 31)
            )
        return {award: counts.get(award.year, {}).get(award.partner_id.id, 0) for award in self}

    def _policy(self):
        # sudo: the award reads the policy's limit and accounts, whoever proposes or approves it
        return self.env["dealer.rebate.policy"].sudo()._for_date(self.company_id, self.date)

    def _create_settlement(self):
        """The approved material reward as an approved settlement of the dealer's rebates."""
        self.ensure_one()
        return (
            self.env["dealer.rebate.settlement"]
            .sudo()
            .with_context(tracking_disable=True, mail_create_nolog=True)
            .create(self._prepare_settlement_vals())
        )

    def _prepare_settlement_vals(self):
        self.ensure_one()
        policy = self._policy()
        period_type = AWARD_PERIOD[self.award_type]
        date_from, date_to = period_bounds(self.date, period_type)
        period = period_label(date_from, period_type)
        # texts stored on the settlement and its journal entry are in the company's language
        lang_env = self.with_context(lang=self.company_id._cc_lang()).env
        award_type = dict(self._fields["award_type"]._description_selection(lang_env))[self.award_type]
        term = f"{award_type}: {self.title}"
        settlement_fields = self.env["dealer.rebate.settlement"]._fields
        label = dict(settlement_fields["component"]._description_selection(lang_env))["award"]
        return {
            **SETTLEMENT_DEFAULTS,
            "name": f"{period} {label} {self.partner_id.name}",
            "partner_id": self.partner_id.id,
            "company_id": self.company_id.id,
            "policy_id": policy.id,
            "component": "award",
            "award_id": self.id,
            "period_type": period_type,
            "period": period,
            "date_from": date_from,
            "date_to": date_to,
            "tons": 0.0,
            "weighted_tons": 0.0,
            "rate": 0.0,
            "amount": self.amount,
            "state": "approved",
            "formula": f"{period} {label} {term}",
            "line_ids": [
                Command.create(
                    {
                        **LINE_DEFAULTS,
                        "line_type": "amount",
                        "name": term,
                        "amount": self.amount,
                        "sequence": 0,
                        "company_id": self.company_id.id,
                    }
                )
            ],
        }

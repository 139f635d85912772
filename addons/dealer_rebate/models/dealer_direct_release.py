"""DR-19 (seed 000): the year-end decision on a direct customer's withheld discounts."""

from datetime import date

from odoo import api, fields, models
from odoo.exceptions import AccessError, LockError, UserError, ValidationError
from odoo.fields import Command
from odoo.tools import float_compare

from odoo.addons.customer_comm.models.customer_flow_document_mixin import CHATTER_FIELDS

from .dealer_rebate_settlement import ACCOUNTING_GROUP, MANAGER_GROUP

DECISIONS = [("full", "Release in Full"), ("partial", "Release in Part"), ("none", "Release Nothing")]


class DealerDirectRelease(models.Model):
    """DR-19 (seed 000): the year-end decision on a direct customer's withheld discounts.

    "到年底，视其守规程度来考虑是不发还是发一部分还是全发": a manager proposes to release the
    year's withheld share in full, in part or not at all; the market department manager approves
    (tier definition); accounting posts the release: the withheld liability is cleared, the
    released part becomes payable to the customer and the rest reduces the rebate expense.
    """

    _name = "dealer.direct.release"
    _description = "Direct Customer Year-End Release"
    _inherit = ["customer.flow.document.mixin", "customer.approval.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "year desc, partner_id"
    _check_company_auto = True
    # the decision is the approvers' to change; the figures and the entry come from the books
    _flow_fields = frozenset({"state", "withheld_amount", "move_id"})
    _frozen_fields = None  # every field but the chatter, once proposed
    _always_editable = CHATTER_FIELDS | {"compliance_note"}

    partner_id = fields.Many2one(
        "res.partner", string="Direct Customer", required=True, index=True, check_company=True, tracking=True
    )
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    year = fields.Integer(required=True, default=lambda self: fields.Date.today().year, tracking=True)
    state = fields.Selection(
        [("draft", "Draft"), ("approved", "Approved"), ("posted", "Posted"), ("cancel", "Cancelled")],
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
        copy=False,
        index=True,
    )
    withheld_amount = fields.Monetary(
        string="Withheld in the Year",
        readonly=True,
        help="The withheld share of the customer's posted direct discounts of the year (reversals deducted).",
    )
    decision = fields.Selection(DECISIONS, required=True, default="full", tracking=True)
    released_amount = fields.Monetary(
        string="Released",
        compute="_compute_released_amount",
        store=True,
        readonly=False,
        tracking=True,
        help="Paid to the customer; the rest of the withheld amount is not paid.",
    )
    compliance_note = fields.Text(string="Compliance", help="How the customer kept the rules during the year.")
    move_id = fields.Many2one("account.move", string="Journal Entry", readonly=True, copy=False)

    _partner_year_uniq = models.UniqueIndex(
        "(partner_id, year, company_id) WHERE state != 'cancel'",
        "This direct customer already has a year-end decision for this year.",
    )

    @api.depends("partner_id", "year")
    def _compute_display_name(self):
        for release in self:
            release.display_name = f"{release.partner_id.name or ''} {release.year or ''}".strip()

    @api.depends("decision", "withheld_amount")
    def _compute_released_amount(self):
        for release in self:
            if release.decision == "full":
                release.released_amount = release.withheld_amount
            elif release.decision == "none":
                release.released_amount = 0.0

    @api.constrains("released_amount", "withheld_amount")
    def _check_released_amount(self):
        for release in self:
            if release.released_amount < 0 or (
                float_compare(release.released_amount, release.withheld_amount, precision_digits=2) > 0
            ):
                raise ValidationError(
                    self.env._(
                        "The released amount is between 0 and the %(withheld)s withheld in the year.",
                        withheld=release.withheld_amount,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        self._check_manager()
        return super().create(vals_list)

    @api.model
    def _flow_create_vals(self, vals):
        company = self.env["res.company"].browse(vals.get("company_id")) or self.env.company
        partner = self.env["res.partner"].browse(vals.get("partner_id"))
        year = vals.get("year") or fields.Date.today().year
        return {**vals, "withheld_amount": self._withheld_in_year(partner, company, year)}

    def _flow_hint(self):
        return self.env._("The withheld amount, the state and the entry of a year-end release come from the books.")

    def _frozen_hint(self):
        return self.env._("A submitted or decided year-end release cannot be changed.")

    def _unlink_hint(self):
        return self.env._("Only a draft year-end release can be deleted.")

    @api.model
    def _withheld_in_year(self, partner, company, year):
        """The withheld share of the year's posted direct discounts (a reversed one is cancelled: not counted)."""
        # sudo: the figure is read from the books, whoever proposes the release
        settlements = (
            self.env["dealer.rebate.settlement"]
            .sudo()
            .search(
                [
                    ("partner_id", "=", partner.id),
                    ("company_id", "=", company.id),
                    ("component", "=", "direct"),
                    ("state", "=", "posted"),
                    ("date_from", ">=", date(year, 1, 1)),
                    ("date_to", "<=", date(year, 12, 31)),
                ]
            )
        )
        return sum(settlements.mapped("withheld_amount"))

    def _refresh_withheld(self):
        for release in self:
            # sudo: the withheld amount is refused to direct writes; it comes from the books
            release.sudo().withheld_amount = self._withheld_in_year(
                release.partner_id, release.company_id, release.year
            )

    # ------------------------------------------------------------------ actions
    def action_submit(self):
        return self.request_validation()

    def _cc_check_submission(self):
        """DR-19: a manager submits a draft release."""
        self._check_manager()
        for release in self:
            if release.state != "draft":
                raise UserError(self.env._("Only a draft year-end release can be submitted."))
        return super()._cc_check_submission()

    def _cc_request_validation(self):
        # the approvers decide on the amount withheld in the books when the release is submitted
        self._refresh_withheld()
        return super()._cc_request_validation()

    def _on_fully_approved(self):
        # sudo: approvers act through the engine; the state is refused to direct writes
        self.sudo().write({"state": "approved"})

    def action_post(self):
        """DR-19: accounting posts the decision: withheld liability cleared, released part payable."""
        self._check_accountant()
        try:
            self.lock_for_update()
        except LockError:
            raise UserError(self.env._("These releases are being posted by someone else.")) from None
        self.invalidate_recordset(["state"])
        for release in self:
            if release.state != "approved":
                raise UserError(
                    self.env._("%(release)s is not approved, or already posted.", release=release.display_name)
                )
        for release in self:
            move = self.env["account.move"]
            if release.withheld_amount:
                move = self.env["account.move"].create(release._prepare_move_vals())
                move.action_post()
            # sudo: as in _on_fully_approved; the right was checked above
            release.sudo().write({"state": "posted", "move_id": move.id})
        return True

    def action_cancel(self):
        self._check_manager()
        if self.filtered(lambda release: release.state == "posted"):
            raise UserError(self.env._("A posted year-end release stays: reverse its journal entry in Accounting."))
        # sudo: as in _on_fully_approved
        self.sudo().write({"state": "cancel"})
        return True

    @api.readonly
    def action_open_move(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("account.action_move_journal_line")
        action.update({"res_id": self.move_id.id, "view_mode": "form", "views": [(False, "form")]})
        return action

    # ------------------------------------------------------------------ checks
    def _check_manager(self):
        if not self.env.su and not self.env.user.has_group(MANAGER_GROUP):
            raise AccessError(self.env._("Only a dealer rebate manager proposes or cancels the year-end release."))

    def _check_accountant(self):
        if not self.env.user.has_group(ACCOUNTING_GROUP):
            raise AccessError(self.env._("Only accounting posts the year-end release."))

    def _policy(self):
        return self.env["dealer.rebate.policy"].sudo()._for_date(self.company_id, date(self.year, 12, 31))

    def _prepare_move_vals(self):
        self.ensure_one()
        policy = self._policy()
        policy._check_accounting_setup()
        policy._check_withheld_account()
        decisions = dict(self._fields["decision"]._description_selection(self.env))
        label = self.env._(
            "%(year)s direct customer withheld discount: %(decision)s",
            year=self.year,
            decision=decisions[self.decision],
        )
        common = {"name": label, "partner_id": self.partner_id.id}
        lines = [Command.create({**common, "account_id": policy.withheld_account_id.id, "debit": self.withheld_amount})]
        if self.released_amount:
            lines.append(
                Command.create({**common, "account_id": policy.payable_account_id.id, "credit": self.released_amount})
            )
        forfeited = self.currency_id.round(self.withheld_amount - self.released_amount)
        if forfeited:
            lines.append(Command.create({**common, "account_id": policy.expense_account_id.id, "credit": forfeited}))
        return {
            "move_type": "entry",
            "journal_id": policy.journal_id.id,
            "company_id": self.company_id.id,
            "date": max(date(self.year, 12, 31), fields.Date.context_today(self)),
            "ref": label,
            "partner_id": self.partner_id.id,
            "line_ids": lines,
        }

from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, LockError, UserError
from odoo.fields import Command
from odoo.tools import SQL, float_compare, float_is_zero, format_date

from .dealer_rebate_policy import month_start

COMPONENTS = [
    ("base_freight", "Base Rebate and Freight"),
    ("completion", "Completion Bonus"),
    ("exclusive", "Exclusive Bonus"),
    ("standard", "Standard Reward"),
    ("monthly_exclusive", "Monthly Exclusive Bonus"),
    ("over_target", "Over-Target Bonus"),
    ("direct", "Direct Customer Discount"),
    ("transition", "Transitional Rebate"),
    ("award", "Dealer Award"),
]
UNCONVERTIBLE_SHOWN = 20  # lines without tons listed on a settlement for whoever cannot open them
MONTHLY_COMPONENTS = ["base_freight", "standard", "monthly_exclusive", "over_target", "direct", "transition"]
# what the computation reads of every dealer, fetched with the dealers
PARTNER_FIELDS_READ = ["name", "dr_status", "dr_target_system", "dr_exclusive", "cc_region_id"]
# DR-19 / DR-23: components that are not a dealer's reward for its own active dealership
NON_DEALER_COMPONENTS = frozenset({"direct", "transition"})
PERIOD_END_COMPONENTS = ["completion", "exclusive"]
# DR-15: the other components are the monthly rewards of dealers outside the target system
TARGET_SYSTEM_COMPONENTS = frozenset({"base_freight", "completion", "exclusive"})
# the state and every figure come from the computation and the approval, never from an edit
EDITABLE_FIELDS = frozenset({"note", "message_follower_ids", "activity_ids", "message_ids"})
MANAGER_GROUP = "dealer_rebate.dealer_rebate_group_manager"
ACCOUNTING_GROUP = "account.group_account_invoice"
POST_BATCH_SIZE = 100
# every settlement and term of a computation is created with the same columns, so that Odoo inserts
# them 100 rows per query (rows with different columns are inserted separately)
SETTLEMENT_DEFAULTS = {
    "target_tons": 0.0,
    "completion_ratio": 0.0,
    "coefficient": 0.0,
    "competitor_tons": 0.0,
    "unscored_months": False,
    "withheld_amount": 0.0,
}
LINE_DEFAULTS = {
    "month": False,
    "tons": 0.0,
    "weighted_tons": 0.0,
    "target_tons": 0.0,
    "violation_id": False,
    "coefficient": 0.0,
    "rate": 0.0,
    "amount": 0.0,
}


def period_bounds(day, period_type):
    """The first and last day of the month, quarter or year containing ``day``."""
    if period_type == "month":
        start = month_start(day)
        return start, start + relativedelta(months=1, days=-1)
    if period_type == "quarter":
        start = day.replace(month=3 * ((day.month - 1) // 3) + 1, day=1)
        return start, start + relativedelta(months=3, days=-1)
    start = day.replace(month=1, day=1)
    return start, start.replace(month=12, day=31)


def period_label(date_from, period_type):
    if period_type == "month":
        return date_from.strftime("%Y-%m")
    if period_type == "quarter":
        return f"{date_from.year} Q{(date_from.month - 1) // 3 + 1}"
    return str(date_from.year)


def months_of(date_from, date_to):
    months, month = [], month_start(date_from)
    while month <= date_to:
        months.append(month)
        month += relativedelta(months=1)
    return months


def num(value, max_digits=3, min_digits=0):
    """A figure of a formula: no trailing zeros beyond ``min_digits`` decimals."""
    text = f"{value:.{max_digits}f}".rstrip("0").rstrip(".") if max_digits else f"{value:.0f}"
    if min_digits:
        whole, _sep, decimals = text.partition(".")
        text = f"{whole}.{decimals.ljust(min_digits, '0')}"
    return text


class DealerRebateSettlement(models.Model):
    """DR-8 … DR-10, DR-13, DR-14, DR-16: one rebate component of one dealer for one period.

    Computed for all dealers of a period at once (``_generate``), approved by the market department
    manager then the finance manager (tier definitions), posted as one journal entry in the rebate
    journal, cancelled by reversing that entry. One live settlement per dealer, period and component.
    """

    _name = "dealer.rebate.settlement"
    _description = "Dealer Rebate Settlement"
    _inherit = ["customer.approval.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "date_from desc, partner_id, component"
    _check_company_auto = True
    _state_from = ["draft"]
    _state_to = ["approved"]
    _cancel_state = "cancel"

    name = fields.Char(readonly=True, required=True)
    partner_id = fields.Many2one(
        "res.partner", string="Dealer", required=True, readonly=True, index=True, check_company=True
    )
    region_id = fields.Many2one(related="partner_id.cc_region_id", string="Sales Region", store=True)
    salesperson_id = fields.Many2one(related="partner_id.user_id", string="Salesperson")
    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    policy_id = fields.Many2one("dealer.rebate.policy", required=True, readonly=True, check_company=True)
    component = fields.Selection(COMPONENTS, required=True, readonly=True)
    period_type = fields.Selection(
        [("month", "Month"), ("quarter", "Quarter"), ("year", "Year")], required=True, readonly=True
    )
    period = fields.Char(readonly=True, required=True)
    date_from = fields.Date(readonly=True, required=True)
    date_to = fields.Date(readonly=True, required=True)
    state = fields.Selection(
        [("draft", "Draft"), ("approved", "Approved"), ("posted", "Posted"), ("cancel", "Cancelled")],
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
        copy=False,
        index=True,
    )
    tons = fields.Float(string="Volume (t)", digits=(16, 3), readonly=True)
    weighted_tons = fields.Float(
        string="Weighted Volume (t)", digits=(16, 3), readonly=True, help="Volume × product category weights."
    )
    target_tons = fields.Float(string="Target (t)", digits=(16, 3), readonly=True)
    completion_ratio = fields.Float(digits=(8, 4), readonly=True)
    coefficient = fields.Float(string="Conduct Deductions", digits=(8, 3), readonly=True)
    competitor_tons = fields.Float(string="Competing Volume (t)", digits=(16, 3), readonly=True)
    rate = fields.Monetary(string="Rate per Ton", readonly=True)
    amount = fields.Monetary(readonly=True, tracking=True, help="The sum of the amount terms.")
    withheld_amount = fields.Monetary(
        string="Withheld Until Year End",
        readonly=True,
        help="The share of a direct customer's discount kept in a liability account until the year-end decision.",
    )
    formula = fields.Char(readonly=True, help="The terms of the amount, as printed on the journal entry.")
    line_ids = fields.One2many("dealer.rebate.settlement.line", "settlement_id", string="Terms", readonly=True)
    unconvertible_line_ids = fields.Many2many(
        "account.move.line",
        string="Lines Without Tons",
        readonly=True,
        help="Invoice lines of the dealer in the period whose tons could not be determined: "
        "give their product a weight or sell it in a weight unit, then recompute.",
    )
    unconvertible_move_ids = fields.Many2many(
        "stock.move",
        string="Deliveries Without Tons",
        readonly=True,
        help="Deliveries to the dealer in the period whose tons could not be determined (policy counting deliveries).",
    )
    unconvertible_summary = fields.Text(
        string="Without Tons",
        compute="_compute_unconvertible_summary",
        compute_sudo=True,
        help="The invoice lines or deliveries without tons, one per line, for whoever computes the rebates "
        "(the lists themselves are for accounting and the warehouse).",
    )
    unscored_months = fields.Char(
        string="Months Without Approved Score",
        readonly=True,
        help="Only approved monthly conduct scores are deducted.",
    )
    move_id = fields.Many2one("account.move", string="Journal Entry", readonly=True, copy=False, index="btree_not_null")
    reversal_move_id = fields.Many2one("account.move", string="Reversal Entry", readonly=True, copy=False)
    offset_move_id = fields.Many2one(
        "account.move",
        string="Offset Entry",
        readonly=True,
        copy=False,
        help="The entry that paid the rebate by crediting it against the dealer's receivable.",
    )
    is_paid = fields.Boolean(
        string="Paid",
        compute="_compute_is_paid",
        compute_sudo=True,  # read by every user of the settlement, from entries only accounting may open
        help="The rebate payable of the entry is settled, by an offset against the receivable or by a payment.",
    )
    award_id = fields.Many2one(
        "dealer.award", string="Dealer Award", readonly=True, index="btree_not_null", help="DR-15: the award this pays."
    )
    note = fields.Text()

    # a dealer may get several awards in a period: each award has its own settlement
    _live_settlement_uniq = models.UniqueIndex(
        "(partner_id, date_from, component, company_id) WHERE state != 'cancel' AND award_id IS NULL",
        "This dealer already has a settlement of this component for the period: recompute or reverse it.",
    )

    @api.depends("unconvertible_line_ids", "unconvertible_move_ids")
    def _compute_unconvertible_summary(self):
        # sudo (compute_sudo): a rebate manager may not read invoices or stock moves, yet must know
        # which products lack a weight to have them fixed; only these few labels are shown
        for settlement in self:
            records = settlement.unconvertible_line_ids or settlement.unconvertible_move_ids
            lines = [settlement._unconvertible_label(record) for record in records[:UNCONVERTIBLE_SHOWN]]
            if len(records) > UNCONVERTIBLE_SHOWN:
                lines.append(self.env._("… and %(count)s more", count=len(records) - UNCONVERTIBLE_SHOWN))
            settlement.unconvertible_summary = "\n".join(lines) or False

    def _unconvertible_label(self, record):
        """One line of the summary: document, date, product, quantity and unit."""
        if record._name == "stock.move":
            document, unit = record.reference, record.product_uom
        else:
            document, unit = record.move_name, record.product_uom_id
        details = [document, format_date(self.env, record.date), record.product_id.display_name]
        return " · ".join(filter(None, [*details, f"{record.quantity:g} {unit.name or ''}".strip()]))

    @api.depends("move_id.line_ids.reconciled", "policy_id.payable_account_id")
    def _compute_is_paid(self):
        for settlement in self:
            payable = settlement._payable_lines()
            settlement.is_paid = bool(payable) and all(line.reconciled for line in payable)

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            raise AccessError(self.env._("Rebate settlements are computed, not typed in."))
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su and vals.keys() - EDITABLE_FIELDS:
            raise AccessError(self.env._("The figures and the state of a rebate settlement cannot be edited."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_not_draft(self):
        if any(settlement.state != "draft" for settlement in self):
            raise UserError(self.env._("Only draft settlements can be deleted; cancel or reverse the others."))

    # ------------------------------------------------------------------ actions
    def action_submit(self):
        return self.request_validation()

    def _cc_check_submission(self):
        """DR-16: a manager submits a draft settlement."""
        self._check_manager()
        for settlement in self:
            if settlement.state != "draft":
                raise UserError(self.env._("Only a draft settlement can be submitted."))
        return super()._cc_check_submission()

    def action_post(self):
        """DR-16: an accountant posts approved settlements, each one exactly once."""
        self._check_accountant()
        try:
            self.lock_for_update()
        except LockError:
            raise UserError(self.env._("These settlements are being posted by someone else.")) from None
        self.invalidate_recordset(["state"])
        not_approved = self.filtered(lambda settlement: settlement.state != "approved")
        if not_approved:
            raise UserError(
                self.env._(
                    "%(settlement)s is not approved, or already posted.",
                    settlement=not_approved[0].display_name,
                )
            )
        self._post_locked()
        return True

    def action_cancel(self):
        """DR-13: drafts and approved settlements are cancelled; a posted one is reversed, never edited."""
        posted = self.filtered(lambda settlement: settlement.state == "posted")
        if posted:
            posted._check_accountant()
        if self - posted:
            (self - posted)._check_manager()
        try:
            self.lock_for_update()
        except LockError:
            raise UserError(self.env._("These settlements are being changed by someone else.")) from None
        self.invalidate_recordset(["state"])
        posted = self.filtered(lambda settlement: settlement.state == "posted")
        posted._reverse()
        # sudo: the state is refused to direct writes; the rights were checked above
        (self - posted).filtered(lambda s: s.state != "cancel").sudo().write({"state": "cancel"})
        return True

    def action_offset_receivable(self):
        """DR-16: pay posted rebates by crediting them against the dealers' receivables, in one click.

        Odoo refuses a payable account on a sale document, so the "credit note" is an entry of the
        rebate journal: rebate payable debit, dealer receivable credit. Its payable line is reconciled
        with the settlement's; its receivable line with the dealer's open invoices, oldest first.
        """
        self._check_accountant()
        try:
            self.lock_for_update()
        except LockError:
            raise UserError(self.env._("These settlements are being changed by someone else.")) from None
        self.invalidate_recordset(["state", "offset_move_id"])
        for settlement in self:
            if settlement.state != "posted" or not settlement.move_id or settlement.is_paid:
                raise UserError(
                    self.env._(
                        "%(settlement)s is not a posted, unpaid rebate: nothing to credit to the dealer.",
                        settlement=settlement.display_name,
                    )
                )
        moves = self.env["account.move"].create([settlement._prepare_offset_vals() for settlement in self])
        moves.action_post()
        for settlement, move in zip(self, moves, strict=True):
            # sudo: the entry fields are refused to direct writes; the rights were checked above
            settlement.sudo().offset_move_id = move
            offset_payable = move.line_ids.filtered(lambda line: line.account_id.account_type != "asset_receivable")
            (settlement._payable_lines() | offset_payable).reconcile()
            settlement._reconcile_with_open_invoices(move.line_ids - offset_payable)
        return True

    def _payable_lines(self):
        self.ensure_one()
        return self.move_id.line_ids.filtered(lambda line: line.account_id == self.policy_id.payable_account_id)

    def _prepare_offset_vals(self):
        self.ensure_one()
        dealer = self.partner_id.commercial_partner_id.with_company(self.company_id)
        receivable = dealer.property_account_receivable_id
        label = self.env._("Rebate credited to the receivable: %(settlement)s", settlement=self.name)
        common = {"name": label, "partner_id": dealer.id}
        return {
            "move_type": "entry",
            "journal_id": self.policy_id.journal_id.id,
            "company_id": self.company_id.id,
            "date": max(self.move_id.date, fields.Date.context_today(self)),
            "ref": label,
            "partner_id": dealer.id,
            "line_ids": [
                Command.create({**common, "account_id": self.policy_id.payable_account_id.id, "debit": self.amount}),
                Command.create({**common, "account_id": receivable.id, "credit": self.amount}),
            ],
        }

    def _reconcile_with_open_invoices(self, credit_line):
        """Match the credit with the dealer's open invoices, oldest due first, as far as it goes."""
        open_invoices = self.env["account.move.line"].search(
            [
                ("account_id", "=", credit_line.account_id.id),
                ("partner_id", "=", credit_line.partner_id.id),
                ("parent_state", "=", "posted"),
                ("reconciled", "=", False),
                ("balance", ">", 0),
                ("company_id", "=", credit_line.company_id.id),
            ],
            order="date_maturity, id",
        )
        if open_invoices:
            (credit_line | open_invoices).reconcile()

    def action_open_move(self):
        self.ensure_one()
        moves = self.move_id | self.reversal_move_id | self.offset_move_id
        action = self.env["ir.actions.act_window"]._for_xml_id("account.action_move_journal_line")
        if len(moves) == 1:
            action.update({"res_id": moves.id, "view_mode": "form", "views": [(False, "form")]})
        else:
            action["domain"] = [("id", "in", moves.ids)]
        return action

    # ------------------------------------------------------------------ approval
    def _on_fully_approved(self):
        # sudo: approvers act through the engine; the state is refused to direct writes
        self.sudo().write({"state": "approved"})

    # ------------------------------------------------------------------ checks
    def _check_manager(self):
        if not self.env.user.has_group(MANAGER_GROUP):
            raise AccessError(self.env._("Only a dealer rebate manager can compute, submit or cancel settlements."))

    def _check_accountant(self):
        if not self.env.user.has_group(ACCOUNTING_GROUP):
            raise AccessError(self.env._("Only accounting can post or reverse rebate settlements."))

    # ------------------------------------------------------------------ posting
    def _post_locked(self):
        """Post settlements already locked and checked approved: one ``create`` of all their entries."""
        if not self:
            return self.env["account.move"]
        for policy in self.policy_id:
            policy._check_accounting_setup()
        self.filtered("withheld_amount").policy_id._check_withheld_account()
        payable = self.filtered(lambda s: not s.currency_id.is_zero(s.amount))
        moves = self.env["account.move"].create(payable._prepare_moves_vals())
        moves.action_post()
        # nothing to pay (bonus at zero): posted without an entry
        self._mark_posted(dict(zip(payable.ids, moves.ids, strict=True)))
        return moves

    def _prepare_moves_vals(self):
        """The entries of ``self`` (``_prepare_move_vals``), with what Odoo would compute entry by entry
        read once for the batch (Q-15): the dealers' accounting fields (fiscal position) in one
        query, and no analytic distribution when the company has no analytic distribution model
        (Odoo would search the models once per line to find none)."""
        if not self:
            return []
        self.partner_id.with_company(self.env.company).mapped("property_account_position_id")
        vals_list = [settlement._prepare_move_vals() for settlement in self]
        no_analytic = not (
            self.env["account.analytic.distribution.model"]
            .sudo()
            .search_count([("company_id", "in", [False, *self.company_id.ids])], limit=1)
        )
        if no_analytic:
            for vals in vals_list:
                for command in vals["line_ids"]:
                    command[2].setdefault("analytic_distribution", False)
        return vals_list

    def _mark_posted(self, move_of):
        """State 'posted' and the entry of each settlement (``{settlement id: move id}``) in one UPDATE.

        A ``write`` costs four queries per settlement here (the approval engine checks its
        exceptions record by record, Q-15); the UPDATE is tracked in the chatter as the write
        was (``_track_prepare``) and what depends on the state is recomputed (``modified``).
        """
        # sudo: the state and the entry are refused to direct writes; the caller checked the rights
        settlements = self.sudo()
        settlements._track_prepare(["state", "move_id"])
        settlements.flush_recordset()
        self.env.cr.execute(
            SQL(
                "UPDATE dealer_rebate_settlement AS s SET state = 'posted', move_id = v.move_id, "
                "write_uid = %s, write_date = %s FROM unnest(%s::int4[], %s::int4[]) AS v(id, move_id) "
                "WHERE s.id = v.id",
                self.env.uid,
                self.env.cr.now(),
                settlements.ids,
                [move_of.get(settlement_id) for settlement_id in settlements.ids],
            )
        )
        settlements.invalidate_recordset(["state", "move_id", "write_uid", "write_date"])
        settlements.modified(["state", "move_id"])

    def _prepare_move_vals(self):
        self.ensure_one()
        policy = self.policy_id
        common = {"name": self.formula, "partner_id": self.partner_id.id}
        lines = [
            Command.create({**common, "account_id": policy.expense_account_id.id, "debit": self.amount}),
            Command.create(
                {**common, "account_id": policy.payable_account_id.id, "credit": self.amount - self.withheld_amount}
            ),
        ]
        if self.withheld_amount:
            lines.append(
                Command.create({**common, "account_id": policy.withheld_account_id.id, "credit": self.withheld_amount})
            )
        return {
            "move_type": "entry",
            "journal_id": policy.journal_id.id,
            "company_id": self.company_id.id,
            "date": self.date_to,
            "ref": self.name,
            "partner_id": self.partner_id.id,
            "line_ids": lines,
        }

    def _reverse(self):
        """DR-16 / Q-13: cancel posted settlements by Odoo's reversal of their entries."""
        with_move = self.filtered("move_id")
        paid = with_move.filtered(
            lambda s: any(line.reconciled or line.matched_debit_ids for line in s._payable_lines())
        )
        if paid:
            raise UserError(
                self.env._(
                    "%(settlement)s was already paid to the dealer: reverse the payment first.",
                    settlement=paid[0].display_name,
                )
            )
        for settlement in with_move:
            reversal = settlement.move_id._reverse_moves(
                [
                    {
                        "ref": self.env._("Reversal of %(settlement)s", settlement=settlement.name),
                        "date": max(settlement.move_id.date, fields.Date.context_today(self)),
                    }
                ],
                cancel=True,
            )
            # sudo: as in _post_locked
            settlement.sudo().write({"state": "cancel", "reversal_move_id": reversal.id})
        (self - with_move).sudo().write({"state": "cancel"})

    @api.model
    def _cron_post_approved(self):
        """DR-16 / X-6: post every approved settlement, company by company, in committed batches (idempotent)."""
        self.env["res.company"]._cc_run_per_company(self._post_company_approved)

    @api.model
    def _post_company_approved(self, company):
        approved = self.search([("state", "=", "approved"), ("company_id", "=", company.id)], order="id")
        return company._cc_run_in_batches(approved, self._post_batch, POST_BATCH_SIZE)

    @api.model
    def _post_batch(self, settlements):
        """Lock what no other transaction holds, re-check it is still approved, post it in one create."""
        locked = settlements.try_lock_for_update()
        locked.invalidate_recordset(["state"])
        to_post = locked.filtered(lambda s: s.state == "approved")
        for company in to_post.company_id:
            to_post.filtered(lambda s, c=company: s.company_id == c).with_company(company)._post_locked()

    # ------------------------------------------------------------------ computation
    @api.model
    def _generate(self, policy, period_type, day, partners=None):
        """DR-13: compute the settlements of one period for all dealers (or ``partners``).

        ``period_type`` 'month' gives the base rebate and freight (DR-8, DR-9) of the dealers
        under the target system and the monthly rewards of the others (DR-15); the policy's
        completion period ('quarter' or 'year') gives the completion bonus (DR-10) and the
        exclusive bonus (DR-14). A draft of the same dealer, period and component is replaced;
        an approved or posted one is left alone (cancel or reverse it to redo). A fixed number
        of queries whatever the number of dealers.

        Returns ``(settlements, skipped)``, ``skipped`` being ``{partner: reason}``.
        """
        self._check_manager()
        policy.check_access("read")
        date_from, date_to = period_bounds(day, period_type)
        if period_type == "month":
            components = MONTHLY_COMPONENTS
        elif period_type == policy.completion_period:
            components = PERIOD_END_COMPONENTS
        else:
            raise UserError(
                self.env._(
                    "The completion bonus of this policy is settled by %(period)s.", period=policy.completion_period
                )
            )
        # sudo: the manager's right was checked; settlements are written by the computation only
        Settlement = self.sudo().with_context(
            tracking_disable=True, mail_create_nolog=True, mail_create_nosubscribe=True
        )
        if partners is None:
            domain = [("dr_status", "=", "active"), ("company_id", "in", [False, policy.company_id.id])]
            if period_type != "month":
                domain.append(("dr_target_system", "=", True))
            partners = self.env["res.partner"].search_fetch(domain, PARTNER_FIELDS_READ)
            if period_type == "month":
                partners |= self.env["dealer.direct.contract"]._customers_between(policy.company_id, date_from, date_to)
                partners |= self.env["dealer.transition"]._in_effect(policy.company_id, date_from, date_to).partner_id
        existing = Settlement.search(
            [
                ("partner_id", "in", partners.ids),
                ("company_id", "=", policy.company_id.id),
                ("date_from", "=", date_from),
                ("component", "in", components),
                ("state", "!=", "cancel"),
            ]
        )
        settled = {(s.partner_id.id, s.component) for s in existing if s.state != "draft"}
        existing.filtered(lambda s: s.state == "draft").unlink()
        computation = _Computation(self.env, policy, period_type, date_from, date_to, partners)
        # what the loop reads of the dealers, in one query (not one per 1,000 dealers)
        partners.fetch(PARTNER_FIELDS_READ)
        vals_list, skipped = [], {}
        for component in components:
            for partner in partners:
                if (partner.id, component) in settled or not computation.applies(partner, component):
                    continue
                vals, reason = computation.settlement_vals(partner, component)
                if reason:
                    skipped.setdefault(partner, reason)
                elif vals:
                    # the stored related region, inserted with the row instead of updated 100 rows per query
                    vals_list.append({**vals, "region_id": partner.cc_region_id.id})
        settlements = Settlement._insert_computed(vals_list)
        return self.browse(settlements.ids), skipped

    @api.model
    def _insert_computed(self, vals_list):
        """Q-15: insert computed settlements, their terms and their unconvertible lines, one query per table.

        Odoo's ``create`` inserts 100 rows per query, so 7,500 settlements and their 40,000 terms
        cost some 500 queries; the values of a computation are plain columns (every settlement with
        the same keys, see ``SETTLEMENT_DEFAULTS``), the terms ``Command.create`` and the
        many2many ``Command.set``: they go in with one ``INSERT … SELECT FROM unnest(…)`` per table.
        What ``create`` would add is added here: the magic columns, the defaults (draft, no
        review), the stored computed fields not given (computed by the ORM) and the dependencies
        of other models (``modified``). Called in sudo by ``_generate`` (mail tracking is off there).
        """
        if not vals_list:
            return self.browse()
        rows, terms, relations = [], [], defaultdict(list)
        for index, vals in enumerate(vals_list):
            row = dict(vals)
            for command in row.pop("line_ids", []):
                terms.append((index, command[2]))
            for fname in [name for name in row if self._fields[name].type == "many2many"]:
                relations[fname].extend((index, record_id) for record_id in row.pop(fname)[0][2])
            rows.append(row)
        settlements, inserted = _insert_rows(self, rows)
        ids = settlements.ids
        if terms:
            _insert_rows(
                self.env["dealer.rebate.settlement.line"],
                [{**line, "settlement_id": ids[index]} for index, line in terms],
            )
        for fname, pairs in relations.items():
            field = self._fields[fname]
            self.env.cr.execute(
                SQL(
                    "INSERT INTO %s (%s, %s) SELECT * FROM unnest(%s::int4[], %s::int4[]) ON CONFLICT DO NOTHING",
                    SQL.identifier(field.relation),
                    SQL.identifier(field.column1),
                    SQL.identifier(field.column2),
                    [ids[index] for index, _record_id in pairs],
                    [record_id for _index, record_id in pairs],
                )
            )
        # as in create: what the rows hold is not recomputed, what depends on them elsewhere is
        given = [self._fields[name] for name in inserted]
        with self.env.protecting(given, settlements):
            settlements.modified([name for name in self._fields if name != "id"], create=True)
        return settlements


def _insert_rows(model, vals_list):
    """Q-15: insert rows of plain stored fields (the same keys in each) of ``model`` in one query.

    The magic columns and the defaults of the fields not given are added; the stored computed
    fields neither given nor defaulted are left to the ORM (marked to compute, as after a create).
    Return the records in the order of ``vals_list`` and the names of the fields inserted.
    """
    env = model.env
    names = list(dict.fromkeys(name for vals in vals_list for name in vals))
    storable = [
        name
        for name, field in model._fields.items()
        if field.store and field.column_type and name not in models.MAGIC_COLUMNS
    ]
    defaults = {name: value for name, value in model.default_get(storable).items() if name in storable}
    columns, arrays, inserted = [], [], names + [name for name in defaults if name not in names]
    for name in inserted:
        field = model._fields[name]
        if not field.column_type or field.translate or field.company_dependent:
            raise ValueError(f"{model._name}.{name} cannot be inserted as a plain column")
        values = []
        for vals in vals_list:
            value = vals[name] if name in vals else defaults.get(name, False)
            if field.type == "monetary":  # rounded in the currency of the row's company, as create does
                value = env["res.company"].browse(vals["company_id"]).currency_id.round(value or 0.0)
            values.append(field.convert_to_column(value, model, vals))
        columns.append(SQL.identifier(name))
        arrays.append(SQL("%s::%s[]", values, SQL(field.column_type[1])))
    columns = SQL(", ").join(columns)
    env.cr.execute(
        SQL(
            "INSERT INTO %(table)s (%(columns)s, create_uid, create_date, write_uid, write_date) "
            "SELECT %(columns)s, %(uid)s, %(now)s, %(uid)s, %(now)s "
            "FROM unnest(%(arrays)s) WITH ORDINALITY AS r(%(columns)s, ord) ORDER BY ord RETURNING id",
            table=SQL.identifier(model._table),
            columns=columns,
            uid=env.uid,
            now=env.cr.now(),
            arrays=SQL(", ").join(arrays),
        )
    )
    records = model.browse([row[0] for row in env.cr.fetchall()])
    for name, field in model._fields.items():
        if field.store and field.compute and name not in inserted:
            env.add_to_compute(field, records)
    return records, inserted


class _Computation:
    """The figures of one period for many dealers, read with a fixed number of queries."""

    def __init__(self, env, policy, period_type, date_from, date_to, partners):
        self.env = env
        self.policy = policy
        self.period_type = period_type
        self.date_from, self.date_to = date_from, date_to
        self.months = months_of(date_from, date_to)
        self.currency = policy.currency_id
        # texts stored on the settlement and the journal entry are in the company's language
        self.lang_env = env(context=dict(env.context, lang=policy.company_id._cc_lang()))
        self.component_labels = dict(
            env["dealer.rebate.settlement"]._fields["component"]._description_selection(self.lang_env)
        )
        ids = set(partners.ids)
        self.tons, unconvertible = policy._dealer_tons(ids, date_from, date_to)
        self.unconvertible = defaultdict(list)
        # sudo: the dealer of each line without tons, to list it on that dealer's settlement; whoever
        # computes the rebates may not open invoices or stock moves (they are shown to them as labels,
        # ``unconvertible_summary``), and reads nothing else of them here
        for record in unconvertible.sudo():
            self.unconvertible[policy._volume_partner_id(record)].append(record.id)
        self.targets, self.deductions, self.scored, self.competitor = {}, defaultdict(list), set(), {}
        self.direct_ids, self.transitions = set(), defaultdict(list)
        if period_type == "month":
            self.direct_ids = set(
                env["dealer.direct.contract"]._customers_between(policy.company_id, date_from, date_to, partners).ids
            )
            self._read_transitions(partners)
        self._read_targets(ids)
        if period_type != "month":
            self._read_deductions(ids)
            self._read_competitor_volumes(ids)

    def _read_targets(self, ids):
        groups = self.env["dealer.target"]._read_group(
            [
                ("partner_id", "in", list(ids)),
                ("company_id", "=", self.policy.company_id.id),
                ("month", ">=", self.date_from),
                ("month", "<=", self.date_to),
            ],
            ["partner_id", "month:day"],
            ["target_tons:sum"],
        )
        self.targets = {(partner.id, month): tons for partner, month, tons in groups}

    def _read_deductions(self, ids):
        """DR-11 / DR-12: the violations of the months whose conduct score is approved."""
        company = self.policy.company_id
        scores = self.env["dealer.month.score"]._read_group(
            [
                ("partner_id", "in", list(ids)),
                ("company_id", "=", company.id),
                ("state", "=", "approved"),
                ("month", ">=", self.date_from),
                ("month", "<=", self.date_to),
            ],
            ["partner_id", "month:day"],
        )
        self.scored = {(partner.id, month) for partner, month in scores}
        violations = self.env["dealer.violation"].search(
            [
                ("partner_id", "in", list(ids)),
                ("company_id", "=", company.id),
                ("month", ">=", self.date_from),
                ("month", "<=", self.date_to),
            ],
            order="date, id",
        )
        for violation in violations.filtered(self._deducted):
            self.deductions[violation.partner_id.id].append(violation)

    def _deducted(self, violation):
        """Whether ``violation`` is deducted in this period: only the months whose score is approved count."""
        return (violation.partner_id.id, violation.month) in self.scored

    def _read_competitor_volumes(self, ids):
        groups = self.env["dealer.competitor.volume"]._read_group(
            [
                ("partner_id", "in", list(ids)),
                ("company_id", "=", self.policy.company_id.id),
                ("date", ">=", self.date_from),
                ("date", "<=", self.date_to),
            ],
            ["partner_id"],
            ["tons:sum"],
        )
        self.competitor = {partner.id: tons for partner, tons in groups}

    def _read_transitions(self, partners):
        """DR-23: per former dealer, [(transition, share, [(new dealer, (tons, weighted))])] of the month."""
        month = self.date_from
        due = [
            (transition, self.policy._transition_share(transition.date_start, month))
            for transition in self.env["dealer.transition"]._in_effect(
                self.policy.company_id, self.date_from, self.date_to, partners
            )
        ]
        due = [(transition, share) for transition, share in due if share]
        if not due:
            return
        territory = self.env["customer.region"].union(*(transition.region_ids for transition, _share in due))
        # sudo: the territory's dealers count whoever their salesperson is; only their tons are used
        dealers = (
            self.env["res.partner"]
            .sudo()
            .search([("cc_region_id", "child_of", territory.ids), ("dr_status", "!=", False)])
        )
        tons, _unconvertible = self.policy._dealer_tons(set(dealers.ids), self.date_from, self.date_to)
        for transition, share in due:
            regions = set(transition.region_ids.ids)
            members = [
                (dealer, tons.get((dealer.id, month), (0.0, 0.0)))
                for dealer in dealers
                if dealer != transition.partner_id
                and regions & {int(rid) for rid in dealer.cc_region_id.parent_path.split("/")[:-1]}
            ]
            self.transitions[transition.partner_id.id].append((transition, share, members))

    # ------------------------------------------------------------------
    def applies(self, partner, component):
        """DR-15: the target system's components for its dealers, the monthly rewards for the others;
        DR-19: the direct discount for direct customers, who get nothing else unless they are dealers too."""
        if component == "direct":
            return partner.id in self.direct_ids
        if component == "transition":
            return partner.id in self.transitions
        if partner.dr_status != "active":
            return False
        return bool(partner.dr_target_system) == (component in TARGET_SYSTEM_COMPONENTS)

    def settlement_vals(self, partner, component):
        """(values of the settlement, None) or (None, reason skipped); (None, None): nothing to settle."""
        volume_lines, tons, weighted = [], 0.0, 0.0
        for month in self.months:
            month_tons, month_weighted = self.tons.get((partner.id, month), (0.0, 0.0))
            tons += month_tons
            weighted += month_weighted
            volume_lines.append(
                {
                    "line_type": "volume",
                    "month": month,
                    "name": month.strftime("%Y-%m"),
                    "tons": month_tons,
                    "weighted_tons": month_weighted,
                    "target_tons": self.targets.get((partner.id, month), 0.0),
                }
            )
        tons, weighted = round(tons, 3), round(weighted, 3)
        builder = getattr(self, f"_{component}")
        result = builder(partner, tons, weighted, volume_lines)
        if result is None or isinstance(result, str):
            return None, result
        values, amount_lines = result
        if component == "transition":
            volume_lines = []  # it pays on the territory's volume, listed in its terms, not on the dealer's own
        label = self.component_labels[component]
        period = period_label(self.date_from, self.period_type)
        lines = [{**LINE_DEFAULTS, **line} for line in volume_lines + amount_lines]
        vals = {
            **SETTLEMENT_DEFAULTS,
            "name": f"{period} {label} {partner.name}",
            "partner_id": partner.id,
            "company_id": self.policy.company_id.id,
            "policy_id": self.policy.id,
            "component": component,
            "period_type": self.period_type,
            "period": period,
            "date_from": self.date_from,
            "date_to": self.date_to,
            "tons": tons,
            "weighted_tons": weighted,
            "amount": self.currency.round(sum(line["amount"] for line in lines)),
            "line_ids": [
                Command.create({**line, "sequence": sequence, "company_id": self.policy.company_id.id})
                for sequence, line in enumerate(lines)
            ],
            **values,
            "formula": f"{period} {label} {values['formula']}",
        }
        if self.unconvertible.get(partner.id):
            field = "unconvertible_move_ids" if self.policy.tons_source == "deliveries" else "unconvertible_line_ids"
            vals[field] = [Command.set(self.unconvertible[partner.id])]
        return vals, None

    def _base_freight(self, partner, tons, weighted, volume_lines):
        """DR-8 / DR-9: tons × (base + freight), paid monthly; freight is by distance, not weighted."""
        if float_is_zero(tons, precision_digits=3):
            return None
        policy = self.policy
        base = self.currency.round(weighted * policy.base_rate)
        freight = self.currency.round(tons * policy.freight_rate)
        if float_compare(weighted, tons, precision_digits=3) == 0:
            formula = f"{num(tons)} t × ({num(policy.base_rate, 2)} + {num(policy.freight_rate, 2)})"
        else:
            formula = f"{num(weighted)} t × {num(policy.base_rate, 2)} + {num(tons)} t × {num(policy.freight_rate, 2)}"
        amount_lines = [
            {
                "line_type": "amount",
                "name": self.lang_env._(
                    "Base rebate: %(tons)s t × %(rate)s", tons=num(weighted), rate=num(policy.base_rate, 2)
                ),
                "tons": weighted,
                "rate": policy.base_rate,
                "amount": base,
            },
            {
                "line_type": "amount",
                "name": self.lang_env._(
                    "Freight subsidy: %(tons)s t × %(rate)s", tons=num(tons), rate=num(policy.freight_rate, 2)
                ),
                "tons": tons,
                "rate": policy.freight_rate,
                "amount": freight,
            },
        ]
        return {"rate": policy.base_rate + policy.freight_rate, "formula": formula}, amount_lines

    def _per_ton(self, component, tons, rate, **values):
        """One amount: ``tons`` × ``rate``; nothing to settle without tons."""
        if float_is_zero(tons, precision_digits=3):
            return None
        formula = f"{num(tons)} t × {num(rate, 2)}"
        amount_line = {
            "line_type": "amount",
            "name": self.lang_env._(
                "%(component)s: %(formula)s", component=self.component_labels[component], formula=formula
            ),
            "tons": tons,
            "rate": rate,
            "amount": self.currency.round(tons * rate),
        }
        return {"rate": rate, "formula": formula, **values}, [amount_line]

    def _standard(self, partner, tons, weighted, volume_lines):
        """DR-15 (1): every ton of the month at the standard rate (计奖标准 × 实际销量)."""
        return self._per_ton("standard", weighted, self.policy.standard_rate)

    def _monthly_exclusive(self, partner, tons, weighted, volume_lines):
        """DR-15 (2): exclusive dealers get the exclusive bonus every month (按月发给专销奖)."""
        if not partner.dr_exclusive:
            return None
        return self._per_ton("monthly_exclusive", weighted, self.policy.monthly_exclusive_rate)

    def _over_target(self, partner, tons, weighted, volume_lines):
        """DR-15 (3): the tons above the month's sales target (超额奖); no target, no over-target bonus."""
        target = round(sum(self.targets.get((partner.id, month), 0.0) for month in self.months), 3)
        if float_is_zero(target, precision_digits=3) or float_compare(tons, target, precision_digits=3) <= 0:
            return None
        return self._per_ton(
            "over_target",
            round(tons - target, 3),
            self.policy.over_target_rate,
            target_tons=target,
            completion_ratio=round(tons / target, 4),
        )

    def _direct(self, partner, tons, weighted, volume_lines):
        """DR-19 (seed 000): the dealers' discount level, a share withheld each month until the year-end decision."""
        result = self._per_ton("direct", weighted, self.policy.base_rate)
        if result is None:
            return None
        values, amount_lines = result
        pct = self.policy.direct_withheld_pct
        withheld = self.currency.round(amount_lines[0]["amount"] * pct / 100)
        if withheld:
            values["formula"] += self.lang_env._(" (%(pct)s%% withheld until year end)", pct=num(pct, 2))
        return {**values, "withheld_amount": withheld}, amount_lines

    def _transition(self, partner, tons, weighted, volume_lines):
        """DR-23 (吃余股): the base rebate on the new dealers' volume in the territory handed over, times the
        schedule's share of the year."""
        rate = self.policy.base_rate
        amount_lines, total_tons, total_weighted, shares = [], 0.0, 0.0, set()
        for transition, share, members in self.transitions.get(partner.id, []):
            for dealer, (dealer_tons, dealer_weighted) in members:
                if float_is_zero(dealer_tons, precision_digits=3):
                    continue
                total_tons += dealer_tons
                total_weighted += dealer_weighted
                shares.add(share)
                amount_lines.append(
                    {
                        "line_type": "amount",
                        "name": self.lang_env._(
                            "%(dealer)s in %(territory)s: %(tons)s t × %(rate)s × %(share)s%%",
                            dealer=dealer.name,
                            territory="、".join(transition.region_ids.mapped("name")),
                            tons=num(dealer_weighted),
                            rate=num(rate, 2),
                            share=num(share * 100, 2),
                        ),
                        "tons": dealer_weighted,
                        "rate": rate,
                        "amount": self.currency.round(dealer_weighted * rate * share),
                    }
                )
        if not amount_lines:
            return None
        total_tons, total_weighted = round(total_tons, 3), round(total_weighted, 3)
        share_text = f"{num(shares.pop() * 100, 2)}%" if len(shares) == 1 else "…"
        formula = f"{num(total_weighted)} t × {num(rate, 2)} × {share_text}"
        return {"rate": rate, "formula": formula, "tons": total_tons, "weighted_tons": total_weighted}, amount_lines

    def _ratio(self, partner, tons):
        missing = [month for month in self.months if (partner.id, month) not in self.targets]
        if missing:
            return None, self.lang_env._(
                "No target for %(months)s.", months=", ".join(month.strftime("%Y-%m") for month in missing)
            )
        target = round(sum(self.targets[partner.id, month] for month in self.months), 3)
        if float_is_zero(target, precision_digits=3):
            return None, self.lang_env._("The targets of the period are zero.")
        return (target, round(tons / target, 4)), None

    def _completion(self, partner, tons, weighted, volume_lines):
        """DR-10: tons × rate × max(0, completion ratio − Σ deductions of the approved months)."""
        ratio_terms, reason = self._ratio(partner, tons)
        if reason:
            return reason
        target, ratio = ratio_terms
        rate = self.policy.completion_rate
        deduction_lines = [
            {
                "line_type": "deduction",
                "month": violation.month,
                "name": f"{violation.date} {violation.with_env(self.lang_env).conduct_type_id.name}",
                "violation_id": violation.id,
                "coefficient": violation.coefficient,
            }
            for violation in self.deductions.get(partner.id, [])
        ]
        coefficient = round(sum(line["coefficient"] for line in deduction_lines), 3)
        bracket = ratio - coefficient
        amount = self._completion_amount(weighted, ratio, coefficient)
        formula = f"{num(weighted)} t × {num(rate, 2)} × "
        if deduction_lines:
            formula += f"({num(ratio, 4, 2)} − {num(coefficient, 3, 2)})"
        else:
            formula += num(ratio, 4, 2)
        if bracket <= 0:
            formula += " → 0"
        amount_line = {
            "line_type": "amount",
            "name": self.lang_env._("Completion bonus: %(formula)s", formula=formula),
            "tons": weighted,
            "rate": rate,
            "amount": amount,
        }
        unscored = [m.strftime("%Y-%m") for m in self.months if (partner.id, m) not in self.scored]
        values = {
            "target_tons": target,
            "completion_ratio": ratio,
            "coefficient": coefficient,
            "rate": rate,
            "formula": formula,
            "unscored_months": ", ".join(unscored) or False,
        }
        return values, deduction_lines + [amount_line]

    def _completion_amount(self, weighted, ratio, coefficient):
        """DR-10: the completion bonus, never negative."""
        return self.currency.round(weighted * self.policy.completion_rate * max(0.0, ratio - coefficient))

    def _exclusive(self, partner, tons, weighted, volume_lines):
        """DR-14: full rate for an exclusive dealer above 100% without competing sales; the reduced rate
        when competing sales stayed within the threshold (20% included); nothing above it, nor at or
        below 100% completion (whatever the competing volume)."""
        if not partner.dr_exclusive:
            return None
        ratio_terms, reason = self._ratio(partner, tons)
        if reason:
            return reason
        target, ratio = ratio_terms
        policy = self.policy
        competitor = round(self.competitor.get(partner.id, 0.0), 3)
        share = competitor / tons * 100 if tons else (100.0 if competitor else 0.0)
        if float_compare(ratio, 1.0, precision_digits=4) <= 0:
            rate, why = 0.0, self.lang_env._("completion %(ratio)s not above 100%%", ratio=num(ratio, 4, 2))
        elif float_is_zero(competitor, precision_digits=3):
            rate, why = policy.exclusive_rate, self.lang_env._("no competing products")
        elif float_compare(share, policy.competitor_threshold_pct, precision_digits=2) <= 0:
            rate, why = (
                policy.reduced_exclusive_rate,
                self.lang_env._("competing products %(share)s%% of our volume", share=num(share, 2)),
            )
        else:
            rate, why = (
                0.0,
                self.lang_env._(
                    "competing products %(share)s%% of our volume, above %(threshold)s%%",
                    share=num(share, 2),
                    threshold=num(policy.competitor_threshold_pct, 2),
                ),
            )
        amount = self.currency.round(weighted * rate)
        formula = f"{num(weighted)} t × {num(rate, 2)} ({why})"
        amount_line = {
            "line_type": "amount",
            "name": self.lang_env._("Exclusive bonus: %(formula)s", formula=formula),
            "tons": weighted,
            "rate": rate,
            "amount": amount,
        }
        values = {
            "target_tons": target,
            "completion_ratio": ratio,
            "competitor_tons": competitor,
            "rate": rate,
            "formula": formula,
        }
        return values, [amount_line]


class DealerRebateSettlementLine(models.Model):
    """A term of a settlement: a month's volume and target, a deduction with its month, an amount."""

    _name = "dealer.rebate.settlement.line"
    _description = "Dealer Rebate Settlement Term"
    _order = "settlement_id, sequence, id"

    settlement_id = fields.Many2one("dealer.rebate.settlement", required=True, ondelete="cascade", index=True)
    sequence = fields.Integer()
    line_type = fields.Selection(
        [("volume", "Volume"), ("deduction", "Deduction"), ("amount", "Amount")], required=True
    )
    name = fields.Char(string="Term", required=True)
    month = fields.Date()
    tons = fields.Float(digits=(16, 3))
    weighted_tons = fields.Float(digits=(16, 3))
    target_tons = fields.Float(string="Target (t)", digits=(16, 3))
    violation_id = fields.Many2one("dealer.violation")
    coefficient = fields.Float(string="Deduction", digits=(4, 3))
    rate = fields.Float(string="Rate per Ton")
    amount = fields.Float(digits="Account")
    company_id = fields.Many2one("res.company", required=True, index=True)

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            raise AccessError(self.env._("Rebate settlements are computed, not typed in."))
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            raise AccessError(self.env._("The figures and the state of a rebate settlement cannot be edited."))
        return super().write(vals)


class _Simulation(_Computation):
    """DR-24: the completion period in progress, projected at its run-rate.

    Every violation of the period counts, approved or not, so that the effect
    of those still pending shows before the months are scored.
    """

    def __init__(self, env, policy, today, partners):
        period_type = policy.completion_period
        date_from, date_to = period_bounds(today, period_type)
        super().__init__(env, policy, period_type, date_from, date_to, partners)
        self.today = min(max(today, date_from), date_to)
        self.run_rate = ((date_to - date_from).days + 1) / ((self.today - date_from).days + 1)

    def simulate(self, partner):
        """Figures of the simulation for ``partner``: a dict, with a ``reason`` when there is no projection."""
        tons = sum(self.tons.get((partner.id, month), (0.0, 0.0))[0] for month in self.months)
        weighted = sum(self.tons.get((partner.id, month), (0.0, 0.0))[1] for month in self.months)
        projected, projected_weighted = round(tons * self.run_rate, 3), round(weighted * self.run_rate, 3)
        figures = {"tons": round(tons, 3), "projected_tons": projected}
        ratio_terms, reason = self._ratio(partner, projected)
        if reason:
            return {**figures, "reason": reason}
        target, ratio = ratio_terms
        violations = self.deductions.get(partner.id, [])
        approved = round(sum(v.coefficient for v in violations if _Computation._deducted(self, v)), 3)
        pending = round(sum(v.coefficient for v in violations) - approved, 3)
        bonus = self._completion_amount(projected_weighted, ratio, approved)
        return {
            **figures,
            "target_tons": target,
            "tons_to_target": max(0.0, round(target - tons, 3)),
            "projected_ratio": ratio,
            "projected_bonus": bonus,
            "pending_coefficient": pending,
            "pending_effect": self._completion_amount(projected_weighted, ratio, approved + pending) - bonus,
        }

    def _deducted(self, violation):
        return True

"""DR-8 … DR-10, DR-13, DR-14, DR-16: one rebate component of one dealer for one period."""

from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import AccessError, LockError, UserError
from odoo.fields import Command
from odoo.tools import format_date

from .dealer_rebate_computation import _Computation, period_bounds

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
# the state and every figure come from the computation and the approval, never from an edit
EDITABLE_FIELDS = frozenset({"note", "message_follower_ids", "activity_ids", "message_ids"})
MANAGER_GROUP = "dealer_rebate.dealer_rebate_group_manager"
ACCOUNTING_GROUP = "account.group_account_invoice"
POST_BATCH_SIZE = 100


class DealerRebateSettlement(models.Model):
    """DR-8 … DR-10, DR-13, DR-14, DR-16: one rebate component of one dealer for one period.

    Computed for all dealers of a period at once (``_generate``), approved by the market department
    manager then the finance manager (tier definitions), posted as one journal entry in the rebate
    journal, cancelled by reversing that entry. One live settlement per dealer, period and component.
    """

    _name = "dealer.rebate.settlement"
    _description = "Dealer Rebate Settlement"
    _inherit = ["customer.flow.document.mixin", "customer.approval.mixin", "mail.thread", "mail.activity.mixin"]
    _flow_fields = None  # computed, approved and posted, never typed in
    _always_editable = EDITABLE_FIELDS
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
        "dealer.award", string="Dealer Award", readonly=True, index="btree_not_null", help="The award this pays."
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

    @api.ondelete(at_uninstall=False)
    def _unlink_except_not_draft(self):
        if any(settlement.state != "draft" for settlement in self):
            raise UserError(self.env._("Only draft settlements can be deleted; cancel or reverse the others."))

    def _flow_hint(self):
        return self.env._("Rebate settlements are computed, not typed in: their figures and state cannot be edited.")

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

    @api.readonly
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
        """State 'posted' and the entry of each settlement (``{settlement id: move id}``), in one query."""
        # sudo: the state and the entry are refused to direct writes; the caller checked the rights
        self.env["customer.bulk.write"]._update_state_and_link(self.sudo(), "posted", "move_id", move_of)

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
        self.env["customer.batch.job"]._run_per_company(self._post_company_approved)

    @api.model
    def _post_company_approved(self, company):
        approved = self.search([("state", "=", "approved"), ("company_id", "=", company.id)], order="id")
        return self.env["customer.batch.job"]._run_in_batches(approved, self._post_batch, POST_BATCH_SIZE)

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
        Bulk = self.env["customer.bulk.write"]
        settlements, inserted = Bulk._insert_rows(self, rows)
        ids = settlements.ids
        if terms:
            Bulk._insert_rows(
                self.env["dealer.rebate.settlement.line"],
                [{**line, "settlement_id": ids[index]} for index, line in terms],
            )
        for fname, pairs in relations.items():
            Bulk._insert_relation_pairs(self, fname, [(ids[index], record_id) for index, record_id in pairs])
        # as in create: what the rows hold is not recomputed, what depends on them elsewhere is
        given = [self._fields[name] for name in inserted]
        with self.env.protecting(given, settlements):
            settlements.modified([name for name in self._fields if name != "id"], create=True)
        return settlements

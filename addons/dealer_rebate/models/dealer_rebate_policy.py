"""DR-8 … DR-11, DR-14, X-2: the numbers of the target-responsibility system of one company and period."""

from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Command, Domain
from odoo.tools import SQL, date_utils

RATE_FIELDS = (
    "base_rate",
    "freight_rate",
    "completion_rate",
    "exclusive_rate",
    "reduced_exclusive_rate",
    "standard_rate",
    "monthly_exclusive_rate",
    "over_target_rate",
    "sub_points_per_ton",
    "sub_rebate_per_ton",
)
PERCENT_FIELDS = ("competitor_threshold_pct", "target_margin_pct", "direct_withheld_pct")
REBATE_JOURNAL_CODE = "REB"
# DR-16 / DR-19: (policy field, account type, preferred codes) of the default accounts: selling expenses
# (销售费用, 6601 or 5601 in the Chinese charts), accounts payable (应付账款), other payables (其他应付款)
DEFAULT_ACCOUNTS = (
    ("expense_account_id", "expense", ("6601", "5601")),
    ("payable_account_id", "liability_payable", ("2202",)),
    ("withheld_account_id", "liability_current", ("2241",)),
)


# DR-20, seed 004: plans are issued before a day of the last third of the month (下旬某日);
# three months running without carrying out the plan cost the dealership
PLAN_DEADLINE_DAY = 25
PLAN_MISSED_MONTHS = 3
# next month's missing plans are prepared, with a to-do for the branch sales manager, this many days before the deadline
PLAN_REMINDER_DAYS = 3
# DR-19, seed 000: a share of a direct customer's discount is withheld until year end (the seed gives no figure)
DIRECT_WITHHELD_PCT = 20.0
# DR-23, seed 002 (吃余股): the year of the handover in full, the next one half, nothing after
TRANSITION_SCHEDULE = ((1, 100.0), (2, 50.0))
# DR-21, seed 002: the seed names the sub-distributors' quarterly points and rebate without amounts
SUB_POINTS_PER_TON = 1.0
SUB_REBATE_PER_TON = 10.0


# the invoice line's move, product and units, for the tons of a line (``_line_tons_sql``)
INVOICE_LINE_JOINS = SQL(
    """JOIN account_move move ON move.id = account_move_line.move_id
       JOIN product_product product ON product.id = account_move_line.product_id
       JOIN product_template template ON template.id = product.product_tmpl_id
       JOIN uom_uom product_uom ON product_uom.id = template.uom_id
  LEFT JOIN uom_uom line_uom ON line_uom.id = account_move_line.product_uom_id"""
)


class DealerRebatePolicy(models.Model):
    """DR-8 … DR-11, DR-14, X-2: the numbers of the target-responsibility system of one company and period.

    Every number is company data; the defaults are the seed's examples (基础折扣 100 元/吨, 运补 40 元/吨,
    完成任务奖 30 元/吨, 专销奖 50 元/吨, at most 10 元/吨 when competing products stayed below 20%).
    """

    _name = "dealer.rebate.policy"
    _description = "Dealer Rebate Policy"
    _inherit = ["mail.thread"]
    _order = "company_id, date_from desc"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True, tracking=True)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    date_from = fields.Date(string="Valid From", required=True, tracking=True)
    date_to = fields.Date(string="Valid Until", required=True, tracking=True)
    active = fields.Boolean(default=True)
    # DR-8 / DR-9 / DR-10 / DR-14: rates per ton
    base_rate = fields.Monetary(string="Base Rebate per Ton", default=100.0, tracking=True)
    freight_rate = fields.Monetary(string="Freight Subsidy per Ton", default=40.0, tracking=True)
    completion_rate = fields.Monetary(string="Completion Bonus per Ton", default=30.0, tracking=True)
    exclusive_rate = fields.Monetary(string="Exclusive Bonus per Ton", default=50.0, tracking=True)
    reduced_exclusive_rate = fields.Monetary(
        string="Reduced Exclusive Bonus per Ton",
        default=10.0,
        tracking=True,
        help="Paid instead of the full exclusive bonus when the dealer sold competing products, "
        "but no more than the competitor threshold.",
    )
    # DR-15: dealers outside the target system are paid monthly; the seed names these rewards
    # without amounts, so the defaults repeat the target system's base, exclusive and completion rates
    standard_rate = fields.Monetary(
        string="Standard Reward per Ton",
        default=100.0,
        tracking=True,
        help="Paid monthly on every ton to dealers outside the target system.",
    )
    monthly_exclusive_rate = fields.Monetary(
        string="Monthly Exclusive Bonus per Ton",
        default=50.0,
        tracking=True,
        help="Paid monthly on every ton to exclusive dealers outside the target system.",
    )
    over_target_rate = fields.Monetary(
        string="Over-Target Bonus per Ton",
        default=30.0,
        tracking=True,
        help="Paid monthly on the tons above the month's sales target to dealers outside the target system.",
    )
    competitor_threshold_pct = fields.Float(
        string="Competitor Threshold (%)",
        default=20.0,
        tracking=True,
        help="Competing products above this share of our volume cancel the exclusive bonus; "
        "up to this share, the reduced exclusive bonus applies.",
    )
    excellent_max_violations = fields.Integer(
        string="Violations Allowed for the Excellent-Dealer Award",
        default=3,
        tracking=True,
        help="A dealer with more violations in the calendar year is not eligible for the excellent-dealer award.",
    )
    completion_period = fields.Selection(
        [("quarter", "Quarterly"), ("year", "Yearly")],
        string="Completion Bonus Period",
        default="quarter",
        required=True,
        tracking=True,
        help="Mature companies and regions may judge the completion and exclusive bonuses once a year.",
    )
    tons_source = fields.Selection(
        [("invoices", "Posted Invoices"), ("deliveries", "Deliveries")],
        string="Volume From",
        default="invoices",
        required=True,
        tracking=True,
        help="Posted customer invoices net of credit notes, or done deliveries net of returns.",
    )
    target_margin_pct = fields.Float(
        string="Target Warning Margin (%)",
        default=10.0,
        tracking=True,
        help="A monthly target set more than this share below the suggested target is flagged.",
    )
    plan_deadline_day = fields.Integer(
        string="Distribution Plan Deadline (day)",
        default=PLAN_DEADLINE_DAY,
        tracking=True,
        help="Next month's distribution plans are issued before this day of the month (21–31: the last third).",
    )
    plan_reminder_days = fields.Integer(
        string="Distribution Plan Reminder (days)",
        default=PLAN_REMINDER_DAYS,
        tracking=True,
        help="This many days before the deadline, next month's missing plans are prepared as drafts with a to-do "
        "for the branch sales manager of the dealer's region (0: no reminder).",
    )
    plan_missed_months = fields.Integer(
        string="Missed Plans Before Review",
        default=PLAN_MISSED_MONTHS,
        tracking=True,
        help="A dealer that misses its distribution plan this many months running gets a dismissal review.",
    )
    direct_cap_action = fields.Selection(
        [("block", "Refuse the Order"), ("warn", "Warn and Flag the Order")],
        string="Direct Customer Above Volume",
        default="block",
        required=True,
        tracking=True,
        help="What confirming an order beyond a direct customer's yearly contract volume does. "
        "The seed: beyond it the customer no longer buys at direct terms but through its dealer.",
    )
    direct_withheld_pct = fields.Float(
        string="Direct Customer Share Withheld (%)",
        default=DIRECT_WITHHELD_PCT,
        tracking=True,
        help="Share of a direct customer's monthly discount kept until the year-end decision. "
        "The seed asks for the same share as the dealers' and gives no figure: set the company's.",
    )
    sub_points_per_ton = fields.Float(
        string="Sub-distributor Points per Ton",
        default=SUB_POINTS_PER_TON,
        tracking=True,
        help="Points a sub-distributor earns per registered ton at quarter end.",
    )
    sub_rebate_per_ton = fields.Monetary(
        string="Sub-distributor Rebate per Ton",
        default=SUB_REBATE_PER_TON,
        tracking=True,
        help="Rebate a sub-distributor earns per registered ton at quarter end. "
        "The seed gives no amount: set the company's figure.",
    )
    transition_step_ids = fields.One2many(
        "dealer.rebate.transition.step",
        "policy_id",
        string="Transitional Rebate Schedule",
        copy=True,
        default=lambda self: [
            Command.create({"year": year, "share_pct": share}) for year, share in TRANSITION_SCHEDULE
        ],
        help="Share of the base rebate a former dealer earns on a territory handed over, by year since the handover "
        "(year 1 = the handover's). Years not listed earn nothing.",
    )
    category_weight_ids = fields.One2many(
        "dealer.rebate.category.weight", "policy_id", string="Product Category Weights", copy=True
    )
    # DR-16: accounting
    journal_id = fields.Many2one(
        "account.journal",
        string="Rebate Journal",
        check_company=True,
        domain="[('type', '=', 'general')]",
        compute="_compute_accounting",
        store=True,
        readonly=False,
        precompute=True,
    )
    expense_account_id = fields.Many2one(
        "account.account",
        string="Rebate Expense Account",
        check_company=True,
        compute="_compute_accounting",
        store=True,
        readonly=False,
        precompute=True,
    )
    payable_account_id = fields.Many2one(
        "account.account",
        string="Rebate Payable Account",
        check_company=True,
        compute="_compute_accounting",
        store=True,
        readonly=False,
        precompute=True,
    )
    withheld_account_id = fields.Many2one(
        "account.account",
        string="Withheld Rebates Account",
        check_company=True,
        compute="_compute_accounting",
        store=True,
        readonly=False,
        precompute=True,
        help="Liability account holding the direct customers' withheld discounts until year end "
        "(其他应付款 2241 in the Chinese chart).",
    )

    @api.depends("company_id")
    def _compute_accounting(self):
        """DR-16: defaults from the company's chart: the REB journal, an expense and a payable account."""
        Account = self.env["account.account"]
        for policy in self:
            company = policy.company_id
            if policy.journal_id.company_id not in company.parent_ids:
                # a branch shares the journals of its root company, as Odoo's own journals
                policy.journal_id = self.env["account.journal"].search(
                    [("company_id", "parent_of", company.id), ("code", "=", REBATE_JOURNAL_CODE)], limit=1
                )
            for fname, account_type, codes in DEFAULT_ACCOUNTS:
                if not policy[fname] or company not in policy[fname].company_ids:
                    domain = [*Account._check_company_domain(company), ("account_type", "=", account_type)]
                    preferred = Account.search([*domain, ("code", "in", codes)], order="code desc", limit=1)
                    policy[fname] = preferred or Account.search(domain, limit=1)

    @api.constrains(
        *RATE_FIELDS,
        *PERCENT_FIELDS,
        "excellent_max_violations",
        "plan_deadline_day",
        "plan_reminder_days",
        "plan_missed_months",
    )
    def _check_numbers(self):
        for policy in self:
            if policy.excellent_max_violations < 0:
                raise ValidationError(self.env._("The number of violations allowed cannot be negative."))
            if not 21 <= policy.plan_deadline_day <= 31:
                raise ValidationError(
                    self.env._("The distribution plan deadline is a day of the last third of the month (21–31).")
                )
            if not 0 <= policy.plan_reminder_days <= 20:
                raise ValidationError(
                    self.env._("The distribution plan reminder comes 0 to 20 days before the deadline.")
                )
            if policy.plan_missed_months < 1:
                raise ValidationError(self.env._("At least one missed distribution plan opens the review."))
            for name in RATE_FIELDS:
                if policy[name] < 0:
                    raise ValidationError(
                        self.env._(
                            "%(rate)s cannot be negative.",
                            rate=self._fields[name].get_description(self.env)["string"],
                        )
                    )
            for name in PERCENT_FIELDS:
                if not 0 <= policy[name] <= 100:
                    raise ValidationError(
                        self.env._(
                            "%(setting)s must be between 0 and 100%%.",
                            setting=self._fields[name].get_description(self.env)["string"],
                        )
                    )

    @api.constrains("date_from", "date_to", "company_id", "active")
    def _check_period(self):
        for policy in self:
            if policy.date_to < policy.date_from:
                raise ValidationError(
                    self.env._("The rebate policy “%(policy)s” ends before it starts.", policy=policy.name)
                )
        overlapping = self.search(
            [
                ("id", "not in", self.ids),
                ("company_id", "in", self.company_id.ids),
                ("date_from", "<=", max(self.mapped("date_to"))),
                ("date_to", ">=", min(self.mapped("date_from"))),
            ]
        )
        for policy in self.filtered("active"):
            others = (overlapping | self).filtered(
                lambda other, p=policy: (
                    other != p
                    and other.company_id == p.company_id
                    and other.date_from <= p.date_to
                    and other.date_to >= p.date_from
                )
            )
            if others:
                raise ValidationError(
                    self.env._(
                        "The rebate policy “%(policy)s” overlaps “%(other)s” of the same company: "
                        "one policy applies to a day.",
                        policy=policy.name,
                        other=others[0].name,
                    )
                )

    # ------------------------------------------------------------------ business methods
    @api.ondelete(at_uninstall=False)
    def _unlink_except_settled(self):
        settled = self.env["dealer.rebate.settlement"].sudo().search_count([("policy_id", "in", self.ids)], limit=1)
        if settled:
            raise UserError(
                self.env._("Settlements were computed under this policy: archive it instead of deleting it.")
            )

    @api.model
    def _in_effect(self, company, day):
        """The policy of ``company`` in effect on ``day``, or an empty recordset."""
        return self.search([("company_id", "=", company.id), ("date_from", "<=", day), ("date_to", ">=", day)], limit=1)

    @api.model
    def _for_date(self, company, day):
        """The policy of ``company`` in effect on ``day`` (refused clearly when there is none)."""
        policy = self._in_effect(company, day)
        if not policy:
            raise UserError(
                self.env._(
                    "No dealer rebate policy of %(company)s covers %(date)s: create one in "
                    "Dealer Rebates > Configuration > Rebate Policies.",
                    company=company.name,
                    date=day,
                )
            )
        return policy

    def _check_accounting_setup(self):
        """DR-16: entries need the rebate journal and both accounts of the policy."""
        for policy in self:
            if not (policy.journal_id and policy.expense_account_id and policy.payable_account_id):
                raise UserError(
                    self.env._(
                        "Set the rebate journal, expense account and payable account of the policy “%(policy)s” "
                        "before posting.",
                        policy=policy.name,
                    )
                )

    def _transition_share(self, date_start, month):
        """DR-23: the share (0–1) of the base rebate due in ``month`` for a handover on ``date_start``."""
        self.ensure_one()
        year = month.year - date_start.year + 1
        step = self.transition_step_ids.filtered(lambda s: s.year == year)
        return step.share_pct / 100 if step and month >= date_utils.start_of(date_start, "month") else 0.0

    def _check_withheld_account(self):
        """DR-19: withheld discounts need the policy's liability account."""
        for policy in self:
            if not policy.withheld_account_id:
                raise UserError(
                    self.env._(
                        "Set the withheld rebates account of the policy “%(policy)s” before posting "
                        "direct customer discounts.",
                        policy=policy.name,
                    )
                )

    def _dealer_tons(self, partner_ids, date_from, date_to):
        """DR-5 / DR-7: the one tons helper. Volume of ``partner_ids`` per month between two dates.

        Returns ``(tons, unconvertible)``:

        - ``tons``: ``{(partner_id, month_start): (tons, weighted_tons)}`` — by the policy's source:
          posted customer invoices of the policy's company net of credit notes (by accounting date),
          or done deliveries net of returns (by date done); converted through the line's unit when it
          is a weight unit (sharing the reference unit of the kilogram), else through the product's
          weight; ``weighted_tons`` applies the product category weights (DR-7);
        - ``unconvertible``: the invoice lines (or stock moves) whose tons cannot be determined (no
          weight unit and no product weight), reported rather than dropped.

        One SQL aggregate over ``_search()``, whatever the number of dealers or lines.
        """
        self.ensure_one()
        if not partner_ids:
            return {}, self._volume_model()
        if self.tons_source == "deliveries":
            rows = self._delivered_volume_rows(list(partner_ids), date_from, date_to)
        else:
            rows = self._invoiced_volume_rows(list(partner_ids), date_from, date_to)
        weights = self._category_weights({row[2] for row in rows})
        tons = defaultdict(lambda: [0.0, 0.0])
        unconvertible_ids = []
        for partner_id, month, categ_id, quantity, bad_ids in rows:
            entry = tons[partner_id, month]
            entry[0] += quantity or 0.0
            entry[1] += (quantity or 0.0) * weights.get(categ_id, 1.0)
            unconvertible_ids += bad_ids or []
        return (
            {key: (round(value[0], 3), round(value[1], 3)) for key, value in tons.items()},
            self._volume_model().browse(unconvertible_ids),
        )

    def _volume_model(self):
        """The records the volume is read from: invoice lines, or stock moves (DR-5 source)."""
        return self.env["stock.move" if self.tons_source == "deliveries" else "account.move.line"]

    def _volume_partner_id(self, record):
        """The dealer a volume record (invoice line or stock move) counts for."""
        if record._name == "stock.move":
            return record.picking_id.partner_id.commercial_partner_id.id
        return record.partner_id.id

    def _invoiced_volume_rows(self, partner_ids, date_from, date_to):
        """Rows (dealer, month, category, tons, ids without tons) of posted invoices net of credit notes."""
        domain = Domain(
            [
                ("parent_state", "=", "posted"),
                ("company_id", "=", self.company_id.id),
                ("move_id.move_type", "in", ("out_invoice", "out_refund")),
                ("display_type", "=", "product"),
                ("partner_id", "in", partner_ids),
                ("date", ">=", date_from),
                ("date", "<=", date_to),
                ("product_id.type", "=", "consu"),
            ]
        )
        # sudo: a dealer's volume counts every posted invoice of the company, whoever issued it
        # (salespeople only see their own invoices); only sums per dealer and month are returned,
        # and the ids of the lines without tons
        query = self.env["account.move.line"].sudo()._search(domain)
        line_tons = self._line_tons_sql(SQL.identifier("account_move_line", "quantity"))
        return self.env.execute_query(
            SQL(
                """SELECT account_move_line.partner_id,
                          date_trunc('month', account_move_line.date)::date,
                          template.categ_id,
                          SUM(CASE WHEN move.move_type = 'out_refund' THEN -1 ELSE 1 END * (%(line_tons)s)),
                          ARRAY_AGG(account_move_line.id) FILTER (WHERE (%(line_tons)s) IS NULL)
                     FROM %(from_clause)s %(joins)s
                    WHERE %(where_clause)s
                 GROUP BY 1, 2, 3""",
                line_tons=line_tons,
                from_clause=query.from_clause,
                joins=INVOICE_LINE_JOINS,
                where_clause=query.where_clause,
            )
        )

    def _invoice_tons(self, invoices):
        """DR-5 / DR-17: ``{invoice id: tons}`` of posted invoices, credit notes negative, each line converted
        as the settlement converts it (the dealer statement lists them); a line without tons adds nothing."""
        if not invoices:
            return {}
        domain = Domain(
            [
                ("move_id", "in", invoices.ids),
                ("display_type", "=", "product"),
                ("product_id.type", "=", "consu"),
            ]
        )
        # sudo: the tons of the invoices the statement lists, whoever issued them
        query = self.env["account.move.line"].sudo()._search(domain)
        line_tons = self._line_tons_sql(SQL.identifier("account_move_line", "quantity"))
        rows = self.env.execute_query(
            SQL(
                """SELECT account_move_line.move_id,
                          SUM(CASE WHEN move.move_type = 'out_refund' THEN -1 ELSE 1 END * COALESCE(%(line_tons)s, 0))
                     FROM %(from_clause)s %(joins)s
                    WHERE %(where_clause)s
                 GROUP BY 1""",
                line_tons=line_tons,
                from_clause=query.from_clause,
                joins=INVOICE_LINE_JOINS,
                where_clause=query.where_clause,
            )
        )
        return dict(rows)

    def _delivered_volume_rows(self, partner_ids, date_from, date_to):
        """Rows (dealer, month, category, tons, ids without tons) of done deliveries net of returns."""
        domain = Domain(
            [
                ("state", "=", "done"),
                ("company_id", "=", self.company_id.id),
                ("picking_id.partner_id.commercial_partner_id", "in", partner_ids),
                ("date", ">=", date_from),
                ("date", "<", fields.Date.add(date_to, days=1)),
                ("product_id.type", "=", "consu"),
            ]
        ) & (Domain("location_dest_id.usage", "=", "customer") | Domain("location_id.usage", "=", "customer"))
        # sudo: as for invoices, every delivery of the company counts; only sums are returned
        query = self.env["stock.move"].sudo()._search(domain)
        line_tons = self._line_tons_sql(SQL.identifier("stock_move", "quantity"))
        return self.env.execute_query(
            SQL(
                """SELECT dealer.commercial_partner_id,
                          date_trunc('month', stock_move.date)::date,
                          template.categ_id,
                          SUM(CASE WHEN destination.usage = 'customer' THEN 1 ELSE -1 END * (%(line_tons)s)),
                          ARRAY_AGG(stock_move.id) FILTER (WHERE (%(line_tons)s) IS NULL)
                     FROM %(from_clause)s
                     JOIN stock_picking picking ON picking.id = stock_move.picking_id
                     JOIN res_partner dealer ON dealer.id = picking.partner_id
                     JOIN stock_location destination ON destination.id = stock_move.location_dest_id
                     JOIN product_product product ON product.id = stock_move.product_id
                     JOIN product_template template ON template.id = product.product_tmpl_id
                     JOIN uom_uom product_uom ON product_uom.id = template.uom_id
                     JOIN uom_uom line_uom ON line_uom.id = stock_move.product_uom
                    WHERE %(where_clause)s
                 GROUP BY 1, 2, 3""",
                line_tons=line_tons,
                from_clause=query.from_clause,
                where_clause=query.where_clause,
            )
        )

    @api.model
    def _line_tons_sql(self, quantity):
        """DR-5: the SQL expression of a line's tons, NULL when they cannot be determined.

        ``quantity`` is in the unit of the row aliased ``line_uom``; ``product`` and ``product_uom``
        are the product and its unit. A weight unit (sharing the reference unit of the kilogram)
        converts directly; another unit converts through the product's weight.
        """
        # the units by id (cached xmlids) and their factors in the statement: no query of their own
        unit_id = self.env["ir.model.data"]._xmlid_to_res_id
        weight_unit = "uom.product_uom_lb" if self._product_weight_in_lbs() else "uom.product_uom_kgm"
        return SQL(
            """CASE
                WHEN split_part(line_uom.parent_path, '/', 1)
                     = (SELECT split_part(parent_path, '/', 1) FROM uom_uom WHERE id = %(kilogram)s)
                    THEN %(quantity)s * line_uom.factor / (SELECT factor FROM uom_uom WHERE id = %(tonne)s)
                WHEN split_part(line_uom.parent_path, '/', 1) = split_part(product_uom.parent_path, '/', 1)
                     AND product.weight > 0
                    THEN %(quantity)s * line_uom.factor / product_uom.factor * product.weight
                         * (SELECT factor FROM uom_uom WHERE id = %(weight_unit)s)
                         / (SELECT factor FROM uom_uom WHERE id = %(tonne)s)
            END""",
            quantity=quantity,
            kilogram=unit_id("uom.product_uom_kgm"),
            tonne=unit_id("uom.product_uom_ton"),
            weight_unit=unit_id(weight_unit),
        )

    @api.model
    def _product_weight_in_lbs(self):
        """Whether product weights are in pounds (the setting read by ``product``'s
        ``_get_weight_uom_id_from_ir_config_parameter``, which returns the unit as a record)."""
        return self.env["ir.config_parameter"].sudo().get_param("product.weight_in_lbs") == "1"

    def _category_weights(self, categ_ids):
        """DR-7: {category id: weight}, the weight of the nearest weighted category up the tree."""
        self.ensure_one()
        weights = {line.categ_id.id: line.weight for line in self.category_weight_ids}
        if not weights:
            return {}
        result = {}
        for category in self.env["product.category"].browse(categ_ids).exists():
            chain = [int(cid) for cid in reversed(category.parent_path.split("/")[:-1])]
            result[category.id] = next((weights[cid] for cid in chain if cid in weights), 1.0)
        return result

    def _suggested_targets(self, partner_ids, months):
        """DR-6: {(partner_id, month): suggested tons}, the average of the same month of the last three years.

        Years in which the dealer sold nothing that month (not yet a dealer) are left out of the
        average. One call of the tons helper for all dealers and months.
        """
        self.ensure_one()
        if not months or not partner_ids:
            return {}
        date_from = min(months) - relativedelta(years=3)
        date_to = max(months) - relativedelta(years=1) + relativedelta(months=1, days=-1)
        tons, _unconvertible = self._dealer_tons(partner_ids, date_from, date_to)
        suggestions = {}
        for partner_id in partner_ids:
            for month in months:
                history = [
                    tons[partner_id, month - relativedelta(years=back)][0]
                    for back in (1, 2, 3)
                    if (partner_id, month - relativedelta(years=back)) in tons
                ]
                history = [value for value in history if value > 0]
                suggestions[partner_id, month] = round(sum(history) / len(history), 3) if history else 0.0
        return suggestions

    @api.model
    def _dr_create_rebate_journals(self):
        """DR-16: a dedicated general journal 'REB' for rebate entries in every root company (idempotent);
        branches share their root company's journals, as Odoo's own journals are shared."""
        Journal = self.env["account.journal"].sudo().with_context(lang="en_US")
        for company in self.env["res.company"].sudo().search([("parent_id", "=", False)]):
            if not Journal.search_count([("company_id", "=", company.id), ("code", "=", REBATE_JOURNAL_CODE)]):
                journal = Journal.create(
                    {
                        "name": "Dealer Rebates",
                        "code": REBATE_JOURNAL_CODE,
                        "type": "general",
                        "company_id": company.id,
                    }
                )
                # the name in every installed language, as Odoo's own journals are
                journal.update_field_translations(
                    "name",
                    {
                        code: self.with_context(lang=code).env._("Dealer Rebates")
                        for code, _name in self.env["res.lang"].get_installed()
                        if code != "en_US"
                    },
                )

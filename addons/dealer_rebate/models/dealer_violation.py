"""DR-11: a conduct violation of a dealer, deducted from the completion ratio of its period."""

from collections import defaultdict
from datetime import date

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Domain
from odoo.tools import date_utils

COMPUTED_FIELDS = frozenset({"coefficient", "repeat_rank", "table_coefficient", "month"})
# DR-11: what places a violation among the dealer's violations of its kind in a year
RANK_KEYS = frozenset({"company_id", "partner_id", "conduct_type_id", "date"})


class DealerViolation(models.Model):
    """DR-11: a conduct violation of a dealer, deducted from the completion ratio of its period."""

    _name = "dealer.violation"
    _description = "Dealer Conduct Violation"
    _inherit = ["customer.flow.document.mixin", "dealer.recorded.mixin", "mail.thread", "mail.activity.mixin"]
    _flow_fields = COMPUTED_FIELDS
    _order = "date desc, id desc"
    _check_company_auto = True

    partner_id = fields.Many2one(
        "res.partner",
        string="Dealer",
        required=True,
        index=True,
        check_company=True,
        domain="[('dr_status', '!=', False)]",
        tracking=True,
    )
    conduct_type_id = fields.Many2one(
        "dealer.conduct.type", string="Violation", required=True, check_company=True, tracking=True
    )
    date = fields.Date(required=True, default=fields.Date.context_today, tracking=True)
    month = fields.Date(compute="_compute_month", store=True, index=True)
    description = fields.Text()
    attachment_ids = fields.Many2many("ir.attachment", string="Evidence")
    user_id = fields.Many2one(
        "res.users", string="Recorded by", required=True, default=lambda self: self.env.user, readonly=True
    )
    repeat_rank = fields.Integer(
        string="Occurrence in the Year",
        readonly=True,
        help="1 for the dealer's first violation of this kind in the calendar year (by date), 2 for the second …",
    )
    table_coefficient = fields.Float(
        string="Table Deduction",
        digits=(4, 3),
        readonly=True,
        help="The conduct table's deduction for this kind when the violation was recorded.",
    )
    coefficient = fields.Float(
        string="Deduction",
        digits=(4, 3),
        compute="_compute_coefficient",
        store=True,
        help="The table's deduction when recorded, doubled from the second time in a year for the kinds marked so.",
    )
    # DR-4: the sanction decided for this violation
    penalty = fields.Selection(
        [("fine", "Fine"), ("yellow_card", "Yellow Card"), ("cancellation", "Cancellation of the Dealership")],
        tracking=True,
        help="A cancellation opens a dismissal request for the dealer.",
    )
    fine_amount = fields.Monetary(currency_field="currency_id", tracking=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    salesperson_id = fields.Many2one(related="partner_id.user_id", string="Salesperson")
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)

    @api.constrains("penalty", "fine_amount")
    def _check_fine(self):
        for violation in self:
            if violation.fine_amount < 0 or (violation.penalty == "fine") != (violation.fine_amount > 0):
                raise ValidationError(self.env._("A fine has a positive amount; other penalties have none."))

    @api.depends("date")
    def _compute_month(self):
        for violation in self:
            violation.month = violation.date and date_utils.start_of(violation.date, "month")

    def _table_coefficient_vals(self, vals):
        """The table's deduction of the day the kind is set: a later change of the table leaves it alone."""
        if vals.get("conduct_type_id"):
            conduct_type = self.env["dealer.conduct.type"].browse(vals["conduct_type_id"])
            return {**vals, "table_coefficient": conduct_type.coefficient}
        return vals

    @api.depends("table_coefficient", "repeat_rank")
    def _compute_coefficient(self):
        """DR-11: the second violation of a doubling kind in one calendar year counts double."""
        for violation in self:
            doubled = violation.conduct_type_id.repeat_doubles and violation.repeat_rank >= 2
            violation.coefficient = violation.table_coefficient * (2 if doubled else 1)

    def _rank_key(self):
        """The group in which the violation is counted: (company, dealer, kind, year)."""
        return self.company_id.id, self.partner_id.id, self.conduct_type_id.id, self.date.year

    def _rank_keys(self):
        return {v._rank_key() for v in self if v.partner_id and v.conduct_type_id and v.date}

    @api.model
    def _rerank(self, keys):
        """DR-11: number the violations of each group by date (then by record), whatever order they were
        recorded in; return those whose rank changed. A rank of a month already submitted or approved
        for scoring does not change: the change that would move it is refused."""
        if not keys:
            return self.browse()
        domain = Domain.OR(
            [
                ("company_id", "=", company),
                ("partner_id", "=", partner),
                ("conduct_type_id", "=", kind),
                ("date", ">=", date(year, 1, 1)),
                ("date", "<=", date(year, 12, 31)),
            ]
            for company, partner, kind, year in keys
        )
        # sudo: the ranks count every violation of the dealer, whoever recorded them
        violations = self.sudo().search(domain, order="date, id")
        ranks, seen = {}, defaultdict(int)
        for violation in violations:
            seen[violation._rank_key()] += 1
            ranks[violation] = seen[violation._rank_key()]
        changed = violations.filtered(lambda v: v.repeat_rank != ranks[v])
        frozen = changed._in_scored_months()[:1]
        if frozen:
            raise UserError(
                self.env._(
                    "This would change the occurrence in the year of the violation of %(dealer)s on %(date)s, "
                    "whose month's conduct score is submitted or approved.",
                    dealer=frozen.partner_id.display_name,
                    date=frozen.date,
                )
            )
        for rank in {ranks[v] for v in changed}:
            changed.filtered(lambda v, r=rank: ranks[v] == r).write({"repeat_rank": rank})
        return changed.with_env(self.env)

    def _flow_hint(self):
        return self.env._("The deduction of a violation comes from the conduct table.")

    @api.model
    def _flow_create_vals(self, vals):
        return self._table_coefficient_vals(vals)

    def _flow_write_vals(self, vals):
        return self._table_coefficient_vals(vals)

    @api.model_create_multi
    def create(self, vals_list):
        violations = super().create(vals_list)
        violations._check_month_open()
        reranked = self._rerank(violations._rank_keys())
        (violations | reranked)._open_dealership_reviews()
        return violations

    def write(self, vals):
        self._check_month_open()
        moved = RANK_KEYS & vals.keys()
        keys_before = self._rank_keys() if moved else set()
        result = super().write(vals)
        self._check_month_open()
        reranked = self._rerank(keys_before | self._rank_keys()) if moved else self.browse()
        reviewed = self if vals.get("penalty") == "cancellation" else self.browse()
        (reviewed | reranked)._open_dealership_reviews()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_except_scored_month(self):
        self._check_month_open()

    def unlink(self):
        keys = self._rank_keys()
        result = super().unlink()
        self._rerank(keys)
        return result

    @api.model
    def _count_by_partner(self, partners, date_from, date_to):
        """DR-11: ``{partner id: number of violations}`` between two days (the excellent-dealer limit)."""
        # sudo: a count, read for the dealer page and the award's eligibility by whoever sees them
        groups = self.sudo()._read_group(
            [("partner_id", "in", partners.ids), ("date", ">=", date_from), ("date", "<=", date_to)],
            ["partner_id"],
            ["__count"],
        )
        return {partner.id: count for partner, count in groups}

    def _check_month_open(self):
        """DR-12: the violations of a month submitted or approved for scoring are frozen."""
        frozen = self._in_scored_months()[:1]
        if frozen:
            raise UserError(
                self.env._(
                    "The conduct score of %(dealer)s for %(month)s is submitted or approved: "
                    "its violations cannot change any more.",
                    dealer=frozen.partner_id.display_name,
                    month=frozen.month.strftime("%Y-%m"),
                )
            )

    def _in_scored_months(self):
        """The violations of ``self`` whose month's conduct score is submitted or approved."""
        if not self:
            return self
        scores = (
            self.env["dealer.month.score"]
            .sudo()
            .search(
                [
                    ("partner_id", "in", self.partner_id.ids),
                    ("month", "in", list(set(self.mapped("month")))),
                    ("state", "!=", "cancel"),
                    "|",
                    ("state", "=", "approved"),
                    ("review_ids", "!=", False),
                ]
            )
        )
        frozen = {(score.partner_id.id, score.month, score.company_id.id) for score in scores}
        return self.filtered(lambda v: (v.partner_id.id, v.month, v.company_id.id) in frozen)

    def _open_dealership_reviews(self):
        """DR-4 / DR-11 / DR-2: a cancellation penalty, or the third violation of a doubling kind in a year,
        opens a pre-filled dismissal request that the market department manager is asked to review,
        unless one is already open for the dealer."""
        for violation in self:
            repeated = violation.conduct_type_id.repeat_doubles and violation.repeat_rank >= 3
            if not repeated and violation.penalty != "cancellation":
                continue
            dealer = violation.partner_id
            # the request's reason is read by the market department: the company's language, not the recorder's
            reason = self.with_context(lang=violation.company_id._cc_lang()).env._(
                "%(dealer)s: occurrence %(rank)s of “%(type)s” this year (%(date)s).",
                dealer=dealer.display_name,
                rank=violation.repeat_rank,
                type=violation.conduct_type_id.name,
                date=violation.date,
            )
            request = self.env["dealer.appointment.request"]._open_dismissal_review(
                dealer, violation.company_id, violation.user_id, reason, {"violation_id": violation.id}
            )
            if request:
                violation.message_post(body=reason)

from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from .dealer_rebate_policy import month_start

COMPUTED_FIELDS = frozenset({"coefficient", "repeat_rank", "month"})


class DealerViolation(models.Model):
    """DR-11: a conduct violation of a dealer, deducted from the completion ratio of its period."""

    _name = "dealer.violation"
    _description = "Dealer Conduct Violation"
    _inherit = ["dealer.recorded.mixin", "mail.thread", "mail.activity.mixin"]
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
        compute="_compute_coefficient",
        store=True,
        help="1 for the dealer's first violation of this kind in the calendar year, 2 for the second …",
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
            violation.month = violation.date and month_start(violation.date)

    @api.depends("partner_id", "conduct_type_id", "date")
    def _compute_coefficient(self):
        """DR-11: the second violation of a doubling kind in one calendar year counts double.

        Occurrences are ranked by date (then by record) among the dealer's violations of that kind in
        the year; the table's value is taken when the violation is recorded.
        """
        todo = self.filtered(lambda v: v.partner_id and v.conduct_type_id and v.date)
        (self - todo).update({"repeat_rank": 0, "coefficient": 0.0})
        if not todo:
            return
        years = {violation.date.year for violation in todo}
        siblings = self.search(
            [
                ("partner_id", "in", todo.partner_id.ids),
                ("conduct_type_id", "in", todo.conduct_type_id.ids),
                ("date", ">=", f"{min(years)}-01-01"),
                ("date", "<=", f"{max(years)}-12-31"),
                ("id", "not in", todo.ids),
            ]
        )
        earlier = defaultdict(list)
        for sibling in siblings:
            earlier[sibling.partner_id.id, sibling.conduct_type_id.id, sibling.date.year].append(
                (sibling.date, sibling.id)
            )
        for violation in todo.sorted(lambda v: (v.date, v.id)):
            key = (violation.partner_id.id, violation.conduct_type_id.id, violation.date.year)
            own = (violation.date, violation.id if isinstance(violation.id, int) else float("inf"))
            rank = 1 + sum(1 for other in earlier[key] if other < own)
            earlier[key].append(own)
            violation.repeat_rank = rank
            factor = 2 if violation.conduct_type_id.repeat_doubles and rank >= 2 else 1
            violation.coefficient = violation.conduct_type_id.coefficient * factor

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and any(COMPUTED_FIELDS & vals.keys() for vals in vals_list):
            raise AccessError(self.env._("The deduction of a violation comes from the conduct table."))
        violations = super().create(vals_list)
        violations._check_month_open()
        violations._open_dealership_reviews()
        return violations

    def write(self, vals):
        if not self.env.su and COMPUTED_FIELDS & vals.keys():
            raise AccessError(self.env._("The deduction of a violation comes from the conduct table."))
        self._check_month_open()
        result = super().write(vals)
        self._check_month_open()
        if vals.get("penalty") == "cancellation":
            self._open_dealership_reviews()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_except_scored_month(self):
        self._check_month_open()

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
        if not self:
            return
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
        for violation in self:
            if (violation.partner_id.id, violation.month, violation.company_id.id) in frozen:
                raise UserError(
                    self.env._(
                        "The conduct score of %(dealer)s for %(month)s is submitted or approved: "
                        "its violations cannot change any more.",
                        dealer=violation.partner_id.display_name,
                        month=violation.month.strftime("%Y-%m"),
                    )
                )

    def _open_dealership_reviews(self):
        """DR-4 / DR-11 / DR-2: a cancellation penalty, or the third violation of a doubling kind in a year,
        opens a pre-filled dismissal request that the market department manager is asked to review,
        unless one is already open for the dealer."""
        for violation in self:
            repeated = violation.conduct_type_id.repeat_doubles and violation.repeat_rank >= 3
            if not repeated and violation.penalty != "cancellation":
                continue
            dealer = violation.partner_id
            reason = self.env._(
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

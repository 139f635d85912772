"""DR-12: a dealer's conduct for one month, recorded by the salesperson and approved."""

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import date_utils

PROTECTED_FIELDS = frozenset({"state", "disputed", "recheck_user_id"})
# DR-12: what an approved or cancelled month keeps, whoever writes
SCORED_FIELDS = ("partner_id", "month", "company_id", "user_id", "note")
MANAGER_GROUP = "dealer_rebate.dealer_rebate_group_manager"


class DealerMonthScore(models.Model):
    """DR-12: a dealer's conduct for one month, recorded by the salesperson and approved.

    The salesperson records the month's violations and submits; the regional manager signs and the
    market department manager approves (tier definitions, X-3). Only approved months count in the
    completion bonus, and the dealer is informed of the result.
    """

    _name = "dealer.month.score"
    _description = "Dealer Monthly Conduct Score"
    _inherit = [
        "dealer.month.mixin",
        "customer.flow.document.mixin",
        "customer.approval.mixin",
        "mail.thread",
        "mail.activity.mixin",
    ]
    _order = "month desc, partner_id"
    _check_company_auto = True
    _flow_fields = PROTECTED_FIELDS

    user_id = fields.Many2one(
        "res.users", string="Salesperson", required=True, default=lambda self: self.env.user, tracking=True
    )
    state = fields.Selection(
        [("draft", "Draft"), ("approved", "Approved"), ("cancel", "Cancelled")],
        default="draft",
        required=True,
        tracking=True,
        copy=False,
        readonly=True,
    )
    violation_ids = fields.Many2many("dealer.violation", compute="_compute_violation_ids", string="Violations")
    violation_count = fields.Integer(compute="_compute_violation_ids")
    coefficient = fields.Float(
        string="Deductions of the Month", digits=(4, 3), compute="_compute_violation_ids", tracking=True
    )
    note = fields.Text(string="Assessment")
    # DR-12: "如确有异议，应请公司派专人复核" — a disputed month is re-checked by someone else first
    disputed = fields.Boolean(readonly=True, tracking=True, copy=False)
    recheck_user_id = fields.Many2one(
        "res.users",
        string="Re-checked by",
        readonly=True,
        tracking=True,
        copy=False,
        help="Assigned by a manager when the dealer disputes the month; never the salesperson.",
    )

    _partner_month_uniq = models.UniqueIndex(
        "(partner_id, month, company_id) WHERE state != 'cancel'",
        "The dealer already has a conduct score for this month.",
    )

    @api.depends("partner_id", "month", "company_id")
    def _compute_violation_ids(self):
        violations = self.env["dealer.violation"].search(
            [
                ("partner_id", "in", self.partner_id.ids),
                ("month", "in", [date_utils.start_of(m, "month") for m in self.mapped("month") if m]),
            ]
        )
        for score in self:
            mine = violations.filtered(
                lambda v, s=score: (
                    v.partner_id == s.partner_id
                    and v.company_id == s.company_id
                    and s.month
                    and v.month == date_utils.start_of(s.month, "month")
                )
            )
            score.violation_ids = mine
            score.violation_count = len(mine)
            score.coefficient = sum(mine.mapped("coefficient"))

    @api.constrains("recheck_user_id", "user_id")
    def _check_recheck_user(self):
        if any(score.recheck_user_id and score.recheck_user_id == score.user_id for score in self):
            raise ValidationError(self.env._("A disputed month is re-checked by someone other than its salesperson."))

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("user_id", self.env.uid) != self.env.uid:
                self._check_hand_over_right()
        return super().create(vals_list)

    def write(self, vals):
        if "user_id" in vals:
            self._check_hand_over_right()
        return super().write(vals)

    def _check_hand_over_right(self):
        """DR-12: a score is the salesperson's; a rebate manager hands it to someone else."""
        if not (self.env.su or self.env.user.has_group(MANAGER_GROUP)):
            raise AccessError(self.env._("Only a dealer rebate manager hands a conduct score to another salesperson."))

    def _locked_fields_by_state(self):
        return dict.fromkeys(("approved", "cancel"), SCORED_FIELDS)

    def _flow_hint(self):
        return self.env._("A conduct score changes state through its approval, not by editing it.")

    def action_submit(self):
        """DR-12: the salesperson (or a manager) sends the month for approval."""
        return self.request_validation()

    def _cc_check_submission(self):
        for score in self:
            if score.state != "draft":
                raise UserError(self.env._("Only a draft conduct score can be submitted."))
            if score.user_id != self.env.user and not self.env.user.has_group(
                "dealer_rebate.dealer_rebate_group_manager"
            ):
                raise AccessError(self.env._("The salesperson of the score submits it."))
        return super()._cc_check_submission()

    def action_cancel(self):
        for score in self:
            if score.state == "approved" and not self.env.user.has_group("dealer_rebate.dealer_rebate_group_manager"):
                raise AccessError(self.env._("Only a dealer rebate manager can cancel an approved conduct score."))
        self.check_access("write")
        # sudo: the state is refused to direct writes; the rights were checked above
        self.sudo().write({"state": "cancel"})

    def action_draft(self):
        self.check_access("write")
        # sudo: as above, back to draft from cancelled only
        self.filtered(lambda s: s.state == "cancel").sudo().write({"state": "draft"})

    def _dispute(self, recheck_user, reason):
        """DR-12: the dealer disputes the month; the re-checker's approval is asked before the others."""
        self.ensure_one()
        if not self.env.user.has_group(MANAGER_GROUP):
            raise AccessError(self.env._("Only a dealer rebate manager assigns the re-check of a disputed month."))
        if self.state != "draft":
            raise UserError(self.env._("Only a month not yet approved can be disputed."))
        if recheck_user == self.user_id:
            raise ValidationError(self.env._("A disputed month is re-checked by someone other than its salesperson."))
        # sudo: the dispute fields are refused to direct writes; the manager's right was checked above
        self.sudo().with_context(skip_validation_check=True).write(
            {"disputed": True, "recheck_user_id": recheck_user.id}
        )
        self.message_post(body=self.env._("Disputed by the dealer: %(reason)s", reason=reason))
        if self.review_ids:
            self.restart_validation()
            self._cc_request_validation()

    def _on_fully_approved(self):
        # sudo: the last approver may not write scores; the engine validated the chain
        self.sudo().write({"state": "approved"})
        for score in self:
            score._inform_dealer()

    def _inform_dealer(self):
        """DR-12: the dealer is told the month's result."""
        self.ensure_one()
        items = Markup("").join(
            Markup("<li>%s: %s −%s</li>")
            % (violation.date, violation.conduct_type_id.name, f"{violation.coefficient:g}")
            for violation in self.violation_ids
        )
        text = self.env._(
            "Conduct score of %(month)s approved: deductions %(total)s.",
            month=self.month.strftime("%Y-%m"),
            total=f"{self.coefficient:g}",
        )
        self.message_post(
            body=Markup("<p>%s</p><ul>%s</ul>") % (text, items) if items else text,
            partner_ids=self.partner_id.ids,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )

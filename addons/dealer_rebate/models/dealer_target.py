"""DR-6: a dealer's target in tons for one month, checked against the last three years' volume."""

from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError
from odoo.tools import date_utils, float_compare


class DealerTarget(models.Model):
    """DR-6: a dealer's target in tons for one month, checked against the last three years' volume."""

    _name = "dealer.target"
    _description = "Dealer Monthly Target"
    _inherit = ["dealer.month.mixin", "mail.thread"]
    _order = "month desc, partner_id"
    _check_company_auto = True

    target_tons = fields.Float(string="Target (t)", digits=(16, 3), required=True, tracking=True)
    suggested_tons = fields.Float(
        string="Suggested (t)",
        digits=(16, 3),
        readonly=True,
        help="Average volume of the same month over the last three years, when the target was saved.",
    )
    below_suggestion = fields.Boolean(
        compute="_compute_below_suggestion",
        store=True,
        help="The target is lower than the suggestion by more than the policy's margin.",
    )
    user_id = fields.Many2one(related="partner_id.user_id", string="Salesperson")
    note = fields.Text()

    _partner_month_uniq = models.UniqueIndex(
        "(partner_id, month, company_id)", "A dealer has one target per month: change that target instead."
    )

    @api.depends("target_tons", "suggested_tons", "company_id", "month")
    def _compute_below_suggestion(self):
        margins = {}
        for target in self:
            key = (target.company_id, target.month)
            if key not in margins:
                policy = self.env["dealer.rebate.policy"].search(
                    [
                        ("company_id", "=", target.company_id.id),
                        ("date_from", "<=", target.month),
                        ("date_to", ">=", target.month),
                    ],
                    limit=1,
                )
                margins[key] = policy.target_margin_pct if policy else 0.0
            floor = target.suggested_tons * (1 - margins[key] / 100)
            target.below_suggestion = float_compare(target.target_tons, floor, precision_digits=3) < 0

    @api.constrains("target_tons")
    def _check_target_tons(self):
        if any(target.target_tons < 0 for target in self):
            raise ValidationError(self.env._("A monthly target cannot be negative."))

    @api.onchange("partner_id", "month", "target_tons")
    def _onchange_warn_below_suggestion(self):
        if not (self.partner_id and self.month and self.target_tons):
            return None
        suggestion = self._suggestion_for(self.partner_id, date_utils.start_of(self.month, "month"), self.company_id)
        if suggestion is None:
            return None
        self.suggested_tons = suggestion
        if self.below_suggestion:
            return {"warning": {"title": self.env._("Target below history"), "message": self._below_message()}}
        return None

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if "suggested_tons" in vals and not self.env.su:
                raise AccessError(self.env._("The suggested target comes from the last three years' invoices."))
        targets = super().create(vals_list)
        targets._refresh_suggestions()
        return targets

    def write(self, vals):
        if "suggested_tons" in vals and not self.env.su:
            raise AccessError(self.env._("The suggested target comes from the last three years' invoices."))
        if {"partner_id", "month", "target_tons", "company_id"} & vals.keys():
            self._check_month_not_ended()
        result = super().write(vals)
        if {"partner_id", "month", "target_tons"} & vals.keys():
            self._refresh_suggestions()
        return result

    def _check_month_not_ended(self):
        """DR-6: the target of a month that has ended is changed by a rebate manager only (tracked)."""
        if self.env.su or self.env.user.has_group("dealer_rebate.dealer_rebate_group_manager"):
            return
        this_month = date_utils.start_of(fields.Date.context_today(self), "month")
        ended = self.filtered(lambda target: target.month < this_month)
        if ended:
            raise AccessError(
                self.env._(
                    "The month of %(target)s has ended: only a dealer rebate manager changes its target.",
                    target=ended[0].display_name,
                )
            )

    def action_refresh_suggestion(self):
        self._refresh_suggestions()

    def _refresh_suggestions(self):
        """DR-6: store the suggestion and say so in the chatter when the target is set too low."""
        for company in self.company_id:
            targets = self.filtered(lambda t, c=company: t.company_id == c)
            policy = self.env["dealer.rebate.policy"].search(
                [("company_id", "=", company.id), ("date_from", "<=", max(targets.mapped("month")))],
                order="date_from desc",
                limit=1,
            )
            if not policy:
                continue
            suggestions = policy._suggested_targets(set(targets.partner_id.ids), set(targets.mapped("month")))
            for target in targets:
                suggestion = suggestions.get((target.partner_id.id, target.month), 0.0)
                if float_compare(target.suggested_tons, suggestion, precision_digits=3):
                    # sudo: the suggestion comes from the invoices, never from the user (see write)
                    target.sudo().write({"suggested_tons": suggestion})
        for target in self.filtered("below_suggestion"):
            target.message_post(body=target._below_message())

    def _suggestion_for(self, partner, month, company):
        if partner.user_id != self.env.user and not self.env.user.has_group(
            "dealer_rebate.dealer_rebate_group_manager"
        ):
            return None  # a dealer's history is shown to its salesperson and the managers
        policy = self.env["dealer.rebate.policy"].search(
            [("company_id", "=", company.id), ("date_from", "<=", month)], order="date_from desc", limit=1
        )
        if not policy:
            return None
        return policy._suggested_targets({partner.id}, {month}).get((partner.id, month), 0.0)

    def _below_message(self):
        self.ensure_one()
        return self.env._(
            "The target of %(target)s t is below the suggested %(suggested)s t "
            "(average of the same month over the last three years).",
            target=self.target_tons,
            suggested=self.suggested_tons,
        )

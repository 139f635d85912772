"""DR-3: the monthly assessment of a dealer not under the target system, filed on the dealer."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError

# DR-3: the five aspects the market department scores each month (seed 000, 总经销管理细则)
ASPECTS = ("integrity", "development", "management", "sales", "compliance")


class DealerAssessment(models.Model):
    """DR-3: the monthly assessment of a dealer not under the target system, filed on the dealer.

    The market department scores five aspects; the result is the basis for
    appointment, cancellation, rewards and penalties (DR-2).
    """

    _name = "dealer.assessment"
    _description = "Dealer Monthly Assessment"
    _inherit = ["dealer.month.mixin", "mail.thread"]
    _order = "month desc, partner_id"
    _check_company_auto = True

    partner_id = fields.Many2one(domain="[('dr_status', '!=', False), ('dr_target_system', '=', False)]")
    user_id = fields.Many2one(
        "res.users", string="Assessed by", required=True, default=lambda self: self.env.user, tracking=True
    )
    integrity = fields.Integer(tracking=True, help="思想品德, 0–100.")
    development = fields.Integer(string="Market Development", tracking=True, help="市场开发, 0–100.")
    management = fields.Integer(string="Market Management", tracking=True, help="市场管理, 0–100.")
    sales = fields.Integer(string="Sales Task", tracking=True, help="销售任务, 0–100.")
    compliance = fields.Integer(string="Compliance with Allocation", tracking=True, help="服从分配, 0–100.")
    score = fields.Float(string="Overall Score", digits=(5, 1), compute="_compute_score", store=True)
    note = fields.Text(string="Assessment")

    _partner_month_uniq = models.UniqueIndex(
        "(partner_id, month, company_id)", "The dealer is already assessed for this month."
    )

    @api.depends(*ASPECTS)
    def _compute_score(self):
        for assessment in self:
            assessment.score = sum(assessment[aspect] for aspect in ASPECTS) / len(ASPECTS)

    @api.constrains(*ASPECTS)
    def _check_scores_in_range(self):
        for assessment in self:
            if any(not 0 <= assessment[aspect] <= 100 for aspect in ASPECTS):
                raise ValidationError(self.env._("Each aspect of a dealer assessment is scored from 0 to 100."))

    @api.constrains("partner_id")
    def _check_dealer_outside_target_system(self):
        for assessment in self:
            if assessment.partner_id.dr_target_system:
                raise ValidationError(
                    self.env._(
                        "%(dealer)s is under the target system: its months are scored by conduct, not assessed.",
                        dealer=assessment.partner_id.display_name,
                    )
                )

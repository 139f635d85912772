"""CC-20: the escalation matrix, customer tier level x warning type → role."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .customer_role import ROLES

WARNING_TYPES = [
    ("receivable", "Receivable"),
    ("progress", "Purchase Progress"),
    ("churn", "Churn"),
    ("dependence", "Dependence"),
    ("abnormal", "Abnormal Signal"),
]


class CustomerWarningRule(models.Model):
    """CC-20: the escalation matrix, customer tier level x warning type → role."""

    _name = "customer.warning.rule"
    _description = "Warning Escalation Rule"
    _order = "tier_level, warning_type"

    tier_level = fields.Integer(required=True, help="Customer tier level, 1 = most important.")
    warning_type = fields.Selection(WARNING_TYPES, help="Empty: every warning type.")
    role = fields.Selection(ROLES, required=True)
    company_id = fields.Many2one("res.company", help="Empty: every company.")

    _level_type_uniq = models.UniqueIndex(
        "(tier_level, COALESCE(warning_type, ''), COALESCE(company_id, 0))",
        "This tier level and warning type already have a rule.",
    )

    @api.constrains("tier_level")
    def _check_tier_level(self):
        if any(rule.tier_level < 1 for rule in self):
            raise ValidationError(self.env._("The tier level must be 1 or more."))

    @api.model
    def _role_for(self, tier_level, warning_type, company):
        """The role a warning of this type on a customer of this level goes to."""
        return self._pick_role(self._rules_of(company), tier_level, warning_type)

    @api.model
    def _rules_of(self, company):
        return self.search([("company_id", "in", [False, company.id])])

    @api.model
    def _pick_role(self, rules, tier_level, warning_type):
        """Most specific rule first: this company before every company, this type before every type."""
        candidates = rules.filtered(
            lambda rule: rule.tier_level == (tier_level or 5) and rule.warning_type in (warning_type, False)
        ).sorted(lambda rule: (rule.warning_type != warning_type, not rule.company_id))
        return candidates[:1].role or "branch_sales_manager"

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

# CV-5: the roles of seed 004's matrix (业务经理 is the salesperson role)
VISIT_ROLES = [
    ("salesperson", "Account Manager"),
    ("branch_sales_manager", "Branch Sales Manager"),
    ("branch_gm", "Branch General Manager"),
    ("marketing_director", "Marketing Director"),
    ("regional_manager", "Regional Manager"),
]
INTERVAL_UNITS = [
    ("day", "Days"),
    ("week", "Weeks"),
    ("half_month", "Half Months"),
    ("month", "Months"),
    ("year", "Years"),
]


def visits_in_month(number, unit, month_start, month_end, last_visit=None):
    """CV-3 / CV-5: how many visits an interval asks for in the month ``[month_start, month_end]``.

    Intervals shorter than a month give a count per month (every 3 days: 10 visits in a 30-day
    month; every week: 4; every half month: 2). Longer intervals give one visit when the
    customer is due in the month (never visited, or last visit + interval on or before the
    month's end), none otherwise.
    """
    days = (month_end - month_start).days + 1
    per_month = {"day": days // number, "week": days // (7 * number), "half_month": 2 // number}.get(unit, 0)
    if per_month:
        return per_month
    if not last_visit:
        return 1
    return 1 if next_due_date(number, unit, last_visit) <= month_end else 0


def next_due_date(number, unit, last_visit):
    """CV-6: the date the next visit is due after ``last_visit``."""
    step = {
        "day": relativedelta(days=number),
        "week": relativedelta(weeks=number),
        "half_month": relativedelta(days=15 * number),
        "month": relativedelta(months=number),
        "year": relativedelta(years=number),
    }[unit]
    return last_visit + step


class VisitFrequencyRule(models.Model):
    """CV-5: how often a role visits a customer of a tier (seed 004's matrix, seed 002's A/B/C set)."""

    _name = "visit.frequency.rule"
    _description = "Visit Frequency Rule"
    _order = "tier_id, role"

    tier_id = fields.Many2one(
        "customer.tier",
        string="Customer Tier",
        ondelete="cascade",
        index=True,
        help="Leave empty for the customers without a tier: seed 000 asks the salesperson to visit every "
        "ordinary customer at least once a quarter.",
    )
    tier_set = fields.Selection(related="tier_id.tier_set", store=True)
    role = fields.Selection(VISIT_ROLES, required=True, index=True)
    interval_number = fields.Integer(string="Every", required=True, default=1)
    interval_unit = fields.Selection(INTERVAL_UNITS, string="Unit", required=True, default="month")
    company_id = fields.Many2one("res.company", help="Leave empty for a rule of every company.")
    active = fields.Boolean(default=True)

    _tier_role_uniq = models.UniqueIndex(
        "(COALESCE(tier_id, 0), role, COALESCE(company_id, 0)) WHERE active",
        "A tier already has a visit frequency for this role.",
    )

    @api.depends("tier_id", "role", "interval_number", "interval_unit")
    def _compute_display_name(self):
        roles = dict(self._fields["role"]._description_selection(self.env))
        units = dict(self._fields["interval_unit"]._description_selection(self.env))
        for rule in self:
            rule.display_name = self.env._(
                "%(tier)s · %(role)s: every %(number)s %(unit)s",
                tier=rule.tier_id.name or self.env._("Customers without a tier"),
                role=roles.get(rule.role, ""),
                number=rule.interval_number,
                unit=units.get(rule.interval_unit, ""),
            )

    @api.constrains("interval_number")
    def _check_interval_number(self):
        if any(rule.interval_number <= 0 for rule in self):
            raise ValidationError(self.env._("A visit frequency must be a positive number of days, weeks or months."))

    @api.model
    def _cv_rule_map(self, company):
        """``{(tier_id, role): rule}`` for ``company``, company rules overriding the shared ones (one query).

        ``tier_id`` is ``False`` for the floor of the customers without a tier."""
        # sudo: frequency rules are reference data every visiting user applies
        rules = self.sudo().search([("company_id", "in", [False, company.id])]).sorted(lambda r: bool(r.company_id))
        return {(rule.tier_id.id, rule.role): rule for rule in rules}

    def _visits_in_month(self, month_start, month_end, last_visit=None):
        self.ensure_one()
        return visits_in_month(self.interval_number, self.interval_unit, month_start, month_end, last_visit)

    def _next_due(self, last_visit):
        self.ensure_one()
        return next_due_date(self.interval_number, self.interval_unit, last_visit)

"""CV-5: how often a role visits a customer of a tier (seed 004's matrix, seed 002's A/B/C set)."""

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
# one interval of each unit (built for the unit asked only: the compliance job asks once per customer and role)
INTERVAL_STEPS = {
    "day": lambda number: relativedelta(days=number),
    "week": lambda number: relativedelta(weeks=number),
    "half_month": lambda number: relativedelta(days=15 * number),
    "month": lambda number: relativedelta(months=number),
    "year": lambda number: relativedelta(years=number),
}


def month_windows(number, unit, working_days, last_visit=None):
    """CV-3 / CV-5: the windows of a month in each of which an interval asks for one visit.

    ``working_days`` are the month's working days in order (X-4: no holiday, make-up days in).

    - every N days: every Nth working day: the month's working days cut into as many runs as N
      fits in them (rounded up), of N working days each when they divide evenly, else of N and
      N - 1 (21 working days, every 3 days: 7 runs of 3; 22 working days: 8 runs of 2 or 3);
    - every N weeks: the working days of N consecutive calendar weeks (Monday to Sunday),
      counted from the week of the 1st; a week without a working day is no window;
    - every half month: the 1st to the 15th and the 16th to the end; every N half months
      (N of 2 or more) is read like a longer interval;
    - a month or longer: one window when the customer is due in the month (never visited,
      or the last visit plus the interval on or before the month's last day); it holds the
      working days up to the due date when that date falls in the month.

    :return: a list of non-empty lists of dates
    """
    if not working_days:
        return []
    if unit == "day":
        return even_windows(working_days, -(-len(working_days) // number))
    if unit == "week":
        first_monday = working_days[0].replace(day=1)
        first_monday -= relativedelta(days=first_monday.weekday())
        blocks = {}
        for day in working_days:
            blocks.setdefault((day - first_monday).days // (7 * number), []).append(day)
        return list(blocks.values())
    if unit == "half_month" and number == 1:
        halves = [[day for day in working_days if day.day <= 15], [day for day in working_days if day.day > 15]]
        return [half for half in halves if half]
    if not last_visit:
        return [list(working_days)]
    due = next_due_date(number, unit, last_visit)
    if due > working_days[-1].replace(day=1) + relativedelta(months=1, days=-1):
        return []
    before_due = [day for day in working_days if day <= due]
    return [before_due or list(working_days)]


def even_windows(working_days, count):
    """``count`` consecutive windows of about the same number of working days (as many as there are days at most)."""
    count = min(count, len(working_days))
    return [working_days[n * len(working_days) // count : (n + 1) * len(working_days) // count] for n in range(count)]


def visits_in_windows(windows, offset=0):
    """CV-3: the visit dates that picking the ``offset``-th working day of each window gives (the last day
    of a window shorter than that)."""
    return [window[min(offset, len(window) - 1)] for window in windows]


def next_due_date(number, unit, last_visit):
    """CV-6: the date the next visit is due after ``last_visit``."""
    return last_visit + INTERVAL_STEPS[unit](number)


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

    def _month_windows(self, working_days, last_visit=None):
        self.ensure_one()
        return month_windows(self.interval_number, self.interval_unit, working_days, last_visit)

    def _next_due(self, last_visit):
        self.ensure_one()
        return next_due_date(self.interval_number, self.interval_unit, last_visit)

"""Exception to the weekly working pattern of a company (rule X-4)."""

import calendar
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.tools import date_utils

# Monday to Friday, used when the company has no working calendar (rule X-4).
DEFAULT_WORKING_WEEKDAYS = frozenset(range(5))


class CustomerCalendarDay(models.Model):
    """Exception to the weekly working pattern of a company (rule X-4).

    A row is either a public holiday (a weekday that is not worked) or a
    make-up working day (调休, a weekend day that is worked). Rows without a
    company apply to every company; a company-specific row overrides a global
    row of the same date. The official calendar of a year ships as data, so
    adding a year is a data-only change.

    This model also carries the one working-day helper of the suite:
    ``_is_working_day``, ``_add_working_days``, ``_working_days_between`` and
    ``_deadline``.
    """

    _name = "customer.calendar.day"
    _description = "Calendar Exception Day"
    _order = "date"

    date = fields.Date(required=True, index=True)
    day_type = fields.Selection(
        [("holiday", "Public Holiday"), ("workday", "Make-up Working Day")],
        string="Type",
        required=True,
        default="holiday",
    )
    name = fields.Char(translate=False, help="Name of the holiday, as published in the official notice.")
    company_id = fields.Many2one(
        "res.company",
        help="Leave empty for a day that applies to every company.",
    )

    _date_company_uniq = models.UniqueIndex(
        "(date, COALESCE(company_id, 0))",
        "A date can only be declared once per company (and once for all companies).",
    )

    # ------------------------------------------------------------------
    # Working-day helper (rule X-4): the one place every addon calls.
    # ------------------------------------------------------------------

    @api.model
    def _is_working_day(self, day, company=None):
        """Tell whether ``day`` is a working day for ``company`` (rule X-4).

        :param day: date or datetime (only the date part is used)
        :param company: ``res.company`` record, the current company by default
        :rtype: bool
        """
        day = fields.Date.to_date(day)
        company = company or self.env.company
        exceptions = self._get_exception_days(day, day, company)
        return self._check_working_day(day, self._get_working_weekdays(company), exceptions)

    @api.model
    def _add_working_days(self, start, count, company=None):
        """Return the date ``count`` working days after ``start`` (rule X-4).

        ``start`` itself is not counted; ``count`` 0 returns ``start`` and a
        negative ``count`` goes backwards. The exception days are loaded by
        window, never one query per day.

        :param start: date or datetime (only the date part is used)
        :param int count: number of working days to add
        :param company: ``res.company`` record, the current company by default
        :rtype: datetime.date
        """
        day = fields.Date.to_date(start)
        if not count:
            return day
        company = company or self.env.company
        weekdays = self._get_working_weekdays(company)
        step = timedelta(days=1 if count > 0 else -1)
        remaining = abs(count)
        # generous first window: weekends and a golden week fit in it
        window = remaining * 2 + 15
        while True:
            window_end = day + step * window
            exceptions = self._get_exception_days(min(day, window_end), max(day, window_end), company)
            while day != window_end:
                day += step
                if self._check_working_day(day, weekdays, exceptions):
                    remaining -= 1
                    if not remaining:
                        return day

    @api.model
    def _working_days_between(self, start, end, company=None):
        """Count the working days in ``(start, end]`` (rule X-4).

        :param start: date or datetime (only the date part is used)
        :param end: date or datetime (only the date part is used)
        :param company: ``res.company`` record, the current company by default
        :return: the number of working days, 0 when ``end`` is not after ``start``
        :rtype: int
        """
        start = fields.Date.to_date(start)
        end = fields.Date.to_date(end)
        if end <= start:
            return 0
        company = company or self.env.company
        weekdays = self._get_working_weekdays(company)
        exceptions = self._get_exception_days(start + timedelta(days=1), end, company)
        return sum(
            self._check_working_day(start + timedelta(days=offset), weekdays, exceptions)
            for offset in range(1, (end - start).days + 1)
        )

    @api.model
    def _deadline(self, start, count, calendar_days=False, company=None):
        """Return the deadline ``count`` days after ``start`` (rule X-4).

        Days are working days by default; ``calendar_days`` (a company
        setting of the calling addon) switches to plain calendar days.

        :param start: date or datetime (only the date part is used)
        :param int count: number of days
        :param bool calendar_days: count calendar days instead of working days
        :param company: ``res.company`` record, the current company by default
        :rtype: datetime.date
        """
        if calendar_days:
            return fields.Date.to_date(start) + timedelta(days=count)
        return self._add_working_days(start, count, company=company)

    @api.model
    def _month_deadline(self, month, day):
        """The ``day`` of the month before ``month`` (its last day when shorter): what is due for ``month``
        (a monthly plan, a distribution plan) is due *before* it — see :meth:`_is_late`."""
        previous = date_utils.start_of(fields.Date.to_date(month), "month") - relativedelta(months=1)
        return previous.replace(day=min(day, calendar.monthrange(previous.year, previous.month)[1]))

    @api.model
    def _is_late(self, done_on, deadline):
        """Whether what was due before ``deadline`` came on ``done_on`` or later (the seeds' "…日前")."""
        return bool(done_on and deadline and fields.Date.to_date(done_on) >= deadline)

    @api.model
    def _get_working_weekdays(self, company):
        """Return the worked weekdays (0 = Monday) of the company's calendar.

        :return: ``{week_type: frozenset(weekdays)}``; ``week_type`` is
            ``False`` for a one-week calendar, ``"0"``/``"1"`` for a two-week
            calendar. Monday to Friday when the company has no calendar.
        """
        calendar = company.sudo().resource_calendar_id
        if not calendar:
            return {False: DEFAULT_WORKING_WEEKDAYS}
        attendances = (
            self.env["resource.calendar.attendance"]
            .sudo()
            ._read_group(
                [("calendar_id", "=", calendar.id), ("display_type", "=", False)],
                ["week_type", "dayofweek"],
            )
        )
        week_types = ("0", "1") if calendar.two_weeks_calendar else (False,)
        weekdays = {
            week_type: frozenset(
                int(dayofweek) for att_week_type, dayofweek in attendances if att_week_type == week_type
            )
            for week_type in week_types
        }
        if not any(weekdays.values()):
            return {False: DEFAULT_WORKING_WEEKDAYS}
        return weekdays

    @api.model
    def _get_exception_days(self, date_from, date_to, company):
        """Load the exception days of ``[date_from, date_to]`` in one search.

        Calendar days are reference data every addon needs, whatever the
        user's groups, hence the ``sudo`` (here and for the weekdays).

        :return: ``{date: day_type}``, company rows overriding global rows
        """
        days = (
            self.sudo()
            .search_fetch(
                [
                    ("date", ">=", date_from),
                    ("date", "<=", date_to),
                    ("company_id", "in", [False, company.id]),
                ],
                ["date", "day_type", "company_id"],
            )
            .sorted(lambda d: bool(d.company_id))
        )
        return {day.date: day.day_type for day in days}

    @api.model
    def _check_working_day(self, day, weekdays, exceptions):
        """Decide on one day from preloaded data; issues no query."""
        day_type = exceptions.get(day)
        if day_type:
            return day_type == "workday"
        if False in weekdays:
            return day.weekday() in weekdays[False]
        week_type = str(self.env["resource.calendar.attendance"].get_week_type(day))
        return day.weekday() in weekdays[week_type]

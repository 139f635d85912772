from datetime import date, datetime

from psycopg2 import IntegrityError

from odoo import Command
from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestWorkingDays(TransactionCase):
    """Rule X-4: deadlines in working days follow the Chinese official calendar."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Day = cls.env["customer.calendar.day"]
        cls.company = cls.env.company
        cls.company.resource_calendar_id = cls._make_calendar("Mon-Fri", range(5))
        cls.other_company = cls.env["res.company"].create({"name": "X-4 Other Company"})
        cls.other_company.resource_calendar_id = cls._make_calendar("Mon-Fri other", range(5))

    @classmethod
    def _make_calendar(cls, name, weekdays):
        return cls.env["resource.calendar"].create(
            {
                "name": name,
                "attendance_ids": [Command.clear()]
                + [
                    Command.create(
                        {
                            "name": f"Day {weekday}",
                            "dayofweek": str(weekday),
                            "hour_from": 8,
                            "hour_to": 17,
                            "day_period": "full_day",
                        }
                    )
                    for weekday in weekdays
                ],
            }
        )

    def test_x4_official_2026_calendar_is_shipped(self):
        """X-4: the 2026 notice ships as data, holidays and make-up days alike."""
        days = self.Day.search([("date", ">=", "2026-01-01"), ("date", "<=", "2026-12-31"), ("company_id", "=", False)])
        self.assertEqual(len(days.filtered(lambda d: d.day_type == "holiday")), 33)
        self.assertEqual(
            days.filtered(lambda d: d.day_type == "workday").mapped("date"),
            [
                date(2026, 1, 4),
                date(2026, 2, 14),
                date(2026, 2, 28),
                date(2026, 5, 9),
                date(2026, 9, 20),
                date(2026, 10, 10),
            ],
        )
        self.assertEqual(self.env.ref("customer_comm.customer_calendar_day_2026_0217").name, "春节")

    def test_x4_is_working_day(self):
        """X-4: weekends off, holidays off, make-up Saturdays and Sundays worked."""
        is_working_day = self.Day._is_working_day
        self.assertTrue(is_working_day(date(2026, 2, 13)))  # Friday
        self.assertTrue(is_working_day(date(2026, 2, 14)))  # make-up Saturday
        self.assertFalse(is_working_day(date(2026, 2, 15)))  # Spring Festival, Sunday
        self.assertFalse(is_working_day(date(2026, 2, 16)))  # Spring Festival, Monday
        self.assertTrue(is_working_day(date(2026, 1, 4)))  # make-up Sunday
        self.assertFalse(is_working_day(date(2026, 3, 7)))  # ordinary Saturday
        self.assertTrue(is_working_day(date(2026, 3, 9)))  # ordinary Monday
        self.assertTrue(is_working_day(datetime(2026, 2, 14, 23, 30)))

    def test_x4_add_working_days_over_spring_festival(self):
        """X-4: Friday 13 Feb + 1 is the make-up Saturday, + 2 jumps the festival."""
        self.assertEqual(self.Day._add_working_days(date(2026, 2, 13), 1), date(2026, 2, 14))
        self.assertEqual(self.Day._add_working_days(date(2026, 2, 13), 2), date(2026, 2, 24))
        self.assertEqual(self.Day._add_working_days(datetime(2026, 2, 13, 18, 0), 2), date(2026, 2, 24))
        # 14 Feb, 24-27 Feb, then the make-up Saturday 28 Feb
        self.assertEqual(self.Day._add_working_days(date(2026, 2, 13), 6), date(2026, 2, 28))
        self.assertEqual(self.Day._add_working_days(date(2026, 2, 13), 7), date(2026, 3, 2))

    def test_x4_add_working_days_over_national_day(self):
        """X-4: 30 Sep + 1 skips the 1-7 Oct golden week; 10 Oct is worked."""
        self.assertEqual(self.Day._add_working_days(date(2026, 9, 30), 1), date(2026, 10, 8))
        self.assertEqual(self.Day._add_working_days(date(2026, 9, 30), 3), date(2026, 10, 10))
        self.assertEqual(self.Day._add_working_days(date(2026, 9, 30), 4), date(2026, 10, 12))
        # Friday 18 Sep + 1 is the make-up Sunday 20 Sep
        self.assertEqual(self.Day._add_working_days(date(2026, 9, 18), 1), date(2026, 9, 20))

    def test_x4_count_zero_and_negative(self):
        """X-4: count 0 returns the start, a negative count goes backwards."""
        self.assertEqual(self.Day._add_working_days(date(2026, 2, 15), 0), date(2026, 2, 15))
        self.assertEqual(self.Day._add_working_days(datetime(2026, 2, 15, 9, 0), 0), date(2026, 2, 15))
        self.assertEqual(self.Day._add_working_days(date(2026, 2, 24), -1), date(2026, 2, 14))
        self.assertEqual(self.Day._add_working_days(date(2026, 2, 24), -2), date(2026, 2, 13))
        self.assertEqual(self.Day._add_working_days(date(2026, 1, 5), -1), date(2026, 1, 4))
        self.assertEqual(self.Day._add_working_days(date(2026, 1, 5), -2), date(2025, 12, 31))

    def test_x4_working_days_between(self):
        """X-4: working days in (start, end], Qingming 4-6 Apr excluded."""
        between = self.Day._working_days_between
        self.assertEqual(between(date(2026, 4, 3), date(2026, 4, 8)), 2)
        self.assertEqual(between(datetime(2026, 4, 3, 17, 0), datetime(2026, 4, 8, 8, 0)), 2)
        self.assertEqual(between(date(2026, 2, 13), date(2026, 2, 24)), 2)
        self.assertEqual(between(date(2026, 4, 8), date(2026, 4, 8)), 0)
        self.assertEqual(between(date(2026, 4, 8), date(2026, 4, 3)), 0)
        start = date(2026, 9, 1)
        self.assertEqual(between(start, self.Day._add_working_days(start, 40)), 40)

    def test_x4_calendar_days_switch(self):
        """X-4: a company setting switches the deadline to calendar days."""
        start = date(2026, 2, 13)
        self.assertEqual(self.Day._deadline(start, 3), date(2026, 2, 25))
        self.assertEqual(self.Day._deadline(start, 3, calendar_days=True), date(2026, 2, 16))
        self.assertEqual(self.Day._deadline(datetime(2026, 2, 13, 10, 0), 6, calendar_days=True), date(2026, 2, 19))

    def test_x4_company_specific_days(self):
        """X-4: a company-specific day applies to that company only, over the global row."""
        self.Day.create(
            [
                {
                    "date": "2026-03-04",
                    "day_type": "holiday",
                    "name": "厂庆",
                    "company_id": self.other_company.id,
                },
                {
                    "date": "2026-02-16",
                    "day_type": "workday",
                    "name": "值班",
                    "company_id": self.other_company.id,
                },
            ]
        )
        start = date(2026, 3, 3)
        self.assertEqual(self.Day._add_working_days(start, 1), date(2026, 3, 4))
        self.assertEqual(self.Day._add_working_days(start, 1, company=self.other_company), date(2026, 3, 5))
        self.assertEqual(self.Day.with_company(self.other_company)._add_working_days(start, 1), date(2026, 3, 5))
        self.assertFalse(self.Day._is_working_day(date(2026, 3, 4), company=self.other_company))
        self.assertTrue(self.Day._is_working_day(date(2026, 3, 4)))
        # the company's make-up day overrides the global Spring Festival holiday
        self.assertTrue(self.Day._is_working_day(date(2026, 2, 16), company=self.other_company))
        self.assertFalse(self.Day._is_working_day(date(2026, 2, 16)))
        self.assertEqual(
            self.Day._add_working_days(date(2026, 2, 13), 2, company=self.other_company), date(2026, 2, 16)
        )

    def test_x4_company_working_calendar(self):
        """X-4: the weekdays come from the company calendar, Monday-Friday without one."""
        self.other_company.resource_calendar_id = self._make_calendar("Mon-Sat", range(6))
        saturday = date(2026, 3, 7)
        self.assertTrue(self.Day._is_working_day(saturday, company=self.other_company))
        self.assertFalse(self.Day._is_working_day(saturday))
        # holidays still apply on a six-day week
        self.assertFalse(self.Day._is_working_day(date(2026, 2, 21), company=self.other_company))
        self.other_company.resource_calendar_id = False
        self.assertFalse(self.Day._is_working_day(saturday, company=self.other_company))
        self.assertTrue(self.Day._is_working_day(date(2026, 3, 6), company=self.other_company))

    def test_x4_helper_serves_users_of_every_addon(self):
        """X-4: one helper for all addons, usable by an employee outside this app's groups."""
        employee = new_test_user(self.env, login="x4_employee", groups="base.group_user")
        day = self.Day.with_user(employee)
        self.assertFalse(self.env["customer.calendar.day"].with_user(employee).has_access("read"))
        self.assertEqual(day._add_working_days(date(2026, 2, 13), 2), date(2026, 2, 24))
        self.assertEqual(day._working_days_between(date(2026, 4, 3), date(2026, 4, 8)), 2)

    def test_x4_new_year_is_a_data_only_change(self):
        """X-4: declaring 2027 is adding rows, no code."""
        start = date(2026, 12, 31)
        self.assertEqual(self.Day._add_working_days(start, 1), date(2027, 1, 1))
        self.Day.create({"date": "2027-01-01", "day_type": "holiday", "name": "元旦"})
        self.assertEqual(self.Day._add_working_days(start, 1), date(2027, 1, 4))
        self.Day.create({"date": "2027-01-02", "day_type": "workday", "name": "元旦调休上班"})
        self.assertEqual(self.Day._add_working_days(start, 1), date(2027, 1, 2))

    def test_x4_no_query_per_day(self):
        """X-4: 60 working days cost no more queries than 5."""
        start = date(2026, 2, 13)
        self.Day._add_working_days(start, 1)  # warm the caches unrelated to the count

        def count_queries(count):
            self.env.invalidate_all()
            queries_before = self.env.cr.sql_log_count
            result = self.Day._add_working_days(start, count)
            return result, self.env.cr.sql_log_count - queries_before

        result_5, queries_5 = count_queries(5)
        result_60, queries_60 = count_queries(60)
        self.assertEqual(result_5, date(2026, 2, 27))
        self.assertEqual(self.Day._working_days_between(start, result_60), 60)
        self.assertGreater(queries_5, 0)
        self.assertLessEqual(queries_60, queries_5)

    @mute_logger("odoo.sql_db")
    def test_x4_duplicate_date_is_refused(self):
        """X-4: a date is declared once per company and once for all companies."""
        with self.assertRaises(IntegrityError):
            self.Day.create({"date": "2026-01-01", "day_type": "workday"})
        self.Day.create({"date": "2026-01-01", "day_type": "workday", "company_id": self.other_company.id})
        with self.assertRaises(IntegrityError):
            self.Day.create({"date": "2026-01-01", "day_type": "holiday", "company_id": self.other_company.id})

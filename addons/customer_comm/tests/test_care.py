from datetime import date

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import TransactionCase, freeze_time, tagged

from .common import CustomerCommCase


@tagged("post_install", "-at_install")
class TestCareReminders(CustomerCommCase, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.cc_care_days_ahead = 3
        Partner = cls.env["res.partner"]
        cls.consumer = Partner.create(
            {
                "name": "李晓梅",
                "cc_channel_type": "consumer",
                "user_id": cls.salesperson.id,
                "cc_birthday": date(1985, 3, 5),
            }
        )
        cls.key_person = Partner.create(
            {
                "name": "王建国",
                "parent_id": cls.customer.id,
                "cc_is_key_person": True,
                "cc_anniversary": date(2010, 3, 4),
            }
        )
        cls.dealer = Partner.create(
            {
                "name": "某经销商",
                "is_company": True,
                "cc_channel_type": "dealer",
                "user_id": cls.salesperson.id,
                "cc_birthday": date(1980, 3, 4),
            }
        )
        cls.orphan = Partner.create(
            {"name": "无业务员客户", "cc_channel_type": "consumer", "cc_birthday": date(1990, 3, 4)}
        )
        cls.Reminder = cls.env["customer.care.reminder"]
        cls.care_type = cls.env.ref("customer_comm.mail_activity_type_care")

    def _reminders(self, partner):
        return self.Reminder.search([("partner_id", "=", partner.id)])

    def _care_activities(self, record):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", record._name),
                ("res_id", "=", record.id),
                ("activity_type_id", "=", self.care_type.id),
            ]
        )

    def test_cc26_birthday_reminded_n_days_ahead_once(self):
        """CC-26: a consumer's birthday reminds the salesperson 3 days ahead, once, however often the job runs."""
        with freeze_time("2026-03-01"):
            self.Reminder._cron_care_reminders()
        self.assertFalse(self._reminders(self.consumer), "4 days ahead is too early")
        with freeze_time("2026-03-02"):
            self.Reminder._cron_care_reminders()
            self.Reminder._cron_care_reminders()
        with freeze_time("2026-03-03"):
            self.Reminder._cron_care_reminders()
        reminder = self._reminders(self.consumer)
        self.assertEqual(len(reminder), 1)
        self.assertEqual((reminder.occasion_type, reminder.occasion_date), ("birthday", date(2026, 3, 5)))
        self.assertEqual(reminder.user_id, self.salesperson)
        activity = self._care_activities(self.consumer)
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.salesperson)
        self.assertEqual(activity.date_deadline, date(2026, 3, 5))
        self.assertIn("李晓梅", activity.summary)

    @freeze_time("2026-03-02")
    def test_cc26_key_person_anniversary_reminds_the_customer_salesperson(self):
        """CC-26: a key person's anniversary goes to the salesperson of the key person's company."""
        self.Reminder._cron_care_reminders()
        reminder = self._reminders(self.key_person)
        self.assertEqual((reminder.occasion_type, reminder.occasion_date), ("anniversary", date(2026, 3, 4)))
        self.assertEqual(self._care_activities(self.key_person).user_id, self.salesperson)

    @freeze_time("2026-03-02")
    def test_cc26_only_consumers_and_key_persons_with_a_salesperson(self):
        """CC-26: a dealer's date is not a care occasion; a consumer without salesperson waits for one."""
        self.Reminder._cron_care_reminders()
        self.assertFalse(self._reminders(self.dealer))
        self.assertFalse(self._reminders(self.orphan))
        self.orphan.user_id = self.other_salesperson
        self.Reminder._cron_care_reminders()
        self.assertEqual(self._reminders(self.orphan).user_id, self.other_salesperson)

    def test_cc26_days_ahead_is_company_data(self):
        """X-2 / CC-26: the lead time is a company setting; zero or negative is refused."""
        self.company.cc_care_days_ahead = 10
        with freeze_time("2026-02-23"):
            self.Reminder._cron_care_reminders()
        self.assertEqual(self._reminders(self.consumer).occasion_date, date(2026, 3, 5))
        for bad in (0, -3):
            with self.assertRaises(ValidationError):
                self.company.cc_care_days_ahead = bad

    def test_cc26_year_end_and_leap_day(self):
        """CC-26: a 1 January birthday is reminded in December; a 29 February one on 28 February."""
        self.consumer.cc_birthday = date(2000, 1, 1)
        self.key_person.cc_anniversary = date(2000, 2, 29)
        with freeze_time("2026-12-30"):
            self.Reminder._cron_care_reminders()
        self.assertEqual(self._reminders(self.consumer).occasion_date, date(2027, 1, 1))
        with freeze_time("2027-02-26"):
            self.Reminder._cron_care_reminders()
        self.assertEqual(self._reminders(self.key_person).occasion_date, date(2027, 2, 28))

    def test_cc26_holiday_reminded_once_on_its_first_day(self):
        """CC-26: Qingming (4–6 April 2026) reminds each salesperson once, for its first day."""
        self.company.cc_care_days_ahead = 5
        with freeze_time("2026-04-01"):
            self.Reminder._cron_care_reminders()
        with freeze_time("2026-04-02"):
            self.Reminder._cron_care_reminders()
        holidays = self.Reminder.search([("occasion_type", "=", "holiday"), ("user_id", "=", self.salesperson.id)])
        self.assertEqual(len(holidays), 1)
        self.assertEqual((holidays.occasion_date, holidays.holiday_name), (date(2026, 4, 4), "清明节"))
        activity = self._care_activities(holidays)
        self.assertEqual((activity.user_id, activity.date_deadline), (self.salesperson, date(2026, 4, 4)))

    def test_q15_cron_queries_do_not_grow_with_the_reminders(self):
        """Q-15 / X-6: 10 or 40 birthdays to remind cost the job the same number of queries."""

        def queries_for(count, birthday, today):
            self.env["res.partner"].create(
                [
                    {
                        "name": f"顾客{i}",
                        "cc_channel_type": "consumer",
                        "user_id": self.salesperson.id,
                        "cc_birthday": birthday,
                    }
                    for i in range(count)
                ]
            )
            self.env.flush_all()
            self.env.invalidate_all()
            with freeze_time(today):
                before = self.env.cr.sql_log_count
                self.Reminder._cron_care_reminders()
                self.env.flush_all()
                spent = self.env.cr.sql_log_count - before
            reminders = self.Reminder.search([("occasion_date", "=", birthday.replace(year=2026))])
            self.assertEqual(len(reminders), count)
            return spent

        with freeze_time("2026-07-01"):
            self.Reminder._cron_care_reminders()  # warm the caches
        few = queries_for(10, date(1980, 8, 3), "2026-08-01")
        many = queries_for(40, date(1980, 9, 3), "2026-09-01")
        self.assertLessEqual(many, few)

    @freeze_time("2026-03-02")
    def test_q9_salesperson_sees_own_reminders_only(self):
        """Q-9: a salesperson reads their own reminders, not another salesperson's."""
        self.orphan.user_id = self.other_salesperson
        self.Reminder._cron_care_reminders()
        mine = self._reminders(self.consumer)
        self.assertTrue(mine.with_user(self.salesperson).has_access("read"))
        with self.assertRaises(AccessError):
            mine.with_user(self.other_salesperson).check_access("read")
        with self.assertRaises(AccessError):
            self.Reminder.with_user(self.salesperson).create(
                {"occasion_type": "birthday", "occasion_date": date(2026, 3, 9), "user_id": self.salesperson.id}
            )

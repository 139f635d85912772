from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.tests import TransactionCase, freeze_time, tagged

from .test_communication import T0, CommunicationCase
from .test_warning import WarningCase

OVERDUE = "customer_comm.mail_activity_type_communication_overdue"


@tagged("post_install", "-at_install")
class TestCronCompanies(CommunicationCase, WarningCase, TransactionCase):
    """X-6: the scheduled jobs of customer_comm run company by company; company A's run reads and writes
    nothing of company B (CC-7, CC-14, CC-22, CC-26)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b = cls.env["res.company"].create(
            {"name": "华南建材有限公司", "currency_id": cls.company.currency_id.id}
        )
        cls.env.user.company_ids |= cls.company_b
        (cls.company | cls.company_b).write({"cc_care_days_ahead": 3})

    def _customer_of(self, company, name, **values):
        return self.env["res.partner"].create(
            {"name": name, "company_id": company.id, "user_id": self.salesperson.id, **values}
        )

    def test_cc22_overdue_run_of_a_company_leaves_the_other_alone(self):
        """CC-22 / X-6: company A's run assigns A's overdue request only; B's waits for B's run."""
        mine = self._log(direction="inbound", customer_request="请提供检测报告")
        theirs = self.Communication.with_company(self.company_b).create(
            {
                "partner_id": self.customer.id,
                "company_id": self.company_b.id,
                "channel_id": self.phone.id,
                "direction": "inbound",
                "summary": "电话咨询",
                "customer_request": "请报价",
                "date": T0,
            }
        )
        with freeze_time(T0 + timedelta(hours=25)):
            self.assertTrue(mine.is_overdue and theirs.is_overdue)
            self.Communication._overdue_requests(self.company)
            self.assertEqual((mine.overdue_notified, theirs.overdue_notified), (True, False))
            self.assertFalse(self._activities(theirs, OVERDUE))
            self.Communication._cron_overdue_requests()
        self.assertTrue(theirs.overdue_notified)
        self.assertEqual(len(self._activities(theirs, OVERDUE)), 1)
        self.assertEqual(len(self._activities(mine, OVERDUE)), 1, "company B's run adds nothing to A's request")

    def test_cc26_care_run_of_a_company_reminds_its_own_customers(self):
        """CC-26 / X-6: company A's run reminds the birthday of A's consumer, not of B's."""
        mine = self._customer_of(self.company, "李晓梅", cc_channel_type="consumer", cc_birthday=date(1985, 3, 5))
        theirs = self._customer_of(self.company_b, "陈小红", cc_channel_type="consumer", cc_birthday=date(1986, 3, 5))
        Reminder = self.env["customer.care.reminder"]
        reminded = [("partner_id", "in", (mine | theirs).ids)]
        with freeze_time("2026-03-02"):
            Reminder._care_reminders(self.company)
            self.assertEqual(Reminder.search(reminded).partner_id, mine)
            Reminder._cron_care_reminders()
        reminders = Reminder.search(reminded)
        self.assertEqual(len(reminders), 2)
        self.assertEqual(reminders.filtered(lambda r: r.partner_id == theirs).company_id, self.company_b)

    def test_cc7_review_run_of_a_company_schedules_its_own_customers(self):
        """CC-7 / X-6: company A's run opens the due review of A's customer, not of B's."""
        tier = self.env.ref("customer_comm.customer_tier_level_2")
        old = fields.Date.today() - relativedelta(months=4)
        values = {"is_company": True, "cc_tier_id": tier.id}
        mine, theirs = (
            self._customer_of(self.company, "苏州建材", **values),
            self._customer_of(self.company_b, "广州建材", **values),
        )
        (mine | theirs).cc_last_review_date = old
        self.assertTrue(mine.cc_review_overdue and theirs.cc_review_overdue)
        review = self.env.ref("customer_comm.mail_activity_type_archive_review")

        def reviews(partner):
            return partner.activity_ids.filtered(lambda a: a.activity_type_id == review)

        self.env["res.partner"]._cc_archive_review(self.company)
        self.assertEqual((len(reviews(mine)), len(reviews(theirs))), (1, 0))
        self.env["res.partner"]._cron_cc_archive_review()
        self.assertEqual((len(reviews(mine)), len(reviews(theirs))), (1, 1))

    def test_cc7_audit_of_a_company_lists_its_own_customers(self):
        """CC-7 / X-6: company A's quarterly audit lists A's customers (and shared ones), not B's."""
        tier = self.env.ref("customer_comm.customer_tier_level_2")
        mine = self._customer_of(self.company, "苏州建材", is_company=True, cc_tier_id=tier.id)
        theirs = self._customer_of(self.company_b, "广州建材", is_company=True, cc_tier_id=tier.id)
        Audit = self.env["customer.archive.audit"]
        audit = Audit._generate_quarterly_audit(self.company, today=date(2026, 4, 2))
        self.assertIn(mine, audit.line_ids.partner_id)
        self.assertNotIn(theirs, audit.line_ids.partner_id)
        self.assertFalse(Audit.search([("company_id", "=", self.company_b.id)]))

    def test_cc14_detection_run_of_a_company_warns_of_its_own_customers(self):
        """CC-14 / X-6: silent customers in both companies: company A's run warns of A's only."""
        mine = self._silent_customers(2)
        theirs = self._silent_customers(2, self.company_b)
        self.Warning._detect_and_apply(self.company)
        warned = self._open_warnings(mine | theirs)
        self.assertEqual(warned.partner_id, mine)
        self.assertEqual(warned.company_id, self.company)
        self.Warning._cron_detect()
        warned_b = self._open_warnings(theirs)
        self.assertEqual((warned_b.partner_id, warned_b.company_id), (theirs, self.company_b))
        self.assertEqual(self._open_warnings(mine), warned, "company B's run changes nothing of A's")

    def test_cc20_escalation_run_of_a_company_leaves_the_other_alone(self):
        """CC-20 / X-6: unacknowledged warnings in both companies: company A's run escalates A's only."""
        tier = self.env.ref("customer_comm.customer_tier_level_2").id
        mine = self._silent_customers(1, cc_tier_id=tier)
        theirs = self._silent_customers(1, self.company_b, cc_tier_id=tier)
        with freeze_time("2026-03-02"):
            self.Warning._cron_detect()
        warning_a, warning_b = (
            self._open_warnings(partners).filtered(lambda w: w.warning_type == "churn") for partners in (mine, theirs)
        )
        self.assertEqual((warning_a.company_id, warning_b.company_id), (self.company, self.company_b))
        assigned_b = (warning_b.role, warning_b.user_id, warning_b.assigned_date)
        with freeze_time("2026-03-16"):
            self.Warning._escalate_due(self.company)
        self.assertEqual(warning_a.escalation_count, 1)
        self.assertEqual((warning_b.role, warning_b.user_id, warning_b.assigned_date), assigned_b)
        self.assertEqual(warning_b.escalation_count, 0)

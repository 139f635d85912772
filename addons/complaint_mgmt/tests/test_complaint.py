from datetime import date

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, TransactionCase, freeze_time, tagged

from .common import ComplaintCase


@tagged("post_install", "-at_install")
class TestComplaintRegistration(ComplaintCase, TransactionCase):
    def test_cm1_registered_by_a_salesperson_with_a_unique_number(self):
        """CM-1 / CM-2: any department registers; the complaint gets its own number and waits for the centre."""
        first = self._complaint(defective_qty=3, quantity=100, specification="600×600 抛光砖")
        second = self._complaint()
        self.assertTrue(first.name.startswith("KS"), first.name)
        self.assertNotEqual(first.name, second.name)
        self.assertEqual(first.state, "draft")
        self.assertEqual(first.registered_by_id, self.salesperson)
        self.assertEqual(first.salesperson_id, self.salesperson)
        self.assertEqual(first.region_id, self.district)

    def test_cm1_description_is_sanitized(self):
        """CM-1 / Q-11: a script or an event handler typed in a description is never stored."""
        complaint = self._complaint(
            description='<p>裂纹<script>alert(1)</script><img src="x" onerror="alert(2)"></p>',
            customer_request='<p onclick="alert(3)">退货</p><script>alert(4)</script>',
        )
        for html in (complaint.description, complaint.customer_request):
            self.assertNotIn("<script", html)
            self.assertNotIn("onerror", html)
            self.assertNotIn("onclick", html)
        self.assertIn("裂纹", complaint.description)

    def test_cm3_cause_must_match_the_type(self):
        """CM-3: a transport cause cannot classify a quality complaint; the form clears it when the type changes."""
        with self.assertRaises(ValidationError):
            self._complaint(cause_id=self.transport_cause.id)
        with Form(self.Complaint.with_user(self.service)) as form:
            form.partner_id = self.customer
            form.complaint_type = "quality"
            form.cause_id = self.quality_cause
            form.complaint_type = "non_quality"
            self.assertFalse(form.cause_id)
            form.cause_id = self.transport_cause
        self.assertEqual(form.record.cause_id, self.transport_cause)

    def test_cm3_severe_complaint_reaches_the_sales_vp_at_once(self):
        """CM-3: registering a severe complaint (or making one severe) gives the sales VP an activity."""
        severe_type = self.env.ref("complaint_mgmt.mail_activity_type_complaint_severe")
        severe = self._complaint(severity="severe")
        activity = severe.activity_ids.filtered(lambda a: a.activity_type_id == severe_type)
        self.assertEqual(activity.user_id, self.vice_president)
        normal = self._complaint()
        self.assertFalse(normal.activity_ids.filtered(lambda a: a.activity_type_id == severe_type))
        normal.with_user(self.service).severity = "severe"
        self.assertEqual(
            normal.activity_ids.filtered(lambda a: a.activity_type_id == severe_type).user_id, self.vice_president
        )

    def test_q8_bad_quantities_and_amounts_are_refused(self):
        """Q-8: negative amounts, a defective quantity above the delivered one: clear errors, nothing saved."""
        count = self.Complaint.search_count([])
        for values, message in (
            ({"quantity": 10, "defective_qty": 11}, "cannot exceed the quantity delivered"),
            ({"loss_amount": -5}, "cannot be negative"),
            ({"proposed_amount": -1}, "cannot be negative"),
        ):
            with self.subTest(values=values), self.assertRaises(ValidationError) as error:
                self._complaint(**values)
            self.assertIn(message, str(error.exception))
        self.assertEqual(self.Complaint.search_count([]), count)

    def test_q10_status_and_deadlines_cannot_be_typed(self):
        """Q-10 / CM-5: the status and the deadlines move through the buttons, never by a write (RPC)."""
        complaint = self._complaint()
        for user in (self.salesperson, self.service, self.service_manager):
            with self.assertRaises(AccessError):
                complaint.with_user(user).write({"state": "done"})
            with self.assertRaises(AccessError):
                complaint.with_user(user).write({"close_deadline": "2030-01-01"})
        with self.assertRaises(AccessError):
            self._complaint(state="accepted")
        self.assertEqual(complaint.state, "draft")

    def test_cm2_only_the_service_centre_accepts(self):
        """CM-2 / Q-10: a salesperson registers but cannot accept, investigate or close."""
        complaint = self._complaint()
        for action in ("action_accept", "action_submit_report", "action_close", "action_cancel"):
            with self.subTest(action=action), self.assertRaises(AccessError):
                getattr(complaint.with_user(self.salesperson), action)()
        self.assertEqual(complaint.state, "draft")


@tagged("post_install", "-at_install")
class TestComplaintDeadlines(ComplaintCase, TransactionCase):
    def _accept_on(self, day):
        with freeze_time(day):
            complaint = self._complaint(channel="letter")
            complaint.with_user(self.service).action_accept()
        return complaint

    def test_cm5_spring_festival_in_working_days(self):
        """CM-5 / X-4: accepted Fri 13 Feb 2026: the make-up Saturday 14 Feb counts, 15–23 Feb are skipped."""
        complaint = self._accept_on("2026-02-13 09:00:00")
        self.assertEqual(complaint.state, "accepted")
        self.assertEqual(complaint.date_accepted, date(2026, 2, 13))
        # 3 working days after 13 Feb: Sat 14 (make-up), Tue 24, Wed 25
        self.assertEqual(complaint.report_deadline, date(2026, 2, 25))
        # 6 working days: 14, 24, 25, 26, 27, Sat 28 (make-up)
        self.assertEqual(complaint.close_deadline, date(2026, 2, 28))
        self.assertEqual(complaint.user_id, self.service, "the centre's accepting user owns it")

    def test_cm5_calendar_days_by_company_setting(self):
        """CM-5 / X-4: the company setting counts plain calendar days: 13 Feb + 3 = 16 Feb, + 6 = 19 Feb."""
        self.company.cm_deadline_calendar_days = True
        complaint = self._accept_on("2026-02-13 09:00:00")
        self.assertEqual(complaint.report_deadline, date(2026, 2, 16))
        self.assertEqual(complaint.close_deadline, date(2026, 2, 19))

    def test_cm5_national_day(self):
        """CM-5 / X-4: accepted Wed 30 Sep 2026: 1–7 Oct are skipped, the make-up Saturday 10 Oct counts."""
        complaint = self._accept_on("2026-09-30 15:00:00")
        self.assertEqual(complaint.report_deadline, date(2026, 10, 10))
        self.assertEqual(complaint.close_deadline, date(2026, 10, 14))

    def test_cm5_deadline_lengths_are_company_settings(self):
        """X-2 / CM-5: the 3 and 6 days are company data; zero is refused with a clear message."""
        self.company.write({"cm_report_days": 1, "cm_close_days": 2})
        complaint = self._accept_on("2026-03-02 09:00:00")  # a Monday
        self.assertEqual(complaint.report_deadline, date(2026, 3, 3))
        self.assertEqual(complaint.close_deadline, date(2026, 3, 4))
        with self.assertRaisesRegex(ValidationError, "greater than zero"):
            self.company.cm_close_days = 0

    def test_cm4_acknowledgement_states_the_expected_answer_date(self):
        """CM-4: accepting tells the customer when to expect the answer (the closure deadline)."""
        complaint = self._accept_on("2026-02-13 09:00:00")
        bodies = " ".join(complaint.message_ids.mapped("body"))
        self.assertIn("2026-02-28", bodies)
        self.assertIn(complaint.name, bodies)

    def test_cm4_acknowledgement_is_an_editable_template_in_the_customers_language(self):
        """CM-4: the acknowledgement is a mail template: Chinese for a Chinese customer, and what an administrator
        writes in it is what the customer is told."""
        self.customer.lang = "zh_CN"
        complaint = self._accept_on("2026-02-13 09:00:00")
        told = complaint.message_ids.filtered(lambda message: "2026-02-28" in (message.body or ""))
        self.assertIn("前给您答复", told.body)
        template = self.env.ref("complaint_mgmt.mail_template_complaint_acknowledgement")
        template.with_context(
            lang="zh_CN"
        ).body_html = (
            '<p>投诉 <t t-out="object.name"/> 已受理，专人跟进，<t t-out="object.close_deadline"/> 前回复。</p>'
        )
        complaint = self._accept_on("2026-02-16 09:00:00")
        self.assertIn("专人跟进", " ".join(complaint.message_ids.mapped("body")))

    def test_cm4_email_complaint_is_acknowledged_by_email(self):
        """CM-4: a complaint received by email is acknowledged by an email queued to the customer."""
        self.customer.email = "kefu@shjc.example.com"
        complaint = self._complaint(channel="email")
        complaint.with_user(self.service).action_accept()
        mails = self.env["mail.mail"].search([("model", "=", complaint._name), ("res_id", "=", complaint.id)])
        self.assertIn(self.customer, mails.recipient_ids)

    def test_cm5_overdue_indicator_and_filter(self):
        """CM-5: past the report deadline an accepted complaint is overdue, shown and found by the filter."""
        complaint = self._accept_on("2026-02-13 09:00:00")
        with freeze_time("2026-02-25 10:00:00"):
            complaint.invalidate_recordset(["is_overdue"])
            self.assertFalse(complaint.is_overdue)
        with freeze_time("2026-02-26 10:00:00"):
            complaint.invalidate_recordset(["is_overdue"])
            self.assertTrue(complaint.is_overdue)
            self.assertIn(complaint, self.Complaint.search([("is_overdue", "=", True)]))
            self.assertNotIn(complaint, self.Complaint.search([("is_overdue", "=", False)]))

    def test_cm10_not_established_closes_without_compensation(self):
        """CM-10: not established: no approval, no compensation allowed, closed directly."""
        complaint = self._complaint().with_user(self.service)
        complaint.action_accept()
        complaint.write(
            {"responsible_unit": "not_established", "handling_type": "compensation", "proposed_amount": 100}
        )
        with self.assertRaisesRegex(UserError, "not established"):
            complaint.action_submit_report()
        complaint.write({"handling_type": "none", "proposed_amount": 0})
        complaint.action_submit_report()
        self.assertFalse(complaint.review_ids, "nothing to grant, nothing to approve")
        complaint.reply = "<p>经检测产品合格，投诉不成立，货款按期支付。</p>"
        complaint.action_send_reply()
        complaint.action_close()
        self.assertEqual(complaint.state, "done")

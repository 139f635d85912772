from datetime import date, datetime, timedelta

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, TransactionCase, freeze_time, new_test_user, tagged

from .common import USER, CustomerCommCase

T0 = datetime(2026, 3, 2, 9, 0, 0)  # a Monday, UTC


class CommunicationCase(CustomerCommCase):
    """Fixtures of CC-21 … CC-22: channels, a contact person, a customer service user."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Communication = cls.env["customer.communication"]
        cls.phone = cls.env.ref("customer_comm.customer_communication_channel_phone")
        cls.email = cls.env.ref("customer_comm.customer_communication_channel_email")
        cls.visit = cls.env.ref("customer_comm.customer_communication_channel_visit")
        cls.chat = cls.env.ref("customer_comm.customer_communication_channel_online_chat")
        cls.contact = cls.env["res.partner"].create({"name": "周采购", "parent_id": cls.customer.id})
        cls.service = new_test_user(cls.env, login="cc_service", groups=USER, name="孙客服", tz="Asia/Shanghai")
        cls.salesperson.tz = "Asia/Shanghai"

    def _log(self, user=None, **values):
        vals = {
            "partner_id": self.customer.id,
            "channel_id": self.phone.id,
            "direction": "outbound",
            "summary": "电话沟通新品价格",
            "date": T0,
            **values,
        }
        return self.Communication.with_user(user or self.salesperson).create(vals)

    def _activities(self, communication, xmlid):
        activity_type = self.env.ref(xmlid)
        return communication.activity_ids.filtered(lambda activity: activity.activity_type_id == activity_type)


@tagged("post_install", "-at_install")
class TestCommunicationLog(CommunicationCase, TransactionCase):
    def test_cc21_contact_person_is_logged_under_its_customer(self):
        """CC-21: picking the contact person files the record under the commercial customer."""
        with Form(self.Communication.with_user(self.salesperson)) as form:
            form.partner_id = self.contact
            form.channel_id = self.visit
            form.summary = "上门拜访"
        communication = form.record
        self.assertEqual(communication.partner_id, self.customer)
        self.assertEqual(communication.contact_ids, self.contact)
        self.assertEqual(communication.user_ids, self.salesperson, "our people default to the current user")
        self.assertEqual(communication.salesperson_id, self.salesperson)

    def test_cc21_follow_up_date_schedules_and_moves_an_activity(self):
        """CC-21 / X-5: the follow-up date is an activity of the responsible user, kept in step with it."""
        communication = self._log(
            user_id=self.service.id, promised_action="周五前寄样品", follow_up_date=date(2026, 3, 6)
        )
        activity = self._activities(communication, "customer_comm.mail_activity_type_communication_follow_up")
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.service)
        self.assertEqual(activity.date_deadline, date(2026, 3, 6))
        self.assertIn("周五前寄样品", str(activity.note))
        communication.with_user(self.salesperson).follow_up_date = date(2026, 3, 9)
        activity = self._activities(communication, "customer_comm.mail_activity_type_communication_follow_up")
        self.assertEqual((len(activity), activity.date_deadline), (1, date(2026, 3, 9)))
        communication.with_user(self.salesperson).follow_up_date = False
        self.assertFalse(self._activities(communication, "customer_comm.mail_activity_type_communication_follow_up"))

    def test_cc21_follow_up_before_the_communication_is_refused(self):
        """CC-21 / Q-8: a follow-up before the contact itself is bad input; nothing is saved."""
        with self.assertRaises(ValidationError):
            self._log(follow_up_date=date(2026, 3, 1))
        self.assertFalse(self.Communication.search([("partner_id", "=", self.customer.id)]))
        communication = self._log(follow_up_date=date(2026, 3, 2))  # same day (Shanghai time) is fine
        with self.assertRaises(ValidationError):
            communication.follow_up_date = date(2026, 2, 27)

    def test_cc21_contact_of_another_customer_is_refused(self):
        """CC-21 / Q-8: contact persons belong to the customer of the record."""
        other = self.env["res.partner"].create({"name": "别家公司", "is_company": True})
        stranger = self.env["res.partner"].create({"name": "外人", "parent_id": other.id})
        with self.assertRaises(ValidationError):
            self._log(contact_ids=[stranger.id])

    def test_cc21_grouped_by_channel_customer_user_and_period(self):
        """CC-21: the log groups by channel, customer, user, month and quarter."""
        self._log(channel_id=self.phone.id, date=datetime(2026, 1, 10, 2))
        self._log(channel_id=self.phone.id, date=datetime(2026, 2, 10, 2))
        self._log(channel_id=self.visit.id, date=datetime(2026, 4, 10, 2))
        Communication = self.Communication.with_user(self.salesperson)
        domain = [("partner_id", "=", self.customer.id)]
        by_channel = dict(Communication._read_group(domain, ["channel_id"], ["__count"]))
        self.assertEqual(by_channel, {self.phone: 2, self.visit: 1})
        by_quarter = Communication._read_group(domain, ["date:quarter"], ["__count"])
        self.assertEqual([count for __, count in by_quarter], [2, 1])
        by_user_month = Communication._read_group(domain, ["user_id", "date:month"], ["__count"])
        self.assertEqual(len(by_user_month), 3)
        self.assertEqual({user for user, __, __ in by_user_month}, {self.salesperson})

    def test_cc21_partner_smart_button_counts_the_log(self):
        """CC-21 / Q-4: the customer shows its communications, from the company and its contacts."""
        self._log()
        self._log(partner_id=self.contact.id)
        self.assertEqual(self.customer.with_user(self.salesperson).cc_communication_count, 2)
        self.assertEqual(self.contact.with_user(self.salesperson).cc_communication_count, 2)
        action = self.contact.with_user(self.salesperson).action_cc_open_communications()
        self.assertEqual(len(self.Communication.with_user(self.salesperson).search(action["domain"])), 2)

    def test_q9_salesperson_reads_own_customers_and_own_records_only(self):
        """CC-21 / Q-9 (wrong user): another salesperson cannot read or change the log of my customer."""
        communication = self._log()
        with self.assertRaises(AccessError):
            communication.with_user(self.other_salesperson).check_access("read")
        with self.assertRaises(AccessError):
            communication.with_user(self.other_salesperson).write({"summary": "改写"})
        self.assertEqual(self.customer.with_user(self.other_salesperson).cc_communication_count, 0)
        # customer service logged a call for this customer: they keep seeing what they recorded
        taken = self._log(user=self.service, user_id=self.service.id)
        self.assertTrue(taken.with_user(self.service).has_access("read"))
        self.assertFalse(communication.with_user(self.service).has_access("read"))
        self.assertTrue(communication.with_user(self.director).has_access("write"))
        with self.assertRaises(AccessError):
            communication.with_user(self.salesperson).unlink()  # the log is kept

    def test_q9_other_company_records_are_invisible(self):
        """CC-21 / Q-9: multi-company rule."""
        other_company = self.env["res.company"].create({"name": "华南分公司"})
        outsider = new_test_user(
            self.env,
            login="cc_south",
            groups=f"{USER},customer_comm.customer_comm_group_manager",
            company_id=other_company.id,
            company_ids=[other_company.id],
        )
        communication = self._log()
        self.assertFalse(communication.with_user(outsider).has_access("read"))


@tagged("post_install", "-at_install")
class TestResponseDeadline(CommunicationCase, TransactionCase):
    def _request(self, channel=None, user=None, **values):
        return self._log(
            user=user,
            channel_id=(channel or self.phone).id,
            direction="inbound",
            customer_request="请提供检测报告",
            **values,
        )

    def test_cc22_deadline_by_channel_in_plain_hours(self):
        """CC-22: phone 24 h, email 48 h, online chat 2 h — clock hours, a weekend counts."""
        friday = datetime(2026, 3, 6, 9, 0)
        self.assertEqual(self._request(date=friday).response_deadline, friday + timedelta(hours=24))
        self.assertEqual(self._request(self.email, date=friday).response_deadline, friday + timedelta(hours=48))
        self.assertEqual(self._request(self.chat, date=friday).response_deadline, friday + timedelta(hours=2))
        self.assertFalse(self._request(self.visit).response_deadline, "no delay configured: no deadline")
        outbound = self._log(customer_request="顺便问了价格")
        self.assertEqual((outbound.response_deadline, outbound.response_state), (False, "not_needed"))
        without_request = self._log(direction="inbound")
        self.assertEqual((without_request.response_deadline, without_request.response_state), (False, "not_needed"))

    def test_cc22_delays_are_manager_data(self):
        """CC-22 / X-2: a manager changes the phone delay; a salesperson cannot."""
        with self.assertRaises(AccessError):
            self.phone.with_user(self.salesperson).response_hours = 1
        self.phone.with_user(self.director).response_hours = 12
        self.assertEqual(self._request().response_deadline, T0 + timedelta(hours=12))
        with self.assertRaises(ValidationError):
            self.phone.with_user(self.director).response_hours = -1

    def test_cc22_deadline_activity_closed_by_mark_responded(self):
        """CC-22: a deadline activity for the responsible user; "Mark Responded" records who and when, closes it."""
        communication = self._request(user=self.service, user_id=self.service.id)
        activity = self._activities(communication, "customer_comm.mail_activity_type_communication_response")
        self.assertEqual(activity.user_id, self.service)
        self.assertEqual(activity.date_deadline, date(2026, 3, 3))
        self.assertEqual(communication.response_state, "open")
        with freeze_time(T0 + timedelta(hours=5)):
            communication.with_user(self.service).action_mark_responded()
        self.assertEqual(communication.response_state, "responded")
        self.assertEqual(communication.response_date, T0 + timedelta(hours=5))
        self.assertEqual(communication.responded_by_id, self.service)
        self.assertFalse(self._activities(communication, "customer_comm.mail_activity_type_communication_response"))
        response_type = self.env.ref("customer_comm.mail_activity_type_communication_response")
        done = communication.message_ids.filtered(lambda message: message.mail_activity_type_id == response_type)
        self.assertTrue(done, "the closed activity stays in the chatter")
        with self.assertRaises(UserError):
            communication.with_user(self.service).action_mark_responded()  # nothing open any more

    def test_cc22_mark_responded_by_a_stranger_is_refused(self):
        """CC-22 / Q-10 (wrong user): a salesperson of other customers cannot close my customer's request."""
        communication = self._request()
        with self.assertRaises(AccessError):
            communication.with_user(self.other_salesperson).action_mark_responded()
        self.assertEqual(communication.response_state, "open")

    def test_cc22_overdue_is_searchable(self):
        """CC-22: "Overdue" lists open requests past their deadline, not the answered or waived ones."""
        late = self._request()
        answered = self._request()
        waived = self._request()
        fresh = self._request(self.email)
        Communication = self.Communication.with_user(self.salesperson)
        with freeze_time(T0 + timedelta(hours=23)):
            self.assertFalse(Communication.search([("is_overdue", "=", True)]))
            answered.with_user(self.salesperson).action_mark_responded()
            waived.with_user(self.salesperson).action_mark_no_response_needed()
        with freeze_time(T0 + timedelta(hours=25)):
            self.assertEqual(Communication.search([("is_overdue", "=", True)]), late)
            self.assertTrue(late.is_overdue)
            self.assertFalse(fresh.is_overdue)
            self.assertEqual(Communication.search([("is_overdue", "=", False), ("id", "in", fresh.ids)]), fresh)
        self.assertEqual(waived.response_state, "not_needed")

    def test_cc22_cron_assigns_one_overdue_activity_to_the_salesperson(self):
        """CC-22 / X-6: the overdue request is assigned to the customer's salesperson, once, never twice."""
        late = self._request(user=self.service, user_id=self.service.id)
        overdue_xmlid = "customer_comm.mail_activity_type_communication_overdue"
        with freeze_time(T0 + timedelta(hours=23)):
            self.Communication._cron_overdue_requests()
        self.assertFalse(self._activities(late, overdue_xmlid), "not overdue yet")
        with freeze_time(T0 + timedelta(hours=25)):
            self.Communication._cron_overdue_requests()
            self.Communication._cron_overdue_requests()
        activity = self._activities(late, overdue_xmlid)
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.salesperson)
        activity.action_feedback(feedback="已知悉")
        with freeze_time(T0 + timedelta(hours=30)):
            self.Communication._cron_overdue_requests()
        self.assertFalse(self._activities(late, overdue_xmlid), "closing the activity does not bring a second one")
        self.assertEqual(late.response_state, "open", "only a response closes the request")

    def test_cc22_cron_through_the_scheduler(self):
        """CC-22 / X-6: the shipped cron job runs the check and a second run adds nothing."""
        late = self._request()
        cron = self.env.ref("customer_comm.ir_cron_communication_overdue")
        with freeze_time(T0 + timedelta(hours=25)), self.enter_registry_test_mode():
            cron.method_direct_trigger()
            cron.method_direct_trigger()
        self.env.invalidate_all()  # the job ran in its own environment
        self.assertEqual(len(self._activities(late, "customer_comm.mail_activity_type_communication_overdue")), 1)
        self.assertTrue(late.overdue_notified)

    def test_cc22_response_closes_the_overdue_activity(self):
        """CC-22: answering an overdue request closes the salesperson's activity too."""
        late = self._request()
        with freeze_time(T0 + timedelta(hours=25)):
            self.Communication._cron_overdue_requests()
            late.with_user(self.salesperson).action_mark_responded()
        self.assertFalse(late.activity_ids)
        self.assertFalse(late.is_overdue)

from datetime import date, datetime

from odoo.tests import HttpCase, freeze_time, tagged

from .common import CustomerCommCase
from .common_views import ViewsOpenMixin


@tagged("post_install", "-at_install")
class TestMeetingSatisfactionWebClient(CustomerCommCase, ViewsOpenMixin, HttpCase):
    def test_cc24_cc28_views_open_in_the_web_client(self):
        """CC-24 / CC-26 / CC-27 / CC-28 / Q-4: every view of meetings, care and satisfaction renders in
        Chromium, for the chair (a manager) and for the salesperson of an invited customer."""
        marketing = self.env.ref("customer_comm.customer_department_marketing")
        meeting = self.env["customer.meeting"].create(
            {
                "name": "华东区客户座谈会",
                "department_id": marketing.id,
                "region_id": self.region.id,
                "chair_id": self.director.id,
                "partner_ids": [(6, 0, self.customer.ids)],
                "meeting_date": datetime(2026, 3, 16, 2, 0),
                "state": "held",
                "minutes": "<p>纪要</p>",
                "attendance_ids": [(0, 0, {"user_id": self.director.id})],
            }
        )
        action = self.env["customer.meeting.action"].create(
            {
                "meeting_id": meeting.id,
                "suggestion": "提前通知到货时间",
                "action": "客服电话通知",
                "user_id": self.salesperson.id,
                "date_deadline": date(2026, 4, 30),
            }
        )
        with freeze_time("2026-09-23"):
            survey = self.env["customer.satisfaction"]._cc_schedule_revisit(self.customer, date(2026, 9, 23), "S001")
        reminder = self.env["customer.care.reminder"].create(
            {"occasion_type": "holiday", "occasion_date": date(2026, 10, 1), "user_id": self.salesperson.id}
        )
        order = self.env["sale.order"].create({"partner_id": self.customer.id})
        meetings = "customer_comm.customer_meeting_action"
        surveys = "customer_comm.customer_satisfaction_action"
        targets = [
            self._target(meetings),
            self._target(meetings, "kanban"),
            self._target(meetings, "calendar"),
            self._target(meetings, record=meeting),
            self._target("customer_comm.customer_meeting_action_action", record=action),
            self._target("customer_comm.customer_meeting_postponement_action"),
            self._target("customer_comm.customer_meeting_attendance_action"),
            self._target(surveys),
            self._target(surveys, "kanban"),
            self._target(surveys, "pivot"),
            self._target(surveys, "graph"),
            self._target(surveys, record=survey),
            self._target("customer_comm.customer_satisfaction_line_action"),
            self._target("customer_comm.customer_satisfaction_line_action", "graph"),
            self._target("customer_comm.customer_care_reminder_action"),
            self._target("customer_comm.customer_care_reminder_action", record=reminder),
            self._target("sale.action_orders", record=order),
            self._target("contacts.action_contacts", record=self.customer),
        ]
        for login in ("cc_director", "cc_sales"):
            with self.subTest(login=login):
                self.assertViewsOpenInBrowser(targets, login)
        settings = [self._target("customer_comm.res_config_settings_action", "form")]
        self.assertViewsOpenInBrowser(settings, "admin")

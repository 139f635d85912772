from datetime import date, datetime

from odoo.tests import HttpCase, freeze_time, tagged

from .common import CustomerCommCase

OPENED = "console.log('test successful')"
READY = "!!document.querySelector('.o_action_manager .o_view_controller .o_content')"


@tagged("post_install", "-at_install")
class TestMeetingSatisfactionWebClient(CustomerCommCase, HttpCase):
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
        meetings = "/odoo/action-customer_comm.customer_meeting_action"
        surveys = "/odoo/action-customer_comm.customer_satisfaction_action"
        urls = [
            meetings,
            f"{meetings}?view_type=kanban",
            f"{meetings}?view_type=calendar",
            f"{meetings}/{meeting.id}",
            f"/odoo/action-customer_comm.customer_meeting_action_action/{action.id}",
            "/odoo/action-customer_comm.customer_meeting_postponement_action",
            "/odoo/action-customer_comm.customer_meeting_attendance_action",
            surveys,
            f"{surveys}?view_type=kanban",
            f"{surveys}?view_type=pivot",
            f"{surveys}?view_type=graph",
            f"{surveys}/{survey.id}",
            "/odoo/action-customer_comm.customer_satisfaction_line_action",
            "/odoo/action-customer_comm.customer_satisfaction_line_action?view_type=graph",
            "/odoo/action-customer_comm.customer_care_reminder_action",
            f"/odoo/action-customer_comm.customer_care_reminder_action/{reminder.id}",
            f"/odoo/action-sale.action_orders/{order.id}",
            f"/odoo/contacts/{self.customer.id}",
        ]
        for login in ("cc_director", "cc_sales"):
            for url in urls:
                with self.subTest(login=login, url=url):
                    self.browser_js(url, OPENED, ready=READY, login=login)
        config = "/odoo/action-customer_comm.res_config_settings_action"
        self.browser_js(config, OPENED, ready=READY, login="admin")

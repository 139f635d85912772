from odoo.tests import HttpCase, tagged

from .common import CustomerCommCase
from .common_views import ViewsOpenMixin


@tagged("post_install", "-at_install")
class TestCommunicationWebClient(CustomerCommCase, ViewsOpenMixin, HttpCase):
    def test_cc21_cc23_views_open_in_the_web_client(self):
        """CC-21 / CC-22 / CC-23 / Q-4: every view of the log and of the notices renders for a salesperson."""
        phone = self.env.ref("customer_comm.customer_communication_channel_phone")
        communication = self.env["customer.communication"].create(
            {
                "partner_id": self.customer.id,
                "channel_id": phone.id,
                "direction": "inbound",
                "summary": "客户来电",
                "customer_request": "要检测报告",
                "user_id": self.salesperson.id,
            }
        )
        notice = self.env["customer.notice"].create(
            {
                "title": "放假通知",
                "body": "<p>放假</p>",
                "department_id": self.env.ref("customer_comm.customer_department_marketing").id,
                "partner_ids": [self.customer.id],
                "user_id": self.salesperson.id,
            }
        )
        log = "customer_comm.customer_communication_action"
        notices = "customer_comm.customer_notice_action"
        targets = [
            self._target(log, "list"),
            self._target(log, "kanban"),
            self._target(log, "calendar"),
            self._target(log, "pivot"),
            self._target(log, record=communication),
            self._target(notices),
            self._target(notices, record=notice),
            self._target("contacts.action_contacts", record=self.customer),
        ]
        self.assertViewsOpenInBrowser(targets, "cc_sales")

from odoo.tests import HttpCase, tagged

from .common import CustomerCommCase

OPENED = "console.log('test successful')"
READY = "!!document.querySelector('.o_action_manager .o_view_controller .o_content')"


@tagged("post_install", "-at_install")
class TestCommunicationWebClient(CustomerCommCase, HttpCase):
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
        log = "/odoo/action-customer_comm.customer_communication_action"
        notices = "/odoo/action-customer_comm.customer_notice_action"
        urls = [
            log,
            f"{log}?view_type=kanban",
            f"{log}?view_type=calendar",
            f"{log}?view_type=pivot",
            f"{log}/{communication.id}",
            notices,
            f"{notices}/{notice.id}",
            f"/odoo/contacts/{self.customer.id}",
        ]
        for url in urls:
            with self.subTest(url=url):
                self.browser_js(url, OPENED, ready=READY, login="cc_sales")

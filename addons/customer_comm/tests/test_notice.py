from ast import literal_eval

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import TransactionCase, new_test_user, tagged

from .common import USER, CustomerCommCase, approve_with_comment

DEPARTMENTS = {  # shipped departments by the key the tests use
    "marketing": "marketing",
    "customer_service": "customer_service",
    "finance": "finance",
    "technical_support": "rnd",
}


@tagged("post_install", "-at_install")
class TestCustomerNotice(CustomerCommCase, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.market_manager = new_test_user(cls.env, login="cc_market", groups=USER, name="吴市场经理")
        cls.service_manager = new_test_user(cls.env, login="cc_service_mgr", groups=USER, name="郑客服经理")
        cls.finance_manager = new_test_user(cls.env, login="cc_finance_mgr", groups=USER, name="冯财务经理")
        cls.env["customer.role.assignment"].create(
            [
                {"user_id": cls.market_manager.id, "role": "market_manager"},
                {"user_id": cls.service_manager.id, "role": "customer_service_manager"},
                {"user_id": cls.finance_manager.id, "role": "finance_manager"},
            ]
        )
        cls.company.write({"name": "华东陶瓷实业有限公司", "email": "service@hd-ceramics.example.com"})
        cls.customer.write({"email": "buyer@sh-jiancai.example.com", "cc_mobile": "13800138001"})
        cls.customer2 = cls.env["res.partner"].create(
            {
                "name": "杭州美家陶瓷商行",
                "is_company": True,
                "email": "boss@meijia.example.com",
                "phone": "0571-88886666",
                "cc_mobile": "13900139002",
                "user_id": cls.salesperson.id,
            }
        )
        cls.Notice = cls.env["customer.notice"]
        cls.Mail = cls.env["mail.mail"]

    def _notice(self, user=None, department="customer_service", **values):
        vals = {
            "title": "春节放假及发货安排通知",
            "body": "<p>2 月 15 日至 23 日仓库暂停发货。</p>",
            "department_id": self.env.ref(f"customer_comm.customer_department_{DEPARTMENTS[department]}").id,
            "channel": "email",
            "contact_info": "400-820-8888",
            "partner_ids": [Command.set((self.customer | self.customer2).ids)],
            **values,
        }
        return self.Notice.with_user(user or self.salesperson).create(vals)

    def _approve(self, notice):
        notice.request_validation()
        notice.with_user(notice.approver_id).validate_tier()
        self.assertEqual(notice.state, "approved")
        return notice

    def _mails(self, notice):
        """The notice's mails to its customers (the approvers' own notifications are not deliveries)."""
        return self.Mail.search([("subject", "=", notice.title), ("recipient_ids", "in", notice.partner_ids.ids)])

    def test_cc23_approver_is_the_issuing_department_manager(self):
        """CC-23 / X-1: marketing → market manager, customer service → its manager, finance → its manager."""
        self.assertEqual(self._notice(department="marketing").approver_id, self.market_manager)
        self.assertEqual(self._notice(department="customer_service").approver_id, self.service_manager)
        self.assertEqual(self._notice(department="finance").approver_id, self.finance_manager)
        nobody = self._notice(department="technical_support")
        self.assertFalse(nobody.approver_id)
        with self.assertRaises(UserError):
            nobody.request_validation()  # a chain resolving to nobody is refused, not left stuck

    def test_cc23_departments_and_their_approver_role_are_configuration(self):
        """CC-23 / X-1: a department added as data routes its notices to the holder of its manager role."""
        gm = new_test_user(self.env, login="cc_gm_notice", groups=USER, name="总经理")
        self.env["customer.role.assignment"].create({"user_id": gm.id, "role": "gm"})
        office = self.env["customer.department"].create({"name": "总经理办公室", "manager_role": "gm"})
        self.assertEqual(office.manager_id, gm)
        notice = self._notice(department_id=office.id)
        self.assertEqual(notice.approver_id, gm)
        self._approve(notice)

    def test_x3_notice_approved_with_a_comment_can_be_sent(self):
        """X-3 / CC-23: the department manager approving with a comment approves the notice."""
        notice = self._notice(department="marketing")
        notice.request_validation()
        with self.assertRaises(AccessError):
            approve_with_comment(notice, self.service_manager)  # not this department's manager
        approve_with_comment(notice, self.market_manager, "可以发布")
        self.assertEqual(notice.state, "approved")
        notice.with_user(self.salesperson).action_send()
        self.assertEqual(notice.state, "sent")

    def test_cc23_approver_looked_up_when_approval_is_requested(self):
        """CC-23 / X-1: a role handed over after drafting: the new holder approves."""
        notice = self._notice(department="marketing")
        successor = new_test_user(self.env, login="cc_market2", groups=USER, name="新市场经理")
        self.env["customer.role.assignment"].search([("role", "=", "market_manager")]).user_id = successor
        notice.request_validation()
        self.assertEqual(notice.approver_id, successor)
        self.assertEqual(notice.review_ids.reviewer_ids, successor)
        with self.assertRaises(AccessError):
            notice.with_user(self.market_manager).validate_tier()
        notice.with_user(successor).validate_tier()
        self.assertEqual(notice.state, "approved")

    def test_cc23_salesperson_cannot_approve(self):
        """CC-23 / Q-10 (wrong user): neither the author nor another salesperson approves."""
        notice = self._notice()
        notice.request_validation()
        self.assertEqual(notice.validation_status, "pending")
        with self.assertRaises(AccessError):
            notice.validate_tier()
        with self.assertRaises(AccessError):
            notice.with_user(self.other_salesperson).validate_tier()
        with self.assertRaises(ValidationError):
            notice.write({"state": "approved"})
        self.assertEqual(notice.state, "draft")
        notice.with_user(self.service_manager).validate_tier()
        self.assertEqual(notice.state, "approved")

    def test_cc23_rejected_notice_is_not_sent(self):
        """CC-23: the manager rejects; the notice cannot go out."""
        notice = self._notice()
        notice.request_validation()
        notice.with_user(self.service_manager).reject_tier()
        self.assertEqual((notice.validation_status, notice.state), ("rejected", "draft"))
        with self.assertRaises(UserError):
            notice.action_send()
        self.assertFalse(self._mails(notice))

    def test_cc23_unapproved_notice_cannot_be_sent_by_any_path(self):
        """CC-23: not by the button, not by ``write``, not by creating it sent, not before the approval ends."""
        notice = self._notice()
        with self.assertRaises(UserError):
            notice.action_send()
        with self.assertRaises(UserError):
            notice.write({"state": "sent"})
        notice.request_validation()
        with self.assertRaises(UserError):
            notice.action_send()
        with self.assertRaises(UserError):
            notice.write({"state": "sent"})
        for state in ("approved", "sent"):
            with self.assertRaises(UserError):
                self._notice(state=state)
        self.assertEqual(notice.state, "draft")
        self.assertFalse(self._mails(notice))
        self.assertFalse(self.env["customer.notice.delivery"].search([("notice_id", "=", notice.id)]))

    def test_cc23_approval_cannot_be_forged(self):
        """CC-23 / X-3: a salesperson cannot write the review, the approver or the status through RPC."""
        notice = self._notice()
        notice.request_validation()
        review = notice.review_ids.with_user(self.salesperson)
        with self.assertRaises(AccessError):
            review.write({"status": "approved", "done_by": self.salesperson.id})
        with self.assertRaises(AccessError):
            review.write({"definition_id": False})
        with self.assertRaises(AccessError):
            self.env["tier.review"].with_user(self.salesperson).create(
                {
                    "model": "customer.notice",
                    "res_id": notice.id,
                    "definition_id": review.definition_id.id,
                    "status": "approved",
                }
            )
        with self.assertRaises(AccessError):
            notice.write({"approver_id": self.salesperson.id})
        with self.assertRaises(AccessError):
            notice.write({"validation_status": "validated"})
        self.assertEqual(notice.review_ids.status, "pending")
        with self.assertRaises(UserError):
            notice.action_send()

    def test_cc23_email_is_queued_in_the_company_name(self):
        """CC-23: an approved email notice becomes queued mail.mail, from the company and never from a person."""
        notice = self._notice()
        attachment = (
            self.env["ir.attachment"]
            .with_user(self.salesperson)
            .create({"name": "发货安排.pdf", "raw": b"%PDF-1.4", "res_model": "customer.notice", "res_id": notice.id})
        )
        notice.attachment_ids = attachment
        self._approve(notice)
        notice.action_send()
        mails = self._mails(notice)
        self.assertEqual(len(mails), 2, "one mail per recipient")
        self.assertEqual(mails.mapped("recipient_ids"), self.customer | self.customer2)
        self.assertEqual(set(mails.mapped("state")), {"outgoing"}, "handed to Odoo's mail queue")
        self.assertEqual(set(mails.mapped("email_from")), {self.company.email_formatted})
        self.assertEqual(mails.author_id, self.company.partner_id)
        self.assertNotIn(self.salesperson.name, " ".join(mails.mapped("email_from")))
        self.assertNotIn(self.service_manager.name, " ".join(mails.mapped("email_from")))
        self.assertEqual(mails.attachment_ids, attachment)
        self.assertIn("400-820-8888", mails[0].body_html)
        self.assertIn("2 月 15 日", mails[0].body_html)
        self.assertEqual(notice.state, "sent")
        self.assertEqual(notice.sent_by_id, self.salesperson)
        self.assertEqual(notice.delivery_ids.mapped("state"), ["queued", "queued"])
        self.assertEqual(notice.delivery_ids.mail_id, mails)
        sent_domain = self.env.ref("customer_comm.customer_notice_action_sent").domain
        self.assertIn(notice, self.Notice.with_user(self.other_salesperson).search(literal_eval(sent_domain)))

    def test_cc23_sms_deliveries_are_recorded(self):
        """CC-23: SMS goes through the pluggable sender; by default each recipient gets a delivery line."""
        notice = self._approve(self._notice(channel="sms", department="finance"))
        notice.action_send()
        deliveries = notice.delivery_ids
        self.assertEqual(deliveries.partner_id, self.customer | self.customer2)
        self.assertEqual(set(deliveries.mapped("channel")), {"sms"})
        self.assertEqual(set(deliveries.mapped("state")), {"logged"})
        self.assertEqual(
            sorted(deliveries.mapped("address")), ["13800138001", "13900139002"], "the mobile, not the landline"
        )
        self.assertIn("2 月 15 日至 23 日仓库暂停发货", deliveries[0].content)
        self.assertNotIn("<p>", deliveries[0].content)
        self.assertFalse(self._mails(notice), "no email for an SMS notice")
        self.assertEqual(notice.delivery_count, 2)

    def test_cc23_wechat_deliveries_are_recorded(self):
        """CC-23: WeChat / WeCom uses its own pluggable sender."""
        notice = self._approve(self._notice(channel="wechat", department="marketing"))
        notice.action_send()
        self.assertEqual(set(notice.delivery_ids.mapped("channel")), {"wechat"})
        self.assertEqual(len(notice.delivery_ids), 2)

    def test_cc23_sending_twice_sends_once(self):
        """CC-23 / Q-12: a second click or a retried call sends nothing more."""
        notice = self._approve(self._notice())
        notice.action_send()
        notice.action_send()
        (notice | self._approve(self._notice(title="另一条通知"))).action_send()
        self.assertEqual(len(self._mails(notice)), 2)
        self.assertEqual(len(notice.delivery_ids), 2)
        with self.assertRaises(UserError):
            notice.write({"state": "sent"})
        self.assertEqual(len(self._mails(notice)), 2)

    def test_cc23_marked_sent_only_by_sending(self):
        """CC-23: an approved notice is not marked sent by ``write`` without going out."""
        notice = self._approve(self._notice())
        with self.assertRaises(UserError):
            notice.write({"state": "sent"})
        self.assertEqual(notice.state, "approved")

    def test_cc23_empty_recipients_refused(self):
        """CC-23 / Q-8: a notice to nobody is refused before approval, and recipients cannot be removed after it."""
        empty = self._notice(partner_ids=[])
        with self.assertRaises(UserError):
            empty.request_validation()
        self.assertFalse(empty.review_ids)
        notice = self._approve(self._notice())
        with self.assertRaises(UserError):
            notice.write({"partner_ids": [Command.clear()]})
        self.assertEqual(len(notice.partner_ids), 2)

    def test_cc23_unreachable_recipient_refused(self):
        """CC-23 / Q-8: a recipient without a mobile stops an SMS notice before anything is sent."""
        nomobile = self.env["res.partner"].create({"name": "无手机号客户", "is_company": True})
        notice = self._approve(self._notice(channel="sms", partner_ids=[Command.set((self.customer | nomobile).ids)]))
        with self.assertRaises(UserError) as error:
            notice.action_send()
        self.assertIn("无手机号客户", str(error.exception))
        self.assertEqual(notice.state, "approved")
        self.assertFalse(notice.delivery_ids)

    def test_cc23_company_without_email_refused(self):
        """CC-23: without a company address an email notice would go out in someone's name: refused."""
        notice = self._approve(self._notice())
        self.company.email = False
        with self.assertRaises(UserError):
            notice.action_send()
        self.assertFalse(self._mails(notice))

    def test_cc23_approved_notice_is_frozen(self):
        """CC-23: what was approved is what is sent; changing it means a new approval."""
        notice = self._approve(self._notice())
        with self.assertRaises(UserError):
            notice.write({"body": "<p>改过的内容</p>"})
        notice.action_draft()
        self.assertEqual(notice.state, "draft")
        self.assertFalse(notice.review_ids, "the old approval is gone")
        notice.write({"body": "<p>改过的内容</p>"})
        with self.assertRaises(UserError):
            notice.action_send()
        self._approve(notice)
        notice.action_send()
        self.assertIn("改过的内容", self._mails(notice)[0].body_html)

    def test_cc23_sent_notice_is_kept_read_only(self):
        """CC-23: a sent notice is kept as sent: no edit, no cancel, no reset, no deletion."""
        notice = self._approve(self._notice(channel="sms"))
        notice.action_send()
        with self.assertRaises(UserError):
            notice.write({"title": "改标题"})
        with self.assertRaises(UserError):
            notice.action_cancel()
        with self.assertRaises(UserError):
            notice.action_draft()
        with self.assertRaises(UserError):
            notice.with_user(self.director).unlink()
        self.assertEqual(notice.state, "sent")

    def test_cc23_only_author_approver_or_manager_sends(self):
        """CC-23 / Q-10 (wrong user): another salesperson reads the notice but cannot send it."""
        notice = self._approve(self._notice())
        other = notice.with_user(self.other_salesperson)
        self.assertTrue(other.has_access("read"))
        with self.assertRaises(AccessError):
            other.action_send()
        self.assertEqual(notice.state, "approved")
        notice.with_user(self.director).action_send()
        self.assertEqual((notice.state, notice.sent_by_id), ("sent", self.director))

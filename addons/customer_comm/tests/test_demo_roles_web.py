import json

from odoo import Command
from odoo.tests import HttpCase, tagged

# What a zh_CN user would read in English if a term of the approval engine were missing.
ENGLISH = [
    "Pending validation",
    "needs to be validated",
    "Next:",
    "Request Validation",
    "Restart Validation",
    "Validate",
    "Reject",
    "Without validation",
    "Waiting",
    "Validated",
    "Rejected",
    "Reviews",
    "Todo by",
    "Done by",
    "Requested by",
    "Validation Date",
    "Operation has been",
    "Credit Change Request",
    "created",
    "Review pending",
    "A review",
]

CHECK_PAGE_JS = """
// open the review table (collapsed by default), then read what the user sees
document.querySelector("[name=review_ids] .o_info_btn").click();
setTimeout(() => {
    const text = document.querySelector(".o_action_manager").innerText;
    const english = %(english)s.filter((term) => text.includes(term));
    const chinese = %(chinese)s.filter((term) => !text.includes(term));
    if (english.length || chinese.length) {
        console.error("English: " + JSON.stringify(english) + "; Chinese missing: " + JSON.stringify(chinese));
    } else {
        console.log("test successful");
    }
}, 1000);
"""
# the banner, the review table and the chatter are rendered
READY = (
    "!!document.querySelector('.o_form_view .alert-warning [name=to_validate_message]')"
    " && !!document.querySelector('.o_form_view [name=review_ids] table')"
    " && !!document.querySelector('.o-mail-Message')"
)


@tagged("post_install", "-at_install")
class TestDemoRolesInChinese(HttpCase):
    """X-1 / X-3 / Q-5 on the demo data: the approval chains pass between the demo users, in Chinese."""

    # each test serves the asset bundles afresh (their attachments are rolled back with the test); on a
    # loaded 2-core machine that takes longer than the default 20 s other requests wait for the cursor
    test_cursor_lock_timeout = 60

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ref = cls.env.ref
        cls.salesperson = cls.ref("customer_comm.user_demo_salesperson_sh")

    def _check_page(self, url, login, chinese):
        script = CHECK_PAGE_JS % {
            "english": json.dumps(ENGLISH),
            "chinese": json.dumps(chinese, ensure_ascii=False),
        }
        self.browser_js(url, script, ready=READY, login=login)

    def test_x3_pending_approvals_show_no_english_to_a_zh_cn_manager(self):
        """X-3 / Q-5: the banner, buttons, statuses, review table and chatter of a pending credit request,
        an over-credit order and a notice are Chinese for the zh_CN approver, with the engine's terms."""
        request = self.ref("customer_comm.customer_credit_request_demo")
        order = self.ref("customer_comm.sale_order_demo_over_credit")
        notice = self.ref("customer_comm.customer_notice_demo_draft")
        for document in (request, order, notice):
            self.assertEqual(document.validation_status, "pending", document.display_name)
        chinese = ["批准", "驳回", "待审批", "待审批人", "审批日期", "下一步："]
        self._check_page(
            f"/odoo/customer.credit.request/{request.id}", "wangqiang", [*chinese, "等待 王强 审批", "信用变更申请"]
        )
        self._check_page(f"/odoo/sale.order/{order.id}", "wangqiang", [*chinese, "等待 王强 审批"])
        self._check_page(f"/odoo/customer.notice/{notice.id}", "sunlijuan", [*chinese, "等待 孙丽娟 审批"])

    def test_x3_demo_users_pass_a_credit_request_along_the_chain(self):
        """CC-11 / X-3 / Q-7: the demo salesperson asks, the demo branch sales manager then the demo
        marketing director approve in the web client, and finance reads the new limit on the customer."""
        customer = self.ref("customer_comm.partner_demo_suzhou_zhuangshi")
        url = "/odoo/action-customer_comm.customer_credit_request_action"
        self.start_tour(url, "customer_comm_demo_credit_request_tour", login="zhangwei")
        request = self.env["customer.credit.request"].search([("partner_id", "=", customer.id)])
        self.assertEqual(request.user_id, self.salesperson)
        chain = [review.reviewer_ids.login for review in request.review_ids.sorted("sequence")]
        self.assertEqual(chain, ["wangqiang", "liuzhiyuan"])
        self.start_tour(f"{url}/{request.id}", "customer_comm_demo_approve_tour", login="wangqiang")
        self.assertEqual(request.state, "draft", "the director's approval is still missing")
        self.start_tour(f"{url}/{request.id}", "customer_comm_demo_approve_tour", login="liuzhiyuan")
        self.assertEqual(request.state, "approved")
        self.assertEqual(customer.credit_limit, 300000)
        self.start_tour(f"/odoo/res.partner/{customer.id}", "customer_comm_demo_credit_limit_tour", login="wuxiaofang")

    def test_cc12_over_credit_refusal_in_chinese_for_the_salesperson(self):
        """CC-12 / Q-8: a zh_CN salesperson confirming an order over the customer's credit limit reads why
        it is refused in Chinese, and the order stays a quotation."""
        product = self.ref("customer_comm.product_demo_tile")
        order = (
            self.env["sale.order"]
            .with_user(self.ref("customer_comm.user_demo_salesperson_zj"))
            .create(
                {
                    "partner_id": self.ref("customer_comm.partner_demo_hangzhou_taoci").id,
                    "order_line": [Command.create({"product_id": product.id, "product_uom_qty": 3000})],
                }
            )
        )
        self.assertTrue(order.cc_over_credit)
        self.start_tour(f"/odoo/sale.order/{order.id}", "customer_comm_demo_over_credit_refusal_tour", login="lixiaona")
        self.assertEqual(order.state, "draft")

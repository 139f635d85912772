from odoo.tests import HttpCase, new_test_user, tagged

from .common import MANAGER

OPENED = "console.log('test successful')"
READY = "!!document.querySelector('.o_action_manager .o_view_controller .o_content')"


@tagged("post_install", "-at_install")
class TestEveryViewOpens(HttpCase):
    def test_q4_every_window_action_opens_each_of_its_views(self):
        """Q-4: every window action of the app opens each of its view types (forms as a new record) in
        Chromium for a complaint manager, in Chinese, without a client error."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["complaint_mgmt"], ["zh_CN"], overwrite=True)
        new_test_user(self.env, login="cm_web", groups=f"{MANAGER},stock.group_stock_user", lang="zh_CN")
        data = self.env["ir.model.data"].search(
            [("module", "=", "complaint_mgmt"), ("model", "=", "ir.actions.act_window")]
        )
        # penalty reviews are prepared by the monthly job, not created: their form opens on an existing one
        review = self.env["complaint.penalty.review"].create(
            {"name": "2026-02 网页审视", "month": "2026-02-01", "company_id": self.env.company.id}
        )
        opened = 0
        for record in data.sorted("name"):
            action = self.env["ir.actions.act_window"].browse(record.res_id)
            if action.target == "new":
                continue
            base = f"/odoo/action-complaint_mgmt.{record.name}"
            for mode in action.view_mode.split(","):
                new = f"{review.id}" if action.res_model == review._name else "new"
                url = f"{base}/{new}" if mode == "form" else f"{base}?view_type={mode}"
                with self.subTest(url=url):
                    self.browser_js(url, OPENED, ready=READY, login="cm_web")
                    opened += 1
        self.assertGreaterEqual(opened, 14, "every action of the app was opened")

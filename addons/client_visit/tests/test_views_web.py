from odoo.tests import HttpCase, new_test_user, tagged

from .common import MANAGER

OPENED = "console.log('test successful')"
READY = "!!document.querySelector('.o_action_manager .o_view_controller .o_content')"


@tagged("post_install", "-at_install")
class TestEveryViewOpens(HttpCase):
    def test_q4_every_window_action_opens_each_of_its_views(self):
        """Q-4: every window action of the app opens each of its view types (forms as a new record) in
        Chromium for a visit manager, in Chinese, without a client error."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["client_visit"], ["zh_CN"], overwrite=True)
        new_test_user(self.env, login="cv_web", groups=MANAGER, lang="zh_CN")
        data = self.env["ir.model.data"].search(
            [("module", "=", "client_visit"), ("model", "=", "ir.actions.act_window")]
        )
        opened = 0
        for record in data.sorted("name"):
            action = self.env["ir.actions.act_window"].browse(record.res_id)
            if action.target == "new":
                continue  # wizards open from their menu
            base = f"/odoo/action-client_visit.{record.name}"
            for mode in action.view_mode.split(","):
                url = f"{base}/new" if mode == "form" else f"{base}?view_type={mode}"
                with self.subTest(url=url):
                    self.browser_js(url, OPENED, ready=READY, login="cv_web")
                    opened += 1
        self.assertGreaterEqual(opened, 20, "every action of the app was opened")

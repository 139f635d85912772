from odoo.tests import HttpCase, new_test_user, tagged

from .common import ACCOUNTANT, MANAGER

OPENED = "console.log('test successful')"
READY = "!!document.querySelector('.o_action_manager .o_view_controller .o_content')"


@tagged("post_install", "-at_install")
class TestEveryViewOpens(HttpCase):
    def test_q4_every_window_action_opens_each_of_its_views(self):
        """Q-4: every window action of the app opens each of its view types (forms as a new record) in
        Chromium for a rebate manager with accounting rights, in Chinese, without a client error."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["dealer_rebate"], ["zh_CN"], overwrite=True)
        new_test_user(self.env, login="dr_web", groups=f"{MANAGER},{ACCOUNTANT}", lang="zh_CN")
        data = self.env["ir.model.data"].search(
            [("module", "=", "dealer_rebate"), ("model", "=", "ir.actions.act_window")]
        )
        # settlements are computed, not created: their form opens on an existing one
        dealer = self.env["res.partner"].create({"name": "网页经销商", "is_company": True})
        policy = self.env["dealer.rebate.policy"].search([("company_id", "=", self.env.company.id)], limit=1)
        settlement = self.env["dealer.rebate.settlement"].create(
            {
                "name": "2026-05 网页经销商",
                "partner_id": dealer.id,
                "company_id": self.env.company.id,
                "policy_id": policy.id,
                "component": "base_freight",
                "period_type": "month",
                "period": "2026-05",
                "date_from": "2026-05-01",
                "date_to": "2026-05-31",
            }
        )
        opened = 0
        for record in data.sorted("name"):
            action = self.env["ir.actions.act_window"].browse(record.res_id)
            if action.target == "new":
                continue  # wizards open from their button
            base = f"/odoo/action-dealer_rebate.{record.name}"
            for mode in action.view_mode.split(","):
                new = f"{settlement.id}" if action.res_model == settlement._name else "new"
                url = f"{base}/{new}" if mode == "form" else f"{base}?view_type={mode}"
                with self.subTest(url=url):
                    self.browser_js(url, OPENED, ready=READY, login="dr_web")
                    opened += 1
        self.assertGreaterEqual(opened, 18, "every action of the app was opened")

"""The four apps in the real web client, in Chinese, in headless Chromium."""

import json

from odoo.tests import HttpCase, new_test_user, tagged

APPS = {
    "customer_comm": "客户管理",
    "client_visit": "客户拜访",
    "dealer_rebate": "经销商返利",
    "complaint_mgmt": "客户投诉",
}

CHECK_APPS_JS = """
const names = odoo.__WOWL_DEBUG__.root.env.services.menu.getApps().map((app) => app.name);
const missing = %s.filter((name) => !names.includes(name));
if (missing.length) {
    console.error("apps missing from the menu: " + missing.join(", ") + " (menu: " + names.join(", ") + ")");
} else {
    console.log("test successful");
}
"""


@tagged("post_install", "-at_install")
class TestWebClientMenus(HttpCase):
    def test_suite_apps_visible_in_chinese(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(list(APPS), ["zh_CN"], overwrite=True)
        groups = ",".join(f"{module}.{module}_group_user" for module in APPS)
        new_test_user(self.env, login="cms_web", password="cms_web_pw_1", groups=groups, lang="zh_CN")
        self.browser_js(
            "/odoo",
            CHECK_APPS_JS % json.dumps(list(APPS.values()), ensure_ascii=False),
            ready="!!(odoo.__WOWL_DEBUG__ && odoo.__WOWL_DEBUG__.root)",
            login="cms_web",
        )

from odoo.tests import HttpCase, TransactionCase, new_test_user, tagged

from odoo.addons.customer_comm.tests.common_views import ViewsOpenMixin

from .common import MANAGER, ClientVisitCase


@tagged("post_install", "-at_install")
class TestEveryViewOpens(ViewsOpenMixin, HttpCase):
    module = "client_visit"

    def test_q4_every_window_action_opens_each_of_its_views(self):
        """Q-4: every window action of the app opens each of its view types (forms as a new record) in
        Chromium for a visit manager, in Chinese, without a client error."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["client_visit"], ["zh_CN"], overwrite=True)
        user = new_test_user(self.env, login="cv_web", groups=MANAGER, lang="zh_CN")
        opened = self.assertViewsOpenInBrowser(self._view_targets(user), "cv_web")
        self.assertGreaterEqual(opened, 20, "every action of the app was opened")


@tagged("post_install", "-at_install")
class TestEveryRoleLoadsTheViews(ClientVisitCase, ViewsOpenMixin, TransactionCase):
    module = "client_visit"

    def test_q4_every_role_loads_the_views_of_the_actions_it_may_read(self):
        """Q-4 / Q-9: salesperson, branch sales manager and visit manager load every view of the app whose
        model they may read, and read the fields of its list and form."""
        unread = self.assertViewsLoadForRoles(self.visitor | self.sales_manager | self.visit_manager)
        self.assertEqual(unread["cv_manager"], set(), "the manager reads every model of the app")
        self.assertLess(len(unread["cv_sales"]), len(self._window_actions()), unread)

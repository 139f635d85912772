from odoo.tests import HttpCase, TransactionCase, new_test_user, tagged

from odoo.addons.customer_comm.tests.common_views import ViewsOpenMixin

from .common import MANAGER, ComplaintCase


def _penalty_review(env):
    """Penalty reviews are prepared by the monthly job, not created: their form opens on an existing one."""
    return env["complaint.penalty.review"].create(
        {"name": "2026-02 网页审视", "month": "2026-02-01", "company_id": env.company.id}
    )


@tagged("post_install", "-at_install")
class TestEveryViewOpens(ViewsOpenMixin, HttpCase):
    module = "complaint_mgmt"

    def test_q4_every_window_action_opens_each_of_its_views(self):
        """Q-4: every window action of the app opens each of its view types (forms as a new record) in
        Chromium for a complaint manager, in Chinese, without a client error."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["complaint_mgmt"], ["zh_CN"], overwrite=True)
        user = new_test_user(self.env, login="cm_web", groups=f"{MANAGER},stock.group_stock_user", lang="zh_CN")
        review = _penalty_review(self.env)
        opened = self.assertViewsOpenInBrowser(self._view_targets(user, {review._name: review}), "cm_web")
        self.assertGreaterEqual(opened, 14, "every action of the app was opened")


@tagged("post_install", "-at_install")
class TestEveryRoleLoadsTheViews(ComplaintCase, ViewsOpenMixin, TransactionCase):
    module = "complaint_mgmt"

    def test_q4_every_role_loads_the_views_of_the_actions_it_may_read(self):
        """Q-4 / Q-9: salesperson, service desk, approver and complaint manager load every view of the app
        whose model they may read, and read the fields of its list and form."""
        _penalty_review(self.env)
        manager = new_test_user(self.env, login="cm_views_mgr", groups=MANAGER)
        unread = self.assertViewsLoadForRoles(self.salesperson | self.service | self.vice_president | manager)
        self.assertEqual(unread["cm_views_mgr"], set(), "the manager reads every model of the app")
        self.assertLess(len(unread["cm_service"]), len(self._window_actions()), unread)

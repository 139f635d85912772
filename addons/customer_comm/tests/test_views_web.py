from odoo.tests import HttpCase, TransactionCase, tagged

from .common import CustomerCommCase
from .common_views import ViewsOpenMixin


@tagged("post_install", "-at_install")
class TestEveryViewOpens(CustomerCommCase, ViewsOpenMixin, HttpCase):
    module = "customer_comm"

    def test_q4_every_window_action_opens_each_of_its_views(self):
        """Q-4: every window action of the app opens each of its view types (forms as a new record) in
        Chromium for a manager, without a client error. Catches a view that only breaks in the browser."""
        self.env["customer.warning"]._detect_and_apply(self.company)
        opened = self.assertViewsOpenInBrowser(self._view_targets(self.director), "cc_director")
        self.assertGreaterEqual(opened, 60, "every action of the app was opened")


@tagged("post_install", "-at_install")
class TestEveryRoleLoadsTheViews(CustomerCommCase, ViewsOpenMixin, TransactionCase):
    module = "customer_comm"

    def test_q4_every_role_loads_the_views_of_the_actions_it_may_read(self):
        """Q-4 / Q-9: salesperson, branch sales manager, director and finance load every view of the app
        whose model they may read, and read the fields of its list and form."""
        self.env["customer.warning"]._detect_and_apply(self.company)
        roles = self.salesperson | self.sales_manager | self.director | self.finance
        unread = self.assertViewsLoadForRoles(roles)
        self.assertEqual(unread["cc_director"], set(), "the director reads every model of the app")
        self.assertLess(len(unread["cc_sales"]), len(self._window_actions()), unread)


@tagged("post_install", "-at_install")
class TestAppMenu(TransactionCase):
    def test_q4_app_menu_groups_its_entries_under_six_top_entries(self):
        """Q-4: the app's top bar has the six entries Odoo apps would have, each opening a sub-menu."""
        root = self.env.ref("customer_comm.customer_comm_menu_root")
        menus = self.env["ir.ui.menu"].with_context(**{"ir.ui.menu.full_list": True})
        tops = menus.search([("parent_id", "=", root.id)], order="sequence")
        self.assertEqual(
            tops.mapped("name"),
            ["Customers", "Communication", "Credit", "Warnings", "Care and Satisfaction", "Configuration"],
        )
        self.assertTrue(all(top.child_id and not top.action for top in tops), "every top entry opens a sub-menu")

from odoo.tests import HttpCase, TransactionCase, new_test_user, tagged

from odoo.addons.customer_comm.tests.common_views import ViewsOpenMixin

from .common import ACCOUNTANT, MANAGER, DealerRebateCase


def _settlement(env):
    """Settlements are computed, not created: their form opens on an existing one."""
    dealer = env["res.partner"].create({"name": "网页经销商", "is_company": True})
    policy = env["dealer.rebate.policy"].search([("company_id", "=", env.company.id)], limit=1)
    return env["dealer.rebate.settlement"].create(
        {
            "name": "2026-05 网页经销商",
            "partner_id": dealer.id,
            "company_id": env.company.id,
            "policy_id": policy.id,
            "component": "base_freight",
            "period_type": "month",
            "period": "2026-05",
            "date_from": "2026-05-01",
            "date_to": "2026-05-31",
        }
    )


@tagged("post_install", "-at_install")
class TestEveryViewOpens(ViewsOpenMixin, HttpCase):
    module = "dealer_rebate"

    def test_q4_every_window_action_opens_each_of_its_views(self):
        """Q-4: every window action of the app opens each of its view types (forms as a new record) in
        Chromium for a rebate manager with accounting rights, in Chinese, without a client error."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["dealer_rebate"], ["zh_CN"], overwrite=True)
        user = new_test_user(self.env, login="dr_web", groups=f"{MANAGER},{ACCOUNTANT}", lang="zh_CN")
        settlement = _settlement(self.env)
        targets = self._view_targets(user, {settlement._name: settlement})
        opened = self.assertViewsOpenInBrowser(targets, "dr_web")
        self.assertGreaterEqual(opened, 18, "every action of the app was opened")


@tagged("post_install", "-at_install")
class TestEveryRoleLoadsTheViews(DealerRebateCase, ViewsOpenMixin, TransactionCase):
    module = "dealer_rebate"

    def test_q4_every_role_loads_the_views_of_the_actions_it_may_read(self):
        """Q-4 / Q-9: salesperson, rebate manager, finance manager and accountant load every view of the
        app whose model they may read, and read the fields of its list and form."""
        _settlement(self.env)
        roles = self.rebate_salesperson | self.rebate_manager | self.finance_manager | self.accountant
        unread = self.assertViewsLoadForRoles(roles)
        # DR-22: the concentration is an analysis of its own (sums by customer, no invoice): a rebate manager
        # without invoicing rights reads it, as finance does
        self.assertEqual(unread["dr_manager"], set(), unread)
        self.assertNotIn("dealer_rebate.dealer_concentration_action", unread["dr_finance_mgr"])
        self.assertLess(len(unread["dr_sales"]), len(self._window_actions()), unread)

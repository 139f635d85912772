from odoo.tests import new_test_user


class AppGroupsMixin:
    """Checks every addon of the suite makes of its groups and app menu.

    Mixed into a ``TransactionCase`` with ``module`` and ``app_name_zh`` set.
    """

    module = None
    app_name_zh = None

    def _app_users(self):
        prefix = f"{self.module}.{self.module}_group_"
        manager = new_test_user(self.env, login=f"{self.module}_mgr", groups=prefix + "manager")
        user = new_test_user(self.env, login=f"{self.module}_usr", groups=prefix + "user")
        outsider = new_test_user(self.env, login=f"{self.module}_out", groups="base.group_user")
        return manager, user, outsider

    def test_manager_implies_user(self):
        manager, user, outsider = self._app_users()
        self.assertTrue(manager.has_group(f"{self.module}.{self.module}_group_user"))
        self.assertFalse(user.has_group(f"{self.module}.{self.module}_group_manager"))
        self.assertFalse(outsider.has_group(f"{self.module}.{self.module}_group_user"))

    def test_app_menu_for_app_users_only_and_in_chinese(self):
        manager, user, outsider = self._app_users()
        root = self.env.ref(f"{self.module}.{self.module}_menu_root")
        menus = self.env["ir.ui.menu"]
        self.assertIn(root.id, menus.with_user(user)._visible_menu_ids())
        self.assertIn(root.id, menus.with_user(manager)._visible_menu_ids())
        self.assertNotIn(root.id, menus.with_user(outsider)._visible_menu_ids())
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms([self.module], ["zh_CN"], overwrite=True)
        self.assertEqual(root.with_context(lang="zh_CN").name, self.app_name_zh)

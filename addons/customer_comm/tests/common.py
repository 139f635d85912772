from odoo.tests import new_test_user

USER = "customer_comm.customer_comm_group_user"
MANAGER = "customer_comm.customer_comm_group_manager"
FINANCE = "customer_comm.customer_comm_group_finance"


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


class CustomerCommCase:
    """Fixtures: a region tree, the business roles of X-1 and a customer of a salesperson."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=False, mail_notrack=False))
        cls.company = cls.env.company
        cls.salesperson = new_test_user(cls.env, login="cc_sales", groups=USER, name="张业务")
        cls.other_salesperson = new_test_user(cls.env, login="cc_sales2", groups=USER, name="李业务")
        manager_groups = f"{USER},sales_team.group_sale_salesman_all_leads"
        cls.sales_manager = new_test_user(cls.env, login="cc_bsm", groups=manager_groups, name="王经理")
        cls.area_manager = new_test_user(cls.env, login="cc_bsm_area", groups=manager_groups, name="赵经理")
        cls.director = new_test_user(cls.env, login="cc_director", groups=MANAGER, name="刘总监")
        cls.finance = new_test_user(cls.env, login="cc_finance", groups=FINANCE, name="陈财务")
        Region = cls.env["customer.region"]
        cls.area = Region.create({"name": "华东大区", "level": "area"})
        cls.region = Region.create({"name": "上海片区", "level": "region", "parent_id": cls.area.id})
        cls.district = Region.create({"name": "浦东", "level": "district", "parent_id": cls.region.id})
        Role = cls.env["customer.role.assignment"]
        Role.search([]).unlink()  # demo data assigns roles too; the tests set their own
        Role.create(
            [
                {"user_id": cls.sales_manager.id, "role": "branch_sales_manager", "region_id": cls.region.id},
                {"user_id": cls.area_manager.id, "role": "branch_sales_manager", "region_id": cls.area.id},
                {"user_id": cls.director.id, "role": "marketing_director"},
            ]
        )
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "上海建材有限公司",
                "is_company": True,
                "user_id": cls.salesperson.id,
                "cc_region_id": cls.district.id,
                "cc_tier_id": cls.env.ref("customer_comm.customer_tier_level_2").id,
                "credit_limit": 100000.0,
            }
        )


def approve_with_comment(record, user, comment="同意", reject=False):
    """X-3: decide ``record`` as ``user`` through the engine's comment wizard, the way the web client does.

    The tier definitions of the record's model ask for a comment, so the button
    returns the wizard's action instead of deciding.
    """
    definitions = record.review_ids.definition_id
    definitions.sudo().write({"has_comment": True})
    record = record.with_user(user)
    action = record.reject_tier() if reject else record.validate_tier()
    assert action and action["res_model"] == "comment.wizard", action
    wizard = record.env["comment.wizard"].with_context(**action["context"]).create({"comment": comment})
    wizard.add_comment()
    return wizard

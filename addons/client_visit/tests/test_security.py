from datetime import date

from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, new_test_user, tagged

from odoo.addons.customer_comm.tests.common import AppGroupsMixin

from .common import OCTOBER, USER, ClientVisitCase


@tagged("post_install", "-at_install")
class TestClientVisitAppSecurity(AppGroupsMixin, TransactionCase):
    module = "client_visit"
    app_name_zh = "客户拜访"


@tagged("post_install", "-at_install")
class TestVisitRecordRules(ClientVisitCase, TransactionCase):
    """Q-9: salespeople see their own plans, visits and promises; supervisors their team's (by the regions
    of their business roles); visit managers all; nobody sees another company's."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.plan = cls._plan(cls.visitor, OCTOBER)
        cls.plan.action_generate()
        cls.visit = cls._visit(cls.tier_customers[0], cls.visitor, date(2026, 10, 12))
        cls.promise = cls.env["visit.promise"].create(
            {
                "name": "报价",
                "partner_id": cls.tier_customers[0].id,
                "user_id": cls.visitor.id,
                "due_date": "2026-10-20",
                "visit_id": cls.visit.id,
            }
        )
        cls.other_company = cls.env["res.company"].create({"name": "北京分公司"})

    def _visible(self, user):
        return (
            self.env["visit.plan"].with_user(user).search([("id", "=", self.plan.id)]),
            self.env["customer.visit"].with_user(user).search([("id", "=", self.visit.id)]),
            self.env["visit.promise"].with_user(user).search([("id", "=", self.promise.id)]),
            self.env["visit.plan.line"].with_user(user).search_count([("plan_id", "=", self.plan.id)]),
        )

    def test_q9_own_records_only(self):
        plan, visit, promise, lines = self._visible(self.visitor)
        self.assertTrue(plan and visit and promise and lines)
        plan, visit, promise, lines = self._visible(self.other_salesperson)
        self.assertFalse(plan or visit or promise or lines, "another salesperson sees nothing")
        with self.assertRaises(AccessError):
            self.plan.with_user(self.other_salesperson).note = "x"
        with self.assertRaises(AccessError):
            self.visit.with_user(self.other_salesperson).outcome = "x"

    def test_q9_supervisor_sees_team_and_manager_all(self):
        plan, visit, promise, lines = self._visible(self.sales_manager)
        self.assertTrue(plan and visit and promise and lines, "the branch sales manager of the region sees them")
        outsider_region = self.env["customer.region"].create({"name": "华北大区", "level": "area"})
        outsider = new_test_user(self.env, login="cv_bsm_north", groups=USER)
        self.env["customer.role.assignment"].create(
            {"user_id": outsider.id, "role": "branch_sales_manager", "region_id": outsider_region.id}
        )
        plan, visit, promise, lines = self._visible(outsider)
        self.assertFalse(plan or visit or promise or lines, "a supervisor of another region sees nothing")
        plan, visit, promise, lines = self._visible(self.visit_manager)
        self.assertTrue(plan and visit and promise and lines)

    def test_q9_other_company_hidden(self):
        self.visit_manager.write({"company_ids": [(4, self.other_company.id)]})
        visits = self.env["customer.visit"].with_user(self.visit_manager)
        self.assertTrue(visits.search([("id", "=", self.visit.id)]), "visible in its company")
        self.assertFalse(
            visits.with_context(allowed_company_ids=[self.other_company.id]).search([("id", "=", self.visit.id)])
        )
        self.assertFalse(
            self.env["visit.plan"]
            .with_user(self.visit_manager)
            .with_context(allowed_company_ids=[self.other_company.id])
            .search([("id", "=", self.plan.id)])
        )

    def test_q9_frequency_matrix_read_only_for_salespeople(self):
        with self.assertRaises(AccessError):
            self.env["visit.frequency.rule"].with_user(self.visitor).create(
                {"tier_id": self.tiers[0].id, "role": "salesperson", "interval_number": 1}
            )


@tagged("post_install", "-at_install")
class TestChinese(TransactionCase):
    def test_q5_every_label_of_the_app_in_chinese(self):
        """Q-5: a zh_CN user sees no English: every field label, selection value and menu of the app is translated."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["client_visit"], ["zh_CN"], overwrite=True)
        models = ["visit.plan", "visit.plan.line", "customer.visit", "visit.promise", "visit.compliance"]
        models += ["visit.frequency.rule", "visit.plan.generate.wizard"]
        untranslated = []
        for model in models:
            for name, field in self.env[model].with_context(lang="zh_CN")._fields.items():
                label = field._description_string(self.env(context={"lang": "zh_CN"}))
                if label and label != "ID" and label.isascii():
                    untranslated.append(f"{model}.{name}: {label}")
                if field.type == "selection" and field._module == "client_visit":
                    labels = dict(field._description_selection(self.env(context={"lang": "zh_CN"})))
                    untranslated += [f"{model}.{name}={value}" for value, text in labels.items() if text.isascii()]
        menus = (
            self.env["ir.ui.menu"]
            .with_context(lang="zh_CN")
            .search([("id", "child_of", self.env.ref("client_visit.client_visit_menu_root").id)])
        )
        untranslated += [menu.name for menu in menus if menu.name.isascii()]
        self.maxDiff = None
        self.assertEqual(untranslated, [])

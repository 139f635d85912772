"""The demo database as `make run` builds it: one Chinese company holding only the suite's Chinese demo.

These tests run on ``cmsuite_demo`` (``tools/suite.py test-demo``), not on the test database: that one
has the suite's demo and Odoo's US demo in the same company, which is what the recipe of the demo
database (``tools/suite.py build_demo_db``, ``tools/demo_company.py``) avoids.
"""

import re

from dateutil.relativedelta import relativedelta
from lxml import etree

from odoo import fields
from odoo.tests import TransactionCase, tagged
from odoo.tools.safe_eval import safe_eval

SUITE = ("customer_comm", "client_visit", "dealer_rebate", "complaint_mgmt")
CHINESE = re.compile(r"[\u4e00-\u9fff]")
# a word of Latin letters ("Lumber", "Dependence"); order numbers (S00012) and units (kg) are not words
ENGLISH_WORD = re.compile(r"[A-Za-z]{3,}")
# the customer pickers of the visits, visit plans and complaints: (model, view type, field)
PICKERS = [
    ("customer.visit", "form", "partner_id"),
    ("visit.plan", "form", "partner_id"),
    ("customer.complaint", "form", "partner_id"),
]


def reads_chinese(text):
    return bool(text and CHINESE.search(text) and not ENGLISH_WORD.search(text))


@tagged("post_install", "-at_install", "cmsuite_demo")
class TestDemoCompany(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = cls.env.ref("customer_comm.user_demo_regional_manager")  # 赵明辉
        cls.company = cls.manager.company_id
        if cls.company == cls.env.ref("base.main_company"):
            cls.skipTest(cls, "not the demo database built by `make run` (tools/suite.py test-demo)")
        cls.env = cls.env(context=dict(cls.env.context, lang="zh_CN", allowed_company_ids=cls.company.ids))
        cls.database_companies = cls.env["res.company"].sudo().search([]).partner_id

    def _eval_context(self, user=None):
        """What the web client gives an action's domain."""
        return {
            "uid": (user or self.manager).id,
            "context_today": lambda: fields.Date.context_today(self.manager),
            "relativedelta": relativedelta,
        }

    def _menu_partners(self, action_xmlid, user):
        action = self.env.ref(action_xmlid)
        domain = safe_eval(action.domain or "[]", self._eval_context(user))
        return self.env["res.partner"].with_user(user).search(domain)

    def _assert_chinese_customers(self, partners, where):
        self.assertTrue(partners, f"{where}: the demo shows partners")
        self.assertFalse(
            [p.name for p in partners if not reads_chinese(p.name)], f"{where}: partners without a Chinese name"
        )
        self.assertFalse(partners & self.database_companies, f"{where}: a company of the database")
        self.assertFalse(partners.filtered("parent_id"), f"{where}: a contact of a customer")

    def test_customer_and_dealer_menus_show_the_chinese_customers_only(self):
        """The customer menu (客户管理 › 客户) and the dealer menu (经销商返利 › 经销商) of the Chinese company
        show Chinese customers and dealers, never the database's companies, Odoo's demo partners or contacts."""
        customers = self._menu_partners("customer_comm.res_partner_action_customer", self.manager)
        self._assert_chinese_customers(customers, "customers")
        for xmlid in ("customer_comm.partner_demo_consumer", "client_visit.partner_demo_jiaxing_jiancai"):
            self.assertIn(self.env.ref(xmlid), customers)
        finance = self.env.ref("customer_comm.user_demo_finance")
        dealers = self._menu_partners("dealer_rebate.res_partner_action_dealer", finance)
        self._assert_chinese_customers(dealers, "dealers")
        self.assertIn(self.env.ref("dealer_rebate.partner_demo_dealer_jiaxing"), dealers)

    def test_visit_and_complaint_pickers_offer_the_chinese_customers_only(self):
        """The customer field of a visit, a visit plan's line and a complaint proposes the customers only."""
        for model, view_type, field in PICKERS:
            arch = etree.fromstring(self.env[model].get_view(view_type=view_type)["arch"])
            nodes = arch.xpath(f"//field[@name='{field}'][@domain]")
            with self.subTest(model=model):
                self.assertTrue(nodes, f"{model}: the customer picker has a domain")
                partners = self.env["res.partner"].search(safe_eval(nodes[0].get("domain")))
                self._assert_chinese_customers(partners, f"{model} picker")

    def test_a_customer_created_from_the_menu_is_listed_there(self):
        action = self.env.ref("customer_comm.res_partner_action_customer")
        context = safe_eval(action.context, {"uid": self.manager.id})
        partner = self.env["res.partner"].with_context(**context).create({"name": "海宁新丰养殖场"})
        self.assertIn(partner, self._menu_partners("customer_comm.res_partner_action_customer", self.manager))

    def test_after_every_job_of_the_suite_everything_of_the_company_is_chinese(self):
        """After one run of every scheduled job of the suite: every warning, complaint escalation and to-do of
        the Chinese company names a Chinese record and reads Chinese; every document of the four apps, sale
        order and invoice of the company is a Chinese customer's."""
        crons = self.env["ir.model.data"].search([("module", "in", SUITE), ("model", "=", "ir.cron")])
        crons = self.env["ir.cron"].browse(crons.mapped("res_id"))
        self.assertGreaterEqual(len(crons), 10, "the suite's scheduled jobs")
        with self.enter_registry_test_mode():  # the jobs' own cursors see and roll back with the test's
            for cron in crons:
                cron.method_direct_trigger()
        self.env.invalidate_all()  # the jobs ran in their own environments
        company = [("company_id", "=", self.company.id)]

        warnings = self.env["customer.warning"].search(company)
        self.assertTrue(warnings, "the jobs raise warnings on the demo customers")
        for warning in warnings:
            self.assertTrue(reads_chinese(warning.partner_id.name), warning.partner_id.name)
            self.assertTrue(reads_chinese(warning.name), warning.name)
            if warning.figures:
                self.assertFalse(ENGLISH_WORD.search(warning.figures), warning.figures)

        escalations = self.env["customer.complaint.escalation"].search(
            [("complaint_id.company_id", "=", self.company.id)]
        )
        for escalation in escalations:
            self.assertTrue(reads_chinese(escalation.complaint_id.partner_id.name), escalation.complaint_id.name)

        # the company's staff: the suite's demo users (admin and Odoo's demo user keep Odoo's own to-dos)
        staff = self.env["ir.model.data"].search([("module", "in", SUITE), ("model", "=", "res.users")])
        activities = self.env["mail.activity"].search([("user_id", "in", staff.mapped("res_id"))])
        self.assertTrue(activities.filtered(lambda a: a.res_model == "customer.warning"), "to-dos of the warnings")
        for activity in activities:
            with self.subTest(activity=activity.id, model=activity.res_model, summary=activity.summary):
                self.assertTrue(reads_chinese(activity.summary or activity.activity_type_id.name))
                if activity.res_model:
                    self.assertFalse(ENGLISH_WORD.search(activity.res_name), activity.res_name)
                    record = self.env[activity.res_model].browse(activity.res_id)
                    partner = record._fields.get("partner_id") and record.partner_id.commercial_partner_id
                    self.assertTrue(not partner or reads_chinese(partner.name), partner and partner.name)

        self._assert_lists_show_chinese_customers()

    def _assert_lists_show_chinese_customers(self):
        """Every list of the four apps (their menus' actions, as the regional manager) shows the Chinese
        company's customers only; the sale orders and invoices the warnings analyse are theirs too."""
        roots = self.env["ir.ui.menu"].browse([self.env.ref(f"{addon}.{addon}_menu_root").id for addon in SUITE])
        menus = self.env["ir.ui.menu"].search([("id", "child_of", roots.ids), ("action", "!=", False)])
        lists = {
            (menu.action.res_model, menu.action.domain or "[]")
            for menu in menus
            if menu.action._name == "ir.actions.act_window"
        }
        self.assertGreater(len(lists), 20, "the lists of the four apps")
        lists |= {("sale.order", "[]"), ("account.move", "[]")}
        for model, domain in sorted(lists):
            field = self.env[model]._fields.get("partner_id")
            if not field or field.comodel_name != "res.partner" or "company_id" not in self.env[model]:
                continue
            domain = safe_eval(domain, self._eval_context())
            records = self.env[model].sudo().search([*domain, ("company_id", "=", self.company.id)])
            names = records.partner_id.commercial_partner_id.mapped("name")
            with self.subTest(model=model, domain=domain):
                self.assertFalse([name for name in names if not reads_chinese(name)], "partners without a Chinese name")

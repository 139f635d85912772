from datetime import date

from odoo.exceptions import UserError
from odoo.tests import HttpCase, TransactionCase, freeze_time, tagged

from odoo.addons.customer_comm.tests.common_rpc import JsonRpcMixin

from .common import ClientVisitCase


@tagged("post_install", "-at_install")
class TestVisitSideDoorsRpc(JsonRpcMixin, ClientVisitCase, HttpCase):
    def test_cv4_plan_not_sent_for_approval_by_someone_else_whatever_the_context(self):
        """CV-4 / X-3: the engine's request over RPC is the owner's submission; no context key skips it."""
        plan = self._plan(self.visitor, date(2026, 11, 1), region_id=self.district.id)
        self.assertTrue(plan.with_user(self.sales_manager).has_access("read"), "the supervisor reads the plan")
        for context in ({}, {"cv_internal": True}):
            reply = self.call_kw("cc_bsm", "visit.plan", "request_validation", [plan.ids], {"context": context})
            self.assertRpcRefused(reply, "odoo.exceptions.AccessError")
        self.assertEqual((plan.state, plan.review_ids.ids), ("draft", []))


@tagged("post_install", "-at_install")
class TestVisitCompanies(ClientVisitCase, TransactionCase):
    """CV-6 / Q-12: a customer shared by two companies is followed by each; a company's run reads and
    writes its own lines and visits only."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b = cls.env["res.company"].create({"name": "华南饲料有限公司"})
        cls.customer_ab = cls.tier_customers[1]  # no company: shared by both
        cls.visitor.company_ids |= cls.company_b

    def _lines(self, company):
        return self.env["visit.compliance"].search(
            [("partner_id", "=", self.customer_ab.id), ("role", "=", "salesperson"), ("company_id", "=", company.id)]
        )

    def _done_visit(self, company, day):
        visit = (
            self.env["customer.visit"]
            .with_company(company)
            .create({"partner_id": self.customer_ab.id, "user_id": self.visitor.id, "date": day})
        )
        visit.write({"state": "done"})
        return visit

    def test_cv6_compliance_per_company_and_role(self):
        """CV-6: the same customer has one line per company and role, each from its own company's visits."""
        self._done_visit(self.company, date(2026, 10, 12))
        with freeze_time("2026-10-13"):
            self.env["visit.compliance"]._cron_refresh()
        line_a, line_b = self._lines(self.company), self._lines(self.company_b)
        self.assertEqual((len(line_a), len(line_b)), (1, 1))
        self.assertEqual(line_a.last_visit_date, date(2026, 10, 12))
        self.assertFalse(line_b.last_visit_date, "company B has not visited")
        # company A's run neither reads company B's visits nor writes company B's line
        self._done_visit(self.company_b, date(2026, 10, 14))
        with freeze_time("2026-10-15"):
            self.env["visit.compliance"]._cv_refresh(company=self.company)
            self.assertEqual(self._lines(self.company).last_visit_date, date(2026, 10, 12))
            self.assertFalse(self._lines(self.company_b).last_visit_date)
            self.env["visit.compliance"]._cv_refresh(company=self.company_b)
        self.assertEqual(self._lines(self.company_b).last_visit_date, date(2026, 10, 14))
        self.assertEqual(self._lines(self.company).last_visit_date, date(2026, 10, 12))

    def test_cv2_late_plans_flagged_by_their_own_companys_run(self):
        """CV-2 / Q-12: company A's run of the late-plan job leaves company B's late plan alone."""
        plan_b = (
            self.env["visit.plan"]
            .with_company(self.company_b)
            .create({"plan_type": "monthly", "user_id": self.visitor.id, "date_from": date(2026, 11, 1)})
        )
        self.assertEqual(plan_b.company_id, self.company_b)
        # company B's own supervisor: a run that finds nobody to tell leaves the plan unflagged
        self.sales_manager.company_ids |= self.company_b
        self.env["customer.role.assignment"].create(
            {"user_id": self.sales_manager.id, "role": "branch_sales_manager", "company_id": self.company_b.id}
        )
        with freeze_time("2026-11-03"):
            self.env["visit.plan"]._cv_flag_late_plans(self.company)
            self.assertFalse(plan_b.late_notified)
            self.env["visit.plan"]._cron_flag_late_plans()
        self.assertTrue(plan_b.late_notified, "its own company's run flags it")

    def test_cv3_plans_hold_their_companys_customers_only(self):
        """CV-3 / Q-9: a plan line's customer is shared or of the plan's company; the generation leaves another
        company's customer out, and a line typed by hand with it is refused."""
        own_b = self.env["res.partner"].create(
            {
                "name": "华南客户",
                "is_company": True,
                "user_id": self.visitor.id,
                "cc_tier_id": self.tiers[3].id,
                "company_id": self.company_b.id,
            }
        )
        plan = self._plan(self.visitor, date(2026, 11, 1))
        plan.action_generate()
        self.assertNotIn(own_b, plan.line_ids.partner_id)
        self.assertIn(self.customer_ab, plan.line_ids.partner_id, "a shared customer is planned")
        with self.assertRaises(UserError):
            self.env["visit.plan.line"].create(
                {"plan_id": plan.id, "partner_id": own_b.id, "planned_date": "2026-11-12"}
            )

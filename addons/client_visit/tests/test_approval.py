from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase, freeze_time, tagged

from odoo.addons.customer_comm.tests.common import approve_with_comment

from .common import OCTOBER, ClientVisitCase


@tagged("post_install", "-at_install")
class TestPlanApproval(ClientVisitCase, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.plan = cls._plan(cls.visitor, OCTOBER)
        cls.plan.action_generate()

    def _submit(self):
        self.plan.with_user(self.visitor).action_submit()
        self.assertEqual(self.plan.state, "submitted")

    def test_cv2_monthly_plan_goes_to_the_supervisor(self):
        """CV-2 / X-3: the monthly plan is approved by the branch sales manager of its customers' region."""
        self._submit()
        self.assertEqual(self.plan.review_ids.reviewer_ids, self.sales_manager)
        approve_with_comment(self.plan, self.sales_manager)
        self.assertEqual(self.plan.state, "approved")

    def test_cv1_annual_plan_goes_to_the_responsible_manager(self):
        """CV-1 / CC-25: the annual plan is approved by the branch general manager."""
        self.env["customer.role.assignment"].create(
            {"user_id": self.area_manager.id, "role": "branch_gm", "region_id": self.area.id}
        )
        annual = self._plan(self.visitor, OCTOBER, plan_type="annual", region_id=self.region.id)
        annual.with_user(self.visitor).action_submit()
        self.assertEqual(annual.review_ids.reviewer_ids, self.area_manager)

    def test_cv4_reject_with_reason_then_resubmit(self):
        """CV-4: a rejected plan carries the reason in its chatter, is edited and resubmitted."""
        self._submit()
        approve_with_comment(self.plan, self.sales_manager, comment="一级客户拜访太集中", reject=True)
        self.assertEqual(self.plan.state, "rejected")
        self.assertIn("一级客户拜访太集中", " ".join(self.plan.message_ids.mapped("body")))
        line = self.plan.line_ids[:1]
        line.with_user(self.visitor).planned_date = line.planned_date.replace(day=20)
        self.plan.with_user(self.visitor).action_submit()
        self.assertEqual(self.plan.state, "submitted")
        self.assertEqual(self.plan.review_ids.mapped("status"), ["pending"], "a fresh review is asked")
        approve_with_comment(self.plan, self.sales_manager)
        self.assertEqual(self.plan.state, "approved")
        with self.assertRaises(UserError):
            self.plan.line_ids[:1].with_user(self.visitor).purpose = "payment"

    def test_q10_salesperson_cannot_approve_own_plan(self):
        """Q-10 / X-3: the owner cannot approve their plan by the button, a state write, validate_tier or
        a tier.review write."""
        self._submit()
        plan = self.plan.with_user(self.visitor)
        with self.assertRaises(AccessError):
            plan.validate_tier()
        with self.assertRaises(AccessError):
            plan.write({"state": "approved"})
        with self.assertRaises(AccessError):
            plan.review_ids.with_user(self.visitor).write({"status": "approved"})
        self.assertEqual(self.plan.state, "submitted")
        with self.assertRaises(AccessError):
            self.plan.with_user(self.other_salesperson).validate_tier()
        self.assertEqual(self.plan.validation_status, "pending")

    def test_q10_supervisor_own_plan_goes_one_role_up(self):
        """Q-10: when the supervisor plans their own visits, the approval goes to the next role up."""
        plan = self._plan(self.sales_manager, OCTOBER, role="branch_sales_manager", region_id=self.region.id)
        plan.with_user(self.sales_manager).action_submit()
        self.assertEqual(plan.review_ids.reviewer_ids, self.director)
        with self.assertRaises(AccessError):
            plan.with_user(self.sales_manager).validate_tier()

    def test_cv4_engine_buttons_follow_the_plan_flow(self):
        """CV-4 / Q-10: the engine's "Request Validation" is the submission (owner only) and its
        "Restart Validation" recalls the plan to draft; a rejected plan's form is editable again."""
        with self.assertRaises(AccessError):
            self.plan.with_user(self.other_salesperson).request_validation()
        self.assertFalse(self.plan.review_ids)
        self.plan.with_user(self.visitor).request_validation()
        self.assertEqual(self.plan.state, "submitted")
        self.plan.with_user(self.visitor).restart_validation()
        self.assertEqual(self.plan.state, "draft")
        self.assertFalse(self.plan.review_ids)
        self._submit()

    def test_cv4_only_owner_submits(self):
        """Q-10: another salesperson cannot submit someone's plan."""
        with self.assertRaises(AccessError):
            self.plan.with_user(self.other_salesperson).action_submit()
        self.assertEqual(self.plan.state, "draft")

    def test_cv4_no_submit_without_approver(self):
        """X-3: a plan whose chain resolves to nobody is refused before it gets stuck."""
        self.env["customer.role.assignment"].search([("role", "=", "branch_sales_manager")]).unlink()
        with self.assertRaises(UserError):
            self.plan.with_user(self.visitor).action_submit()
        self.assertEqual(self.plan.state, "draft")

    def test_cv4_approved_plan_locked(self):
        """CV-4: an approved plan's lines cannot be changed by the salesperson."""
        self._submit()
        approve_with_comment(self.plan, self.sales_manager)
        with self.assertRaises(UserError):
            self.plan.line_ids[:1].with_user(self.visitor).unlink()


@tagged("post_install", "-at_install")
class TestLatePlans(ClientVisitCase, TransactionCase):
    def test_cv2_late_plan_flagged_to_the_supervisor_once(self):
        """CV-2 / X-6: a plan still in draft after its deadline gives its approver one activity, once;
        a plan submitted late stays marked late."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.sales_manager.lang = "zh_CN"  # the job runs in English
        plan = self._plan(self.visitor, OCTOBER)
        plan.action_generate()
        submitted = self._plan(self.other_salesperson, OCTOBER, region_id=self.region.id)
        self.env["visit.plan.line"].create(
            {"plan_id": submitted.id, "partner_id": self.customer.id, "planned_date": "2026-10-12"}
        )

        def late_activities():
            return self.env["mail.activity"].search(
                [("res_model", "=", "visit.plan"), ("res_id", "=", plan.id), ("user_id", "=", self.sales_manager.id)]
            )

        with freeze_time("2026-09-27"):
            self.env["visit.plan"]._cron_flag_late_plans()
        self.assertFalse(late_activities(), "before the 28th nothing is late")
        with freeze_time("2026-09-29"):
            submitted.with_user(self.other_salesperson).action_submit()
            self.env["visit.plan"]._cron_flag_late_plans()
            self.env["visit.plan"]._cron_flag_late_plans()
        self.assertEqual(len(late_activities()), 1, "the supervisor is told once")
        self.assertIn("拜访计划逾期", late_activities().summary, "in the supervisor's language, not the job's")
        self.assertTrue(submitted.late, "submitted after 28 September")
        self.assertFalse(
            self.env["mail.activity"].search_count(
                [("res_model", "=", "visit.plan"), ("res_id", "=", submitted.id), ("summary", "like", "%late%")]
            ),
            "a submitted plan is not flagged",
        )

    def test_cv2_generation_wizard_for_managers_only(self):
        """CV-2 / Q-10: a visit manager generates every salesperson's plans; a salesperson cannot."""
        with self.assertRaises(AccessError):
            self.env["visit.plan.generate.wizard"].with_user(self.visitor).create({"month": OCTOBER}).action_generate()
        wizard = self.env["visit.plan.generate.wizard"].with_user(self.visit_manager).create({"month": OCTOBER})
        action = wizard.action_generate()
        plans = self.env["visit.plan"].search(action["domain"])
        self.assertIn(self.visitor, plans.user_id)
        self.assertEqual(len(plans.filtered(lambda p: p.user_id == self.visitor).line_ids), 14)

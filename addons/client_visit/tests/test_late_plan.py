"""Tests of the late-plan job (CV-1 / CV-2): late plans however they were created, people without a plan."""

from datetime import date

from odoo.tests import TransactionCase, freeze_time, tagged

from .common import OCTOBER, ClientVisitCase


@tagged("post_install", "-at_install")
class TestLatePlanCases(ClientVisitCase, TransactionCase):
    """CV-2 (issue 23): the three late-plan cases each give the supervisor exactly one to-do, and a second run
    adds none. The visitor's customers are in 浦东, under 上海片区 whose branch sales manager is 王经理."""

    def _run(self, day):
        with freeze_time(day):
            self.env["visit.plan"]._cron_flag_late_plans()

    def _todos(self, plans, user=None):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "visit.plan"),
                ("res_id", "in", plans.ids),
                ("user_id", "=", (user or self.sales_manager).id),
                ("activity_type_id", "=", self.env.ref("mail.mail_activity_data_todo").id),
            ]
        )

    def _visitor_plans(self, month=OCTOBER):
        return self.env["visit.plan"].search([("user_id", "=", self.visitor.id), ("date_from", "=", month)])

    def test_cv2_generated_plan_not_submitted(self):
        """CV-2: a generated plan still in draft after the 28th: one to-do, once."""
        plan = self._plan(self.visitor, OCTOBER)
        plan.action_generate()
        self._run("2026-09-27")
        self.assertFalse(self._todos(plan), "before the 28th nothing is late")
        self._run("2026-09-29")
        self._run("2026-09-30")
        self.assertEqual(len(self._todos(plan)), 1)
        self.assertIn(plan.name, self._todos(plan).summary)
        self.assertEqual(self._visitor_plans(), plan, "a person with a plan gets no other")

    def test_cv2_plan_created_empty_and_filled_later(self):
        """CV-2: a plan created empty is flagged (its supervisor found from the person's customers); once its
        lines appear it is not flagged twice while the first to-do is open."""
        plan = self._plan(self.visitor, OCTOBER)
        self._run("2026-09-29")
        todo = self._todos(plan)
        self.assertEqual(len(todo), 1, "the empty plan's supervisor is found from the person's customers")
        self.assertIn(plan.name, todo.summary)
        self.assertTrue(plan.late_notified_empty, "told while the plan was empty")
        self._run("2026-09-30")
        with freeze_time("2026-09-30"):
            plan.with_user(self.visitor).action_generate()
        self._run("2026-10-01")
        self._run("2026-10-02")
        self.assertEqual(self._todos(plan), todo, "the open to-do already says it: no second one")
        self.assertTrue(plan.late_notified)
        self.assertFalse(plan.late_notified_empty, "the plan with its lines counts as told")

    def test_cv2_flagged_empty_plan_told_again_once_its_lines_appear(self):
        """CV-2: the supervisor closed the to-do of the empty plan; its lines appear and it is still not
        submitted: one new to-do, once."""
        plan = self._plan(self.visitor, OCTOBER)
        self._run("2026-09-29")
        self._todos(plan).action_feedback("已提醒业务员")
        self.assertFalse(self._todos(plan), "done to-dos are archived")
        self._run("2026-09-30")
        plan.action_generate()
        self._run("2026-10-01")
        self._run("2026-10-02")
        again = self._todos(plan)
        self.assertEqual(len(again), 1)
        self.assertFalse(plan.late_notified_empty)

    def test_cv2_no_supervisor_found_is_not_marked_told(self):
        """CV-2: a run that finds nobody to tell does not mark the plan; the next run, once the supervisor's
        role is set, tells them."""
        self.env["customer.role.assignment"].search([("role", "=", "branch_sales_manager")]).unlink()
        plan = self._plan(self.visitor, OCTOBER)
        self._run("2026-09-29")
        self.assertFalse(plan.late_notified)
        self.assertFalse(self.env["mail.activity"].search([("res_model", "=", "visit.plan"), ("res_id", "=", plan.id)]))
        self.env["customer.role.assignment"].create(
            {"user_id": self.area_manager.id, "role": "branch_sales_manager", "region_id": self.area.id}
        )
        self._run("2026-09-30")
        self._run("2026-10-01")
        self.assertEqual(len(self._todos(plan, self.area_manager)), 1)

    def test_cv2_person_without_plan(self):
        """CV-2: a salesperson with customers under the rules and no plan for next month by the deadline: an
        empty draft plan is made for them and their supervisor gets one to-do, once."""
        self.assertFalse(self._visitor_plans())
        self._run("2026-09-27")
        self.assertFalse(self._visitor_plans(), "before the deadline nobody is late")
        self._run("2026-09-29")
        plan = self._visitor_plans()
        self.assertEqual((len(plan), plan.state, plan.line_count), (1, "draft", 0))
        self.assertEqual(len(self._todos(plan)), 1)
        self._run("2026-09-30")
        self.assertEqual(self._visitor_plans(), plan, "made once")
        self.assertEqual(len(self._todos(plan)), 1, "told once")
        plan.action_cancel()
        self._run("2026-10-01")
        self.assertEqual(self._visitor_plans(), plan, "a cancelled plan is the manager's decision: none is remade")

    def test_cv2_person_with_customers_outside_the_rules_is_not_flagged(self):
        """CV-2: customers of a tier no frequency rule asks the salesperson to visit put nobody under the rules."""
        rules = self.env["visit.frequency.rule"].search([("role", "=", "salesperson")])
        rules.active = False
        self._run("2026-09-29")
        self.assertFalse(self._visitor_plans())
        rules.active = True
        self._run("2026-09-30")
        self.assertTrue(self._visitor_plans())

    def test_cv2_submitted_plan_and_past_month_not_flagged(self):
        """CV-2: a submitted plan is not late; a plan of a month already over is no longer flagged."""
        plan = self._plan(self.visitor, OCTOBER)
        plan.action_generate()
        with freeze_time("2026-09-20"):
            plan.with_user(self.visitor).action_submit()
        self._run("2026-09-29")
        self.assertFalse(self._todos(plan))
        september = self._plan(self.visitor, date(2026, 9, 1))
        self._run("2026-10-02")
        self.assertFalse(self._todos(september))

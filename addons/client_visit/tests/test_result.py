from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase, freeze_time, tagged

from odoo.addons.customer_comm.tests.common import approve_with_comment

from .common import OCTOBER, ClientVisitCase


@tagged("post_install", "-at_install")
class TestMonthEndResults(ClientVisitCase, TransactionCase):
    """CV-4: at month end the salesperson reports each planned visit done or not done, the manager approves."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.plan = cls._plan(cls.visitor, OCTOBER)
        cls.plan.action_generate()
        cls.plan.with_user(cls.visitor).action_submit()
        approve_with_comment(cls.plan, cls.sales_manager)
        # the first planned visit took place; the others did not
        cls.done_line = cls.plan.line_ids.sorted("planned_date")[0]
        action = cls.done_line.with_user(cls.visitor).action_create_visit()
        cls.env["customer.visit"].browse(action["res_id"]).with_user(cls.visitor).action_done()
        cls.result = cls.env["visit.plan.result"].browse(cls.plan.with_user(cls.visitor).action_open_result()["res_id"])
        cls.not_done = cls.result.line_ids - cls.done_line

    def _give_reasons(self):
        for line in self.not_done:
            line.with_user(self.visitor).result_reason = "客户外出"

    def test_cv4_results_cover_the_plan_and_done_visits_count_themselves(self):
        """CV-4 / CV-8: the results hold every planned visit; the one with a done visit is ★ done by itself."""
        self.assertEqual(self.result.line_ids, self.plan.line_ids)
        self.assertEqual(self.done_line.mark, "done")
        self.assertEqual(self.result.done_count, 1)
        self.assertEqual(self.result.not_done_count, len(self.plan.line_ids) - 1)
        self.assertEqual(
            self.plan.with_user(self.visitor).action_open_result()["res_id"], self.result.id, "one result per plan"
        )

    def test_cv4_not_done_without_reason_refused(self):
        """CV-4: a line not done without a reason is refused with a clear message, nothing changes."""
        self.env["res.lang"]._activate_lang("zh_CN")
        with freeze_time("2026-10-31"), self.assertRaises(UserError) as refusal:
            self.result.with_user(self.visitor).action_submit()
        self.assertIn(self.not_done[0].partner_id.name, str(refusal.exception))
        self.assertEqual(self.result.state, "draft")
        self.assertEqual(set(self.not_done.mapped("mark")), {"planned"})
        with freeze_time("2026-10-31"), self.assertRaises(UserError) as refusal:
            self.result.with_user(self.visitor).with_context(lang="zh_CN").action_submit()
        self.assertIn("未完成", str(refusal.exception), "the refusal is in Chinese for a zh_CN user")

    def test_cv4_results_not_before_month_end(self):
        """CV-4: the results are submitted at the end of the month, not in its middle."""
        self._give_reasons()
        with freeze_time("2026-10-15"), self.assertRaises(UserError):
            self.result.with_user(self.visitor).action_submit()
        self.assertEqual(self.result.state, "draft")

    def test_cv4_submit_and_manager_approves(self):
        """CV-4: with a reason on each line not done the results are submitted: the lines turn ●, the plan's
        supervisor approves, and the results are locked."""
        self._give_reasons()
        with freeze_time("2026-10-31"):
            self.result.with_user(self.visitor).action_submit()
        self.assertEqual(self.result.state, "submitted")
        self.assertEqual(set(self.not_done.mapped("mark")), {"not_done"})
        self.assertEqual(self.done_line.mark, "done")
        self.assertEqual(self.result.review_ids.reviewer_ids, self.sales_manager)
        with self.assertRaises(UserError):
            self.not_done[0].with_user(self.visitor).result_reason = "改一下"
        approve_with_comment(self.result, self.sales_manager)
        self.assertEqual(self.result.state, "approved")
        self.assertEqual(self.plan.result_state, "approved")

    def test_cv4_rejected_results_are_completed_and_resubmitted(self):
        """CV-4: rejected results come back to the salesperson with the reason, who completes and resubmits."""
        self._give_reasons()
        with freeze_time("2026-10-31"):
            self.result.with_user(self.visitor).action_submit()
        approve_with_comment(self.result, self.sales_manager, comment="原因写具体", reject=True)
        self.assertEqual(self.result.state, "rejected")
        self.assertIn("原因写具体", " ".join(self.result.message_ids.mapped("body")))
        self.not_done[0].with_user(self.visitor).result_reason = "客户搬迁,下月补访"
        with freeze_time("2026-11-02"):
            self.result.with_user(self.visitor).action_submit()
        self.assertEqual(self.result.state, "submitted")
        approve_with_comment(self.result, self.sales_manager)
        self.assertEqual(self.result.state, "approved")

    def test_cv4_wrong_users(self):
        """CV-4 / Q-10: the salesperson cannot approve their own results nor write the state; another
        salesperson can neither submit nor approve them."""
        self._give_reasons()
        with freeze_time("2026-10-31"), self.assertRaises(AccessError):
            self.result.with_user(self.other_salesperson).action_submit()
        with self.assertRaises(AccessError):
            self.result.with_user(self.visitor).write({"state": "approved"})
        with freeze_time("2026-10-31"):
            self.result.with_user(self.visitor).action_submit()
        with self.assertRaises(AccessError):
            self.result.with_user(self.visitor).validate_tier()
        with self.assertRaises(AccessError):
            self.result.with_user(self.other_salesperson).validate_tier()
        self.assertEqual(self.result.state, "submitted")

    def test_cv4_results_only_for_an_approved_monthly_plan(self):
        """CV-4: a draft plan has no month-end results yet."""
        draft = self._plan(self.other_salesperson, OCTOBER, region_id=self.region.id)
        with self.assertRaises(UserError):
            draft.with_user(self.other_salesperson).action_open_result()
        self.assertFalse(draft.result_ids)

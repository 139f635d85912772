"""CV-6: the visit compliance analysis equals the ORM's figures of plans, visits and promises, in scope."""

from odoo.tests import TransactionCase, new_test_user, tagged

from ..models.customer_visit import DONE_STATES


@tagged("post_install", "-at_install")
class TestVisitComplianceAnalysis(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Analysis = cls.env["visit.compliance.report"]
        cls.zhejiang = cls.env.ref("customer_comm.customer_region_zhejiang")

    def test_cv6_planned_done_required_equal_the_plan_lines(self):
        """CV-6: visits planned, done and required are the plan lines' counts, by role, region, tier and month,
        on the demo data."""
        Line = self.env["visit.plan.line"]
        groupby = ["role", "region_id", "tier_id", "planned_date:month"]
        measures = ["planned_count:sum", "done_count:sum", "required_count:sum"]
        expected = {tuple(row[:4]): row[4:] for row in Line._read_group([], groupby, measures)}
        self.assertTrue(expected, "the demo has visit plans")
        got = {
            tuple(row[:4]): row[4:]
            for row in self.Analysis._read_group(
                [("source", "=", "plan")], ["role", "region_id", "tier_id", "date:month"], measures
            )
        }
        self.assertEqual(got, expected)
        [[planned, done, required]] = self.Analysis._read_group([], [], measures)
        self.assertEqual((planned, done, required), tuple(map(sum, zip(*expected.values(), strict=True))))

    def test_cv9_cv10_reports_on_time_and_promises_kept(self):
        """CV-9 / CV-10: visits made, reports submitted by their deadline, promises made and kept, as the ORM
        counts them."""
        Visit = self.env["customer.visit"]
        done = Visit.search([("state", "in", DONE_STATES)])
        self.assertTrue(done, "the demo has visits made")
        on_time = done.filtered(lambda v: v.report_date and v.report_date <= v.report_deadline)
        late = done.filtered("report_late")
        Promise = self.env["visit.promise"]
        promises = Promise.search([("state", "!=", "cancel")])
        [[visits, reports_on_time, reports_late, made, kept, kept_on_time]] = self.Analysis._read_group(
            [],
            [],
            [
                "visit_count:sum",
                "report_on_time_count:sum",
                "report_late_count:sum",
                "promise_count:sum",
                "promise_kept_count:sum",
                "promise_kept_on_time_count:sum",
            ],
        )
        self.assertEqual((visits, reports_on_time, reports_late), (len(done), len(on_time), len(late)))
        self.assertEqual(
            (made, kept, kept_on_time),
            (
                len(promises),
                len(promises.filtered(lambda p: p.state == "done")),
                len(promises.filtered("kept_on_time")),
            ),
        )

    def test_x7_a_region_manager_sees_the_region_only(self):
        """CV-6 / X-7: a manager holding a role over 浙江片区 sees that region's compliance only, and all of it."""
        manager = new_test_user(self.env, login="cv_zj_bsm", groups="client_visit.client_visit_group_user")
        self.env["customer.role.assignment"].create(
            {"user_id": manager.id, "role": "branch_sales_manager", "region_id": self.zhejiang.id}
        )
        seen = self.Analysis.with_user(manager)
        self.assertEqual(seen.search([]).region_id, self.zhejiang)
        [[required]] = seen._read_group([], [], ["required_count:sum"])
        [[expected]] = self.env["visit.plan.line"]._read_group(
            [("region_id", "child_of", self.zhejiang.id)], [], ["required_count:sum"]
        )
        self.assertTrue(expected)
        self.assertEqual(required, expected)

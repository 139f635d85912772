"""Tests of the salesperson's assessment (CV-9 / CV-10): the analysis, the month-end results' section, the to-dos."""

from datetime import date

from odoo.tests import TransactionCase, freeze_time, tagged

from odoo.addons.customer_comm.tests.common import approve_with_comment

from .common import ClientVisitCase

JUNE = date(2026, 6, 1)


@tagged("post_install", "-at_install")
class TestAssessment(ClientVisitCase, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.plan = cls._plan(cls.visitor, JUNE)
        cls.plan.action_generate()
        cls.customer_1 = cls.tier_customers[0]

    def _done(self, day, report_on=None):
        visit = self._visit(self.customer_1, self.visitor, day, outcome="客户反馈良好")
        with freeze_time(day):
            visit.with_user(self.visitor).action_done()
        if report_on:
            with freeze_time(report_on):
                visit.with_user(self.visitor).action_submit_report()
        return visit

    def _promise(self, due, kept_on=None):
        promise = self.env["visit.promise"].create(
            {"name": f"承诺 {due}", "partner_id": self.customer_1.id, "user_id": self.visitor.id, "due_date": due}
        )
        if kept_on:
            with freeze_time(kept_on):
                promise.with_user(self.visitor).action_done()
        return promise

    def _june_row(self, user=None):
        Report = self.env["client.visit.assessment.report"].with_user(user or self.visit_manager)
        return Report.search([("user_id", "=", self.visitor.id), ("month", "=", JUNE)])

    def test_cv9_cv10_monthly_assessment_of_a_salesperson(self):
        """CV-9 / CV-10 / CV-6: reports on time, promises kept on time and visits done vs required, per person
        and month; what is not due yet does not count against them."""
        self._done(date(2026, 6, 8), report_on=date(2026, 6, 9))  # due 10 June: on time
        self._done(date(2026, 6, 10), report_on=date(2026, 6, 15))  # due 12 June: late
        self._done(date(2026, 6, 22))  # due 24 June, never written: late
        self._done(date(2026, 6, 29))  # due 1 July: not due yet on 1 July
        self._promise(date(2026, 6, 12), kept_on=date(2026, 6, 11))
        self._promise(date(2026, 6, 15), kept_on=date(2026, 6, 17))
        self._promise(date(2026, 7, 5))  # July's
        required = sum(self.plan.line_ids.mapped("required_count"))
        self.assertEqual(required, 16, "7 + 5 + 2 + 1 + 1 frequency visits in June")
        with freeze_time("2026-07-01"):
            row = self._june_row()
            self.assertEqual(len(row), 1)
            self.assertEqual(
                (row.visits_done, row.visits_required, row.visits_done_rate), (4, 16, 25.0), "4 of 16 visits"
            )
            self.assertEqual((row.reports_due, row.reports_on_time, row.reports_on_time_rate), (3, 1, 33.3))
            self.assertEqual((row.promises_due, row.promises_kept_on_time, row.promises_kept_rate), (2, 1, 50.0))
            # the pivot's aggregates
            [(user, rate, done)] = self.env["client.visit.assessment.report"]._read_group(
                [("user_id", "=", self.visitor.id), ("month", ">=", JUNE), ("month", "<", date(2026, 7, 1))],
                ["user_id"],
                ["reports_on_time_rate:avg", "visits_done:sum"],
            )
            self.assertEqual((user, rate, done), (self.visitor, 33.3, 4))
        with freeze_time("2026-07-02"):
            self.env.invalidate_all()
            self.assertEqual(self._june_row().reports_due, 4, "the last report is due from 2 July")

    def test_cv9_assessment_rows_own_for_salespeople(self):
        """Q-9: a salesperson reads their own assessment only; a visit manager reads everyone's."""
        self._done(date(2026, 6, 8), report_on=date(2026, 6, 9))
        self.assertTrue(self._june_row(self.visitor))
        self.assertFalse(self._june_row(self.other_salesperson))
        self.assertTrue(self._june_row(self.visit_manager))

    def test_cv4_cv9_results_show_the_months_assessment(self):
        """CV-4 / CV-9 / CV-10: the month-end results of the approved plan show the person's assessment."""
        with freeze_time("2026-05-20"):
            self.plan.with_user(self.visitor).action_submit()
        approve_with_comment(self.plan, self.sales_manager)
        self._done(date(2026, 6, 8), report_on=date(2026, 6, 12))  # due 10 June: late
        self._done(date(2026, 6, 9), report_on=date(2026, 6, 10))  # due 11 June: on time
        self._promise(date(2026, 6, 12), kept_on=date(2026, 6, 12))
        with freeze_time("2026-06-30"):
            result = self.env["visit.plan.result"].with_user(self.visitor).create({"plan_id": self.plan.id})
            self.assertEqual((result.visits_done, result.visits_required), (2, 16))
            self.assertEqual((result.reports_due, result.reports_on_time_rate), (2, 50.0))
            self.assertEqual((result.promises_due, result.promises_kept_rate), (1, 100.0))
            result.invalidate_recordset()
            self.assertEqual(result.with_user(self.sales_manager).reports_on_time_rate, 50.0, "the supervisor too")


@tagged("post_install", "-at_install")
class TestAssessmentTodos(ClientVisitCase, TransactionCase):
    def _todos(self, records):
        return self.env["mail.activity"].search(
            [("res_model", "=", records._name), ("res_id", "in", records.ids), ("user_id", "=", self.visitor.id)]
        )

    def test_cv10_promise_reminder_before_it_is_due(self):
        """CV-10: the owner gets one to-do the configured number of days (1 by default) before the due date;
        a new due date gets its own reminder."""
        self.assertEqual(self.company.cv_promise_reminder_days, 1)
        promise = self.env["visit.promise"].create(
            {
                "name": "寄送样品",
                "partner_id": self.tier_customers[0].id,
                "user_id": self.visitor.id,
                "due_date": "2026-06-20",
            }
        )

        def run(day):
            with freeze_time(day):
                self.env["visit.promise"]._cron_remind_promises()

        run("2026-06-18")
        self.assertFalse(self._todos(promise))
        run("2026-06-19")
        run("2026-06-19")
        todo = self._todos(promise)
        self.assertEqual(len(todo), 1, "reminded once")
        self.assertEqual(todo.date_deadline, date(2026, 6, 20))
        self.assertIn("寄送样品", todo.summary)
        promise.with_user(self.visitor).due_date = "2026-06-26"
        self.company.cv_promise_reminder_days = 3
        run("2026-06-22")
        self.assertEqual(len(self._todos(promise)), 1)
        run("2026-06-23")
        self.assertEqual(len(self._todos(promise)), 2, "three days before the new due date")
        promise.with_user(self.visitor).action_done()
        kept = self.env["visit.promise"].create(
            {
                "name": "已兑现",
                "partner_id": self.tier_customers[0].id,
                "user_id": self.visitor.id,
                "due_date": "2026-06-24",
            }
        )
        kept.with_user(self.visitor).action_done()
        run("2026-06-23")
        self.assertFalse(self._todos(kept), "a kept promise needs no reminder")

    def test_cv9_late_report_gives_the_visitor_a_todo(self):
        """CV-9: a done visit whose report passed its deadline (2 working days) gives its visitor one to-do; a
        submitted report none."""
        late = self._visit(self.tier_customers[0], self.visitor, date(2026, 6, 10))
        written = self._visit(self.tier_customers[1], self.visitor, date(2026, 6, 10), outcome="已沟通")
        with freeze_time("2026-06-10"):
            (late | written).with_user(self.visitor).action_done()
            written.with_user(self.visitor).action_submit_report()
        self.assertEqual(late.report_deadline, date(2026, 6, 12))

        def run(day):
            with freeze_time(day):
                self.env["customer.visit"]._cron_flag_late_reports()

        run("2026-06-12")
        self.assertFalse(self._todos(late), "due on the 12th: not late yet")
        run("2026-06-15")
        run("2026-06-16")
        self.assertEqual(len(self._todos(late)), 1)
        self.assertIn("2026", self._todos(late).summary)
        self.assertFalse(self._todos(written))

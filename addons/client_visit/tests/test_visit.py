from datetime import date, datetime

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import TransactionCase, freeze_time, tagged

from odoo.addons.customer_comm.tests.common import approve_with_comment

from .common import ClientVisitCase

VISIT_DAY = date(2026, 9, 30)  # a Wednesday before the National Day holidays (1-7 October)


@tagged("post_install", "-at_install")
class TestVisit(ClientVisitCase, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.partner = cls.tier_customers[0]
        cls.contact = cls.env["res.partner"].create({"name": "钱老板", "parent_id": cls.partner.id})
        cls.visit = cls._visit(
            cls.partner,
            cls.visitor,
            VISIT_DAY,
            purpose="payment",
            visited_person_id=cls.contact.id,
            decision_power="decision_maker",
        )

    def test_cv7_done_visit_logged_once_in_communications(self):
        """CV-7 / CV-8 / CC-21: a done visit is ★ and one communication of channel "visit", never two."""
        self.assertEqual(self.visit.mark, "not_done", "CV-8: a past visit not done shows ●")
        self.visit.outcome = "收回货款 5 万元"
        self.visit.with_user(self.visitor).action_done()
        self.assertEqual(self.visit.mark, "done")
        log = self.visit.communication_id
        self.assertEqual(log.channel_id.code, "visit")
        self.assertEqual(log.partner_id, self.partner)
        self.assertEqual(log.contact_ids, self.contact)
        self.assertEqual(log.summary, "收回货款 5 万元")
        with self.assertRaises(UserError):
            self.visit.with_user(self.visitor).action_done()
        self.visit._cv_log_communication()
        count = self.env["customer.communication"].search_count([("partner_id", "=", self.partner.id)])
        self.assertEqual(count, 1, "a visit is logged once")

    def test_cv7_other_salesperson_cannot_record_the_visit(self):
        """Q-10: only the visitor (or a visit manager) marks a visit done."""
        with self.assertRaises(AccessError):
            self.visit.with_user(self.other_salesperson).action_done()
        with self.assertRaises(AccessError):
            self.visit.with_user(self.visitor).write({"state": "done"})
        self.assertEqual(self.visit.state, "planned")

    def test_cv9_report_deadline_in_working_days_or_calendar_days(self):
        """CV-9 / X-4: the report is due 2 working days after the visit (the National Day holidays skipped);
        a company setting counts calendar days instead."""
        self.assertEqual(self.visit.report_deadline, date(2026, 10, 9))
        self.env.company.cv_report_calendar_days = True
        self.assertEqual(self.visit.report_deadline, date(2026, 10, 2))
        self.env.company.cv_report_days = 3
        self.assertEqual(self.visit.report_deadline, date(2026, 10, 3))

    def test_cv9_report_on_time_reviewed_by_supervisor(self):
        """CV-9 / X-3: a report submitted in time goes to the supervisor, who approves it."""
        self.visit.with_user(self.visitor).action_done()
        self.visit.with_user(self.visitor).write({"outcome": "客户同意增加进货", "report_needs": "需要更多促销支持"})
        with freeze_time("2026-10-09"):
            self.visit.with_user(self.visitor).action_submit_report()
        self.assertFalse(self.visit.report_late)
        self.assertEqual(self.visit.state, "submitted")
        self.assertEqual(self.visit.review_ids.reviewer_ids, self.sales_manager)
        with self.assertRaises(AccessError):
            self.visit.with_user(self.visitor).validate_tier()
        with self.assertRaises(AccessError):
            self.visit.review_ids.with_user(self.visitor).write({"status": "approved"})
        approve_with_comment(self.visit, self.sales_manager)
        self.assertEqual(self.visit.state, "reviewed")

    def test_cv9_late_report_flagged_and_rejected_report_resubmitted(self):
        """CV-9: a report after its deadline is flagged late (filter "Report Late"); a rejected report
        comes back for editing."""
        self.visit.with_user(self.visitor).action_done()
        with freeze_time("2026-10-12"):
            self.assertTrue(self.visit.report_late, "past the deadline, no report yet")
            Visit = self.env["customer.visit"]
            self.assertIn(self.visit, Visit.search([("report_late", "=", True)]))
            self.visit.with_user(self.visitor).write({"outcome": "客户反映竞品降价"})
            self.visit.with_user(self.visitor).action_submit_report()
        self.assertTrue(self.visit.report_late)
        self.assertEqual(self.visit.report_date, date(2026, 10, 12))
        self.assertIn(self.visit, self.env["customer.visit"].search([("report_late", "=", True)]))
        approve_with_comment(self.visit, self.sales_manager, comment="请补充竞品促销政策", reject=True)
        self.assertEqual(self.visit.state, "done")
        self.visit.with_user(self.visitor).report_competitors = "竞品买十送一"
        with freeze_time("2026-10-13"):
            self.visit.with_user(self.visitor).action_submit_report()
        self.assertEqual(self.visit.state, "submitted")

    def test_cv9_report_before_visit_refused(self):
        """CV-9 / Q-8: a report dated before its visit is refused."""
        visit = self._visit(self.partner, self.visitor, date(2026, 10, 20))
        with self.assertRaises(ValidationError):
            visit.sudo().write({"report_date": date(2026, 10, 19)})
        visit.sudo().write({"state": "done", "outcome": "提前"})
        with freeze_time("2026-10-15"), self.assertRaises(ValidationError):
            visit.with_user(self.visitor).action_submit_report()
        self.assertEqual(visit.state, "done")

    def test_cv12_expenses_approved_before_the_visit(self):
        """CV-12 / X-3 / Q-8: expenses and the trip are approved by the supervisor before the visit, through the
        "expense" tier chain; negative amounts refused; the visitor cannot approve them by any path."""
        with self.assertRaises(ValidationError), self.cr.savepoint():
            self.visit.with_user(self.visitor).expense_requested = -100
        self.visit.with_user(self.visitor).write({"expense_requested": 800, "out_of_town": True})
        self.assertEqual(self.visit.expense_status, "to_request")
        with self.assertRaises(UserError):
            self.visit.with_user(self.visitor).action_done()
        with self.assertRaises(AccessError):
            self.visit.with_user(self.other_salesperson).action_request_expense()
        self.visit.with_user(self.visitor).action_request_expense()
        self.assertEqual(self.visit.review_ids.reviewer_ids, self.sales_manager, "800 元: the supervisor alone")
        self.assertEqual(self.visit.expense_status, "pending")
        with self.assertRaises(UserError), self.cr.savepoint():
            self.visit.with_user(self.visitor).expense_requested = 5000
        visit = self.visit.with_user(self.visitor)
        with self.assertRaises(AccessError):
            visit.validate_tier()
        with self.assertRaises(AccessError):
            visit.write({"expense_approved": True})
        with self.assertRaises(AccessError):
            visit.review_ids.with_user(self.visitor).write({"status": "approved"})
        with self.assertRaises(AccessError):
            self.visit.with_user(self.other_salesperson).validate_tier()
        self.assertFalse(self.visit.expense_approved)
        approve_with_comment(self.visit, self.sales_manager)
        self.assertTrue(self.visit.expense_approved)
        self.assertEqual(self.visit.expense_status, "approved")
        self.assertEqual(self.visit.state, "planned", "approving the expenses does not do the visit")
        with self.assertRaises(UserError), self.cr.savepoint():
            self.visit.with_user(self.visitor).expense_requested = 900
        self.visit.with_user(self.visitor).action_done()
        self.visit.with_user(self.visitor).expense_actual = 650
        with self.assertRaises(ValidationError), self.cr.savepoint():
            self.visit.with_user(self.visitor).expense_actual = -1
        # CV-9: the report then goes through its own chain, to the supervisor
        self.visit.with_user(self.visitor).write({"outcome": "收回货款"})
        with freeze_time("2026-10-09"):
            self.visit.with_user(self.visitor).action_submit_report()
        self.assertEqual(self.visit.state, "submitted")
        self.assertEqual(self.visit.review_ids.definition_id, self.env.ref("client_visit.tier_definition_visit_report"))

    def test_cv12_expenses_above_the_limit_go_to_the_branch_gm(self):
        """CV-12 / X-3: above the company's limit the branch general manager approves after the supervisor; a
        rejection keeps the visit planned with the reason in the chatter, and the edited request is asked again
        (just below the limit: the supervisor alone)."""
        self.env["customer.role.assignment"].create(
            {"user_id": self.area_manager.id, "role": "branch_gm", "region_id": self.area.id}
        )
        self.env.company.cv_expense_gm_limit = 2000
        self.visit.with_user(self.visitor).expense_requested = 2000.01
        self.assertEqual(self.visit.expense_approval_level, "branch_gm")
        self.visit.with_user(self.visitor).action_request_expense()
        reviews = self.visit.review_ids.sorted("sequence")
        self.assertEqual(reviews.reviewer_ids, self.sales_manager | self.area_manager)
        self.assertEqual(reviews[0].reviewer_ids, self.sales_manager, "the supervisor first")
        with self.assertRaises(AccessError):
            self.visit.with_user(self.area_manager).validate_tier()
        approve_with_comment(self.visit, self.sales_manager)
        self.assertFalse(self.visit.expense_approved, "the branch GM has not approved yet")
        approve_with_comment(self.visit, self.area_manager, comment="差旅费超标", reject=True)
        self.assertEqual(self.visit.expense_status, "rejected")
        self.assertEqual(self.visit.state, "planned")
        self.assertIn("差旅费超标", " ".join(self.visit.message_ids.mapped("body")))
        self.visit.with_user(self.visitor).expense_requested = 2000
        self.assertEqual(self.visit.expense_approval_level, "branch_sales_manager")
        self.visit.with_user(self.visitor).action_request_expense()
        self.assertEqual(self.visit.review_ids.reviewer_ids, self.sales_manager)
        approve_with_comment(self.visit, self.sales_manager)
        self.assertTrue(self.visit.expense_approved)

    def test_cv12_refusals_in_chinese(self):
        """CV-12 / Q-5: the refusals of the expense approval reach a zh_CN visitor in Chinese."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["client_visit"], ["zh_CN"], overwrite=True)
        visit = self.visit.with_user(self.visitor).with_context(lang="zh_CN")
        with self.assertRaises(UserError) as refusal:
            visit.action_request_expense()
        self.assertIn("没有", str(refusal.exception), "no expenses to approve")
        visit.expense_requested = 300
        with self.assertRaises(UserError) as refusal:
            visit.action_done()
        self.assertIn("费用", str(refusal.exception))
        visit.action_request_expense()
        with self.assertRaises(AccessError) as refusal:
            visit.validate_tier()
        self.assertIn("费用", str(refusal.exception))

    def test_cv7_future_visit_cannot_be_done_today(self):
        """CV-7 / CV-8 / Q-8: a visit dated two days ahead is not done today (refused in Chinese, nothing
        changes); on its day it is."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["client_visit"], ["zh_CN"], overwrite=True)
        visit = self._visit(self.partner, self.visitor, date(2026, 10, 14))
        with freeze_time("2026-10-12"):
            with self.assertRaises(UserError) as refusal:
                visit.with_user(self.visitor).with_context(lang="zh_CN").action_done()
            self.assertIn("计划于", str(refusal.exception))
            self.assertEqual(visit.state, "planned")
            self.assertFalse(visit.communication_id)
        with freeze_time("2026-10-14"):
            visit.with_user(self.visitor).action_done()
        self.assertEqual(visit.state, "done")

    def test_cv10_promise_followed_to_completion(self):
        """CV-10: a promise has an owner and a due date; the owner keeps it; kept on time is recorded."""
        promise = (
            self.env["visit.promise"]
            .with_user(self.visitor)
            .create(
                {"name": "下周送样", "visit_id": self.visit.id, "partner_id": self.partner.id, "due_date": "2026-10-15"}
            )
        )
        self.assertEqual(self.partner.cv_promise_count, 1)
        with self.assertRaises(AccessError):
            promise.write({"state": "done"})
        with self.assertRaises(AccessError):
            promise.with_user(self.other_salesperson).action_done()
        with freeze_time("2026-10-14"):
            promise.action_done()
        self.assertEqual(promise.state, "done")
        self.assertTrue(promise.kept_on_time)
        self.partner.invalidate_recordset(["cv_promise_count"])
        self.assertEqual(self.partner.cv_promise_count, 0)

    def test_cv11_next_appointment_in_the_calendar(self):
        """CV-11: the next appointment is booked from the visit, with the customer and the salesperson."""
        start = datetime(2027, 1, 12, 2, 0)
        self.visit.with_user(self.visitor).next_visit_start = start
        self.visit.with_user(self.visitor).action_book_next()
        event = self.visit.next_event_id
        self.assertEqual(event.start, start)
        self.assertEqual(event.partner_ids, self.partner | self.visitor.partner_id)
        self.visit.with_user(self.visitor).action_book_next()
        self.assertEqual(self.env["calendar.event"].search_count([("res_id", "=", self.visit.id)]), 1)
        self.assertEqual(self.partner.cv_next_event_id, event, "the partner's smart button shows it")
        self.assertEqual(self.partner.cv_visit_count, 1)

    def test_q6_visit_report_prints(self):
        """Q-6 / CV-9: the visit report prints with its content, the promises and the late flag."""
        self.visit.write({"outcome": "客户同意增加进货"})
        self.env["visit.promise"].create(
            {"name": "月底送货", "visit_id": self.visit.id, "partner_id": self.partner.id, "due_date": "2026-10-30"}
        )
        html, _format = self.env["ir.actions.report"]._render_qweb_html(
            "client_visit.customer_visit_report_document", self.visit.ids
        )
        html = html.decode()
        self.assertIn("客户同意增加进货", html)
        self.assertIn("月底送货", html)
        self.assertIn(self.partner.name, html)

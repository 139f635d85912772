from datetime import date

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import TransactionCase, freeze_time, tagged

from .common import ComplaintCase


@tagged("post_install", "-at_install")
class TestComplaintPenaltyReview(ComplaintCase, TransactionCase):
    def _closed_on(self, day):
        with freeze_time(day):
            complaint = self._complaint().with_user(self.service)
            complaint.action_accept()
            complaint.write({"responsible_unit": "not_established", "handling_type": "none", "reply": "<p>答复</p>"})
            complaint.action_submit_report()
            complaint.action_send_reply()
            complaint.action_close()
        return complaint

    def test_cm15_monthly_review_prepared_once_due_the_10th_approved_by_the_gm(self):
        """CM-15: on 1 Mar the February review lists February's closed complaints, due 10 Mar, for the GM;
        a second run prepares nothing; only the GM approves."""
        february = self._closed_on("2026-02-10 09:00:00")
        march = self._closed_on("2026-03-02 09:00:00")
        Review = self.env["complaint.penalty.review"]
        with freeze_time("2026-03-01 06:00:00"):
            Review._cron_prepare_reviews()
            Review._cron_prepare_reviews()
        review = Review.search([("company_id", "=", self.company.id), ("month", "=", "2026-02-01")])
        self.assertEqual(len(review), 1)
        self.assertEqual(review.deadline, date(2026, 3, 10))
        self.assertIn(february, review.line_ids.complaint_id)
        self.assertNotIn(march, review.line_ids.complaint_id)
        self.assertEqual(review.activity_ids.user_id, self.general_manager)
        line = review.line_ids.filtered(lambda penalty: penalty.complaint_id == february)
        with self.assertRaises(ValidationError):
            line.write({"sanction": "bonus_deduction", "amount": -100})
        line.with_user(self.service).write({"sanction": "bonus_deduction", "amount": 200})
        with self.assertRaises(AccessError):
            review.with_user(self.salesperson).action_submit()
        review.with_user(self.service).action_submit()
        with self.assertRaises(AccessError):
            review.with_user(self.service_manager).validate_tier()
        with self.assertRaises(AccessError):
            review.with_user(self.service_manager).write({"state": "approved"})
        self.assertEqual(review.state, "draft")
        review.with_user(self.general_manager).validate_tier()
        self.assertEqual(review.state, "approved")
        self.assertEqual(review.total_amount, 200)

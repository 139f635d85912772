from odoo.tests import TransactionCase, freeze_time, tagged

from .common import ComplaintCase


@tagged("post_install", "-at_install")
class TestComplaintCronCompanies(ComplaintCase, TransactionCase):
    """X-6 / CM-5 / CM-14 / CM-15: the scheduled jobs run company by company; company A's run reads and
    writes nothing of company B, for the same customer complaining to both."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b = cls.env["res.company"].create({"name": "华南建材有限公司"})
        (cls.env.user | cls.service).company_ids |= cls.company_b
        cls.company_b.write({"cm_deadline_calendar_days": False, "cm_escalation_days": 2})
        cls.env["customer.role.assignment"].create(
            [
                {"user_id": cls.service_manager.id, "role": "customer_service_manager", "company_id": cls.company_b.id},
                {"user_id": cls.general_manager.id, "role": "gm", "company_id": cls.company_b.id},
            ]
        )

    def test_cm5_escalation_run_of_a_company_leaves_the_other_alone(self):
        """CM-5 / X-6: company A's escalation run escalates A's overdue complaint, not B's."""
        mine, theirs = self._accepted(company=self.company), self._accepted(company=self.company_b)
        Escalation = self.env["customer.complaint.escalation"]
        with freeze_time("2026-03-06 10:00:00"):
            self.Complaint._escalate_overdue(self.company)
            self.assertEqual(Escalation.search([("complaint_id", "in", (mine | theirs).ids)]).complaint_id, mine)
            self.assertEqual(theirs.escalation_level, 0)
            self.Complaint._cron_escalate_overdue()
        self.assertEqual(theirs.escalation_level, 1, "its own company's run escalates it")
        self.assertEqual(mine.escalation_level, 1, "and nothing more happens to company A's")

    def test_cm14_followup_run_of_a_company_leaves_the_other_alone(self):
        """CM-14 / X-6: company A's run plans the call of A's closed complaint only."""
        mine, theirs = self._closed(company=self.company), self._closed(company=self.company_b)
        with freeze_time("2026-03-05 08:00:00"):
            self.Complaint._schedule_followups(self.company)
            self.assertEqual((len(mine.followup_ids), len(theirs.followup_ids)), (1, 0))
            self.assertEqual(mine.followup_ids.company_id, self.company)
            self.Complaint._cron_schedule_followups()
        self.assertEqual((len(mine.followup_ids), len(theirs.followup_ids)), (1, 1))
        self.assertEqual(theirs.followup_ids.company_id, self.company_b)

    def test_cm15_penalty_review_of_a_company_lists_its_own_complaints(self):
        """CM-15 / X-6: company A's monthly review lists A's complaints; B gets its own review."""
        mine, theirs = (
            self._closed(day="2026-02-10 09:00:00", company=self.company),
            self._closed(day="2026-02-10 09:00:00", company=self.company_b),
        )
        Review = self.env["complaint.penalty.review"]
        with freeze_time("2026-03-01 06:00:00"):
            Review._prepare_review(self.company)
            review_a = Review.search([("month", "=", "2026-02-01"), ("company_id", "in", self.company.ids)])
            self.assertEqual(review_a.line_ids.complaint_id & (mine | theirs), mine)
            self.assertFalse(Review.search([("month", "=", "2026-02-01"), ("company_id", "=", self.company_b.id)]))
            Review._cron_prepare_reviews()
        review_b = Review.search([("month", "=", "2026-02-01"), ("company_id", "=", self.company_b.id)])
        self.assertEqual(review_b.line_ids.complaint_id, theirs)
        self.assertEqual(len(review_a.line_ids.complaint_id & (mine | theirs)), 1)

from odoo.tests import TransactionCase, freeze_time, tagged

from .common import ComplaintCase


@tagged("post_install", "-at_install")
class TestComplaintEscalation(ComplaintCase, TransactionCase):
    def _escalations(self, complaints):
        return self.env["customer.complaint.escalation"].search([("complaint_id", "in", complaints.ids)])

    def test_cm5_overdue_escalated_one_role_up_then_further_and_idempotent(self):
        """CM-5 / X-6: overdue → the customer service manager, two working days later → the sales VP; a second
        run the same day creates nothing."""
        complaint = self._accepted(1)  # Mon 2 Mar: report due Thu 5 Mar, closure due Tue 10 Mar
        overdue_type = self.env.ref("complaint_mgmt.mail_activity_type_complaint_overdue")
        Complaint = self.env["customer.complaint"]
        with freeze_time("2026-03-05 10:00:00"):
            Complaint._cron_escalate_overdue()
            self.assertFalse(self._escalations(complaint), "due today is not overdue")
        with freeze_time("2026-03-06 10:00:00"):
            Complaint._cron_escalate_overdue()
            Complaint._cron_escalate_overdue()
        escalation = self._escalations(complaint)
        self.assertEqual(escalation.user_id, self.service_manager)
        self.assertEqual(complaint.escalation_level, 1)
        activities = complaint.activity_ids.filtered(lambda a: a.activity_type_id == overdue_type)
        self.assertEqual(activities.user_id, self.service_manager)
        with freeze_time("2026-03-09 10:00:00"):  # Mon: only one working day after Thu's due date
            Complaint._cron_escalate_overdue()
        self.assertEqual(len(self._escalations(complaint)), 1)
        with freeze_time("2026-03-10 10:00:00"):
            Complaint._cron_escalate_overdue()
            Complaint._cron_escalate_overdue()
        self.assertEqual(self._escalations(complaint).mapped("user_id"), self.vice_president | self.service_manager)
        self.assertEqual(complaint.escalation_level, 2)
        activities = complaint.activity_ids.filtered(lambda a: a.activity_type_id == overdue_type)
        self.assertEqual(activities.user_id, self.service_manager | self.vice_president)

    def test_cm5_closed_complaints_are_not_escalated(self):
        """CM-5: a complaint closed on time is never escalated."""
        complaint = self._accepted(1).with_user(self.service)
        complaint.write({"responsible_unit": "not_established", "handling_type": "none"})
        complaint.action_submit_report()
        complaint.write({"reply": "<p>不成立</p>"})
        complaint.action_send_reply()
        complaint.action_close()
        with freeze_time("2026-04-01 10:00:00"):
            self.env["customer.complaint"]._cron_escalate_overdue()
        self.assertFalse(self._escalations(complaint))

    def test_q15_escalation_queries_do_not_grow_with_complaints(self):
        """Q-15 / CM-5: the escalation job runs in the same number of queries for 10 and 100 complaints."""
        reference = None
        for size in (1, 10, 100):  # the first run fills the registry caches (xml ids, models)
            company = self.env["res.company"].create({"name": f"投诉规模{size}"})
            self.env.user.company_ids |= company
            self.service.company_ids |= company
            self.env["customer.role.assignment"].create(
                {"user_id": self.general_manager.id, "role": "gm", "company_id": company.id}
            )
            customer = self.env["res.partner"].create({"name": f"客户{size}", "company_id": company.id})
            complaints = self._accepted(size, partner=customer, company=company)
            self.assertEqual(complaints.company_id, company)
            Complaint = self.env["customer.complaint"]
            with freeze_time("2026-03-20 10:00:00"):
                self.env.invalidate_all()
                if size < 100:  # 1 fills the registry caches, 10 sets the count that 100 may not exceed
                    before = self.env.cr.sql_log_count
                    Complaint._escalate_overdue(company)
                    self.env.flush_all()
                    reference = self.env.cr.sql_log_count - before
                else:
                    with self.assertQueryCount(reference):
                        Complaint._escalate_overdue(company)
                escalations = self._escalations(complaints)
                self.assertEqual(len(escalations), size)
                self.assertEqual(escalations.user_id, self.general_manager, "overdue long enough to reach the GM")

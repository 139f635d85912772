from ast import literal_eval

from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase, freeze_time, new_test_user, tagged

from .common import ComplaintCase


@tagged("post_install", "-at_install")
class TestComplaintFollowup(ComplaintCase, TransactionCase):
    def test_cm14_follow_up_call_three_days_after_closure_once(self):
        """CM-14: closed Mon 2 Mar → the call is planned on Thu 5 Mar for the handler, with the four dimensions
        of seed 003 第十七条; a second run plans nothing."""
        complaint = self._closed(1)
        Complaint = self.env["customer.complaint"]
        with freeze_time("2026-03-04 08:00:00"):
            Complaint._cron_schedule_followups()
        self.assertFalse(complaint.followup_ids, "too early")
        with freeze_time("2026-03-05 08:00:00"):
            Complaint._cron_schedule_followups()
            Complaint._cron_schedule_followups()
        call = complaint.followup_ids
        self.assertEqual(len(call), 1)
        self.assertEqual(call.occasion, "complaint")
        self.assertEqual(call.user_id, self.service)
        self.assertTrue(call.is_call)
        self.assertEqual(
            call.line_ids.dimension_id.mapped("code"),
            ["ATT", "TEC", "ARR", "PRO"],
            "attitude, skill, arrival, promises",
        )
        self.assertEqual(str(call.call_deadline), "2026-03-11", "7 working days after the closure")
        activity_type = self.env.ref("customer_comm.mail_activity_type_revisit_call")
        self.assertEqual(call.activity_ids.activity_type_id, activity_type)
        self.assertEqual(call.activity_ids.user_id, self.service)

    def test_cm14_rating_on_four_levels_feeds_the_complaint(self):
        """CM-14: the customer rates each dimension on the four levels; the complaint shows the result."""
        complaint = self._closed(1)
        with freeze_time("2026-03-06 08:00:00"):
            self.env["customer.complaint"]._cron_schedule_followups()
        call = complaint.followup_ids.with_user(self.service)
        very = self.env.ref("customer_comm.customer_satisfaction_level_very_satisfied")
        poor = self.env.ref("customer_comm.customer_satisfaction_level_poor")
        lines = call.line_ids.sorted("sequence")
        lines[:2].write({"level_id": very.id})
        lines[2:].write({"level_id": poor.id})
        call.action_done()
        self.assertEqual(call.state, "done")
        self.assertAlmostEqual(complaint.followup_score, (very.score + poor.score) / 2, places=2)

    def test_cm14_unreachable_twice_second_call_in_the_afternoon_then_listed(self):
        """CM-14: closed Mon 2 Mar, called Thu 5 Mar morning: unreachable → a second call Fri 6 Mar in the
        afternoon, planned for the handler; unreachable again → the follow-up is closed as unreachable, listed
        in Unreachable Follow-ups, and never planned again."""
        self.company.cc_revisit_call_attempts = 2
        complaint = self._closed(1)
        with freeze_time("2026-03-05 01:00:00"):
            self.Complaint._cron_schedule_followups()
        call = complaint.followup_ids
        self.assertEqual((complaint.followup_state, call.call_slot), ("planned", "morning"))
        # not the service centre, or not the handler of the call: refused, nothing recorded
        other_agent = new_test_user(
            self.env, login="cm_service_2", groups="complaint_mgmt.complaint_mgmt_group_service"
        )
        for user in (self.salesperson, other_agent):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                complaint.with_user(user).action_followup_unreachable()
        self.assertEqual(call.call_attempt, 1)

        with freeze_time("2026-03-05 02:00:00"):
            complaint.with_user(self.service).action_followup_unreachable()
        self.assertEqual(
            (call.state, call.call_attempt, call.call_slot, str(call.date)), ("planned", 2, "afternoon", "2026-03-06")
        )
        activity = call.activity_ids
        self.assertEqual((activity.user_id, str(activity.date_deadline)), (self.service, "2026-03-06"))
        self.assertIn(complaint.name, activity.summary)
        self.assertIn("Afternoon", activity.summary)
        self.assertNotIn("delivery", str(activity.note), "the call is about the complaint")
        self.assertEqual(complaint.followup_state, "planned")

        with freeze_time("2026-03-06 07:00:00"):
            complaint.with_user(self.service).action_followup_unreachable()
        self.assertEqual((call.state, complaint.followup_state), ("unreachable", "unreachable"))
        self.assertFalse(call.activity_ids)
        action = self.env.ref("complaint_mgmt.customer_complaint_action_followup_unreachable")
        self.assertIn(complaint, self.Complaint.search(literal_eval(action.domain)))
        with freeze_time("2026-03-09 02:00:00"):
            self.Complaint._cron_schedule_followups()
        self.assertEqual(complaint.followup_ids, call, "no third call")
        with self.assertRaisesRegex(UserError, "no follow-up call to make"):
            complaint.with_user(self.service).action_followup_unreachable()

    def test_q15_follow_up_queries_do_not_grow_with_complaints(self):
        """Q-15 / CM-14: planning the calls for 100 complaints costs no more queries than for 10, but for the
        extra 100-row INSERT batches of the rating lines."""
        reference = None
        for size in (1, 10, 100):  # the first run fills the registry caches
            company = self.env["res.company"].create({"name": f"回访规模{size}"})
            self.env.user.company_ids |= company
            self.service.company_ids |= company
            customer = self.env["res.partner"].create({"name": f"回访客户{size}", "company_id": company.id})
            complaints = self._closed(size, partner=customer, company=company)
            with freeze_time("2026-03-20 10:00:00"):
                self.env.invalidate_all()
                if size < 100:  # 1 fills the registry caches, 10 sets the count for 100
                    before = self.env.cr.sql_log_count
                    self.env["customer.complaint"]._schedule_followups(company)
                    self.env.flush_all()
                    reference = self.env.cr.sql_log_count - before
                else:
                    # no query per complaint: only Odoo's INSERT batches of 100 rows grow (400 rating lines =
                    # 4 INSERTs instead of 1 for 40)
                    with self.assertQueryCount(reference + 3):
                        self.env["customer.complaint"]._schedule_followups(company)
            self.assertEqual(len(complaints.followup_ids), size)

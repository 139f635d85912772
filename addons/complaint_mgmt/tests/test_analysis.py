from odoo.exceptions import AccessError, ValidationError
from odoo.tests import TransactionCase, freeze_time, new_test_user, tagged

from .common import MANAGER, ComplaintCase


@tagged("post_install", "-at_install")
class TestComplaintAnalysis(ComplaintCase, TransactionCase):
    """CM-16 on the dates of the CM-5 deadline tests: accepted Fri 13 Feb 2026, report due Wed 25 Feb,
    closure due Sat 28 Feb (make-up working day), 15–23 Feb being the Spring Festival holiday."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"]._load_module_terms(["complaint_mgmt", "customer_comm"], ["zh_CN"], overwrite=True)
        cls.company.partner_id.lang = "zh_CN"
        cls.service.tz = "Asia/Shanghai"
        # A: received Thu 12 Feb, accepted 13 Feb, reported 25 Feb, closed Fri 27 Feb (on time)
        cls.on_time = cls._walk("2026-02-12 02:00:00", "2026-02-13 01:00:00", "2026-02-25 02:00:00", "2026-02-27")
        # B: same customer, received and accepted 13 Feb, reported 26 Feb, closed Mon 2 Mar (late)
        cls.late = cls._walk("2026-02-13 03:00:00", "2026-02-13 04:00:00", "2026-02-26 02:00:00", "2026-03-02")
        # C: another customer, a transport complaint received 20 Feb, not handled yet
        with freeze_time("2026-02-20 02:00:00"):
            cls.other = cls._complaint(
                partner_id=cls.other_customer.id, complaint_type="non_quality", cause_id=cls.transport_cause.id
            )
        # D: the first customer again, 1 Jun: more than 90 days after A and B
        with freeze_time("2026-06-01 02:00:00"):
            cls.much_later = cls._complaint()

    @classmethod
    def _walk(cls, received, accepted, reported, closed):
        with freeze_time(received):
            complaint = cls._complaint()
        complaint = complaint.with_user(cls.service)
        with freeze_time(accepted):
            complaint.action_accept()
        with freeze_time(reported):
            complaint.write({"responsible_unit": "not_established", "handling_type": "none", "reply": "<p>已答复</p>"})
            complaint.action_submit_report()
        with freeze_time(f"{closed} 03:00:00"):
            complaint.action_send_reply()
            complaint.action_close()
        return complaint

    def test_cm16_handling_times_in_working_days_and_closed_on_time(self):
        """CM-16: A took 1 working day to acknowledge, 3 to investigate (14 Feb make-up, 24, 25) and 5 to close,
        by its 28 Feb deadline; B took 0, 4 and 7 working days and missed it."""
        times = ("ack_days", "report_days", "close_days", "closed_on_time", "on_time_rate")
        self.assertEqual([self.on_time[name] for name in times], [1, 3, 5, True, 100])
        self.assertEqual([self.late[name] for name in times], [0, 4, 7, False, 0])
        self.assertEqual([self.other[name] for name in times], [0, 0, 0, False, 0], "not handled yet")
        # the analysis groups and averages these stored measures like the pivot does
        groups = self.Complaint._read_group(
            [("id", "in", (self.on_time | self.late).ids)],
            ["date_closed:month"],
            ["close_days:avg", "on_time_rate:avg", "__count"],
        )
        self.assertEqual([(count, close, rate) for _month, close, rate, count in groups], [(1, 5, 100), (1, 7, 0)])

    def test_cm16_repeat_complaint_within_the_company_window(self):
        """CM-16: B follows A for the same customer within 90 days: a repeat; A, C (another customer) and D
        (108 days after B) are not. With a 120-day window D becomes a repeat."""
        complaints = self.on_time | self.late | self.other | self.much_later
        self.assertEqual(complaints.mapped("is_repeat"), [False, True, False, False])
        self.assertEqual(self.Complaint.search([("id", "in", complaints.ids), ("is_repeat", "=", True)]), self.late)
        self.company.cm_repeat_days = 120
        self.assertTrue(self.much_later.is_repeat)
        with self.assertRaisesRegex(ValidationError, "greater than zero"):
            self.company.cm_repeat_days = 0

    def test_cm16_repeat_flag_follows_earlier_complaints_on_every_path(self):
        """CM-16: the later complaints of a customer recompute their repeat flag when an earlier one is
        registered late, re-dated, moved to another customer, cancelled or deleted."""
        service = self.Complaint.with_user(self.service)
        late_registered = self._complaint(date_received="2026-05-01 02:00:00")
        self.assertTrue(late_registered.is_repeat, "A and B were 11 weeks before")
        self.assertTrue(self.much_later.is_repeat, "created: D (1 Jun) now follows a complaint of 1 May")
        late_registered.with_user(self.service).date_received = "2026-01-01 02:00:00"
        self.assertFalse(late_registered.is_repeat, "re-dated: the first complaint of the customer")
        self.assertTrue(self.on_time.is_repeat, "re-dated: A (12 Feb) now follows the complaint of 1 Jan")
        self.assertFalse(self.much_later.is_repeat, "re-dated: D has no complaint in the 90 days before it")
        late_registered.with_user(self.service).partner_id = self.other_customer
        self.assertFalse(self.on_time.is_repeat, "moved to another customer: A is the first again")
        self.assertTrue(self.other.is_repeat, "moved: C (20 Feb) follows it for the other customer")
        manager = new_test_user(self.env, login="cm_analysis_manager", groups=MANAGER, name="冯投诉经理")
        late_registered.with_user(manager).unlink()
        self.assertFalse(self.other.is_repeat, "deleted: C is the first again")
        mistaken = self._complaint(date_received="2026-05-20 02:00:00")
        self.assertTrue(self.much_later.is_repeat)
        mistaken.with_user(self.service).action_cancel()
        self.assertFalse(mistaken.is_repeat, "a cancelled complaint is no repeat")
        self.assertFalse(self.much_later.is_repeat, "cancelled: it makes no repeat either")
        self.assertEqual(
            service.search(
                [("id", "in", (self.on_time | self.late | self.other | self.much_later).ids), ("is_repeat", "=", True)]
            ),
            self.late,
            "the stored flags filter the register",
        )

    def test_cm16_repeat_flags_follow_a_contact_moved_to_another_customer(self):
        """CM-16: a contact's complaint of 20 Jan makes A (12 Feb) a repeat of its company; once the contact
        works for the other customer, A is the first again and C (20 Feb) follows it instead."""
        contact = self.env["res.partner"].create({"name": "李采购", "parent_id": self.customer.id})
        by_contact = self._complaint(partner_id=contact.id, date_received="2026-01-20 02:00:00")
        self.assertTrue(self.on_time.is_repeat)
        self.assertFalse(self.other.is_repeat)
        contact.parent_id = self.other_customer
        self.assertEqual(by_contact.commercial_partner_id, self.other_customer)
        self.assertFalse(self.on_time.is_repeat, "A is the first complaint of its customer again")
        self.assertTrue(self.other.is_repeat, "C follows the moved contact's complaint")
        self.assertFalse(by_contact.is_repeat)
        self.assertEqual(
            self.Complaint.search([("id", "in", (self.on_time | self.other).ids), ("is_repeat", "=", True)]),
            self.other,
            "the stored flags were rewritten, not only the cache",
        )

    def test_cm16_averages_count_the_steps_reached_only(self):
        """CM-16: a step not reached is left out of the averages of the pivot and the monthly report, a step
        reached in 0 working days is counted: A took 1 day to acknowledge and B 0, C and D are not
        acknowledged yet, so the average is 0.5 (not 0.25); only A and B are closed (5 and 7 days: 6, not 3)."""
        complaints = self.on_time | self.late | self.other | self.much_later
        self.assertEqual(complaints.mapped("ack_reached"), [True, True, False, False])
        self.assertEqual(complaints.mapped("ack_days"), [1, 0, 0, 0])
        [[count, ack, report, close, on_time, rating]] = self.Complaint.with_user(self.service)._read_group(
            [("id", "in", complaints.ids)],
            [],
            ["__count", "ack_days:avg", "report_days:avg", "close_days:avg", "on_time_rate:avg", "followup_score:avg"],
        )
        self.assertEqual((count, ack, report, close, on_time), (4, 0.5, 3.5, 6, 50))
        self.assertFalse(rating, "nobody rated yet: no average, not 0")
        # the pivot reads the same way: its formatted groups per customer
        groups = self.Complaint.with_user(self.service).formatted_read_group(
            [("id", "in", complaints.ids)], ["commercial_partner_id"], ["ack_days:avg", "close_days:avg"]
        )
        by_customer = {group["commercial_partner_id"][0]: group for group in groups}
        self.assertEqual(by_customer[self.customer.id]["ack_days:avg"], 0.5)
        self.assertEqual(by_customer[self.customer.id]["close_days:avg"], 6)
        self.assertFalse(by_customer[self.other_customer.id]["ack_days:avg"], "C is not acknowledged: no average")
        # the monthly report of February: A (1 day) and B (0 days) acknowledged, C received but not yet
        february = (
            self.env["customer.complaint.monthly.wizard"].with_user(self.service).create({"year": 2026, "month": "2"})
        )
        feb = (
            self.env["report.complaint_mgmt.report_complaint_monthly"].with_user(self.service)._month_figures(february)
        )
        self.assertEqual((feb["received"], feb["ack_days"]), (3, 0.5))

    def test_cm16_analysis_model_equals_the_complaints(self):
        """CM-16: the complaint analysis (customer.complaint.report) counts and averages as the complaints'
        own measures do, by customer: received, closed, closed on time, the times of the steps reached and
        the ratings; on the demo data too."""
        complaints = self.on_time | self.late | self.other | self.much_later
        Analysis = self.env["customer.complaint.report"].with_user(self.service)
        measures = ["ack_days:avg", "report_days:avg", "close_days:avg", "on_time_rate:avg", "followup_score:avg"]
        expected = self.Complaint.with_user(self.service)._read_group(
            [("id", "in", complaints.ids)], ["commercial_partner_id"], ["__count", *measures]
        )
        got = Analysis._read_group(
            [("complaint_id", "in", complaints.ids)], ["partner_id"], ["received_count:sum", *measures]
        )
        self.assertEqual(got, expected)
        [[closed, on_time]] = Analysis._read_group(
            [("complaint_id", "in", complaints.ids)], [], ["closed_count:sum", "closed_on_time_count:sum"]
        )
        self.assertEqual((closed, on_time), (2, 1), "A and B closed, A on time")
        # the demo data: every complaint not cancelled, the new ones (first rounds) received
        demo = self.Complaint.search([("state", "!=", "cancel")])
        [[count, received]] = self.env["customer.complaint.report"]._read_group(
            [], [], ["__count", "received_count:sum"]
        )
        self.assertEqual((count, received), (len(demo), len(demo.filtered(lambda c: not c.previous_round_id))))

    def test_cm16_analysis_scope_of_a_region_manager(self):
        """CM-16 / X-7: a manager holding a role over the customer's region sees its complaints, not those of
        customers outside it; the service centre sees every complaint."""
        region = self.env["customer.region"].create({"name": "苏南片区", "level": "region"})
        self.customer.cc_region_id = region
        manager = new_test_user(self.env, login="cm_region_mgr", groups="complaint_mgmt.complaint_mgmt_group_user")
        self.env["customer.role.assignment"].create(
            {"user_id": manager.id, "role": "branch_sales_manager", "region_id": region.id}
        )
        self.env["customer.complaint"].flush_model()
        seen = self.env["customer.complaint.report"].with_user(manager).search([]).complaint_id
        self.assertEqual(seen, (self.on_time | self.late | self.much_later), "the customer's complaints only")
        self.assertIn(self.other, self.env["customer.complaint.report"].with_user(self.service).search([]).complaint_id)

    def test_cm16_group_by_fields_exist(self):
        """CM-16: the analysis groups by cause, product, customer, region, responsible unit and month."""
        for groupby in (
            "cause_id",
            "product_id",
            "commercial_partner_id",
            "region_id",
            "responsible_unit",
            "date_received:month",
            "date_closed:month",
        ):
            with self.subTest(groupby=groupby):
                self.assertTrue(self.Complaint._read_group([("id", "=", self.on_time.id)], [groupby], ["__count"]))
        pivot = self.env.ref("complaint_mgmt.customer_complaint_view_pivot").arch
        for measure in ("ack_days", "report_days", "close_days", "on_time_rate", "followup_score"):
            self.assertIn(f'name="{measure}" type="measure"', pivot)

    def test_cm16_monthly_report_in_chinese_with_the_figures(self):
        """CM-16: the monthly report of February 2026: 3 complaints received (one repeat) by cause, unit and
        region, A and B acknowledged in 0.5 working days on average; A closed on time in 3 / 5 working days.
        March: B closed late, A's follow-up rated 100."""
        with freeze_time("2026-03-06 02:00:00"):
            self.Complaint._cron_schedule_followups()
            call = self.on_time.followup_ids.with_user(self.service)
            very = self.env.ref("customer_comm.customer_satisfaction_level_very_satisfied")
            call.line_ids.write({"level_id": very.id})
            call.action_done()
        self.assertEqual((self.on_time.followup_state, self.on_time.followup_score), ("done", 100))
        Wizard = self.env["customer.complaint.monthly.wizard"].with_user(self.service)
        february = Wizard.create({"year": 2026, "month": "2"})
        march = Wizard.create({"year": 2026, "month": "3"})
        Report = self.env["report.complaint_mgmt.report_complaint_monthly"].with_user(self.service)
        feb = Report._month_figures(february)
        self.assertEqual((feb["received"], feb["repeats"], feb["closed"]), (3, 1, 1))
        self.assertEqual((feb["on_time"], feb["ack_days"], feb["report_days"], feb["close_days"]), (100, 0.5, 3, 5))
        self.assertEqual((feb["by_cause"][0], len(feb["by_cause"])), (("产品质量缺陷", 2), 2))
        self.assertEqual(dict(feb["by_unit"]).get("投诉不成立"), 2)
        self.assertEqual(dict(feb["by_region"]).get(self.customer.cc_region_id.name), 2)
        mar = Report._month_figures(march)
        self.assertEqual((mar["received"], mar["closed"], mar["on_time"], mar["close_days"]), (0, 1, 0, 7))
        self.assertEqual((mar["rated"], mar["rating"]), (1, 100))
        self.assertEqual(len(mar["ratings"]), 4, "attitude, skill, arrival, promises")

        report = self.env["ir.actions.report"].with_user(self.service)
        html = report._render_qweb_html("complaint_mgmt.action_report_complaint_monthly", february.ids)[0].decode()
        for text in ("投诉月报", "收到投诉", "重复投诉", "按时结案", "产品质量缺陷", "投诉不成立", "100.0"):
            self.assertIn(text, html)
        for english in ("Complaints received", "Repeat complaints", "By Cause", "Not Established"):
            self.assertNotIn(english, html)
        pdf, kind = report.with_context(force_report_rendering=True)._render_qweb_pdf(
            "complaint_mgmt.action_report_complaint_monthly", february.ids
        )
        self.assertEqual((kind, pdf[:4]), ("pdf", b"%PDF"))

    def test_cm16_monthly_report_for_the_service_centre_only(self):
        """CM-16 / Q-10: a salesperson cannot print the monthly report; a bad year is refused."""
        with self.assertRaises(AccessError):
            self.env["customer.complaint.monthly.wizard"].with_user(self.salesperson).create(
                {"year": 2026, "month": "2"}
            )
        with self.assertRaisesRegex(ValidationError, "between 2000 and 2999"):
            self.env["customer.complaint.monthly.wizard"].with_user(self.service).create({"year": 26, "month": "2"})

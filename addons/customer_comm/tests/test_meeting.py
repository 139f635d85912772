from datetime import date, datetime

from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import TransactionCase, freeze_time, new_test_user, tagged
from odoo.tools import mute_logger
from odoo.tools.safe_eval import safe_eval

from .common import MANAGER, USER, CustomerCommCase, approve_with_comment


class MeetingCase(CustomerCommCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.gm = new_test_user(cls.env, login="cc_meet_gm", groups=MANAGER, name="吴总经理")
        cls.quality = new_test_user(cls.env, login="cc_meet_qoc", groups=USER, name="品质运营中心")
        cls.management = new_test_user(cls.env, login="cc_meet_mgt", groups=USER, name="分管副总")
        cls.chair = cls.sales_manager
        cls.env["customer.role.assignment"].create({"user_id": cls.gm.id, "role": "gm"})
        cls.company.write(
            {
                "cc_meeting_notice_days": 10,
                "cc_meeting_quality_user_ids": [(6, 0, cls.quality.ids)],
                "cc_meeting_management_user_ids": [(6, 0, cls.management.ids)],
            }
        )
        cls.other_customer = cls.env["res.partner"].create(
            {"name": "苏州装饰工程公司", "is_company": True, "user_id": cls.other_salesperson.id}
        )
        cls.department = cls.env.ref("customer_comm.customer_department_marketing")

    def _meeting(self, meeting_date, **values):
        return (
            self.env["customer.meeting"]
            .with_user(self.chair)
            .create(
                {
                    "name": "华东区客户座谈会",
                    "department_id": self.department.id,
                    "region_id": self.region.id,
                    "chair_id": self.chair.id,
                    "partner_ids": [(6, 0, self.customer.ids)],
                    "meeting_date": meeting_date,
                    "agenda_focus": "<p>新品推广</p>",
                    **values,
                }
            )
        )

    def _held_meeting(self):
        with freeze_time("2026-03-02"):
            meeting = self._meeting(datetime(2026, 3, 16, 2, 0))
            meeting.action_announce()
        with freeze_time("2026-03-16 08:00"):
            meeting.action_hold()
        return meeting


@tagged("post_install", "-at_install")
class TestForumMeeting(MeetingCase, TransactionCase):
    @freeze_time("2026-03-02")
    def test_cc24_announce_less_than_10_days_ahead_refused(self):
        """CC-24 / Q-8: "须提前10天发布公告": 9 days ahead is refused and nothing changes."""
        meeting = self._meeting(datetime(2026, 3, 11, 2, 0))
        messages = len(meeting.message_ids)
        with self.assertRaisesRegex(ValidationError, "at least 10 days"):
            meeting.action_announce()
        self.assertEqual(meeting.state, "draft")
        self.assertFalse(meeting.announcement_date)
        self.assertEqual(len(meeting.message_ids), messages, "no invitation went out")

    @freeze_time("2026-03-02")
    def test_cc24_announce_10_days_ahead_invites_the_customers(self):
        """CC-24: announced 10 days ahead, the invited customers receive the invitation with the agenda."""
        meeting = self._meeting(datetime(2026, 3, 12, 2, 0))
        meeting.action_announce()
        self.assertEqual(meeting.state, "announced")
        self.assertEqual(meeting.announcement_date, date(2026, 3, 2))
        invitation = meeting.message_ids[0]
        self.assertEqual(invitation.partner_ids, self.customer)
        self.assertIn("新品推广", invitation.body)
        with self.assertRaises(UserError):
            meeting.action_announce()  # a second announcement

    @freeze_time("2026-03-02")
    def test_cc24_notice_days_are_company_data(self):
        """X-2 / CC-24: the notice period is a company setting; zero or negative is refused."""
        self.company.cc_meeting_notice_days = 5
        meeting = self._meeting(datetime(2026, 3, 8, 2, 0))
        meeting.action_announce()
        self.assertEqual(meeting.state, "announced")
        for bad in (0, -10):
            with self.assertRaises(ValidationError):
                self.company.cc_meeting_notice_days = bad

    @freeze_time("2026-03-02")
    def test_cc24_announce_without_customers_refused(self):
        """CC-24 / Q-8: a meeting without invited customers is not announced."""
        meeting = self._meeting(datetime(2026, 3, 20, 2, 0), partner_ids=[(5, 0, 0)])
        with self.assertRaises(UserError):
            meeting.action_announce()
        self.assertEqual(meeting.state, "draft")

    @freeze_time("2026-03-02")
    def test_cc24_only_chair_or_manager_moves_the_meeting(self):
        """Q-10: the salesperson of an invited customer sees the meeting but cannot announce it."""
        meeting = self._meeting(datetime(2026, 3, 20, 2, 0))
        self.assertTrue(meeting.with_user(self.salesperson).has_access("read"))
        with self.assertRaises(AccessError):
            meeting.with_user(self.salesperson).action_announce()
        self.assertEqual(meeting.state, "draft")
        meeting.with_user(self.director).action_announce()  # a manager may
        self.assertEqual(meeting.state, "announced")

    @freeze_time("2026-03-02")
    def test_cc24_hold_not_before_the_date(self):
        """CC-24: a meeting cannot be marked held before it took place."""
        meeting = self._meeting(datetime(2026, 3, 20, 2, 0))
        meeting.action_announce()
        with self.assertRaises(UserError):
            meeting.action_hold()
        self.assertEqual(meeting.state, "announced")

    def test_cc24_close_requires_minutes(self):
        """CC-24 / Q-8: "座谈会须形成会议纪要": closing without minutes is refused."""
        meeting = self._held_meeting()
        meeting.minutes = "<p><br></p>"
        with self.assertRaisesRegex(UserError, "minutes"):
            meeting.action_close()
        self.assertEqual(meeting.state, "held")

    def test_cc24_minutes_sent_to_quality_centre_management_and_gm(self):
        """CC-24: "抄送给品质运营中心、分管管理层、总经理": the minutes reach exactly those people."""
        meeting = self._held_meeting()
        meeting.minutes = "<p>客户希望缩短交货周期</p>"
        meeting.action_close()
        self.assertEqual(meeting.state, "closed")
        self.assertTrue(meeting.minutes_sent_date)
        sent = meeting.message_ids[0]
        self.assertIn("缩短交货周期", sent.body)
        self.assertEqual(sent.partner_ids, (self.quality | self.management | self.gm).partner_id)
        self.assertNotIn(self.customer, sent.partner_ids, "the minutes are internal")
        # the recipients can open the meeting the minutes link to, but not change it
        for user in (self.quality, self.management, self.gm):
            self.assertTrue(meeting.with_user(user).has_access("read"), user.name)
        self.assertFalse(meeting.with_user(self.quality).has_access("write"))
        self.assertFalse(meeting.with_user(self.other_salesperson).has_access("read"))

    def test_cc24_minutes_recipients_must_be_configured(self):
        """CC-24: without a general manager the minutes cannot be sent, and the meeting stays held."""
        meeting = self._held_meeting()
        meeting.minutes = "<p>纪要</p>"
        self.env["customer.role.assignment"].search([("role", "=", "gm")]).unlink()
        with self.assertRaisesRegex(UserError, "general manager"):
            meeting.action_close()
        self.assertEqual(meeting.state, "held")

    def test_cc24_wrong_user_cannot_close(self):
        """Q-10: only the chair or a manager closes the meeting."""
        meeting = self._held_meeting()
        meeting.minutes = "<p>纪要</p>"
        with self.assertRaises(AccessError):
            meeting.with_user(self.salesperson).action_close()
        self.assertEqual(meeting.state, "held")

    def test_q9_meeting_hidden_from_other_salespeople(self):
        """Q-9: a salesperson without an invited customer does not see the meeting."""
        meeting = self._meeting(datetime(2026, 3, 20, 2, 0))
        self.assertFalse(meeting.with_user(self.other_salesperson).has_access("read"))
        self.assertTrue(meeting.with_user(self.director).has_access("read"))


@tagged("post_install", "-at_install")
class TestMeetingImprovementAction(MeetingCase, TransactionCase):
    def _action(self, meeting):
        return (
            self.env["customer.meeting.action"]
            .with_user(self.chair)
            .create(
                {
                    "meeting_id": meeting.id,
                    "partner_id": self.customer.id,
                    "suggestion": "送货前一天电话确认到货时间",
                    "action": "客服在发车前一天电话通知客户",
                    "user_id": self.salesperson.id,
                    "date_deadline": date(2026, 4, 30),
                }
            )
        )

    def test_cc24_action_approved_level_by_level_then_published(self):
        """CC-24 / X-3: "逐级报分管管理层审批后向全体客户公布": manager, then director, then published."""
        meeting = self._held_meeting()
        action = self._action(meeting)
        self.assertEqual(action.sales_manager_id, self.sales_manager)
        self.assertEqual(action.marketing_director_id, self.director)
        with self.assertRaises(UserError):
            action.action_publish()  # not approved yet
        action.request_validation()
        self.assertEqual(len(action.review_ids), 2)
        with self.assertRaises(AccessError):
            action.with_user(self.director).validate_tier()  # the second level waits for the first
        action.with_user(self.sales_manager).validate_tier()
        self.assertEqual(action.state, "draft")
        action.with_user(self.director).validate_tier()
        self.assertEqual(action.state, "approved")
        self.assertTrue(
            action.activity_ids.filtered(lambda a: a.user_id == self.salesperson),
            "the responsible person is asked to carry the action out",
        )
        with self.assertRaises(AccessError):
            action.with_user(self.salesperson).action_publish()  # not the chair
        action.action_publish()
        self.assertEqual(action.state, "published")
        notice = meeting.message_ids[0]
        self.assertEqual(notice.partner_ids, meeting.partner_ids)
        self.assertIn("电话通知客户", notice.body)

    def test_x3_action_approved_with_comments_is_approved(self):
        """X-3 / CC-24: approving each level through the comment wizard has the same effect as the button."""
        action = self._action(self._held_meeting())
        action.request_validation()
        with self.assertRaises(AccessError):
            approve_with_comment(action, self.director)  # the second level still waits for the first
        approve_with_comment(action, self.sales_manager, "同意，请尽快落实")
        self.assertEqual(action.state, "draft")
        approve_with_comment(action, self.director, "同意")
        self.assertEqual(action.validation_status, "validated")
        self.assertEqual(action.state, "approved")
        self.assertEqual(sorted(action.review_ids.mapped("comment")), sorted(["同意，请尽快落实", "同意"]))
        self.assertTrue(action.activity_ids.filtered(lambda a: a.user_id == self.salesperson))

    def test_cc24_rejected_action_is_not_published(self):
        """CC-24: a rejected action stays a draft and cannot be published."""
        action = self._action(self._held_meeting())
        action.request_validation()
        action.with_user(self.sales_manager).reject_tier()
        self.assertEqual(action.validation_status, "rejected")
        with self.assertRaises(UserError):
            action.action_publish()
        self.assertEqual(action.state, "draft")

    def test_cc24_action_only_after_the_meeting(self):
        """CC-24 / Q-8: improvement actions come from a meeting that was held, not before its date."""
        with freeze_time("2026-03-02"):
            meeting = self._meeting(datetime(2026, 3, 16, 2, 0))
            with self.assertRaises(UserError):
                self._action(meeting)
        held = self._held_meeting()
        with self.assertRaises(ValidationError):
            self._action(held).date_deadline = date(2026, 3, 1)


@tagged("post_install", "-at_install")
class TestMeetingPostponement(MeetingCase, TransactionCase):
    def test_cc24_postponement_needs_the_gm(self):
        """CC-24 / X-3: "延期举行,但须经总经理同意": only the GM's approval moves the date."""
        self.chair.tz = "Asia/Shanghai"
        with freeze_time("2026-03-02"):
            meeting = self._meeting(datetime(2026, 3, 16, 2, 0))
            meeting.action_announce()
            with self.assertRaisesRegex(UserError, "postponement"):
                meeting.meeting_date = datetime(2026, 3, 23, 2, 0)  # no path around the approval
            postponement = (
                self.env["customer.meeting.postponement"]
                .with_user(self.chair)
                .create({"meeting_id": meeting.id, "new_date": datetime(2026, 3, 23, 2, 0), "reason": "台风预警"})
            )
            self.assertEqual(postponement.announced_date, datetime(2026, 3, 16, 2, 0))
            self.assertEqual(postponement.gm_id, self.gm)
            postponement.invalidate_recordset(["display_name"])
            self.assertIn(
                "10:00", postponement.with_user(self.chair).display_name, "the new date in the reader's time zone"
            )
            postponement.with_user(self.chair).request_validation()
            for wrong_user in (self.chair, self.director):
                with self.assertRaises(AccessError):
                    postponement.with_user(wrong_user).validate_tier()
            self.assertEqual(meeting.meeting_date, datetime(2026, 3, 16, 2, 0))
            self.assertEqual(postponement.state, "draft")
            postponement.with_user(self.gm).validate_tier()
        self.assertEqual(postponement.state, "approved")
        self.assertEqual(meeting.meeting_date, datetime(2026, 3, 23, 2, 0))
        self.assertEqual(meeting.message_ids[0].partner_ids, self.customer, "the customers are told the new date")

    def test_x3_postponement_approved_with_a_comment_moves_the_meeting(self):
        """X-3 / CC-24: the GM approving with a comment moves the meeting as the button does."""
        with freeze_time("2026-03-02"):
            meeting = self._meeting(datetime(2026, 3, 16, 2, 0))
            meeting.action_announce()
            postponement = self.env["customer.meeting.postponement"].create(
                {"meeting_id": meeting.id, "new_date": datetime(2026, 3, 23, 2, 0), "reason": "台风预警"}
            )
            postponement.request_validation()
            with self.assertRaises(AccessError):
                approve_with_comment(postponement, self.chair)
            approve_with_comment(postponement, self.gm, "同意延期")
        self.assertEqual(postponement.state, "approved")
        self.assertEqual(meeting.meeting_date, datetime(2026, 3, 23, 2, 0))

    def test_cc24_rejected_postponement_keeps_the_date(self):
        """CC-24: a postponement the GM rejects changes nothing."""
        with freeze_time("2026-03-02"):
            meeting = self._meeting(datetime(2026, 3, 16, 2, 0))
            meeting.action_announce()
            postponement = self.env["customer.meeting.postponement"].create(
                {"meeting_id": meeting.id, "new_date": datetime(2026, 3, 30, 2, 0), "reason": "场地冲突"}
            )
            postponement.request_validation()
            postponement.with_user(self.gm).reject_tier()
        self.assertEqual(postponement.validation_status, "rejected")
        self.assertEqual(meeting.meeting_date, datetime(2026, 3, 16, 2, 0))

    def test_cc24_postponement_bad_input(self):
        """Q-8: a postponement to an earlier date, or of a draft meeting, is refused."""
        with freeze_time("2026-03-02"):
            meeting = self._meeting(datetime(2026, 3, 16, 2, 0))
            Postponement = self.env["customer.meeting.postponement"]
            with self.assertRaises(UserError):
                Postponement.create({"meeting_id": meeting.id, "new_date": datetime(2026, 3, 20), "reason": "x"})
            meeting.meeting_date = datetime(2026, 3, 18, 2, 0)  # a draft is edited directly
            meeting.action_announce()
            with self.assertRaises(ValidationError):
                Postponement.create({"meeting_id": meeting.id, "new_date": datetime(2026, 3, 17), "reason": "x"})
            with self.assertRaises(AccessError):
                Postponement.with_user(self.salesperson).create(
                    {"meeting_id": meeting.id, "new_date": datetime(2026, 3, 25), "reason": "x"}
                )
        self.assertEqual(meeting.meeting_date, datetime(2026, 3, 18, 2, 0))


@tagged("post_install", "-at_install")
class TestMeetingAttendance(MeetingCase, TransactionCase):
    def test_cc24_attendance_reported_per_year_manager_and_department(self):
        """CC-24: "分管管理层每年每个部门至少参加一次客户座谈会": the report counts held meetings by year,
        manager and department; a meeting that did not take place does not count."""
        service = self.env.ref("customer_comm.customer_department_customer_service")
        Meeting = self.env["customer.meeting"]
        held = Meeting.create(
            [
                {
                    "name": name,
                    "department_id": department.id,
                    "chair_id": self.chair.id,
                    "meeting_date": when,
                    "state": "closed",
                    "attendance_ids": [(0, 0, {"user_id": user.id}) for user in users],
                }
                for name, department, when, users in [
                    ("2025 市场部", self.department, datetime(2025, 11, 5, 2), self.management | self.gm),
                    ("2026 市场部", self.department, datetime(2026, 5, 5, 2), self.management),
                    ("2026 客服部", service, datetime(2026, 9, 5, 2), self.gm),
                ]
            ]
        )
        Meeting.create(
            {
                "name": "2026 取消",
                "department_id": service.id,
                "chair_id": self.chair.id,
                "meeting_date": datetime(2026, 10, 5, 2),
                "state": "cancel",
                "attendance_ids": [(0, 0, {"user_id": self.management.id})],
            }
        )
        self.assertEqual(held[1].attendance_ids.department_id, self.department, "defaults to the meeting's")
        report = self.env.ref("customer_comm.customer_meeting_attendance_action")
        Attendance = self.env["customer.meeting.attendance"].with_user(self.director)
        rows = Attendance._read_group(
            safe_eval(report.domain) + [("user_id", "in", (self.management | self.gm).ids)],
            ["meeting_date:year", "user_id", "department_id"],
            ["__count"],
        )
        counts = {(year.year, user, dept): count for year, user, dept, count in rows}
        self.assertEqual(
            counts,
            {
                (2025, self.management, self.department): 1,
                (2025, self.gm, self.department): 1,
                (2026, self.management, self.department): 1,
                (2026, self.gm, service): 1,
            },
            "in 2026 the management in charge has not attended a customer service meeting yet",
        )
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"), self.env.cr.savepoint():
            held[0].attendance_ids = [(0, 0, {"user_id": self.gm.id})]  # once per meeting
            self.env.flush_all()

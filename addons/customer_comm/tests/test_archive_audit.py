from datetime import date

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import TransactionCase, freeze_time, new_test_user, tagged

from .common import CustomerCommCase

INFO_ADMIN = "customer_comm.customer_comm_group_info_admin"


@tagged("post_install", "-at_install")
class TestArchiveAudit(CustomerCommCase, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # stored labels and names are in the company's language; the test database may have zh_CN
        cls.company.partner_id.lang = "en_US"
        cls.customer._compute_cc_archive_completeness()
        cls.info_admin = new_test_user(cls.env, login="cc_info_admin", groups=INFO_ADMIN, name="周信息", lang="en_US")
        cls.env["customer.role.assignment"].create({"user_id": cls.info_admin.id, "role": "info_admin"})
        # the audited population is the fixtures' customers only: demo customers leave archive management
        cls.env["res.partner"].search(
            [("is_company", "=", True), ("cc_tier_id", "!=", False), ("id", "!=", cls.customer.id)]
        ).write({"cc_tier_id": False})
        cls.other_customer = cls.env["res.partner"].create(
            {
                "name": "杭州五金商行",
                "is_company": True,
                "user_id": cls.other_salesperson.id,
                "cc_region_id": cls.region.id,
                "cc_tier_id": cls.env.ref("customer_comm.customer_tier_level_3").id,
            }
        )
        cls.Audit = cls.env["customer.archive.audit"]
        cls.review_type = cls.env.ref("customer_comm.mail_activity_type_archive_review")

    def _complete_archive(self, partner):
        partner.write(
            {
                "cc_channel_type": "dealer",
                "city": "上海",
                "phone": "021-62345678",
                "cc_business_focus": "工程渠道",
                "cc_operating_overview": "年销售额三千万",
            }
        )

    def _audit(self, quarter_start=date(2026, 4, 1)):
        audit = self.Audit.with_user(self.info_admin).create({"quarter_start": quarter_start})
        audit.action_generate_lines()
        return audit

    def _audit_activities(self, partners, audit):
        return partners.activity_ids.filtered(
            lambda a: a.activity_type_id == self.review_type and audit.name in (a.summary or "")
        )

    def test_cc7_completeness_of_channel_and_consumer_archives(self):
        """CC-7 / CC-6: channel customers need six items, consumers three; the missing ones are named."""
        self.assertEqual(self.customer.cc_archive_completeness, 16.67)
        self.assertEqual(
            self.customer.cc_archive_missing, "Channel Role、Address、Phone、Current Business Focus、Operating Overview"
        )
        self.customer.write({"cc_channel_type": "dealer", "city": "上海", "cc_business_focus": "工程渠道"})
        self.assertEqual(self.customer.cc_archive_completeness, 66.67)
        self.assertEqual(self.customer.cc_archive_missing, "Phone、Operating Overview")
        self.customer.write({"cc_mobile": "13800138000", "cc_operating_overview": "年销售额三千万"})
        self.assertEqual(self.customer.cc_archive_completeness, 100.0)
        self.assertFalse(self.customer.cc_archive_missing)

        consumer = self.env["res.partner"].create(
            {"name": "王女士", "cc_channel_type": "consumer", "cc_preferences": "喜欢简约风格"}
        )
        self.assertEqual(consumer.cc_archive_completeness, 33.33)
        self.assertEqual(consumer.cc_archive_missing, "Birthday、Address")
        consumer.write({"street": "南京路1号", "cc_birthday": date(1985, 6, 1)})
        self.assertEqual(consumer.cc_archive_completeness, 100.0)
        incomplete = self.env["res.partner"].search(
            [("id", "in", (self.customer | consumer | self.other_customer).ids), ("cc_archive_completeness", "<", 100)]
        )
        self.assertEqual(incomplete, self.other_customer, "the 'Archive Incomplete' filter finds the third one only")

    def test_cc7_generation_snapshots_tiered_companies_once(self):
        """CC-7: one line per company under archive management; a new run replaces the lines, never adds."""
        self.env["res.partner"].create({"name": "无等级公司", "is_company": True})
        self.env["res.partner"].create(
            {"name": "有等级个人", "cc_tier_id": self.env.ref("customer_comm.customer_tier_level_1").id}
        )
        self._complete_archive(self.other_customer)
        audit = self._audit()
        self.assertEqual(audit.name, "2026 Q2")
        self.assertEqual(audit.quarter_end, date(2026, 6, 30))
        self.assertEqual(audit.line_ids.partner_id, self.customer | self.other_customer)
        line = audit.line_ids.filtered(lambda rec: rec.partner_id == self.customer)
        self.assertRecordValues(
            line,
            [
                {
                    "user_id": self.salesperson.id,
                    "region_id": self.district.id,
                    "tier_id": self.env.ref("customer_comm.customer_tier_level_2").id,
                    "completeness": 16.67,
                    "missing": "Channel Role、Address、Phone、Current Business Focus、Operating Overview",
                    "reviewed_in_quarter": False,
                    "deadline": audit.fix_deadline,
                }
            ],
        )
        self.assertIn("Channel Role、Address、Phone", line.suggestion)
        self.assertIn("2026 Q2", line.suggestion)

        self._complete_archive(self.customer)
        self.assertEqual(line.completeness, 16.67, "the line keeps the picture of its generation")
        audit.action_generate_lines()
        self.assertFalse(line.exists())
        self.assertEqual(len(audit.line_ids), 2)
        self.assertEqual(audit.line_ids.mapped("completeness"), [100.0, 100.0])

    def test_cc7_figures_of_the_quarter(self):
        """CC-7: customers checked, complete archives, average completeness and share reviewed are exact."""
        self._complete_archive(self.customer)
        self.customer.cc_last_review_date = date(2026, 5, 20)
        self.other_customer.write(
            {"cc_channel_type": "retailer", "city": "杭州", "cc_last_review_date": date(2026, 3, 31)}
        )
        third = self.customer.copy({"name": "苏州建材", "user_id": self.salesperson.id})
        third.write({"cc_last_review_date": date(2026, 6, 30)})
        self.assertEqual((third.cc_archive_completeness, self.other_customer.cc_archive_completeness), (100.0, 50.0))
        audit = self._audit()
        self.assertRecordValues(
            audit,
            [{"customer_count": 3, "complete_count": 2, "completeness_avg": 83.33, "reviewed_pct": 66.67}],
        )
        reviewed = audit.line_ids.filtered("reviewed_in_quarter").partner_id
        self.assertEqual(reviewed, self.customer | third, "31 March is the previous quarter, 30 June this one")

    def test_cc7_issue_schedules_one_activity_per_archive_to_improve(self):
        """CC-7: issuing opens one review activity per incomplete or unreviewed archive, for its salesperson."""
        self._complete_archive(self.other_customer)
        self.other_customer.cc_last_review_date = date(2026, 5, 2)
        unreviewed = self.other_customer.copy(
            {"name": "宁波建材", "user_id": self.other_salesperson.id, "cc_last_review_date": False}
        )
        audit = self._audit()
        line = audit.line_ids.filtered(lambda rec: rec.partner_id == self.customer)
        line.write({"deadline": date(2099, 1, 15), "suggestion": "补充经营概况和联系电话"})
        audit.action_issue()

        self.assertEqual(audit.state, "issued")
        partners = self.customer | self.other_customer | unreviewed
        activities = self._audit_activities(partners, audit)
        self.assertEqual(len(activities), 2)
        activities = activities.sorted(lambda a: a.res_id != self.customer.id)
        self.assertRecordValues(
            activities,
            [
                {"res_id": self.customer.id, "user_id": self.salesperson.id, "date_deadline": date(2099, 1, 15)},
                {"res_id": unreviewed.id, "user_id": self.other_salesperson.id, "date_deadline": audit.fix_deadline},
            ],
        )
        self.assertIn("补充经营概况和联系电话", str(activities[0].note))
        self.assertFalse(self._audit_activities(self.other_customer, audit), "complete and reviewed: nothing to do")

        with self.assertRaisesRegex(UserError, "already issued"):
            audit.action_issue()
        self.assertEqual(len(self._audit_activities(partners, audit)), 2)
        with self.assertRaises(UserError):
            audit.action_generate_lines()
        audit.action_done()
        self.assertEqual(audit.state, "done")
        with self.assertRaises(UserError):
            audit.action_done()

    def test_cc7_issue_refused_with_a_past_deadline(self):
        """CC-7: suggestions need a clear deadline that has not passed yet."""
        audit = self._audit()
        audit.fix_deadline = date(2020, 1, 1)
        with self.assertRaisesRegex(UserError, "deadline in the past"):
            audit.action_issue()
        self.assertEqual(audit.state, "draft")

    def test_cc7_only_the_information_administrator_prepares_audits(self):
        """CC-7 / X-7: a salesperson reads audits but can neither create, generate nor issue them."""
        audit = self._audit()
        as_sales = audit.with_user(self.salesperson)
        self.assertEqual(as_sales.customer_count, 2)
        with self.assertRaises(AccessError):
            as_sales.action_generate_lines()
        with self.assertRaises(AccessError):
            as_sales.action_issue()
        with self.assertRaises(AccessError):
            self.Audit.with_user(self.salesperson).create({"quarter_start": date(2026, 7, 1)})
        with self.assertRaises(AccessError):
            as_sales.line_ids.write({"done": True})
        self.assertEqual(audit.state, "draft")
        self.assertEqual(len(audit.line_ids), 2)

    def test_cc7_salesperson_sees_only_own_customers_lines(self):
        """CC-7 / X-7: the lines of an audit are visible to the customer's salesperson and the administrator."""
        audit = self._audit()
        Line = self.env["customer.archive.audit.line"]
        own = Line.with_user(self.salesperson).search([("audit_id", "=", audit.id)])
        self.assertEqual(own.partner_id, self.customer)
        self.env.invalidate_all()
        lines = audit.with_user(self.other_salesperson).web_read({"line_ids": {"fields": {"partner_id": {}}}})
        self.assertEqual(
            [line["partner_id"] for line in lines[0]["line_ids"]],
            self.other_customer.ids,
            "the audit form shows the salesperson their own customers only",
        )
        self.assertEqual(len(Line.with_user(self.info_admin).search([("audit_id", "=", audit.id)])), 2)
        self.assertEqual(len(Line.with_user(self.director).search([("audit_id", "=", audit.id)])), 2)

    def test_cc7_quarterly_job_creates_the_previous_quarter_once(self):
        """CC-7: the job creates and fills the previous quarter's audit once per company; a new run adds nothing."""
        audit = self.Audit._generate_quarterly_audit(self.company, date(2026, 7, 15))
        self.assertRecordValues(
            audit,
            [
                {
                    "name": "2026 Q2",
                    "quarter_start": date(2026, 4, 1),
                    "state": "draft",
                    "user_id": self.info_admin.id,
                    "fix_deadline": date(2026, 7, 29),
                    "customer_count": 2,
                }
            ],
        )
        todo = audit.activity_ids
        self.assertEqual((len(todo), todo.user_id), (1, self.info_admin))
        self.assertFalse(self.Audit._generate_quarterly_audit(self.company, date(2026, 9, 30)))
        with freeze_time("2026-08-03"):
            self.Audit._cron_generate_quarterly_audit()
        self.assertEqual(
            self.Audit.search_count([("company_id", "=", self.company.id), ("quarter_start", "=", date(2026, 4, 1))]),
            1,
        )
        with freeze_time("2026-07-20"):
            audit.action_issue()
        self.assertFalse(audit.activity_ids, "issuing the audit closes the administrator's to-do")

    def test_cc7_suggestion_deadline_counts_working_days(self):
        """CC-7 / X-4: the default deadline skips the National Day holidays and counts the make-up Saturday."""
        with freeze_time("2026-09-30"):
            audit = self.Audit.with_user(self.info_admin).create({"quarter_start": date(2026, 7, 1)})
            self.assertEqual(audit.fix_deadline, date(2026, 10, 20))
            self.company.cc_archive_fix_days = 3
            other = self.Audit.with_user(self.info_admin).create({"quarter_start": date(2026, 4, 1)})
            self.assertEqual(other.fix_deadline, date(2026, 10, 10))
        with self.assertRaisesRegex(ValidationError, "1 April"):
            self.Audit.create({"quarter_start": date(2026, 5, 1)})

    def test_cc7_suggestion_due_days_validated(self):
        """CC-7 / X-2: the working days for the suggestions default to 10 and must be positive."""
        new_company = self.env["res.company"].create({"name": "华南分公司"})
        self.assertEqual(new_company.cc_archive_fix_days, 10)
        for invalid in (0, -3):
            with self.assertRaisesRegex(ValidationError, "greater than zero"):
                self.company.cc_archive_fix_days = invalid
            self.company.invalidate_recordset(flush=False)
        self.assertEqual(self.company.cc_archive_fix_days, 10)

from ast import literal_eval
from datetime import date

from dateutil.relativedelta import relativedelta
from psycopg2 import IntegrityError

from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger

from .common import CustomerCommCase


@tagged("post_install", "-at_install")
class TestClassification(CustomerCommCase, TransactionCase):
    def test_cc1_both_tier_sets_shipped_and_ordered(self):
        """CC-1: five levels and key/ordinary/potential ship as data, level 1 first."""
        tiers = self.env["customer.tier"].search([])
        levels = tiers.filtered(lambda t: t.tier_set == "level")
        self.assertEqual(levels.mapped("level"), [1, 2, 3, 4, 5])
        self.assertEqual(tiers.filtered(lambda t: t.tier_set == "named").mapped("code"), ["KEY", "ORD", "POT"])

    def test_cc1_tier_change_is_tracked(self):
        """CC-1: a tier change leaves its old and new value in the chatter."""
        self.env.cr.precommit.run()  # close the creation's tracking first
        self.customer.cc_tier_id = self.env.ref("customer_comm.customer_tier_level_1")
        self.env.flush_all()
        self.env.cr.precommit.run()  # tracking values are written at commit time
        tracked = self.customer.message_ids.tracking_value_ids.filtered(lambda v: v.field_id.name == "cc_tier_id")
        self.assertEqual(
            [(v.old_value_integer, v.new_value_integer) for v in tracked],
            [(self.env.ref("customer_comm.customer_tier_level_2").id, self.customer.cc_tier_id.id)],
        )

    def test_cc3_region_tree_names_and_no_cycle(self):
        """CC-3: regions nest area > region > district and cannot loop."""
        self.assertEqual(self.district.complete_name, "华东大区 / 上海片区 / 浦东")
        with self.assertRaises(UserError):
            self.area.parent_id = self.district

    def test_cc4_role_resolved_through_nearest_region(self):
        """CC-4 / X-1: the nearest region up the tree wins, then a company-wide holder."""
        self.assertEqual(self.customer._cc_role_user("branch_sales_manager"), self.sales_manager)
        other = self.customer.copy({"cc_region_id": self.area.id})
        self.assertEqual(other._cc_role_user("branch_sales_manager"), self.area_manager)
        self.assertEqual(self.customer._cc_role_user("marketing_director"), self.director)
        self.assertEqual(self.customer._cc_role_user("salesperson"), self.salesperson)
        self.assertFalse(self.customer._cc_role_user("gm"))

    def test_cc4_one_holder_per_role_and_region(self):
        """CC-4: two active holders of one role for one region are refused."""
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"):
            self.env["customer.role.assignment"].create(
                {"user_id": self.other_salesperson.id, "role": "branch_sales_manager", "region_id": self.region.id}
            )

    def test_cc8_chinese_mobile_is_11_digits_starting_with_1(self):
        """CC-8: invalid Chinese mobiles are refused with a clear message; nothing is saved."""
        self.customer.country_id = self.env.ref("base.cn")
        for valid in ("13800138000", "+86 138-0013-8000", "0086 13800138000"):
            self.customer.cc_mobile = valid
        self.customer.flush_recordset()
        for invalid in ("1380013800", "23800138000", "138001380001", "abc"):
            with self.assertRaisesRegex(ValidationError, "11 digits"):
                self.customer.cc_mobile = invalid
                self.customer.flush_recordset()
            self.customer.invalidate_recordset(flush=False)
        self.assertEqual(self.customer.cc_mobile, "0086 13800138000")

    def test_cc8_foreign_mobile_allowed(self):
        """CC-8: foreign numbers stay allowed."""
        foreign = self.env["res.partner"].create(
            {"name": "Hamburg GmbH", "country_id": self.env.ref("base.de").id, "cc_mobile": "+49 151 2345"}
        )
        self.assertEqual(foreign.cc_mobile, "+49 151 2345")

    def test_cc7_review_job_opens_one_activity_per_due_review(self):
        """CC-7: a due review opens one activity for the salesperson, and a second run adds none."""
        self.customer.cc_last_review_date = fields.Date.today() - relativedelta(months=4)
        self.assertTrue(self.customer.cc_review_overdue)
        self.assertIn(self.customer, self.env["res.partner"].search([("cc_review_overdue", "=", True)]))
        activity_type = self.env.ref("customer_comm.mail_activity_type_archive_review")
        self.env["res.partner"]._cron_cc_archive_review()
        self.env["res.partner"]._cron_cc_archive_review()
        activities = self.customer.activity_ids.filtered(lambda a: a.activity_type_id == activity_type)
        self.assertEqual(len(activities), 1)
        self.assertEqual(activities.user_id, self.salesperson)
        digest = self.env["mail.activity"].search(
            [
                ("user_id", "=", self.salesperson.id),
                ("activity_type_id", "=", self.env.ref("customer_comm.mail_activity_type_digest").id),
            ]
        )
        self.assertEqual(len(digest), 1, "Q-14: the salesperson is told once, by the run's summary")
        review = activity_type.with_context(lang=self.salesperson.lang).name
        self.assertIn(f"{review} 1", digest.summary, "in the salesperson's language")
        self.customer.with_user(self.salesperson).action_cc_mark_reviewed()
        self.assertEqual(self.customer.cc_last_review_date, fields.Date.today())
        self.assertFalse(self.customer.cc_review_overdue)
        self.assertFalse(self.customer.activity_ids.filtered(lambda a: a.activity_type_id == activity_type))

    def test_x2_company_numbers_validated(self):
        """X-2 / Q-8: thresholds outside 0–100% and non-positive numbers are refused."""
        with self.assertRaisesRegex(ValidationError, "between 0 and 100"):
            self.company.cc_receivable_warning_pct = 120
        self.company.invalidate_recordset(flush=False)
        with self.assertRaisesRegex(ValidationError, "greater than zero"):
            self.company.cc_churn_floor_days = -5
        self.company.invalidate_recordset(flush=False)
        self.assertEqual(self.company.cc_receivable_warning_pct, 80.0)

    def test_cc7_archive_review_report_by_quarter(self):
        """CC-7: the information administrator's report counts archive reviews per quarter."""
        self.customer.cc_last_review_date = date(2026, 2, 10)
        other = self.customer.copy({"cc_last_review_date": date(2026, 5, 3)})
        action = self.env.ref("customer_comm.res_partner_action_archive_review_report")
        domain = [*literal_eval(action.domain), ("id", "in", (self.customer | other).ids)]
        groups = self.env["res.partner"]._read_group(domain, ["cc_last_review_date:quarter"], ["__count"])
        self.assertEqual(sorted(groups), [(date(2026, 1, 1), 1), (date(2026, 4, 1), 1)])

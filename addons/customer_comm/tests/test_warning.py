from datetime import date, datetime
from unittest.mock import patch

from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase, freeze_time, new_test_user, tagged
from odoo.tools import mute_logger

from odoo.addons.customer_comm.models import customer_batch_job

from .common import MANAGER, USER, CustomerCommCase


class WarningCase(CustomerCommCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.regional_manager = new_test_user(cls.env, login="cc_rm", groups=USER, name="孙大区")
        cls.branch_gm = new_test_user(cls.env, login="cc_bgm", groups=USER, name="周总经理")
        cls.gm = new_test_user(cls.env, login="cc_gm", groups=MANAGER, name="吴总")
        cls.env["customer.role.assignment"].create(
            [
                {"user_id": cls.regional_manager.id, "role": "regional_manager", "region_id": cls.area.id},
                {"user_id": cls.branch_gm.id, "role": "branch_gm", "region_id": cls.region.id},
                {"user_id": cls.gm.id, "role": "gm"},
            ]
        )
        cls.product = cls.env["product.product"].create({"name": "抛光砖", "list_price": 100.0, "taxes_id": False})
        cls.Warning = cls.env["customer.warning"].sudo()

    def _orders(self, partner, amounts_by_day, company=None):
        """Confirmed orders of ``partner``: {date: untaxed amount}."""
        return self._confirmed_orders([(partner, day, amount) for day, amount in amounts_by_day.items()], company)

    def _confirmed_orders(self, rows, company=None):
        """Confirmed orders in one batch: [(partner, date, untaxed amount)]."""
        company = company or self.env.company
        orders = (
            self.env["sale.order"]
            .with_company(company)
            .create(
                [
                    {
                        "partner_id": partner.id,
                        "company_id": company.id,
                        "order_line": [(0, 0, {"product_id": self.product.id, "price_unit": amount, "tax_ids": False})],
                    }
                    for partner, _day, amount in rows
                ]
            )
        )
        orders.action_confirm()
        for order, (_partner, day, _amount) in zip(orders, rows, strict=True):
            order.date_order = datetime.combine(day, datetime.min.time())
        self.env.flush_all()
        return orders

    def _silent_customers(self, count, company=None, **values):
        """``count`` customers of the salesperson whose only order dates from 2025: one churn warning each."""
        partners = self.env["res.partner"].create(
            [
                {
                    "name": f"沉默客户{(company or self.env.company).id}-{i}",
                    "is_company": True,
                    "user_id": self.salesperson.id,
                    **values,
                }
                for i in range(count)
            ]
        )
        self._confirmed_orders([(partner, date(2025, 1, 1), 1000 + i) for i, partner in enumerate(partners)], company)
        return partners

    def _speaks_chinese(self, user):
        """zh_CN loaded and ``user``'s language: their summaries are written in it."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["customer_comm"], ["zh_CN"], overwrite=True)
        user.lang = "zh_CN"

    def _open_warnings(self, partners):
        return self.Warning.search([("partner_id", "in", partners.ids), ("state", "in", ("open", "acknowledged"))])

    def _digests(self, user):
        return self.env["mail.activity"].search(
            [
                ("user_id", "=", user.id),
                ("activity_type_id", "=", self.env.ref("customer_comm.mail_activity_type_digest").id),
            ]
        )

    def _found(self, partner, company=None):
        found = self.Warning._detect(company or self.env.company)
        return {wtype: value for (pid, wtype), value in found.items() if pid == partner.id}


@tagged("post_install", "-at_install")
class TestWarningDetection(WarningCase, TransactionCase):
    def setUp(self):
        super().setUp()
        self.customer.credit_limit = 0  # the credit rules are tested elsewhere

    @freeze_time("2026-06-20")
    def test_cc16_purchases_below_last_month_at_same_point(self):
        """CC-16: this month's purchases under last month's at the same day, by the configured margin."""
        self._orders(self.customer, {date(2026, 5, 5): 50000, date(2026, 6, 3): 10000})
        found = self._found(self.customer)
        self.assertIn("progress", found)
        self.assertIn("10,000.00", found["progress"][1])
        self.assertIn("50,000.00", found["progress"][1])
        self.env.company.cc_progress_margin_pct = 90  # only a 90 % drop counts now
        self.assertNotIn("progress", self._found(self.customer))

    @freeze_time("2026-06-20")
    def test_cc17_churn_after_own_interval_with_floor(self):
        """CC-17: silent longer than twice its usual 10-day interval (floor 30 days) → churn."""
        self._orders(self.customer, {date(2026, 2, 1): 1000, date(2026, 2, 11): 1000, date(2026, 2, 21): 1000})
        severity, figures = self._found(self.customer)["churn"]
        self.assertEqual(severity, "severe")  # 119 days > 2 x 30
        self.assertIn("119", figures)
        self.env.company.cc_churn_floor_days = 200
        self.assertNotIn("churn", self._found(self.customer))

    @freeze_time("2026-06-20")
    def test_cc19_abnormal_jump_against_own_history(self):
        """CC-19: the last 30 days far above the customer's own monthly average → review."""
        history = {date(2026, m, 10): 10000 for m in (1, 2, 3, 4, 5)}
        self._orders(self.customer, {**history, date(2026, 6, 15): 90000})
        self.assertIn("abnormal", self._found(self.customer))
        self.env.company.cc_abnormal_jump_factor = 20
        self.assertNotIn("abnormal", self._found(self.customer))

    @freeze_time("2026-06-20")
    def test_cc18_dependence_on_one_customer_and_top_three(self):
        """CC-18: one customer above 20 % of sales, top three above 40 %."""
        company = self.env["res.company"].create(
            {"name": "依赖测试公司", "currency_id": self.env.company.currency_id.id}
        )
        self.env.user.company_ids |= company
        big = self.customer
        small = self.env["res.partner"].create([{"name": f"小客户{i}", "is_company": True} for i in range(10)])
        self._orders(big, {date(2026, 6, 1): 50000}, company)
        for partner in small:
            self._orders(partner, {date(2026, 6, 2): 5000}, company)
        found = self.Warning.with_company(company)._detect(company)
        self.assertIn("50.0%", found[(big.id, "dependence")][1])
        top_three = [key for key in found if key[1] == "dependence"]
        self.assertEqual(len(top_three), 3, "the top three customers are flagged together")

    @freeze_time("2026-06-20")
    def test_cc18_scheduler_stores_the_warning_in_the_companys_language(self):
        """CC-18 / X-3: the scheduler runs without a language and as a user who reads English; the
        warning it stores for a Chinese company reads Chinese (its name and its figures)."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["customer_comm"], ["zh_CN"], overwrite=True)
        company = self.env["res.company"].create(
            {"name": "语言测试公司", "currency_id": self.env.company.currency_id.id}
        )
        company.partner_id.lang = "zh_CN"
        self.env.user.write({"company_ids": [(4, company.id)], "lang": "en_US"})
        small = self.env["res.partner"].create([{"name": f"小客户{i}", "is_company": True} for i in range(10)])
        self._orders(self.customer, {date(2026, 6, 1): 50000}, company)
        for partner in small:
            self._orders(partner, {date(2026, 6, 2): 5000}, company)
        self.env(context={})["customer.warning"].sudo()._cron_detect()  # as the scheduler: no language
        warning = self.Warning.search(
            [
                ("company_id", "=", company.id),
                ("partner_id", "=", self.customer.id),
                ("warning_type", "=", "dependence"),
            ]
        )
        self.assertIn("占公司销售额", warning.figures)
        self.assertNotIn("of the company's sales", warning.figures)
        self.assertNotIn("Dependence", warning.name, "the type's label in Chinese")

    def test_q15_detection_queries_do_not_grow_with_customers(self):
        """Q-15 / CC-14: detection runs in the same number of queries for 10 and 100 customers."""
        counts = []
        for size in (10, 100):
            company = self.env["res.company"].create(
                {"name": f"规模{size}", "currency_id": self.env.company.currency_id.id}
            )
            self.env.user.company_ids |= company
            self._silent_customers(size, company)
            warnings = self.Warning.with_company(company)
            self.assertTrue(warnings._detect(company), "every customer is silent since 2025")
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            found = warnings._detect(company)
            counts.append(self.env.cr.sql_log_count - before)
            self.assertEqual(len([key for key in found if key[1] == "churn"]), size)
        self.assertEqual(counts[0], counts[1], f"queries for 10 and 100 customers: {counts}")


@tagged("post_install", "-at_install")
class TestWarningLifecycle(WarningCase, TransactionCase):
    def _receivable_invoice(self, amount):
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.customer.id,
                "invoice_line_ids": [(0, 0, {"name": "抛光砖", "quantity": 1, "price_unit": amount, "tax_ids": False})],
            }
        )
        invoice.action_post()
        return invoice

    def _receivable_warning(self):
        return self.Warning.search([("partner_id", "=", self.customer.id), ("warning_type", "=", "receivable")])

    def test_cc15_receivable_warning_updates_then_closes_itself(self):
        """CC-14 / CC-15: one warning per customer and type, updated by later runs, closed when cleared."""
        self._receivable_invoice(85000)
        self.Warning._detect_and_apply(self.env.company)
        warning = self._receivable_warning()
        self.assertEqual(len(warning), 1)
        self.assertEqual(warning.severity, "warning")
        self.assertIn("85,000.00", warning.figures)
        self.assertIn("100,000.00", warning.figures)
        self.assertIn("85%", warning.figures)
        self.Warning._detect_and_apply(self.env.company)
        self.assertEqual(self._receivable_warning(), warning, "a second run does not duplicate")
        self._receivable_invoice(20000)
        self.Warning._detect_and_apply(self.env.company)
        self.assertEqual(self._receivable_warning(), warning)
        self.assertEqual(warning.severity, "severe")
        self.customer.credit_limit = 1000000
        self.Warning._detect_and_apply(self.env.company)
        self.assertEqual(warning.state, "resolved")
        self.assertTrue(warning.closed_automatically)
        self.assertIn("cleared", warning.handling_measure)

    def test_cc20_assigned_by_tier_matrix(self):
        """CC-20 (seed 004): level 2 → marketing director; level 1 → regional manager; configurable."""
        self._receivable_invoice(90000)
        self.Warning._detect_and_apply(self.env.company)
        warning = self._receivable_warning()
        self.assertEqual((warning.role, warning.user_id), ("marketing_director", self.director))
        self.assertTrue(warning.activity_ids.filtered(lambda a: a.user_id == self.director))
        self.env["customer.warning.rule"].create({"tier_level": 1, "warning_type": "churn", "role": "branch_gm"})
        rules = self.env["customer.warning.rule"]
        self.assertEqual(rules._role_for(1, "receivable", self.env.company), "regional_manager")
        self.assertEqual(rules._role_for(1, "churn", self.env.company), "branch_gm")

    def test_cc20_unacknowledged_warning_escalates_one_role_up(self):
        """CC-20: after the configured working days without acknowledgement, one role up, once."""
        self._speaks_chinese(self.gm)
        self._receivable_invoice(90000)
        with freeze_time("2026-02-13"):  # Friday before the Spring Festival holidays
            self.Warning._detect_and_apply(self.env.company)
        warning = self._receivable_warning()
        self.assertEqual(warning.role, "marketing_director")
        with freeze_time("2026-02-14"):  # make-up working day: only one working day has passed
            self.Warning._cron_escalate()
        self.assertEqual(warning.role, "marketing_director")
        with freeze_time("2026-02-24"):  # 14 Feb and 24 Feb are the 2 working days after the 13th
            self.Warning._cron_escalate()
            self.Warning._cron_escalate()
        # one role up is the sales VP; nobody holds it here, so the GM gets it
        self.assertEqual((warning.role, warning.user_id), ("gm", self.gm))
        self.assertEqual(warning.escalation_count, 1, "a second run the same day does not escalate again")
        self.assertEqual(warning.activity_ids.user_id, self.gm, "the to-do moved to the new assignee")
        digest = self._digests(self.gm)
        self.assertEqual(len(digest), 1, "the GM is told once, in the run's summary")
        self.assertEqual(digest.summary, "升级转交给您的预警 1 条：应收账款 1。", "in the GM's language")

    def test_cc14_only_the_assignee_or_a_manager_handles_it(self):
        """CC-14 / Q-10: acknowledge and resolve are refused to others; resolving needs a measure."""
        self._receivable_invoice(90000)
        self.Warning._detect_and_apply(self.env.company)
        warning = self._receivable_warning()
        with self.assertRaises(AccessError):
            warning.with_user(self.salesperson).action_acknowledge()
        with self.assertRaises(AccessError):
            warning.with_user(self.salesperson).write({"state": "resolved"})
        with self.assertRaises(AccessError):
            warning.with_user(self.other_salesperson).read(["figures"])
        as_director = warning.with_user(self.director)
        as_director.action_acknowledge()
        self.assertEqual(warning.state, "acknowledged")
        with self.assertRaises(UserError):
            as_director.action_resolve()
        as_director.handling_measure = "已约谈客户，月底前回款五万元"
        as_director.action_resolve()
        self.assertEqual((warning.state, warning.resolved_by_id), ("resolved", self.director))
        with self.assertRaises(UserError):
            as_director.action_resolve()


@tagged("post_install", "-at_install")
class TestWarningBatches(WarningCase, TransactionCase):
    """Q-14 / Q-15: new warnings in batches, one summary per assignee, resumable after a failure."""

    def test_q15_creating_warnings_costs_the_same_queries_for_10_and_100_customers(self):
        """Q-15 / CC-14: one batch of new warnings (and their activities) costs as many queries for 100 as for 10."""
        counts = []
        for size in (2, 10, 100):  # the first run warms the caches (activity type, model ids)
            company = self.env["res.company"].create(
                {"name": f"批量{size}", "currency_id": self.env.company.currency_id.id}
            )
            self.env.user.company_ids |= company
            partners = self._silent_customers(size, company)
            warnings = self.Warning.with_company(company)
            found = warnings._detect(company)
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            warnings._apply_detections(company, found)
            self.env.flush_all()
            counts.append(self.env.cr.sql_log_count - before)
            created = self._open_warnings(partners)
            self.assertEqual(len(created), size)
            self.assertEqual(len(created.activity_ids), size, "each warning is on its assignee's to-do list")
        self.assertEqual(counts[1], counts[2], f"queries to create 2, 10 and 100 warnings: {counts}")

    def test_q15_closing_cleared_warnings_costs_the_same_queries_for_10_and_100(self):
        """Q-15 / CC-14: warnings whose condition cleared are closed in as many queries for 100 as for 10,
        each with the measure in its chatter and its to-do done."""
        counts = []
        for size in (2, 10, 100):  # the first run warms the caches
            company = self.env["res.company"].create(
                {"name": f"关闭{size}", "currency_id": self.env.company.currency_id.id}
            )
            self.env.user.company_ids |= company
            partners = self._silent_customers(size, company)
            warnings = self.Warning.with_company(company)
            warnings._apply_detections(company, warnings._detect(company))
            opened = self._open_warnings(partners)
            self.assertEqual(len(opened), size)
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            warnings._apply_detections(company, {})  # every condition cleared
            self.env.flush_all()
            counts.append(self.env.cr.sql_log_count - before)
            self.assertFalse(self._open_warnings(partners))
            self.assertEqual(set(opened.mapped("state")), {"resolved"})
            self.assertTrue(all(opened.mapped("closed_automatically")))
            self.assertFalse(opened.activity_ids, "the handler's to-do is gone with the warning")
            for warning in opened:
                self.assertIn("cleared", warning.handling_measure)
                self.assertIn("cleared", warning.message_ids[:1].body)
        self.assertEqual(counts[1], counts[2], f"queries to close 2, 10 and 100 warnings: {counts}")

    def test_q14_assignee_of_fifty_new_warnings_gets_one_summary_in_chinese(self):
        """Q-14 / CC-20: 50 new warnings for the marketing director → one summary, no email per warning."""
        self._speaks_chinese(self.director)
        self.Warning._detect_and_apply(self.env.company)  # the warnings of the demo customers, if any
        digests_before = self._digests(self.director)
        partners = self._silent_customers(50, cc_tier_id=self.env.ref("customer_comm.customer_tier_level_2").id)
        mails_before = self.env["mail.mail"].search_count([])
        notifications_before = self.env["mail.notification"].search_count(
            [("res_partner_id", "=", self.director.partner_id.id)]
        )
        self.Warning._detect_and_apply(self.env.company)
        warnings = self._open_warnings(partners)
        self.assertEqual(len(warnings), 50)
        self.assertEqual(warnings.user_id, self.director)
        self.assertEqual(self.env["mail.mail"].search_count([]), mails_before, "no email is queued per warning")
        self.assertEqual(
            self.env["mail.notification"].search_count([("res_partner_id", "=", self.director.partner_id.id)]),
            notifications_before,
            "no inbox message per warning either",
        )
        digest = self._digests(self.director) - digests_before
        self.assertEqual(len(digest), 1, "one summary for the 50 warnings")
        self.assertEqual(digest.summary, "今日新增预警 50 条：客户流失 50（严重 50）。")
        self.assertIn("customer_warning_action_mine", digest.note)
        self.assertIn("查看我的预警", digest.note)
        self.assertFalse(warnings.filtered("pending_digest"))
        self.Warning._detect_and_apply(self.env.company)
        self.assertEqual(self._digests(self.director) - digests_before, digest, "a second run tells nothing new")

    def test_q15_a_costly_restart_is_paid_for_by_as_much_work_before_yielding(self):
        """Q-15: a job whose new call costs 3 s (the detection) yields to the scheduler only after 3 s of batches;
        yielding after each batch would redo the detection once per batch (quadratic at 100,000 customers)."""
        clock = [1000.0]
        processed = []

        def process(batch):
            processed.append(batch)
            clock[0] += 1.0  # each batch takes a second

        def run(**kwargs):
            processed.clear()
            Jobs = self.env["customer.batch.job"]
            with (
                patch(f"{customer_batch_job.__name__}.monotonic", lambda: clock[0]),
                # the scheduler's time is up from the first commit on
                patch.object(self.registry["customer.batch.job"], "_commit_progress", lambda *args, **kw: False),
            ):
                return Jobs._run_in_batches(list(range(10)), process, batch_size=2, **kwargs)

        self.assertFalse(run(restart_seconds=3.0))
        self.assertEqual(len(processed), 3, "three seconds of batches pay for a three-second restart")
        self.assertFalse(run())
        self.assertEqual(len(processed), 1, "a job that restarts for free yields at once, as the scheduler asks")
        self.assertTrue(run(restart_seconds=60.0))
        self.assertEqual(len(processed), 5, "the whole work when it is shorter than a restart")

    def test_q14_interrupted_run_resumes_without_duplicates(self):
        """Q-12 / Q-14: a failure after the first committed batch; the scheduler's next call creates the rest only."""
        self.Warning._cron_detect()  # the warnings of the demo customers, if any: only ours are new below
        self.env["ir.config_parameter"].set_param("customer_comm.batch_size", 3)
        partners = self._silent_customers(7)
        cron = self.env.ref("customer_comm.ir_cron_warning_detect")
        Warning = self.registry["customer.warning"]
        create_warnings = Warning._create_warnings
        calls = []

        def fail_on_second_batch(self, vals_list):
            calls.append(len(vals_list))
            if len(calls) == 2:
                raise ConnectionError("database connection lost")
            return create_warnings(self, vals_list)

        def run_cron():
            job = {**cron.read(load=None)[0], "done": 0, "remaining": 0, "timed_out_counter": 0}
            with (
                self.enter_registry_test_mode(),
                patch.object(Warning, "_create_warnings", fail_on_second_batch),
                mute_logger("odoo.addons.base.models.ir_cron"),
                self.registry.cursor() as cr,
            ):
                self.registry["ir.cron"]._process_job(cr, job)

        run_cron()
        # first call: batch 1 committed, batch 2 failed and rolled back; the scheduler called again: 3 + 1
        self.assertEqual(calls, [3, 3, 3, 1])
        warnings = self._open_warnings(partners)
        self.assertEqual(len(warnings), 7)
        self.assertEqual(warnings.partner_id, partners, "exactly one open warning per silent customer")
        digest = self._digests(self.salesperson)
        self.assertEqual(len(digest), 1)
        self.assertIn("7", digest.summary, "the summary counts the batch committed before the failure too")
        self.assertEqual(len(warnings.activity_ids), 7)
        run_cron()
        self.assertEqual(calls, [3, 3, 3, 1], "a second run creates nothing")
        self.assertEqual(self._open_warnings(partners), warnings)
        self.assertEqual(len(self._digests(self.salesperson)), 1)

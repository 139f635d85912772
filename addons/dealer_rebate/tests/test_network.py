from datetime import date

from dateutil.relativedelta import relativedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import TransactionCase, freeze_time, tagged
from odoo.tools import date_utils

from ..models.dealer_rebate_computation import period_label
from .common import APRIL, JUNE, MANAGER, MAY, DealerRebateCase

SEPTEMBER, OCTOBER, NOVEMBER = date(2026, 9, 1), date(2026, 10, 1), date(2026, 11, 1)


@tagged("post_install", "-at_install")
class TestDistributionPlan(DealerRebateCase, TransactionCase):
    """DR-20 (seed 004, 分销计划表): issued by the branch sales manager, carried out or missed."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the branch sales manager of the dealer's area (customer_comm's fixture) manages dealers too
        cls.sales_manager.group_ids |= cls.env.ref(MANAGER)
        cls.Plan = cls.env["dealer.distribution.plan"]

    def _plan(self, month, dealer=None, issue=True):
        plan = self.Plan.with_user(self.rebate_manager).create(
            {
                "partner_id": (dealer or self.dealer).id,
                "month": month,
                "sales_target_tons": 120,
                "purchase_plan_tons": 100,
                "collection_plan": 300000,
                "distribution_requirement": "新开乡镇网点 5 家",
            }
        )
        if issue:
            plan.with_user(self.sales_manager).action_issue()
        return plan.with_env(self.env)

    def test_dr20_only_the_branch_sales_manager_issues_and_an_issued_plan_is_frozen(self):
        # the plan of the month after next: its deadline, the 25th of next month, is still ahead
        next_month = date_utils.start_of(fields.Date.today(), "month") + relativedelta(months=1)
        plan = self._plan(next_month + relativedelta(months=1), issue=False)
        self.assertEqual(plan.deadline, next_month.replace(day=25))
        for intruder in (self.rebate_manager, self.rebate_salesperson):
            with self.assertRaisesRegex(AccessError, "王经理"):
                plan.with_user(intruder).action_issue()
        self.assertEqual(plan.state, "draft")
        plan.with_user(self.sales_manager).action_issue()
        self.assertEqual((plan.state, plan.issued_by_id, plan.is_late), ("issued", self.sales_manager, False))
        with self.assertRaisesRegex(UserError, "cannot be changed"):
            plan.with_user(self.sales_manager).write({"purchase_plan_tons": 50})
        with self.assertRaises(AccessError):
            plan.with_user(self.sales_manager).write({"state": "done"})
        with self.assertRaisesRegex(UserError, "stays on file"):
            plan.with_user(self.sales_manager).unlink()
        self.assertEqual(plan.purchase_plan_tons, 100)

    def test_dr20_a_plan_issued_after_the_policy_day_is_late(self):
        """Issued today, the plan of this month is late (its deadline was last month); the policy's day is data."""
        this_month = self._plan(date_utils.start_of(fields.Date.today(), "month"))
        self.assertEqual(this_month.deadline, (this_month.month - relativedelta(months=1)).replace(day=25))
        self.assertTrue(this_month.is_late)
        self.policy.plan_deadline_day = 28
        february = self._plan(date(2026, 3, 1), issue=False)
        self.assertEqual(february.deadline, date(2026, 2, 28))
        with self.assertRaises(ValidationError) as refused:
            self.policy.plan_deadline_day = 15
        self.assertIn("21–31", str(refused.exception))
        with self.assertRaises(ValidationError) as refused:
            self._plan(date(2026, 8, 1), issue=False).write({"sales_target_tons": -1})
        self.assertIn("cannot be negative", str(refused.exception))

    def test_dr20_missing_plans_are_prepared_before_the_deadline_with_a_to_do(self):
        """DR-20: from 3 days before the 25th (policy), a dealer without next month's plan gets a draft plan and
        its branch sales manager a to-do due on the deadline, once; issuing the plan closes the to-do."""
        planned = self._make_dealer("无锡惠农饲料经销部")
        self._plan(JUNE, dealer=planned, issue=False)
        cron = self.env.ref("dealer_rebate.ir_cron_prepare_distribution_plans")
        june_plans = [("month", "=", JUNE), ("partner_id", "in", (self.dealer | planned).ids)]
        with freeze_time("2026-05-21"), self.enter_registry_test_mode():
            cron.method_direct_trigger()
        self.assertEqual(self.Plan.search(june_plans).partner_id, planned, "too early: 4 days before the 25th")
        with freeze_time("2026-05-22"), self.enter_registry_test_mode():
            cron.method_direct_trigger()
            cron.method_direct_trigger()
        self.env.invalidate_all()  # the job ran in its own environment
        prepared = self.Plan.search([*june_plans, ("partner_id", "=", self.dealer.id)])
        self.assertEqual((len(prepared), prepared.state, prepared.deadline), (1, "draft", date(2026, 5, 25)))
        self.assertEqual(len(self.Plan.search(june_plans)), 2, "the dealer that had a plan gets no other")
        todo = prepared.activity_ids
        self.assertEqual((len(todo), todo.user_id, todo.date_deadline), (1, self.sales_manager, date(2026, 5, 25)))
        self.assertIn("2026-06", todo.summary)
        with freeze_time("2026-05-23"):
            prepared.with_user(self.sales_manager).write({"sales_target_tons": 130, "purchase_plan_tons": 110})
            prepared.with_user(self.sales_manager).action_issue()
        self.assertFalse(prepared.activity_ids, "issued: the to-do is done")
        self.assertFalse(prepared.is_late)
        self.policy.plan_reminder_days = 0
        with freeze_time("2026-06-24"), self.enter_registry_test_mode():
            cron.method_direct_trigger()
        self.assertFalse(self.Plan.search([("month", "=", JUNE + relativedelta(months=1))]), "0: no reminder")
        with self.assertRaises(ValidationError):
            self.policy.plan_reminder_days = 21

    def test_dr20_three_missed_months_running_open_a_dismissal_review(self):
        """Seed 004: 连续3个月完不成分销计划 → the dealership is reviewed; tons are read from the invoices."""
        self._invoice(self.dealer, date(2026, 10, 12), [(self.feed, 12, None)])
        plans = [self._plan(month) for month in (SEPTEMBER, OCTOBER, NOVEMBER)]
        with self.assertRaises(AccessError):
            plans[0].with_user(self.other_rebate_salesperson).action_mark_missed()
        Request = self.env["dealer.appointment.request"]
        reviews = [("partner_id", "=", self.dealer.id), ("request_type", "=", "dismissal")]
        plans[0].with_user(self.rebate_salesperson).action_mark_missed()
        plans[1].with_user(self.rebate_salesperson).action_mark_missed()
        self.assertEqual(plans[1].actual_tons, 12)
        self.assertEqual(plans[1].recorded_by_id, self.rebate_salesperson)
        self.assertFalse(Request.search_count(reviews))
        plans[2].with_user(self.rebate_salesperson).action_mark_missed()
        review = Request.search(reviews)
        self.assertEqual((len(review), review.state, review.distribution_plan_id), (1, "draft", plans[2]))
        self.assertIn("3", review.reason)
        self.assertEqual(review.activity_ids.user_id, self.market_manager)
        with self.assertRaisesRegex(UserError, "Only an issued"):
            plans[2].with_user(self.rebate_salesperson).action_mark_done()

    def test_dr20_a_carried_out_month_breaks_the_run_and_the_run_length_is_data(self):
        other = self._make_dealer("无锡饲料经销部")
        first, second, third = (self._plan(month, other) for month in (SEPTEMBER, OCTOBER, NOVEMBER))
        first.with_user(self.rebate_salesperson).action_mark_missed()
        second.with_user(self.sales_manager).action_mark_done()
        third.with_user(self.rebate_salesperson).action_mark_missed()
        reviews = [("partner_id", "=", other.id), ("request_type", "=", "dismissal")]
        self.assertFalse(self.env["dealer.appointment.request"].search_count(reviews))
        self.policy.plan_missed_months = 1
        december = self._plan(date(2026, 12, 1), other)
        december.with_user(self.rebate_salesperson).action_mark_missed()
        self.assertEqual(self.env["dealer.appointment.request"].search(reviews).distribution_plan_id, december)


@tagged("post_install", "-at_install")
class TestSubDistributors(DealerRebateCase, TransactionCase):
    """DR-21 (seed 002, 二批积分): registered purchases earn quarterly points and rebates; the company owns the list."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.last_quarter_day = fields.Date.today() - relativedelta(months=3)
        cls.sub = (
            cls.env["dealer.sub.distributor"]
            .with_user(cls.rebate_salesperson)
            .create(
                {
                    "name": "川沙镇张记饲料店",
                    "partner_id": cls.dealer.id,
                    "contact_name": "张记",
                    "phone": "13900000001",
                    "address": "浦东新区川沙镇南门路 8 号",
                    "card_number": "JF-0001",
                }
            )
        )
        Purchase = cls.env["dealer.sub.distributor.purchase"].with_user(cls.rebate_salesperson)
        cls.purchases = Purchase.create(
            [
                {"sub_distributor_id": cls.sub.id, "date": APRIL.replace(day=5), "tons": 5, "source": "card"},
                {"sub_distributor_id": cls.sub.id, "date": MAY.replace(day=20), "tons": 7.5, "source": "declaration"},
                # in the quarter before today's, which the scheduled job awards
                {"sub_distributor_id": cls.sub.id, "date": cls.last_quarter_day, "tons": 3, "source": "card"},
            ]
        )
        cls.Award = cls.env["dealer.sub.distributor.award"]

    def test_dr21_the_quarter_is_awarded_once_by_registered_volume(self):
        self.assertEqual(self.sub.registered_tons, 15.5)
        self.assertEqual(self.dealer.dr_registered_sub_count, 1)
        self.policy.sub_rebate_per_ton = 20
        award = self.Award._award_quarter(self.company, JUNE)
        self.assertEqual((award.period, award.tons, award.points, award.amount), ("2026 Q2", 12.5, 12.5, 250))
        self.assertEqual(award.purchase_ids, self.purchases[:2])
        self.assertFalse(self.Award._award_quarter(self.company, JUNE))
        with self.assertRaisesRegex(UserError, "earned its quarter"):
            self.purchases[0].with_user(self.rebate_salesperson).write({"tons": 50})
        self.purchases[2].with_user(self.rebate_salesperson).write({"tons": 4})
        self.Award._cron_award_last_quarter()
        last_quarter = period_label(date_utils.start_of(self.last_quarter_day, "month"), "quarter")
        awarded = self.Award.search([("sub_distributor_id", "=", self.sub.id), ("period", "=", last_quarter)])
        self.assertEqual((awarded.tons, awarded.points), (4, 4))

    def test_dr21_bad_input_and_wrong_users(self):
        Purchase = self.env["dealer.sub.distributor.purchase"].with_user(self.rebate_salesperson)
        with self.assertRaises(ValidationError) as refused:
            Purchase.create({"sub_distributor_id": self.sub.id, "date": MAY, "tons": -2})
        self.assertIn("positive volume", str(refused.exception))
        with self.assertRaises(AccessError):
            self.sub.with_user(self.other_rebate_salesperson).read(["phone"])
        with self.assertRaises(UserError):
            self.Award.with_user(self.rebate_salesperson).action_award_last_quarter()
        with self.assertRaises(AccessError):
            self.Award.with_user(self.rebate_salesperson).create(
                {
                    "sub_distributor_id": self.sub.id,
                    "company_id": self.company.id,
                    "period": "x",
                    "date_from": APRIL,
                    "date_to": JUNE,
                }
            )
        with self.assertRaises(ValidationError) as refused:
            self.policy.sub_points_per_ton = -1
        self.assertIn("cannot be negative", str(refused.exception))
        self.assertFalse(self.Award.search_count([("sub_distributor_id", "=", self.sub.id)]))


@tagged("post_install", "-at_install")
class TestDirectCustomers(DealerRebateCase, TransactionCase):
    """DR-18 (seed 000, 直销户): the yearly volume of the contract, from the farm's scale, caps direct orders."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        year = fields.Date.today().year
        cls.policy.date_to = max(cls.policy.date_to, date(year, 12, 31))
        cls.farm = cls.env["res.partner"].create(
            {"name": "崇明刘氏水产养殖场", "is_company": True, "cc_region_id": cls.district.id}
        )
        cls.contract = cls.env["dealer.direct.contract"].create(
            {
                "name": "ZX-001",
                "partner_id": cls.farm.id,
                "date_from": date(year, 1, 1),
                "date_to": date(year, 12, 31),
                "pond_area_mu": 200,
                "annual_cap_tons": 100,
            }
        )

    def _order(self, lines, **values):
        return self.env["sale.order"].create(
            {
                "partner_id": self.farm.id,
                "order_line": [
                    Command.create({"product_id": product.id, "product_uom_qty": quantity})
                    for product, quantity in lines
                ],
                **values,
            }
        )

    def test_dr18_orders_beyond_the_yearly_volume_are_refused(self):
        self._order([(self.feed, 60)]).action_confirm()
        # 30,000 kg and 10 bags of 40 kg: 30.4 t, 90.4 t in the year
        self._order([(self.feed_kg, 30000), (self.feed_bag, 10)]).action_confirm()
        self.assertEqual((self.contract.sold_tons, self.contract.remaining_tons), (90.4, 9.6))
        third = self._order([(self.feed, 10)])
        with self.assertRaisesRegex(UserError, "100.4 t"):
            third.action_confirm()
        self.assertEqual(third.state, "draft")
        with self.assertRaisesRegex(UserError, "ZX-001"):
            self._order([(self.feed, 10)], state="sale")
        self.assertEqual(self.contract.sold_tons, 90.4)

    def test_dr18_the_policy_may_warn_and_flag_instead(self):
        self.policy.direct_cap_action = "warn"
        order = self._order([(self.feed, 120)])
        order.action_confirm()
        self.assertEqual((order.state, order.dr_over_direct_volume), ("sale", True))
        self.assertTrue(any("120.0 t" in body for body in order.message_ids.mapped("body")))
        within = self.env["sale.order"].create(
            {"partner_id": self.dealer.id, "order_line": [Command.create({"product_id": self.feed.id})]}
        )
        within.action_confirm()
        self.assertFalse(within.dr_over_direct_volume)

    def test_dr18_bad_contracts_are_refused(self):
        Contract = self.env["dealer.direct.contract"]
        values = {"name": "ZX-002", "partner_id": self.farm.id, "annual_cap_tons": 50}
        # assertRaises (not assertRaisesRegex) rolls the refused record back to a savepoint
        with self.assertRaises(ValidationError) as refused:
            Contract.create(values)
        self.assertIn("already has a direct customer contract", str(refused.exception))
        next_year = self.contract.date_to.year + 1
        for wrong, message in (
            ({"annual_cap_tons": 0}, "must be positive"),
            ({"pig_heads": -5}, "cannot be negative"),
            ({"date_to": date(next_year - 1, 6, 30)}, "cannot end before"),
        ):
            with self.assertRaises(ValidationError) as refused:
                Contract.create(
                    {**values, "date_from": date(next_year, 1, 1), "date_to": date(next_year, 12, 31), **wrong}
                )
            self.assertIn(message, str(refused.exception))
        self.assertEqual(Contract.search_count([("partner_id", "=", self.farm.id)]), 1)


@tagged("post_install", "-at_install")
class TestDirectWithholding(DealerRebateCase, TransactionCase):
    """DR-19 (seed 000): the dealers' discount, a share withheld monthly and released at year end by decision."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.withheld_account = cls.env["account.account"].create(
            {"code": "224101", "name": "暂扣直销户返利", "account_type": "liability_current"}
        )
        cls.policy.withheld_account_id = cls.withheld_account
        cls.farm = cls.env["res.partner"].create(
            {"name": "奉贤陈氏养猪场", "is_company": True, "cc_region_id": cls.district.id}
        )
        cls.env["dealer.direct.contract"].create(
            {
                "name": "ZX-2026-07",
                "partner_id": cls.farm.id,
                "date_from": date(2026, 1, 1),
                "date_to": date(2026, 12, 31),
                "pig_heads": 3000,
                "annual_cap_tons": 900,
            }
        )
        cls._invoice(cls.farm, date(2026, 4, 20), [(cls.feed, 50, None)])
        cls._invoice(cls.farm, date(2026, 5, 20), [(cls.feed, 30, None)])

    def _post_month(self, month):
        settlements = self._settle("month", month)[0].filtered(lambda s: s.partner_id == self.farm)
        self._approve(settlements)
        settlements.with_user(self.accountant).action_post()
        return settlements

    def _release(self, decision, released=0.0):
        values = {"partner_id": self.farm.id, "year": 2026, "decision": decision}
        if decision == "partial":
            values["released_amount"] = released
        return self.env["dealer.direct.release"].with_user(self.rebate_manager).create(values).with_env(self.env)

    def _balances(self, move):
        return {
            account.code: sum(move.line_ids.filtered(lambda line, a=account: line.account_id == a).mapped("balance"))
            for account in move.line_ids.account_id
        }

    def test_dr19_a_share_is_withheld_each_month_and_released_in_part(self):
        april = self._post_month(APRIL)
        self.assertEqual(april.mapped("component"), ["direct"])
        self.assertEqual((april.amount, april.withheld_amount), (5000, 1000))
        self.assertIn("50 t × 100", april.formula)
        self.assertEqual(self._balances(april.move_id), {"660199": 5000, "224199": -4000, "224101": -1000})
        self.assertEqual(april.move_id.line_ids.partner_id, self.farm)
        self._post_month(MAY)
        with self.assertRaises(AccessError):
            self.env["dealer.direct.release"].with_user(self.rebate_salesperson).create(
                {"partner_id": self.farm.id, "year": 2026}
            )
        with self.assertRaises(ValidationError) as refused:
            self._release("partial", 2000)
        self.assertIn("between 0 and", str(refused.exception))
        release = self._release("partial", 1000)
        self.assertEqual(release.withheld_amount, 1600)
        release.with_user(self.rebate_manager).action_submit()
        for intruder in (self.rebate_manager, self.finance_manager):
            with self.assertRaises(AccessError):
                release.with_user(intruder).validate_tier()
        release.with_user(self.market_manager).validate_tier()
        self.assertEqual(release.state, "approved")
        with self.assertRaises(AccessError):
            release.with_user(self.rebate_manager).action_post()
        with self.assertRaises(AccessError):
            release.with_user(self.rebate_manager).write({"withheld_amount": 5000})
        release.with_user(self.accountant).action_post()
        self.assertEqual(self._balances(release.move_id), {"224101": 1600, "224199": -1000, "660199": -600})
        with self.assertRaisesRegex(UserError, "already posted"):
            release.with_user(self.accountant).action_post()

    def test_dr19_nothing_released_returns_the_withheld_share_to_the_expense(self):
        self.policy.direct_withheld_pct = 50
        self._post_month(APRIL)
        release = self._release("none")
        release.with_user(self.rebate_manager).action_submit()
        release.with_user(self.market_manager).validate_tier()
        release.with_user(self.accountant).action_post()
        self.assertEqual((release.withheld_amount, release.released_amount), (2500, 0))
        self.assertEqual(self._balances(release.move_id), {"224101": 2500, "660199": -2500})


@tagged("post_install", "-at_install")
class TestTransition(DealerRebateCase, TransactionCase):
    """DR-23 (seed 002, 吃余股): the new dealers' volume in a territory handed over earns the former dealer
    the base rebate, in full the year of the handover, half the next year, nothing after."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.kunshan = cls.env["customer.region"].create(
            {"name": "昆山", "level": "district", "parent_id": cls.region.id}
        )
        cls.new_dealer = cls._make_dealer("昆山新农饲料经销部")
        cls.new_dealer.cc_region_id = cls.kunshan
        cls._invoice(cls.new_dealer, date(2026, 2, 10), [(cls.feed, 10, None)])
        cls._invoice(cls.new_dealer, date(2026, 4, 10), [(cls.feed, 40, None)])
        cls._invoice(cls.dealer, date(2026, 4, 12), [(cls.feed, 25, None)])
        cls.Transition = cls.env["dealer.transition"]

    def _monthly(self, month):
        settlements = self._settle("month", month, self.dealer | self.new_dealer)[0]
        return {(s.partner_id, s.component): s for s in settlements}

    def test_dr23_the_year_of_the_handover_pays_in_full_both_dealers_earn(self):
        self.Transition.create(
            {"partner_id": self.dealer.id, "region_ids": [Command.set(self.kunshan.ids)], "date_start": "2026-03-01"}
        )
        self.dealer.sudo().dr_status = "cancelled"
        april = self._monthly(APRIL)
        transition = april[self.dealer, "transition"]
        self.assertEqual((transition.amount, transition.tons), (4000, 40))
        self.assertIn("40 t × 100 × 100%", transition.formula)
        self.assertEqual(transition.line_ids.mapped("line_type"), ["amount"])
        self.assertIn("昆山新农饲料经销部", transition.line_ids.name)
        # the company pays both: the new dealer its own rebate; the cancelled dealer nothing on its own tons
        self.assertEqual(april[self.new_dealer, "base_freight"].amount, 40 * 140)
        self.assertNotIn((self.dealer, "base_freight"), april)
        # before the handover, the territory's volume is the new dealer's alone
        self.assertNotIn((self.dealer, "transition"), self._monthly(date(2026, 2, 1)))

    def test_dr23_the_next_year_pays_half_and_the_schedule_is_data(self):
        self.Transition.create(
            {"partner_id": self.dealer.id, "region_ids": [Command.set(self.kunshan.ids)], "date_start": "2025-06-01"}
        )
        transition = self._monthly(APRIL)[self.dealer, "transition"]
        self.assertEqual(transition.amount, 2000)
        self.assertIn("× 50%", transition.formula)
        # the dealer is still active: its own tons earn its own rebate too
        self.assertEqual(self._monthly(APRIL)[self.dealer, "base_freight"].amount, 25 * 140)
        self.policy.transition_step_ids.filtered(lambda step: step.year == 2).share_pct = 25
        self.assertEqual(self._monthly(APRIL)[self.dealer, "transition"].amount, 1000)
        self.policy.transition_step_ids.filtered(lambda step: step.year == 2).unlink()
        self.assertNotIn((self.dealer, "transition"), self._monthly(APRIL))
        with self.assertRaises(ValidationError) as refused:
            self.policy.transition_step_ids.filtered(lambda step: step.year == 1).share_pct = 120
        self.assertIn("between 0 and 100%", str(refused.exception))

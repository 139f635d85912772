from datetime import date

from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger

from .common import DealerRebateCase


@tagged("post_install", "-at_install")
class TestDealerAward(DealerRebateCase, TransactionCase):
    """DR-15 (4)/(5), DR-11: excellent-dealer awards and commendations, their approval and their payment."""

    def _propose(
        self, partner=None, award_type="excellent", amount=0.0, day=date(2026, 12, 20), title="年度优秀总经销"
    ):
        return (
            self.env["dealer.award"]
            .with_user(self.rebate_manager)
            .create(
                {
                    "partner_id": (partner or self.dealer).id,
                    "award_type": award_type,
                    "date": day,
                    "title": title,
                    "reason": "全年无违规，开发二批商 12 家",
                    "amount": amount,
                }
            )
        )

    def _violations(self, count, day=date(2026, 3, 1)):
        conduct_types = [
            self.env.ref(f"dealer_rebate.dealer_conduct_type_{name}")
            for name in ("network", "cooperation", "information", "target_missed", "network")
        ]
        self.env["dealer.violation"].with_user(self.rebate_salesperson).create(
            [
                {
                    "partner_id": self.dealer.id,
                    "conduct_type_id": conduct_types[index].id,
                    "date": day.replace(day=1 + index),
                    "description": "巡查发现",
                }
                for index in range(count)
            ]
        )

    def test_dr15_excellent_award_with_a_reward_is_paid_as_a_rebate(self):
        """DR-15 (4): honour and reward, approved by the market department then finance, posted in REB."""
        award = self._propose(amount=5000.0)
        award.action_submit()
        self.assertEqual(set(award.review_ids.mapped("definition_id.cc_role")), {"market_manager", "finance_manager"})
        award.with_user(self.market_manager).validate_tier()
        self.assertEqual(award.state, "draft", "the finance manager has not approved the money yet")
        award.with_user(self.finance_manager).validate_tier()
        self.assertEqual(award.state, "approved")
        settlement = award.settlement_id
        self.assertEqual(
            (settlement.component, settlement.state, settlement.amount, settlement.period, settlement.partner_id),
            ("award", "approved", 5000.0, "2026", self.dealer),
        )
        self.assertEqual(settlement.award_id, award)
        settlement.with_user(self.accountant).action_post()
        payable = settlement.move_id.line_ids.filtered(lambda line: line.account_id == self.payable_account)
        self.assertEqual((payable.credit, payable.partner_id), (5000.0, self.dealer))
        self.assertIn("年度优秀总经销", payable.name)
        self.assertEqual(award.settlement_state, "posted")
        with self.assertRaises(UserError):
            award.with_user(self.rebate_manager).action_cancel()

    def test_dr15_an_honour_alone_needs_no_finance_approval_and_pays_nothing(self):
        """DR-15 (5): a commendation without money is decided by the market department manager alone."""
        award = self._propose(award_type="commendation", title="维护公司声誉表彰")
        award.action_submit()
        self.assertEqual(award.review_ids.mapped("definition_id.cc_role"), ["market_manager"])
        award.with_user(self.market_manager).validate_tier()
        self.assertEqual((award.state, award.settlement_id.id), ("approved", False))

    def test_dr15_several_commendations_each_get_their_own_settlement(self):
        """DR-15 (5) / DR-13: two rewarded commendations of a month are two settlements, neither refused."""
        awards = self._propose(award_type="commendation", amount=800.0, title="举报窜货")
        awards |= self._propose(award_type="commendation", amount=500.0, title="协助处理投诉", day=date(2026, 12, 22))
        for award in awards:
            award.action_submit()
            award.with_user(self.market_manager).validate_tier()
            award.with_user(self.finance_manager).validate_tier()
        self.assertEqual(awards.settlement_id.mapped("amount"), [800.0, 500.0])
        self.assertEqual(set(awards.settlement_id.mapped("period")), {"2026-12"})

    def test_dr11_more_violations_than_allowed_means_no_excellent_award(self):
        """DR-11: four violations in the year (limit 3) refuse the excellent-dealer award, not a commendation."""
        self._violations(4)
        award = self._propose()
        self.assertEqual(award.violations_in_year, 4)
        with self.assertRaises(UserError) as refusal:
            award.action_submit()
        self.assertIn("not eligible", str(refusal.exception))
        self.assertFalse(award.review_ids)
        commendation = self._propose(award_type="commendation")
        commendation.action_submit()
        self.assertTrue(commendation.review_ids)
        # the limit is the policy's
        self.policy.excellent_max_violations = 4
        award.action_submit()
        self.assertTrue(award.review_ids)

    def test_dr11_a_violation_recorded_during_the_approval_stops_the_award(self):
        """DR-11: the eligibility is checked again when the last approver decides."""
        self._violations(3)
        award = self._propose(amount=3000.0)
        award.action_submit()
        award.with_user(self.market_manager).validate_tier()
        self._violations(1, day=date(2026, 11, 1))
        with self.assertRaises(UserError):
            award.with_user(self.finance_manager).validate_tier()
        self.assertEqual(award.state, "draft")
        self.assertFalse(award.settlement_id)

    def test_dr15_one_excellent_award_a_year_and_the_rights(self):
        """DR-15: one excellent-dealer award per dealer and year; only rebate managers propose and cancel."""
        award = self._propose(amount=1000.0)
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            self._propose()
            self.env.flush_all()
        self._propose(day=date(2027, 1, 5))  # the next year is another award
        for user in (self.rebate_salesperson, self.market_manager, self.accountant):
            with self.assertRaises(AccessError):
                self._propose(award_type="commendation").with_user(user).action_submit()
            with self.assertRaises(AccessError):
                self.env["dealer.award"].with_user(user).create(
                    {"partner_id": self.dealer.id, "title": "x", "reason": "x", "award_type": "commendation"}
                )
        with self.assertRaises(AccessError):
            award.with_user(self.rebate_manager).write({"state": "approved"})
        with self.assertRaises(ValidationError):
            self._propose(partner=self.env["res.partner"].create({"name": "普通客户", "is_company": True}))
        award.action_submit()
        award.with_user(self.market_manager).validate_tier()
        award.with_user(self.finance_manager).validate_tier()
        with self.assertRaises(UserError):
            award.with_user(self.rebate_manager).write({"amount": 9000.0})
        # an approved reward not yet posted is withdrawn with its settlement
        award.with_user(self.rebate_manager).action_cancel()
        self.assertEqual((award.state, award.settlement_id.state), ("cancel", "cancel"))

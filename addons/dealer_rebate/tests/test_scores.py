from datetime import date

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import TransactionCase, tagged

from .common import APRIL, MAY, DealerRebateCase


@tagged("post_install", "-at_install")
class TestViolationsAndScores(DealerRebateCase, TransactionCase):
    def _violation(self, conduct_type, day, partner=None):
        return (
            self.env["dealer.violation"]
            .with_user(self.rebate_salesperson)
            .create({"partner_id": (partner or self.dealer).id, "conduct_type_id": conduct_type.id, "date": day})
        )

    def test_dr11_second_cross_region_in_a_year_counts_double(self):
        """DR-11: the second cross-region shipment of the year counts 0.4; a price cut keeps its own count;
        a new year starts again at 0.2."""
        first = self._violation(self.cross_region, date(2026, 3, 5))
        price_cut = self._violation(self.price_cutting, date(2026, 4, 5))
        second = self._violation(self.cross_region, date(2026, 5, 5))
        next_year = self._violation(self.cross_region, date(2027, 1, 5))
        self.assertEqual((first.coefficient, first.repeat_rank), (0.2, 1))
        self.assertEqual((price_cut.coefficient, price_cut.repeat_rank), (0.2, 1))
        self.assertEqual((second.coefficient, second.repeat_rank), (0.4, 2))
        self.assertEqual((next_year.coefficient, next_year.repeat_rank), (0.2, 1))
        network = self._violation(self.env.ref("dealer_rebate.dealer_conduct_type_network"), date(2026, 3, 6))
        again = self._violation(self.env.ref("dealer_rebate.dealer_conduct_type_network"), date(2026, 3, 7))
        self.assertEqual((network.coefficient, again.coefficient), (0.1, 0.1))

    def test_dr11_ranks_follow_the_dates_not_the_recording_order(self):
        """DR-11: a February shipment recorded after a May one is the first of the year (0.2), May's the
        second (0.4); re-dating or deleting one numbers the year again."""
        may = self._violation(self.cross_region, date(2026, 5, 5))
        february = self._violation(self.cross_region, date(2026, 2, 5))
        self.assertEqual((february.repeat_rank, february.coefficient), (1, 0.2))
        self.assertEqual((may.repeat_rank, may.coefficient), (2, 0.4))
        may.date = date(2026, 1, 20)
        self.assertEqual((may.repeat_rank, february.repeat_rank), (1, 2))
        self.assertEqual((may.coefficient, february.coefficient), (0.2, 0.4))
        may.unlink()
        self.assertEqual((february.repeat_rank, february.coefficient), (1, 0.2))

    def test_dr11_table_change_leaves_recorded_deductions(self):
        """DR-11: a violation keeps the table's deduction of the day it was recorded, also when it is
        numbered again later."""
        may = self._violation(self.cross_region, date(2026, 5, 5))
        self.cross_region.coefficient = 0.3
        self._violation(self.cross_region, date(2026, 2, 5))
        self.assertEqual((may.repeat_rank, may.coefficient), (2, 0.4))

    def test_dr11_rank_of_a_scored_month_does_not_move(self):
        """DR-11 / DR-12: once May's conduct score is approved, a February shipment that would make May's
        the second of the year is refused; another kind of violation is not."""
        self._score_month(self.dealer, MAY, [self.cross_region])
        with self.assertRaises(UserError) as refused:
            self._violation(self.cross_region, date(2026, 2, 5))
        self.assertIn("submitted or approved", str(refused.exception))
        may = self.env["dealer.violation"].search([("partner_id", "=", self.dealer.id)])
        self.assertEqual((may.repeat_rank, may.coefficient), (1, 0.2))
        self.assertEqual(self._violation(self.price_cutting, date(2026, 2, 5)).repeat_rank, 1)

    def test_dr11_third_repeat_opens_a_dealership_review(self):
        """DR-11 / DR-2: the third cross-region shipment of a year opens a pre-filled dismissal request that the
        market manager is asked to review; a fourth does not open a second one."""
        Request = self.env["dealer.appointment.request"]
        for month in (2, 3):
            self._violation(self.cross_region, date(2026, month, 5))
        self.assertFalse(Request.search([("partner_id", "=", self.dealer.id)]))
        third = self._violation(self.cross_region, date(2026, 4, 5))
        self.assertEqual(third.repeat_rank, 3)
        request = Request.search([("partner_id", "=", self.dealer.id)])
        self.assertEqual((request.request_type, request.state, request.violation_id), ("dismissal", "draft", third))
        self.assertEqual(request.user_id, self.rebate_salesperson)
        self.assertIn(self.cross_region.name, request.reason)
        self.assertEqual(request.activity_ids.user_id, self.market_manager)
        self._violation(self.cross_region, date(2026, 5, 5))
        self.assertEqual(Request.search_count([("partner_id", "=", self.dealer.id)]), 1)

    def test_dr11_review_reason_in_the_companys_language(self):
        """DR-11 / DR-2: the reason of the dismissal review is read by the market department: it is written
        in the company's language, not in the language of the salesperson who recorded the violation."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["dealer_rebate"], ["zh_CN"], overwrite=True)
        self.company.partner_id.lang = "zh_CN"
        self.rebate_salesperson.lang = "en_US"
        for month in (2, 3, 4):
            self._violation(self.cross_region, date(2026, month, 5))
        request = self.env["dealer.appointment.request"].search([("partner_id", "=", self.dealer.id)])
        self.assertIn("本年度第 3 次", request.reason)

    def test_q10_deduction_cannot_be_typed_in(self):
        """Q-10: the deduction comes from the table, not from an RPC write."""
        violation = self._violation(self.cross_region, date(2026, 3, 5))
        with self.assertRaises(AccessError):
            violation.write({"coefficient": 0.0})

    def test_dr12_chain_regional_then_market_manager_and_dealer_informed(self):
        """DR-12 / X-3: regional manager signs, then the market manager approves; the dealer is informed."""
        self._violation(self.cross_region, date(2026, 5, 8))
        score = self._score_month(self.dealer, MAY, approve=False)
        self.assertEqual(score.coefficient, 0.2)
        with self.assertRaises(AccessError):
            score.with_user(self.market_manager).validate_tier()  # not their turn yet
        with self.assertRaises(AccessError):
            score.with_user(self.rebate_salesperson).validate_tier()
        score.with_user(self.regional_manager).validate_tier()
        self.assertEqual(score.state, "draft")
        score.with_user(self.market_manager).validate_tier()
        self.assertEqual(score.state, "approved")
        informed = score.message_ids.filtered(lambda message: self.dealer in message.partner_ids)
        self.assertTrue(informed)
        self.assertIn("0.2", informed[0].body)

    def test_dr12_disputed_month_is_rechecked_by_someone_else_first(self):
        """DR-12: when the dealer disputes a month, a manager assigns someone other than the salesperson,
        whose re-check comes before the regional and market managers."""
        score = self._score_month(self.dealer, MAY, [self.cross_region], approve=False)
        Wizard = self.env["dealer.month.score.dispute.wizard"]
        with self.assertRaises(ValidationError):
            Wizard.with_user(self.rebate_manager).create(
                {"score_id": score.id, "recheck_user_id": self.rebate_salesperson.id, "reason": "误报"}
            ).action_confirm()
        with self.assertRaises(AccessError):
            Wizard.with_user(self.rebate_salesperson).create(
                {"score_id": score.id, "recheck_user_id": self.other_rebate_salesperson.id, "reason": "误报"}
            )
        Wizard.with_user(self.rebate_manager).create(
            {"score_id": score.id, "recheck_user_id": self.other_rebate_salesperson.id, "reason": "越界发货系误报"}
        ).action_confirm()
        self.assertTrue(score.disputed)
        with self.assertRaises(AccessError):
            score.with_user(self.regional_manager).validate_tier()  # the re-check comes first
        score.with_user(self.other_rebate_salesperson).validate_tier()
        score.with_user(self.regional_manager).validate_tier()
        score.with_user(self.market_manager).validate_tier()
        self.assertEqual(score.state, "approved")
        with self.assertRaises(AccessError):
            score.write({"disputed": False})

    def test_dr12_month_frozen_once_submitted(self):
        """DR-12: once the month is submitted its violations cannot be added, changed or removed."""
        violation = self._violation(self.cross_region, date(2026, 4, 8))
        self._score_month(self.dealer, APRIL, approve=False)
        with self.assertRaises(UserError):
            self._violation(self.price_cutting, date(2026, 4, 20))
        with self.assertRaises(UserError):
            violation.with_user(self.rebate_salesperson).unlink()
        with self.assertRaises(UserError):
            violation.with_user(self.rebate_salesperson).date = date(2026, 4, 9)
        self._violation(self.price_cutting, date(2026, 5, 20))  # the next month is still open

    def test_q10_score_state_not_writable(self):
        """Q-10: a score is approved through its chain only, never by writing its state."""
        score = (
            self.env["dealer.month.score"]
            .with_user(self.rebate_salesperson)
            .create({"partner_id": self.dealer.id, "month": MAY})
        )
        with self.assertRaises(AccessError):
            score.write({"state": "approved"})
        with self.assertRaises(AccessError):
            score.with_user(self.rebate_manager).write({"state": "approved"})
        with self.assertRaises(AccessError):
            self.env["dealer.month.score"].with_user(self.rebate_salesperson).create(
                {"partner_id": self.dealer.id, "month": APRIL, "state": "approved"}
            )
        self.assertEqual(score.state, "draft")

    def test_dr4_penalties_linked_to_their_violation(self):
        """DR-4 / DR-11: a yellow card counts on the dealer, a fine needs its amount, a cancellation opens a
        dismissal request; a fourth violation in a year ends the excellent-dealer eligibility."""
        today = date.today()
        violation = self._violation(self.price_cutting, today)
        self.assertTrue(self.dealer.dr_excellent_eligible)
        violation.penalty = "yellow_card"
        self.assertEqual(self.dealer.dr_yellow_cards, 1)
        with self.assertRaises(ValidationError):
            violation.write({"penalty": "fine", "fine_amount": 0.0})
        with self.assertRaises(ValidationError):
            violation.write({"penalty": "yellow_card", "fine_amount": -100.0})
        network = self.env.ref("dealer_rebate.dealer_conduct_type_network")
        for _index in range(3):
            self._violation(network, today)
        self.dealer.invalidate_recordset(["dr_excellent_eligible"])
        self.assertFalse(self.dealer.dr_excellent_eligible)
        self.assertFalse(self.env["dealer.appointment.request"].search([("partner_id", "=", self.dealer.id)]))
        violation.penalty = "cancellation"
        request = self.env["dealer.appointment.request"].search([("partner_id", "=", self.dealer.id)])
        self.assertEqual((request.request_type, request.violation_id), ("dismissal", violation))

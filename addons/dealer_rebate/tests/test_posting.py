from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase, tagged

from .common import APRIL, JUNE, MAY, DealerRebateCase


@tagged("post_install", "-at_install")
class TestPosting(DealerRebateCase, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._q2_volumes(cls.dealer)

    def _approved_completion(self):
        self._score_month(self.dealer, APRIL)
        self._score_month(self.dealer, MAY, [self.cross_region])
        self._score_month(self.dealer, JUNE)
        settlements = self._settle("quarter", MAY, self.dealer)[0]
        completion = settlements.filtered(lambda s: s.component == "completion")
        self._approve(completion)
        return completion

    def test_dr16_full_flow_posts_expense_against_dealer_payable(self):
        """DR-16 / DR-10: invoices → targets → approved scores → approved settlement → one journal entry."""
        completion = self._approved_completion()
        self.assertEqual(completion.state, "approved")
        completion.with_user(self.accountant).action_post()
        move = completion.move_id
        self.assertEqual(completion.state, "posted")
        self.assertEqual(move.state, "posted")
        self.assertEqual(move.journal_id.code, "REB")
        self.assertEqual(move.ref, completion.name)
        expense = move.line_ids.filtered(lambda line: line.account_id == self.expense_account)
        payable = move.line_ids.filtered(lambda line: line.account_id == self.payable_account)
        self.assertEqual((expense.debit, payable.credit), (10395, 10395))
        self.assertEqual(payable.partner_id, self.dealer)
        self.assertIn("2026 Q2", payable.name)
        self.assertIn("385 t × 30 × (1.10 − 0.20)", payable.name)

    def test_dr16_posting_twice_posts_once(self):
        """DR-16 / Q-12: a second posting, by button or by the scheduled job, creates nothing."""
        completion = self._approved_completion()
        completion.with_user(self.accountant).action_post()
        with self.assertRaisesRegex(UserError, "already posted"):
            completion.with_user(self.accountant).action_post()
        self.env["dealer.rebate.settlement"]._cron_post_approved()
        moves = self.env["account.move"].search([("ref", "=", completion.name)])
        self.assertEqual(moves, completion.move_id)

    def test_dr16_scheduled_posting_in_batches_is_idempotent(self):
        """DR-16 / X-6 / Q-14: the job posts every approved settlement once, in one create per batch."""
        rebate_entries = [("journal_id.code", "=", "REB")]
        before = self.env["account.move"].search_count(rebate_entries)  # the demo quarter's
        settlements = self._settle("month", APRIL, self.dealer)[0] | self._settle("month", MAY, self.dealer)[0]
        self._approve(settlements)
        cron = self.env.ref("dealer_rebate.ir_cron_post_approved_settlements")
        self.assertEqual(cron.code, "model._cron_post_approved()")
        Settlement = self.env["dealer.rebate.settlement"]
        Settlement._cron_post_approved()
        self.assertEqual(set(settlements.mapped("state")), {"posted"})
        self.assertEqual(len(settlements.move_id), 2)
        self.assertEqual(sorted(settlements.move_id.mapped("amount_total")), [11200, 18900])
        Settlement._cron_post_approved()
        self.assertEqual(self.env["account.move"].search_count(rebate_entries), before + 2)

    def test_dr16_cancelling_a_posted_settlement_reverses_its_entry(self):
        """DR-16 / Q-13: cancellation is Odoo's reversal; the entry stays posted; the period can be redone."""
        completion = self._approved_completion()
        completion.with_user(self.accountant).action_post()
        move = completion.move_id
        completion.with_user(self.accountant).action_cancel()
        self.assertEqual(completion.state, "cancel")
        self.assertEqual(move.state, "posted")
        reversal = completion.reversal_move_id
        self.assertEqual(reversal.reversed_entry_id, move)
        self.assertEqual(reversal.state, "posted")
        payable = (move | reversal).line_ids.filtered(lambda line: line.account_id == self.payable_account)
        self.assertEqual(sum(payable.mapped("balance")), 0)
        redo = self._settle("quarter", MAY, self.dealer)[0].filtered(lambda s: s.component == "completion")
        self.assertEqual((redo.state, redo.amount), ("draft", 10395))

    def test_dr16_paying_by_credit_to_the_receivable_settles_both_sides(self):
        """DR-16: one button credits the rebate to the dealer's receivable: payable cleared, oldest invoice paid."""
        completion = self._approved_completion()
        completion.with_user(self.accountant).action_post()
        with self.assertRaises(AccessError):
            completion.with_user(self.rebate_manager).action_offset_receivable()
        self.assertFalse(completion.is_paid)
        completion.with_user(self.accountant).action_offset_receivable()
        offset = completion.offset_move_id
        self.assertEqual((offset.state, offset.journal_id.code), ("posted", "REB"))
        self.assertTrue(completion.is_paid)
        payable = (completion.move_id | offset).line_ids.filtered(lambda line: line.account_id == self.payable_account)
        self.assertTrue(all(payable.mapped("reconciled")))
        receivable = offset.line_ids - payable
        self.assertEqual((receivable.credit, receivable.partner_id), (10395, self.dealer))
        self.assertEqual(receivable.account_id, self.dealer.property_account_receivable_id)
        # the Q2 invoices are 8,000, 13,500 and 17,000: April is paid, May in part
        invoices = self.env["account.move"].search(
            [("partner_id", "=", self.dealer.id), ("move_type", "=", "out_invoice")], order="invoice_date"
        )
        self.assertEqual(invoices.mapped("payment_state"), ["paid", "partial", "not_paid"])
        self.assertEqual(invoices[1].amount_residual, 13500 - (10395 - 8000))
        with self.assertRaisesRegex(UserError, "nothing to credit"):
            completion.with_user(self.accountant).action_offset_receivable()
        with self.assertRaisesRegex(UserError, "already paid"):
            completion.with_user(self.accountant).action_cancel()
        self.assertEqual(completion.state, "posted")

    def test_q10_wrong_users_cannot_approve_post_reverse_or_edit(self):
        """Q-10 / X-3: approvals by their role holders only, posting and reversal by accounting only, no RPC edit."""
        settlement = self._settle("month", APRIL, self.dealer)[0]
        with self.assertRaises(AccessError):
            settlement.with_user(self.rebate_salesperson).action_submit()
        settlement.with_user(self.rebate_manager).action_submit()
        for intruder in (self.rebate_salesperson, self.rebate_manager, self.finance_manager):
            with self.assertRaises(AccessError):
                settlement.with_user(intruder).validate_tier()
        settlement.with_user(self.market_manager).validate_tier()
        with self.assertRaises(AccessError):
            settlement.with_user(self.market_manager).action_post()
        settlement.with_user(self.finance_manager).validate_tier()
        for intruder in (self.rebate_salesperson, self.rebate_manager, self.market_manager):
            with self.assertRaises(AccessError):
                settlement.with_user(intruder).action_post()
        for user, values in (
            (self.rebate_manager, {"state": "posted"}),
            (self.rebate_manager, {"amount": 1.0}),
            (self.accountant, {"state": "cancel"}),
            (self.accountant, {"formula": "0 t"}),
        ):
            with self.assertRaises(AccessError):
                settlement.with_user(user).write(values)
        with self.assertRaises(AccessError):
            settlement.line_ids[:1].with_user(self.rebate_manager).write({"amount": 1.0})
        with self.assertRaises(AccessError):
            self.env["dealer.rebate.settlement"].with_user(self.rebate_manager).create(
                {"name": "手工", "partner_id": self.dealer.id}
            )
        settlement.with_user(self.accountant).action_post()
        for intruder in (self.rebate_salesperson, self.rebate_manager):
            with self.assertRaises(AccessError):
                settlement.with_user(intruder).action_cancel()
        self.assertEqual((settlement.state, settlement.amount), ("posted", 11200))

    def test_q9_salespeople_read_their_own_dealers_settlements_only(self):
        """Q-9: the dealer's salesperson reads its settlement; another salesperson does not."""
        settlement = self._settle("month", APRIL, self.dealer)[0]
        settlement.with_user(self.rebate_salesperson).check_access("read")
        with self.assertRaises(AccessError):
            settlement.with_user(self.other_rebate_salesperson).check_access("read")
        with self.assertRaises(AccessError):
            settlement.with_user(self.rebate_salesperson).write({"note": "改一下"})
        settlement.with_user(self.rebate_manager).write({"note": "已核对"})

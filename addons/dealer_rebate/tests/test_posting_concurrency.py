from contextlib import contextmanager
from datetime import date
from unittest.mock import patch

from dateutil.relativedelta import relativedelta

from odoo import SUPERUSER_ID, api
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger

from odoo.addons.dealer_rebate.models import dealer_rebate_settlement

FIRST_MONTH = date(2035, 1, 1)  # far from the demo quarter and the other tests' periods


@tagged("post_install", "-at_install")
class TestPostingConcurrency(TransactionCase):
    """DR-16 / Q-12 / Q-14 on committed data, with real database transactions.

    The other tests run inside one transaction that is rolled back; here two
    transactions post at the same time, and the scheduler's own runner commits
    each batch, so the fixtures are committed on their own cursor and removed
    at the end.
    """

    def setUp(self):
        super().setUp()
        self.settlement_ids, self.move_ids = [], []
        self.addCleanup(self._remove_committed_fixtures)

    @contextmanager
    def _transaction(self):
        """A new database transaction (not the test's), as the accountant; committed by the caller."""
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            yield env(user=env.ref("base.user_admin"))

    def _commit_approved_settlements(self, count):
        with self._transaction() as env:
            policy = env.ref("dealer_rebate.dealer_rebate_policy_demo")
            dealer = env.ref("dealer_rebate.partner_demo_dealer_kunshan")
            months = [FIRST_MONTH + relativedelta(months=k) for k in range(count)]
            settlements = (
                env["dealer.rebate.settlement"]
                .sudo()
                .with_context(tracking_disable=True)
                .create(
                    [
                        {
                            "name": f"{month:%Y-%m} 并发测试",
                            "partner_id": dealer.id,
                            "company_id": policy.company_id.id,
                            "policy_id": policy.id,
                            "component": "base_freight",
                            "period_type": "month",
                            "period": f"{month:%Y-%m}",
                            "date_from": month,
                            "date_to": month + relativedelta(months=1, days=-1),
                            "tons": 10.0 + index,
                            "amount": 1400.0 + 140 * index,
                            "formula": f"{10 + index} t × (100 + 40)",
                            "state": "approved",
                        }
                        for index, month in enumerate(months)
                    ]
                )
            )
            self.settlement_ids = settlements.ids
        return self.settlement_ids

    def _remove_committed_fixtures(self):
        with self.registry.cursor() as cr:
            cr.execute("SELECT move_id FROM dealer_rebate_settlement WHERE id = ANY(%s)", [self.settlement_ids])
            move_ids = [row[0] for row in cr.fetchall() if row[0]]
            cr.execute("DELETE FROM dealer_rebate_settlement WHERE id = ANY(%s)", [self.settlement_ids])
            cr.execute("DELETE FROM account_move WHERE id = ANY(%s)", [move_ids])

    def _committed_states(self):
        with self._transaction() as env:
            settlements = env["dealer.rebate.settlement"].browse(self.settlement_ids)
            moves = env["account.move"].search([("ref", "in", settlements.mapped("name"))])
            return {s.id: (s.state, s.move_id.id) for s in settlements}, moves

    def test_q12_two_transactions_posting_the_same_settlement_make_one_entry(self):
        """The second accountant, posting while the first one's transaction is open, is refused; after
        the first one commits, a new attempt finds it posted; the scheduled job skips it meanwhile."""
        [settlement_id] = self._commit_approved_settlements(1)
        with self._transaction() as first, self._transaction() as second:
            first["dealer.rebate.settlement"].browse(settlement_id).action_post()
            settlement = second["dealer.rebate.settlement"].browse(settlement_id)
            with self.assertRaisesRegex(UserError, "being posted by someone else"):
                settlement.action_post()
            second["dealer.rebate.settlement"]._post_batch(settlement)
            self.assertFalse(
                second["account.move"].search_count([("ref", "=", settlement.name)]), "the job skips it too"
            )
            second.cr.rollback()
            # the first accountant's request ends: two real transactions on this worker's own database, so the
            # test commits as the server would at the end of a request (not a batch job: no _commit_progress)
            first.cr.commit()
            with self.assertRaisesRegex(UserError, "already posted"):
                settlement.action_post()
        states, moves = self._committed_states()
        self.assertEqual(len(moves), 1, "exactly one journal entry")
        self.assertEqual(states, {settlement_id: ("posted", moves.id)})

    def test_q14_failure_in_the_middle_of_the_job_posts_the_rest_once(self):
        """The scheduler posts in committed batches (of 2 here); the second batch fails once: the first
        stays posted, the scheduler's next run posts the rest, and nothing is posted twice."""
        ids = self._commit_approved_settlements(5)
        post_locked = dealer_rebate_settlement.DealerRebateSettlement._post_locked
        seen_at_failure = []

        def post_failing_once(settlements):
            if ids[2] in settlements.ids and not seen_at_failure:
                seen_at_failure.append(self._committed_states()[0])
                raise RuntimeError("injected failure in the middle of the job")
            return post_locked(settlements)

        cron = self.env.ref("dealer_rebate.ir_cron_post_approved_settlements")
        with (
            patch.object(dealer_rebate_settlement, "POST_BATCH_SIZE", 2),
            patch.object(dealer_rebate_settlement.DealerRebateSettlement, "_post_locked", post_failing_once),
            mute_logger("odoo.addons.base.models.ir_cron"),
            self._transaction() as env,
        ):
            env["ir.cron"].browse(cron.id).method_direct_trigger()
        [at_failure] = seen_at_failure
        self.assertEqual(
            [at_failure[i][0] for i in ids],
            ["posted", "posted", "approved", "approved", "approved"],
            "the first batch was committed before the failure",
        )
        states, moves = self._committed_states()
        self.assertEqual({state for state, _move in states.values()}, {"posted"})
        self.assertEqual(len(moves), 5, "one entry per settlement, none twice")
        self.assertEqual({move for _state, move in states.values()}, set(moves.ids))

from odoo.exceptions import UserError, ValidationError
from odoo.tests import TransactionCase, tagged

from .common import APRIL, DealerRebateCase


@tagged("post_install", "-at_install")
class TestRebatePolicy(DealerRebateCase, TransactionCase):
    def _policy(self, **values):
        return self.env["dealer.rebate.policy"].create(
            {"name": "2027", "date_from": "2027-01-01", "date_to": "2027-12-31", **values}
        )

    def test_x2_dr8_defaults_are_the_seed_numbers(self):
        """X-2 / DR-8 … DR-10 / DR-14: a new policy carries the seed's example numbers."""
        policy = self._policy()
        self.assertEqual(
            (policy.base_rate, policy.freight_rate, policy.completion_rate, policy.exclusive_rate),
            (100, 40, 30, 50),
        )
        self.assertEqual((policy.reduced_exclusive_rate, policy.competitor_threshold_pct), (10, 20))
        self.assertEqual((policy.completion_period, policy.tons_source), ("quarter", "invoices"))
        self.assertEqual(policy.journal_id.code, "REB")
        self.assertEqual(policy.journal_id.type, "general")

    def test_q8_negative_rates_refused(self):
        """Q-8 / X-2: a negative rate is refused with a message naming it."""
        for field in ("base_rate", "freight_rate", "completion_rate", "exclusive_rate", "reduced_exclusive_rate"):
            with self.assertRaisesRegex(ValidationError, "cannot be negative"), self.env.cr.savepoint():
                self._policy(**{field: -1})
        with self.assertRaisesRegex(ValidationError, "between 0 and 100"), self.env.cr.savepoint():
            self._policy(competitor_threshold_pct=120)

    def test_q8_end_before_start_refused(self):
        """Q-8: a policy ending before it starts is refused."""
        with self.assertRaisesRegex(ValidationError, "ends before it starts"), self.env.cr.savepoint():
            self._policy(date_from="2027-12-31", date_to="2027-01-01")

    def test_x2_overlapping_policies_of_one_company_refused(self):
        """X-2: one policy per company and day; another company may have its own."""
        with self.assertRaisesRegex(ValidationError, "overlaps"), self.env.cr.savepoint():
            self._policy(date_from="2026-12-01", date_to="2027-06-30")
        other = self.env["res.company"].create({"name": "子公司"})
        policy = self._policy(date_from="2026-06-01", company_id=other.id)
        self.assertEqual(policy.company_id, other)
        self.assertFalse(policy.expense_account_id)  # no chart of accounts in the new company yet

    def test_dr11_conduct_table_is_data_with_the_seed_values(self):
        """DR-11: six deductions (0.2, 0.2, 0.1, 0.05, 0.02, 0.05), the first two doubling on repeat."""
        types = self.env["dealer.conduct.type"].search([("company_id", "=", False)])
        self.assertEqual(types.mapped("coefficient"), [0.2, 0.2, 0.1, 0.05, 0.02, 0.05])
        self.assertEqual(types.filtered("repeat_doubles"), self.cross_region | self.price_cutting)
        with self.assertRaisesRegex(ValidationError, "between 0 and 1"):
            self.cross_region.coefficient = 1.5
        with self.assertRaisesRegex(ValidationError, "between 0 and 1"):
            self.cross_region.coefficient = -0.1

    def test_dr7_negative_category_weight_refused(self):
        """DR-7 / Q-8: a category weight cannot be negative."""
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            self.policy.category_weight_ids = [(0, 0, {"categ_id": self.feed_category.id, "weight": -2})]

    def test_q13_a_policy_with_settlements_is_archived_not_deleted(self):
        """Q-13 / DR-13: the policy a settlement was computed under cannot be deleted, only archived."""
        self._invoice(self.dealer, "2026-04-15", [(self.feed, 10, None)])
        self._settle("month", APRIL, self.dealer)
        with self.assertRaisesRegex(UserError, "archive it"):
            self.policy.with_user(self.rebate_manager).unlink()
        self.policy.with_user(self.rebate_manager).action_archive()
        self.assertFalse(self.policy.active)

    def test_dr16_a_branch_company_shares_the_rebate_journal_of_its_root(self):
        """DR-16 / Q-3: a branch (Odoo 19) shares its root company's journals: it gets no REB journal of its own,
        and its policy posts in the root's (Odoo's account tests expect a branch to have the root's journals)."""
        root_journal = self.env["account.journal"].search([("company_id", "=", self.company.id), ("code", "=", "REB")])
        self.assertEqual(len(root_journal), 1)
        branch = self.env["res.company"].create({"name": "苏州分公司", "parent_id": self.company.id})
        self.env["dealer.rebate.policy"]._dr_create_rebate_journals()
        self.assertFalse(self.env["account.journal"].search([("company_id", "=", branch.id), ("code", "=", "REB")]))
        policy = self.env["dealer.rebate.policy"].create(
            {"name": "分公司 2026", "company_id": branch.id, "date_from": "2026-01-01", "date_to": "2026-12-31"}
        )
        self.assertEqual(policy.journal_id, root_journal)

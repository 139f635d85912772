from odoo.tests import TransactionCase, freeze_time, tagged

from .common import APRIL, JUNE, MANAGER, MAY, DealerRebateCase


@tagged("post_install", "-at_install")
class TestDealerCronCompanies(DealerRebateCase, TransactionCase):
    """X-6 / DR-16 / DR-20 / DR-21: the scheduled jobs run company by company; one company's run reads and
    writes nothing of the other company."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b = cls.env["res.company"].create({"name": "华南饲料有限公司"})
        cls.env.user.company_ids |= cls.company_b
        cls.sales_manager.group_ids |= cls.env.ref(MANAGER)

    def test_dr16_posting_run_of_another_company_posts_nothing_of_this_one(self):
        """DR-16 / X-6: company B's posting run leaves company A's approved settlement approved; A's run posts it."""
        self._q2_volumes(self.dealer)
        settlements = self._settle("month", APRIL, self.dealer)[0]
        self._approve(settlements)
        Settlement = self.env["dealer.rebate.settlement"]
        Settlement._post_company_approved(self.company_b)
        self.assertEqual(set(settlements.mapped("state")), {"approved"})
        self.assertFalse(settlements.move_id)
        Settlement._post_company_approved(self.company)
        self.assertEqual(set(settlements.mapped("state")), {"posted"})

    def test_dr21_award_run_of_a_company_awards_its_own_sub_distributors(self):
        """DR-21 / X-6: the same dealer's sub-distributors in two companies: A's run awards A's purchases only."""
        Sub = self.env["dealer.sub.distributor"]
        sub_a = Sub.create({"name": "川沙镇张记饲料店", "partner_id": self.dealer.id})
        sub_b = Sub.with_company(self.company_b).create(
            {"name": "番禺区李记饲料店", "partner_id": self.dealer.id, "company_id": self.company_b.id}
        )
        Purchase = self.env["dealer.sub.distributor.purchase"]
        purchase_a = Purchase.create({"sub_distributor_id": sub_a.id, "date": MAY, "tons": 5, "source": "card"})
        purchase_b = Purchase.create({"sub_distributor_id": sub_b.id, "date": MAY, "tons": 8, "source": "card"})
        self.assertEqual(purchase_b.company_id, self.company_b)
        Award = self.env["dealer.sub.distributor.award"]
        awards_a = Award._award_quarter(self.company, JUNE)
        self.assertEqual(awards_a.sub_distributor_id, sub_a)
        self.assertFalse(purchase_b.award_id, "company A's run leaves company B's purchases alone")
        awards_b = Award.with_company(self.company_b)._award_quarter(self.company_b, JUNE)
        self.assertEqual((awards_b.sub_distributor_id, awards_b.company_id, awards_b.tons), (sub_b, self.company_b, 8))
        self.assertEqual(purchase_a.award_id, awards_a)

    def test_dr20_plan_run_of_a_company_prepares_its_own_dealers(self):
        """DR-20 / X-6: company A's run prepares the plans of A's and shared dealers, not of company B's."""
        dealer_b = self._make_dealer("广州饲料经销部")
        dealer_b.company_id = self.company_b
        Plan = self.env["dealer.distribution.plan"]
        with freeze_time("2026-05-22"):
            Plan._prepare_next_month(self.company)
        plans = Plan.search([("month", "=", JUNE), ("partner_id", "in", (self.dealer | dealer_b).ids)])
        self.assertEqual(plans.partner_id, self.dealer)
        self.assertEqual(plans.company_id, self.company)

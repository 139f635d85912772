from datetime import date

from odoo import Command
from odoo.tests import new_test_user

from odoo.addons.customer_comm.tests.common import CustomerCommCase

USER = "dealer_rebate.dealer_rebate_group_user"
MANAGER = "dealer_rebate.dealer_rebate_group_manager"
ACCOUNTANT = "account.group_account_invoice"

APRIL, MAY, JUNE = date(2026, 4, 1), date(2026, 5, 1), date(2026, 6, 1)


class DealerRebateCase(CustomerCommCase):
    """Fixtures of the seed's worked examples (seed 000, 经销商目标责任制): a dealer of a salesperson,
    the approvers of X-3, the seed's policy, feed sold by the tonne, the kilogram and the bag."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rebate_salesperson = new_test_user(cls.env, login="dr_sales", groups=USER, name="周业务")
        cls.other_rebate_salesperson = new_test_user(cls.env, login="dr_sales2", groups=USER, name="吴业务")
        cls.rebate_manager = new_test_user(cls.env, login="dr_manager", groups=MANAGER, name="郑内勤")
        cls.regional_manager = new_test_user(cls.env, login="dr_regional", groups=USER, name="冯片区")
        cls.market_manager = new_test_user(cls.env, login="dr_market", groups=USER, name="陈市场")
        cls.finance_manager = new_test_user(
            cls.env, login="dr_finance_mgr", groups=f"{USER},{ACCOUNTANT}", name="褚财务经理"
        )
        cls.accountant = new_test_user(cls.env, login="dr_accountant", groups=ACCOUNTANT, name="卫会计")
        cls.env["customer.role.assignment"].create(
            [
                {"user_id": cls.regional_manager.id, "role": "regional_manager", "region_id": cls.area.id},
                {"user_id": cls.market_manager.id, "role": "market_manager"},
                {"user_id": cls.finance_manager.id, "role": "finance_manager"},
            ]
        )
        Account = cls.env["account.account"]
        cls.expense_account = Account.create({"code": "660199", "name": "经销商返利", "account_type": "expense"})
        cls.payable_account = Account.create(
            {"code": "224199", "name": "应付经销商返利", "account_type": "liability_payable", "reconcile": True}
        )
        Policy = cls.env["dealer.rebate.policy"]
        # the demo policy has posted settlements: archived, it no longer applies
        Policy.search([("company_id", "=", cls.company.id)]).write({"active": False})
        cls.env["dealer.rebate.policy"]._dr_create_rebate_journals()
        cls.policy = Policy.create(
            {
                "name": "2026 目标责任制",
                "date_from": "2026-01-01",
                "date_to": "2026-12-31",
                "expense_account_id": cls.expense_account.id,
                "payable_account_id": cls.payable_account.id,
            }
        )
        cls.tonne = cls.env.ref("uom.product_uom_ton")
        cls.kilogram = cls.env.ref("uom.product_uom_kgm")
        cls.unit = cls.env.ref("uom.product_uom_unit")
        cls.feed_category = cls.env["product.category"].create({"name": "全价料"})
        cls.concentrate_category = cls.env["product.category"].create({"name": "浓缩料"})
        Product = cls.env["product.product"]
        cls.feed = Product.create(
            {
                "name": "猪全价料",
                "type": "consu",
                "uom_id": cls.tonne.id,
                "categ_id": cls.feed_category.id,
                "list_price": 3000.0,
                "taxes_id": False,
            }
        )
        cls.feed_kg = Product.create(
            {
                "name": "鸡全价料（公斤）",
                "type": "consu",
                "uom_id": cls.kilogram.id,
                "categ_id": cls.feed_category.id,
                "list_price": 3.0,
                "taxes_id": False,
            }
        )
        cls.feed_bag = Product.create(
            {
                "name": "鱼料 40 公斤/袋",
                "type": "consu",
                "uom_id": cls.unit.id,
                "weight": 40.0,
                "categ_id": cls.feed_category.id,
                "list_price": 120.0,
                "taxes_id": False,
            }
        )
        cls.no_weight = Product.create(
            {
                "name": "添加剂（未设重量）",
                "type": "consu",
                "uom_id": cls.unit.id,
                "categ_id": cls.feed_category.id,
                "list_price": 50.0,
                "taxes_id": False,
            }
        )
        cls.cross_region = cls.env.ref("dealer_rebate.dealer_conduct_type_cross_region")
        cls.price_cutting = cls.env.ref("dealer_rebate.dealer_conduct_type_price_cutting")
        cls.dealer = cls._make_dealer("苏州饲料经销部")

    @classmethod
    def _make_dealer(cls, name, exclusive=True, salesperson=None):
        dealer = cls.env["res.partner"].create(
            {
                "name": name,
                "is_company": True,
                "user_id": (salesperson or cls.rebate_salesperson).id,
                "cc_region_id": cls.district.id,
                "cc_channel_type": "dealer",
                "dr_target_system": True,
                "dr_exclusive": exclusive,
            }
        )
        dealer.sudo().write({"dr_status": "active"})
        return dealer

    @classmethod
    def _invoice(cls, partner, day, lines, refund=False, post=True):
        """A customer invoice (or credit note) of ``lines`` = [(product, quantity, uom or None)]."""
        move = cls.env["account.move"].create(
            {
                "move_type": "out_refund" if refund else "out_invoice",
                "partner_id": partner.id,
                "invoice_date": day,
                "date": day,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": product.id,
                            "quantity": quantity,
                            "product_uom_id": (uom or product.uom_id).id,
                            "price_unit": 100.0,
                            "tax_ids": [Command.clear()],
                        }
                    )
                    for product, quantity, uom in lines
                ],
            }
        )
        if post:
            move.action_post()
        return move

    @classmethod
    def _q2_volumes(cls, partner):
        """Seed 000: Q2 actuals 80, 135, 170 t against targets 100, 120, 130 t."""
        for day, tons in ((date(2026, 4, 15), 80), (date(2026, 5, 15), 135), (date(2026, 6, 15), 170)):
            cls._invoice(partner, day, [(cls.feed, tons, None)])
        cls.env["dealer.target"].create(
            [
                {"partner_id": partner.id, "month": month, "target_tons": tons}
                for month, tons in ((APRIL, 100), (MAY, 120), (JUNE, 130))
            ]
        )

    def _score_month(self, partner, month, conduct_types=(), approve=True):
        """DR-12: the salesperson records the month's violations and submits; the chain approves."""
        Violation = self.env["dealer.violation"].with_user(self.rebate_salesperson)
        for index, conduct_type in enumerate(conduct_types):
            Violation.create(
                {
                    "partner_id": partner.id,
                    "conduct_type_id": conduct_type.id,
                    "date": month.replace(day=10 + index),
                    "description": "巡查发现",
                }
            )
        score = (
            self.env["dealer.month.score"]
            .with_user(self.rebate_salesperson)
            .create({"partner_id": partner.id, "month": month})
        )
        score.action_submit()
        if approve:
            score.with_user(self.regional_manager).validate_tier()
            score.with_user(self.market_manager).validate_tier()
        return score

    def _settle(self, period_type, day, partners=None):
        """DR-13: the rebate manager computes the period; the records are returned to the test's env."""
        settlements, skipped = (
            self.env["dealer.rebate.settlement"]
            .with_user(self.rebate_manager)
            ._generate(self.policy.with_user(self.rebate_manager), period_type, day, partners)
        )
        return settlements.with_env(self.env), skipped

    def _approve(self, settlements):
        settlements.with_user(self.rebate_manager).action_submit()
        for settlement in settlements:
            settlement.with_user(self.market_manager).validate_tier()
            settlement.with_user(self.finance_manager).validate_tier()

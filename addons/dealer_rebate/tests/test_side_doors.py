from datetime import date

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, TransactionCase, freeze_time, new_test_user, tagged

from odoo.addons.customer_comm.tests.common_rpc import JsonRpcMixin

from .common import MANAGER, MAY, DealerRebateCase

ACCESS_ERROR = "odoo.exceptions.AccessError"
USER_ERROR = "odoo.exceptions.UserError"


@tagged("post_install", "-at_install")
class TestSideDoorsRpc(JsonRpcMixin, DealerRebateCase, HttpCase):
    """X-3 / DR-6 / DR-11 … DR-14 / DR-24: what the forms do not offer is refused over JSON-RPC too."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.internal_user = new_test_user(cls.env, login="dr_internal", groups="base.group_user", name="孙职员")

    def test_x3_dr11_award_not_sent_for_approval_around_its_checks(self):
        """X-3 / DR-11: the engine's request over RPC runs the award's submission checks: a salesperson
        cannot send it, a manager cannot send an award to a dealer with too many violations."""
        award = (
            self.env["dealer.award"]
            .with_user(self.rebate_manager)
            .create(
                {
                    "partner_id": self.dealer.id,
                    "award_type": "excellent",
                    "date": date(2026, 12, 20),
                    "title": "优秀经销商",
                    "reason": "全年无违规",
                }
            )
        )
        reply = self.call_kw("dr_sales", "dealer.award", "request_validation", [award.ids])
        self.assertRpcRefused(reply, ACCESS_ERROR, "Only a dealer rebate manager")
        self.assertFalse(award.review_ids)
        for index in range(4):
            self.env["dealer.violation"].create(
                {
                    "partner_id": self.dealer.id,
                    "conduct_type_id": self.cross_region.id,
                    "date": date(2026, 3, 1 + index),
                }
            )
        reply = self.call_kw("dr_manager", "dealer.award", "request_validation", [award.ids])
        self.assertRpcRefused(reply, USER_ERROR, "not eligible")
        self.assertFalse(award.review_ids)

    def test_x3_dr12_month_score_submitted_by_its_salesperson_only(self):
        """X-3 / DR-12: the request over RPC runs the submission's checks: the approver, who reads the
        submitted score but is not its salesperson, cannot ask for it again."""
        score = (
            self.env["dealer.month.score"]
            .with_user(self.rebate_salesperson)
            .create({"partner_id": self.dealer.id, "month": MAY})
        )
        reply = self.call_kw("dr_manager", "dealer.month.score", "request_validation", [score.ids])
        self.assertNotIn("error", reply, "a manager submits for the salesperson")
        reviews = score.review_ids
        self.assertTrue(reviews)
        self.assertTrue(score.with_user(self.regional_manager).has_access("read"), "the approver reads the score")
        reply = self.call_kw("dr_regional", "dealer.month.score", "request_validation", [score.ids])
        self.assertRpcRefused(reply, ACCESS_ERROR)
        score.invalidate_recordset(["review_ids"])
        self.assertEqual(score.review_ids, reviews)

    def test_dr24_simulation_figures_not_read_by_any_internal_user(self):
        """DR-24: the projected bonus is refused to an internal user outside the dealer rebate app, and
        empty for a salesperson who is not the dealer's."""
        reply = self.call_kw(
            "dr_internal", "res.partner", "read", [self.dealer.ids], {"fields": ["dr_sim_projected_bonus"]}
        )
        self.assertRpcRefused(reply, ACCESS_ERROR)
        self._q2_volumes(self.dealer)
        with freeze_time("2026-05-31"):
            own = self.dealer.with_user(self.rebate_salesperson).dr_sim_projected_bonus
            other = self.dealer.with_user(self.other_rebate_salesperson).dr_sim_projected_bonus
        self.assertGreater(own, 0)
        self.assertFalse(other)

    def test_dr14_salesperson_cannot_make_their_dealer_exclusive(self):
        """DR-14: exclusivity is worth 50/t: the dealer's own salesperson cannot set it, a manager can."""
        dealer = self._make_dealer("无锡饲料经销部", exclusive=False)
        reply = self.call_kw("dr_sales", "res.partner", "write", [dealer.ids, {"dr_exclusive": True}])
        self.assertRpcRefused(reply, ACCESS_ERROR)
        self.assertFalse(dealer.dr_exclusive)
        reply = self.call_kw("dr_sales", "res.partner", "write", [dealer.ids, {"dr_target_system": False}])
        self.assertRpcRefused(reply, ACCESS_ERROR)
        reply = self.call_kw("dr_manager", "res.partner", "write", [dealer.ids, {"dr_exclusive": True}])
        self.assertNotIn("error", reply)
        self.assertTrue(dealer.dr_exclusive)

    def test_dr11_market_departments_violation_kept_from_the_salesperson(self):
        """DR-11: a cross-region violation recorded by the market department is neither re-typed to a
        lighter one nor deleted by the dealer's salesperson; its recorder changes it."""
        violation = (
            self.env["dealer.violation"]
            .with_user(self.market_manager)
            .create({"partner_id": self.dealer.id, "conduct_type_id": self.cross_region.id, "date": MAY})
        )
        lighter = self.env.ref("dealer_rebate.dealer_conduct_type_information")
        reply = self.call_kw("dr_sales", "dealer.violation", "write", [violation.ids, {"conduct_type_id": lighter.id}])
        self.assertRpcRefused(reply, ACCESS_ERROR)
        reply = self.call_kw("dr_sales", "dealer.violation", "unlink", [violation.ids])
        self.assertRpcRefused(reply, ACCESS_ERROR)
        self.assertEqual(violation.conduct_type_id, self.cross_region)
        reply = self.call_kw(
            "dr_sales",
            "dealer.violation",
            "create",
            [{"partner_id": self.dealer.id, "conduct_type_id": lighter.id, "user_id": self.market_manager.id}],
        )
        self.assertRpcRefused(reply, ACCESS_ERROR)
        reply = self.call_kw("dr_market", "dealer.violation", "write", [violation.ids, {"description": "复核"}])
        self.assertNotIn("error", reply)

    def test_dr14_inspected_competitor_volume_kept_from_the_salesperson(self):
        """DR-14: the competing volume found by an inspection is not set to 0 by the dealer's salesperson."""
        volume = (
            self.env["dealer.competitor.volume"]
            .with_user(self.market_manager)
            .create({"partner_id": self.dealer.id, "date": MAY, "tons": 80, "source": "inspection"})
        )
        reply = self.call_kw("dr_sales", "dealer.competitor.volume", "write", [volume.ids, {"tons": 0}])
        self.assertRpcRefused(reply, ACCESS_ERROR)
        self.assertEqual(volume.tons, 80)
        reply = self.call_kw("dr_manager", "dealer.competitor.volume", "write", [volume.ids, {"tons": 60}])
        self.assertNotIn("error", reply)
        self.assertEqual(volume.tons, 60)

    def test_dr6_target_of_an_ended_month_changed_by_a_manager_only(self):
        """DR-6: once May is over its target is not lowered by the salesperson; a manager's change is tracked."""
        with freeze_time("2026-05-20"):
            target = (
                self.env["dealer.target"]
                .with_user(self.rebate_salesperson)
                .create({"partner_id": self.dealer.id, "month": MAY, "target_tons": 120})
            )
            target.with_user(self.rebate_salesperson).target_tons = 110  # May is still running
        with freeze_time("2026-06-02"):
            reply = self.call_kw("dr_sales", "dealer.target", "write", [target.ids, {"target_tons": 10}])
            self.assertRpcRefused(reply, ACCESS_ERROR)
            self.assertEqual(target.target_tons, 110)
            reply = self.call_kw("dr_manager", "dealer.target", "write", [target.ids, {"target_tons": 100}])
            self.assertNotIn("error", reply)
        self.assertEqual(target.target_tons, 100)
        tracked = target.sudo().message_ids.tracking_value_ids.filtered(
            lambda value: value.field_id.name == "target_tons"
        )
        self.assertIn(100, tracked.mapped("new_value_float"))

    def test_dr12_month_score_not_handed_to_another_user(self):
        """DR-12: the salesperson cannot hand their month score to someone else; an approved month is locked."""
        score = (
            self.env["dealer.month.score"]
            .with_user(self.rebate_salesperson)
            .create({"partner_id": self.dealer.id, "month": MAY})
        )
        reply = self.call_kw(
            "dr_sales", "dealer.month.score", "write", [score.ids, {"user_id": self.other_rebate_salesperson.id}]
        )
        self.assertRpcRefused(reply, ACCESS_ERROR)
        self.assertEqual(score.user_id, self.rebate_salesperson)
        approved = self._score_month(self.dealer, date(2026, 4, 1))
        reply = self.call_kw(
            "dr_manager",
            "dealer.month.score",
            "write",
            [approved.ids, {"note": "改"}],
            {"context": {"skip_validation_check": True}},
        )
        self.assertRpcRefused(reply, USER_ERROR)


@tagged("post_install", "-at_install")
class TestRebateManagerRights(DealerRebateCase, TransactionCase):
    def test_dr5_rebate_manager_without_sales_rights_computes_with_lines_without_tons(self):
        """DR-5 / DR-13: a rebate manager who may not read the dealer's invoices computes the period; the
        lines without tons are listed as labels, and the lines themselves stay closed to them."""
        manager = new_test_user(self.env, login="dr_manager_only", groups=MANAGER, name="钱返利")
        no_weight = self.env["product.product"].create({"name": "无重量赠品", "type": "consu", "taxes_id": False})
        invoice = self._invoice(self.dealer, MAY, [(self.feed, 4, None), (no_weight, 5, None)])
        invoice.invoice_user_id = self.other_rebate_salesperson
        line = invoice.invoice_line_ids.filtered(lambda move_line: move_line.product_id == no_weight)
        settlements, _skipped = (
            self.env["dealer.rebate.settlement"]
            .with_user(manager)
            ._generate(self.policy.with_user(manager), "month", MAY, self.dealer)
        )
        settlement = settlements.filtered(lambda s: s.partner_id == self.dealer)[:1]
        self.assertEqual(settlement.sudo().unconvertible_line_ids, line)
        self.assertIn(no_weight.display_name, settlement.with_user(manager).unconvertible_summary)
        with self.assertRaises(AccessError):
            line.with_user(manager).read(["price_unit", "partner_id"])

from contextlib import contextmanager
from datetime import date

from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, TransactionCase, freeze_time, tagged
from odoo.tools import mute_logger

from .common import APRIL, JUNE, MAY, DealerRebateCase


@tagged("post_install", "-at_install")
class TestSettlement(DealerRebateCase, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._q2_volumes(cls.dealer)

    def _completion(self):
        settlements, skipped = self._settle("quarter", MAY, self.dealer)
        self.assertFalse(skipped)
        return settlements.filtered(lambda s: s.component == "completion")

    def test_dr9_month_base_rebate_and_freight_11200(self):
        """DR-8 / DR-9: April, 80 t sold (target 100 t) at base 100 + freight 40 → 11,200."""
        settlements, _skipped = self._settle("month", APRIL, self.dealer)
        self.assertEqual(settlements.component, "base_freight")
        self.assertEqual(settlements.tons, 80)
        self.assertEqual(settlements.amount, 11200)
        self.assertIn("80 t × (100 + 40)", settlements.formula)
        self.assertEqual(sorted(settlements.line_ids.mapped("amount")), [0, 3200, 8000])

    def test_dr10_q2_completion_bonus_without_violation_12705(self):
        """DR-10: Q2 targets 100/120/130 t, actuals 80/135/170 t, ratio 1.10, rate 30 → 12,705."""
        for month in (APRIL, MAY, JUNE):
            self._score_month(self.dealer, month)
        completion = self._completion()
        self.assertEqual((completion.tons, completion.target_tons), (385, 350))
        self.assertEqual(completion.completion_ratio, 1.1)
        self.assertEqual(completion.amount, 12705)
        self.assertIn("385 t × 30 × 1.10", completion.formula)
        volumes = completion.line_ids.filtered(lambda line: line.line_type == "volume")
        self.assertEqual(volumes.mapped("tons"), [80, 135, 170])
        self.assertEqual(volumes.mapped("target_tons"), [100, 120, 130])
        self.assertFalse(completion.unscored_months)

    def test_dr10_one_cross_region_shipment_10395(self):
        """DR-10 / DR-11: one cross-region shipment in an approved month → 385 × 30 × (1.10 − 0.2) = 10,395."""
        self._score_month(self.dealer, APRIL)
        self._score_month(self.dealer, MAY, [self.cross_region])
        self._score_month(self.dealer, JUNE)
        completion = self._completion()
        self.assertEqual(completion.amount, 10395)
        self.assertIn("385 t × 30 × (1.10 − 0.20)", completion.formula)
        deduction = completion.line_ids.filtered(lambda line: line.line_type == "deduction")
        self.assertEqual((deduction.month, deduction.coefficient), (MAY, 0.2))

    def test_dr17_statement_shows_every_term_in_chinese(self):
        """DR-17: the dealer statement prints each component with its terms, the deduction with its month and
        evidence, the invoices counted and what was paid before, in Chinese; it renders as a PDF."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["dealer_rebate"], ["zh_CN"], overwrite=True)
        self.company.partner_id.lang = "zh_CN"
        self._score_month(self.dealer, APRIL)
        self._score_month(self.dealer, MAY, [self.cross_region])
        self._score_month(self.dealer, JUNE)
        completion = self._completion()
        report = self.env["ir.actions.report"].with_user(self.rebate_manager)
        html = report._render_qweb_html("dealer_rebate.dealer_statement_report_action", completion.ids)[0].decode()
        for text in (
            "返利对账单",
            "385 t × 30 × (1.10 − 0.20)",
            "10,395.00",
            "巡查发现",
            "已计入的发票",
            "本期之前已付",
        ):
            self.assertIn(text, html)
        self.assertEqual(html.count("INV/"), 3, "the three invoices of the quarter")
        for english in ("Invoices counted", "Shipping outside the territory", "Draft"):
            self.assertNotIn(english, html)
        pdf, kind = report.with_context(force_report_rendering=True)._render_qweb_pdf(
            "dealer_rebate.dealer_statement_report_action", completion.ids
        )
        self.assertEqual((kind, pdf[:4]), ("pdf", b"%PDF"))

    def test_dr17_statement_tons_per_invoice_amounts_not_final_and_posted_before(self):
        """DR-17: the statement gives the tons of each invoice counted, marks the amounts that may still
        change, and says of what was settled before whether it is paid or only posted."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["dealer_rebate"], ["zh_CN"], overwrite=True)
        self.company.partner_id.lang = "zh_CN"
        april, _skipped = self._settle("month", APRIL, self.dealer)
        self._approve(april)
        april.with_user(self.accountant).action_post()
        may, _skipped = self._settle("month", MAY, self.dealer)
        report = self.env["report.dealer_rebate.report_dealer_statement"]
        [statement] = report._statements(may)
        self.assertEqual(statement["paid_before"], april)
        invoices = statement["invoices"]
        self.assertEqual(sum(statement["invoice_tons"].get(invoice.id, 0) for invoice in invoices), 135)
        html = (
            self.env["ir.actions.report"]
            .with_user(self.rebate_manager)
            ._render_qweb_html("dealer_rebate.dealer_statement_report_action", may.ids)[0]
            .decode()
        )
        for text in ("计入吨数", "135.000", "* 未定", "已过账，尚未支付"):
            self.assertIn(text, html)
        self.assertNotIn("已支付", html)

    def test_dr10_cross_region_and_price_cut_8085(self):
        """DR-10 / DR-11: one cross-region shipment and one price cut → 385 × 30 × (1.10 − 0.2 − 0.2) = 8,085."""
        self._score_month(self.dealer, APRIL, [self.cross_region])
        self._score_month(self.dealer, MAY)
        self._score_month(self.dealer, JUNE, [self.price_cutting])
        completion = self._completion()
        self.assertEqual(completion.coefficient, 0.4)
        self.assertEqual(completion.amount, 8085)
        self.assertEqual(
            completion.line_ids.filtered(lambda line: line.line_type == "deduction").mapped("month"), [APRIL, JUNE]
        )

    def test_dr12_only_approved_months_are_deducted(self):
        """DR-12: a violation in a month whose score is not approved is not deducted, and the month is named."""
        self._score_month(self.dealer, APRIL)
        self._score_month(self.dealer, MAY, [self.cross_region], approve=False)
        completion = self._completion()
        self.assertEqual(completion.amount, 12705)
        self.assertEqual(completion.unscored_months, "2026-05, 2026-06")

    def test_dr10_bracket_at_or_below_zero_pays_nothing(self):
        """DR-10: the seeds give no floor; a ratio minus deductions at or below zero pays 0, never negative."""
        dealer = self._make_dealer("低完成经销商")
        self._invoice(dealer, APRIL, [(self.feed, 30, None)])
        self.env["dealer.target"].create(
            [{"partner_id": dealer.id, "month": m, "target_tons": 100} for m in (APRIL, MAY, JUNE)]
        )
        self._score_month(dealer, APRIL, [self.cross_region, self.price_cutting])  # 0.1 − 0.4 < 0
        settlements, _skipped = self._settle("quarter", MAY, dealer)
        completion = settlements.filtered(lambda s: s.component == "completion")
        self.assertEqual(completion.completion_ratio, 0.1)
        self.assertEqual(completion.amount, 0)
        self.assertIn("→ 0", completion.formula)

    def test_dr14_exclusive_bonus_19250(self):
        """DR-14: an exclusive dealer above 100% without competing products → 385 × 50 = 19,250."""
        exclusive = self._settle("quarter", MAY, self.dealer)[0].filtered(lambda s: s.component == "exclusive")
        self.assertEqual(exclusive.amount, 19250)

    def test_dr14_competitor_share_exactly_20_percent_gets_the_reduced_rate(self):
        """DR-14: competing volume of exactly 20% is not above the threshold: at most 10/t → 3,850;
        above 20% there is no exclusive bonus."""
        Volume = self.env["dealer.competitor.volume"].with_user(self.rebate_salesperson)
        volume = Volume.create({"partner_id": self.dealer.id, "date": MAY, "tons": 77, "source": "inspection"})
        exclusive = self._settle("quarter", MAY, self.dealer)[0].filtered(lambda s: s.component == "exclusive")
        self.assertEqual((exclusive.rate, exclusive.amount), (10, 3850))
        volume.tons = 77.5
        exclusive = self._settle("quarter", MAY, self.dealer)[0].filtered(lambda s: s.component == "exclusive")
        self.assertEqual(exclusive.amount, 0)

    def test_dr14_no_competitor_but_not_above_100_percent_gets_nothing(self):
        """DR-14: without competing products but at exactly 100% completion, no exclusive bonus."""
        dealer = self._make_dealer("刚好完成经销商")
        self._invoice(dealer, APRIL, [(self.feed, 300, None)])
        self.env["dealer.target"].create(
            [{"partner_id": dealer.id, "month": m, "target_tons": 100} for m in (APRIL, MAY, JUNE)]
        )
        exclusive = self._settle("quarter", MAY, dealer)[0].filtered(lambda s: s.component == "exclusive")
        self.assertEqual((exclusive.completion_ratio, exclusive.amount), (1.0, 0))
        not_exclusive = self._make_dealer("非专销经销商", exclusive=False)
        self.env["dealer.target"].create([{"partner_id": not_exclusive.id, "month": APRIL, "target_tons": 1}])
        settlements, skipped = self._settle("quarter", MAY, not_exclusive)
        self.assertFalse(settlements)
        self.assertIn("2026-05", skipped[not_exclusive])  # missing targets are reported

    def test_dr13_recomputation_replaces_a_draft_never_an_approved_one(self):
        """DR-13: computing again replaces the draft; an approved settlement stays and is not paid twice."""
        first = self._settle("month", APRIL, self.dealer)[0]
        self._invoice(self.dealer, date(2026, 4, 28), [(self.feed, 20, None)])
        second = self._settle("month", APRIL, self.dealer)[0]
        self.assertFalse(first.exists())
        self.assertEqual(second.amount, 14000)
        self._approve(second)
        self.assertEqual(second.state, "approved")
        third = self._settle("month", APRIL, self.dealer)[0]
        self.assertFalse(third)
        live = self.env["dealer.rebate.settlement"].search(
            [("partner_id", "=", self.dealer.id), ("state", "!=", "cancel")]
        )
        self.assertEqual(live, second)

    def test_dr13_one_live_settlement_per_dealer_period_component(self):
        """DR-13 / Q-12: the unique index refuses a second live settlement even behind the computation."""
        settlement = self._settle("month", APRIL, self.dealer)[0]
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"), self.env.cr.savepoint():
            settlement.sudo().copy({"name": "dup", "date_from": settlement.date_from})

    def test_dr13_wizard_computes_the_month_for_every_dealer(self):
        """DR-13: the manager's wizard computes the month of every dealer under the target system and
        names the ones left out; salespeople cannot compute."""
        Wizard = self.env["dealer.rebate.compute.wizard"]
        form = Form(Wizard.with_user(self.rebate_manager))
        form.settlement_kind = "month"
        form.date = date(2026, 4, 20)
        self.assertEqual(form.policy_id, self.policy)
        action = form.save().action_compute()
        settlement = self.env["dealer.rebate.settlement"].search(action["domain"])
        self.assertEqual((settlement.partner_id, settlement.amount), (self.dealer, 11200))
        wizard = Wizard.with_user(self.rebate_manager).create({"settlement_kind": "completion", "date": MAY})
        self._make_dealer("无目标经销商")
        action = wizard.action_compute()
        self.assertEqual(action["res_model"], Wizard._name)
        self.assertIn("无目标经销商", wizard.result)
        with self.assertRaises(AccessError):
            Wizard.with_user(self.rebate_salesperson).create({"date": MAY}).action_compute()

    def test_dr1_partner_counts_its_settlements(self):
        """DR-1 / Q-4: the dealer's smart buttons count its settlements, targets and violations."""
        self._settle("month", APRIL, self.dealer)
        dealer = self.dealer.with_user(self.rebate_salesperson)
        self.assertEqual((dealer.dr_settlement_count, dealer.dr_target_count), (1, 3))
        action = dealer.action_dr_open_settlements()
        self.assertEqual(action["domain"], [("partner_id", "=", self.dealer.id)])

    def test_dr13_policy_period_mismatch_is_a_clear_error(self):
        """DR-13: a yearly settlement under a quarterly policy is refused."""
        with self.assertRaisesRegex(UserError, "settled by"):
            self._settle("year", MAY, self.dealer)

    def test_q15_query_count_does_not_grow_with_dealers(self):
        """Q-15 / DR-13: computing a quarter costs the same queries for 10 and for 100 dealers."""
        dealers = self.env["res.partner"].create(
            [
                {
                    "name": f"批量经销商{i}",
                    "is_company": True,
                    "user_id": self.rebate_salesperson.id,
                    "dr_target_system": True,
                    "dr_exclusive": bool(i % 2),
                }
                for i in range(115)
            ]
        )
        dealers.sudo().write({"dr_status": "active"})
        self.env["account.move"].create(
            [
                {
                    "move_type": "out_invoice",
                    "partner_id": dealer.id,
                    "invoice_date": MAY,
                    "invoice_line_ids": [
                        (0, 0, {"product_id": self.feed.id, "quantity": 10 + i % 7, "price_unit": 100, "tax_ids": []})
                    ],
                }
                for i, dealer in enumerate(dealers)
            ]
        ).action_post()
        self.env["dealer.target"].create(
            [
                {"partner_id": dealer.id, "month": month, "target_tons": 5}
                for dealer in dealers
                for month in (APRIL, MAY, JUNE)
            ]
        )
        self.env["dealer.violation"].create(
            [{"partner_id": dealer.id, "conduct_type_id": self.cross_region.id, "date": MAY} for dealer in dealers]
        )
        self.env["dealer.month.score"].sudo().create(
            [{"partner_id": dealer.id, "month": MAY, "state": "approved"} for dealer in dealers]
        )
        for period_type in ("month", "quarter"):
            for _warm_up in range(2):  # fill the caches (translations, groups, record rules)
                self._settle(period_type, MAY, dealers[:5])
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            self._settle(period_type, MAY, dealers[5:15])
            self.env.flush_all()
            reference = self.env.cr.sql_log_count - before
            self.env.invalidate_all()
            queries = []
            # 100 dealers: no more queries than 10 (Odoo's counter), one INSERT per table (settlements, terms)
            with self.assertQueryCount(reference), contextmanager(self._patchExecute)(queries):
                settlements, skipped = self._settle(period_type, MAY, dealers[15:])
            self.assertFalse(skipped)
            self.assertEqual(len(settlements), 100 * (1 if period_type == "month" else 1.5))
            inserts = [query for query in queries if str(query).lstrip().upper().startswith("INSERT")]
            self.assertEqual(len(inserts), 2, inserts)


@tagged("post_install", "-at_install")
class TestOutsideTargetSystem(DealerRebateCase, TransactionCase):
    """DR-15: dealers outside the target system are rewarded monthly (seed 000, 总经销管理 3 (1)–(3))."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.plain_dealer = cls._make_dealer("常熟饲料经销部", exclusive=True)
        cls.plain_dealer.dr_target_system = False
        cls._invoice(cls.plain_dealer, date(2026, 4, 20), [(cls.feed, 120, None)])
        cls.env["dealer.target"].create({"partner_id": cls.plain_dealer.id, "month": APRIL, "target_tons": 100})
        cls._q2_volumes(cls.dealer)

    def _components(self, settlements, partner):
        return {s.component: s for s in settlements.filtered(lambda s: s.partner_id == partner)}

    def test_dr15_month_standard_exclusive_and_over_target(self):
        """120 t against a 100 t target: standard 120 × 100, exclusive 120 × 50, over target 20 × 30."""
        settlements, skipped = self._settle("month", APRIL)
        self.assertFalse(skipped)
        plain = self._components(settlements, self.plain_dealer)
        self.assertEqual(set(plain), {"standard", "monthly_exclusive", "over_target"})
        self.assertEqual(plain["standard"].amount, 12000)
        self.assertEqual(plain["monthly_exclusive"].amount, 6000)
        self.assertEqual(plain["over_target"].amount, 600)
        self.assertEqual(plain["over_target"].target_tons, 100)
        self.assertIn("20 t × 30", plain["over_target"].formula)
        self.assertEqual(
            set(self._components(settlements, self.dealer)), {"base_freight"}, "the target system is unchanged"
        )

    def test_dr15_rates_are_policy_data(self):
        self.policy.write({"standard_rate": 80, "monthly_exclusive_rate": 0, "over_target_rate": 40})
        settlements, _skipped = self._settle("month", APRIL, self.plain_dealer)
        plain = self._components(settlements, self.plain_dealer)
        self.assertEqual(plain["standard"].amount, 9600)
        self.assertEqual(plain["monthly_exclusive"].amount, 0)
        self.assertEqual(plain["over_target"].amount, 800)

    def test_dr15_no_over_target_bonus_at_or_below_the_target_nor_without_one(self):
        """May: no target → no over-target bonus; a non-exclusive dealer gets no exclusive bonus."""
        self.plain_dealer.dr_exclusive = False
        self._invoice(self.plain_dealer, date(2026, 5, 20), [(self.feed, 90, None)])
        settlements, skipped = self._settle("month", MAY, self.plain_dealer)
        self.assertFalse(skipped)
        self.assertEqual(set(self._components(settlements, self.plain_dealer)), {"standard"})
        self.env["dealer.target"].create({"partner_id": self.plain_dealer.id, "month": MAY, "target_tons": 90})
        settlements, _skipped = self._settle("month", MAY, self.plain_dealer)
        self.assertEqual(set(self._components(settlements, self.plain_dealer)), {"standard"}, "exactly on target")

    def test_dr15_no_quarter_bonus_outside_the_target_system(self):
        for month in (APRIL, MAY, JUNE):
            self._score_month(self.dealer, month)
        settlements, _skipped = self._settle("quarter", MAY, self.dealer | self.plain_dealer)
        self.assertFalse(settlements.filtered(lambda s: s.partner_id == self.plain_dealer))
        self.assertTrue(self._components(settlements, self.dealer))


@tagged("post_install", "-at_install")
class TestRebateSimulation(DealerRebateCase, TransactionCase):
    def test_dr24_projection_at_the_run_rate_with_pending_violations(self):
        """DR-24: on 31 May, 215 t sold in the 61 days of Q2 elapsed project to 320.738 t over 91 days, 91.64%
        of the 350 t target, a bonus of 8,817.73 at 30/t; 135 t are still needed for 100%; a cross-region
        violation of May not yet approved would take 0.2 of the ratio off, −1,924.43."""
        for day, tons in ((date(2026, 4, 15), 80), (date(2026, 5, 15), 135)):
            self._invoice(self.dealer, day, [(self.feed, tons, None)])
        self.env["dealer.target"].create(
            [
                {"partner_id": self.dealer.id, "month": month, "target_tons": tons}
                for month, tons in ((APRIL, 100), (MAY, 120), (JUNE, 130))
            ]
        )
        self.env["dealer.violation"].with_user(self.rebate_salesperson).create(
            {"partner_id": self.dealer.id, "conduct_type_id": self.cross_region.id, "date": date(2026, 5, 20)}
        )
        with freeze_time("2026-05-31"):
            dealer = self.dealer.with_user(self.rebate_salesperson)
            self.assertEqual(dealer.dr_sim_tons, 215.0)
            self.assertEqual(dealer.dr_sim_target_tons, 350.0)
            self.assertEqual(dealer.dr_sim_tons_to_target, 135.0)
            self.assertEqual(dealer.dr_sim_projected_tons, 320.738)
            self.assertEqual(dealer.dr_sim_projected_ratio, 0.9164)
            self.assertAlmostEqual(dealer.dr_sim_projected_bonus, 8817.73, places=2)
            self.assertAlmostEqual(dealer.dr_sim_pending_effect, -1924.43, places=2)

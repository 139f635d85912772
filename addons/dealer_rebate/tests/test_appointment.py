from datetime import date

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import TransactionCase, new_test_user, tagged

from odoo.addons.customer_comm.tests.common import approve_with_comment

from .common import MAY, USER, DealerRebateCase


@tagged("post_install", "-at_install")
class TestAppointmentRequests(DealerRebateCase, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sales_vp = new_test_user(cls.env, login="dr_vp", groups=USER, name="钱副总")
        cls.gm = new_test_user(cls.env, login="dr_gm", groups=USER, name="孙总经理")
        cls.env["customer.role.assignment"].create(
            [{"user_id": cls.sales_vp.id, "role": "sales_vp"}, {"user_id": cls.gm.id, "role": "gm"}]
        )

    def _propose(self, request_type, dealer=None, **vals):
        return (
            self.env["dealer.appointment.request"]
            .with_user(self.rebate_salesperson)
            .create(
                {"request_type": request_type, "partner_id": (dealer or self.dealer).id, "reason": "市场部核实", **vals}
            )
        )

    def test_dr2_only_the_gm_decision_changes_the_status(self):
        """DR-2 / X-3: salesperson proposes, area manager agrees, market head verifies with an opinion, sales VP
        approves, GM decides; the dealer stays active until the GM's decision, then is cancelled."""
        request = self._propose("dismissal", rectification_deadline=date(2026, 6, 30))
        request.action_submit()
        self.assertEqual(
            request.review_ids.sorted("sequence", reverse=True).reviewer_ids,
            self.regional_manager | self.market_manager | self.sales_vp | self.gm,
        )
        with self.assertRaises(AccessError):
            request.with_user(self.gm).validate_tier()  # not the GM's turn yet
        request.with_user(self.regional_manager).validate_tier()
        # the market head's step asks for an opinion; the helper makes the whole chain ask for comments
        approve_with_comment(request, self.market_manager, "经核实，该经销商一年内三次越界发货")
        approve_with_comment(request, self.sales_vp)
        self.assertEqual((request.state, self.dealer.dr_status), ("draft", "active"))
        approve_with_comment(request, self.gm, "同意解聘")
        self.assertEqual((request.state, self.dealer.dr_status), ("approved", "cancelled"))
        opinion = request.review_ids.filtered(lambda review: review.reviewer_ids == self.market_manager)
        self.assertEqual(opinion.comment, "经核实，该经销商一年内三次越界发货")

    def test_dr2_appointment_of_a_candidate(self):
        """DR-2: a decided appointment makes a candidate an active dealer."""
        candidate = self.env["res.partner"].create({"name": "无锡饲料经销部", "is_company": True})
        candidate.sudo().write({"dr_status": "candidate", "cc_region_id": self.district.id})
        request = self._propose("appointment", candidate)
        request.action_submit()
        request.with_user(self.regional_manager).validate_tier()
        for approver in (self.market_manager, self.sales_vp, self.gm):
            approve_with_comment(request, approver)
        self.assertEqual(candidate.dr_status, "active")

    def test_dr2_status_and_decision_not_writable(self):
        """DR-2 / Q-10: nobody writes a dealer's status or a request's state, a manager included; the proposer
        cannot approve their own request."""
        for user in (self.rebate_salesperson, self.rebate_manager):
            with self.assertRaises(AccessError):
                self.dealer.with_user(user).write({"dr_status": "cancelled"})
        request = self._propose("suspension")
        for user in (self.rebate_salesperson, self.rebate_manager):
            with self.assertRaises(AccessError):
                request.with_user(user).write({"state": "approved"})
        request.action_submit()
        with self.assertRaises(AccessError):
            request.validate_tier()
        with self.assertRaises(AccessError):
            request.review_ids.with_user(self.rebate_salesperson).write({"status": "approved"})
        self.assertEqual((request.state, self.dealer.dr_status), ("draft", "active"))

    def test_dr2_request_must_fit_the_current_status(self):
        """DR-2 bad input: appointing an active dealer, or an extension ending before its deadline, is refused."""
        with self.assertRaises(ValidationError):
            self._propose("appointment")
        with self.assertRaises(ValidationError):
            self._propose("dismissal", rectification_deadline=date(2026, 6, 30), extension_deadline=date(2026, 6, 15))
        self.assertFalse(self.env["dealer.appointment.request"].search([("partner_id", "=", self.dealer.id)]))

    def test_dr3_assessment_of_a_dealer_outside_the_target_system(self):
        """DR-3: five aspects scored 0–100 each month, averaged and filed on the dealer; scores out of range and
        dealers under the target system are refused."""
        outside = self._make_dealer("昆山饲料店")
        outside.dr_target_system = False
        Assessment = self.env["dealer.assessment"].with_user(self.rebate_manager)
        assessment = Assessment.create(
            {
                "partner_id": outside.id,
                "month": date(2026, 5, 20),
                "integrity": 90,
                "development": 70,
                "management": 80,
                "sales": 60,
                "compliance": 100,
            }
        )
        self.assertEqual((assessment.month, assessment.score), (MAY, 80.0))
        with self.assertRaises(ValidationError):
            assessment.integrity = 120
        with self.assertRaises(ValidationError):
            Assessment.create({"partner_id": self.dealer.id, "month": MAY})
        with self.assertRaises(AccessError):
            self.env["dealer.assessment"].with_user(self.rebate_salesperson).create(
                {"partner_id": outside.id, "month": date(2026, 6, 1)}
            )

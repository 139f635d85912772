from datetime import date

from odoo.tests import TransactionCase, freeze_time, tagged

from .common import ClientVisitCase


@tagged("post_install", "-at_install")
class TestCompliance(ClientVisitCase, TransactionCase):
    def _line(self, partner, role="salesperson"):
        return self.env["visit.compliance"].search([("partner_id", "=", partner.id), ("role", "=", role)])

    def test_cv6_last_visit_next_due_overdue(self):
        """CV-6: a done visit sets the customer's last visit and next due date for the role; the daily job
        flags the customer overdue once the date passes, and a second run changes nothing."""
        level_2 = self.tier_customers[1]  # account manager: every week; branch GM: every month
        visit = self._visit(level_2, self.visitor, date(2026, 10, 12))
        visit.with_user(self.visitor).action_done()
        line = self._line(level_2)
        self.assertEqual(line.last_visit_date, date(2026, 10, 12))
        self.assertEqual(line.next_due_date, date(2026, 10, 19))
        gm_line = self._line(level_2, "branch_gm")
        self.assertFalse(gm_line.last_visit_date, "the branch GM has not been there")
        self.assertFalse(self._line(self.tier_customers[3], "regional_manager"), "level 4: no regional manager rule")
        with freeze_time("2026-10-20"):
            self.env["visit.compliance"]._cron_refresh()
            self.assertTrue(line.overdue)
            self.assertIn(line, self.env["visit.compliance"].with_user(self.visitor).search([("overdue", "=", True)]))
            self.assertEqual(self.env["visit.compliance"]._cv_refresh(), 0, "a second run changes nothing")
        self.assertFalse(
            self.env["visit.compliance"].with_user(self.other_salesperson).search([("id", "=", line.id)]),
            "Q-9: another salesperson does not see it",
        )

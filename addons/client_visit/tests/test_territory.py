from datetime import date

from odoo.exceptions import ValidationError
from odoo.tests import TransactionCase, tagged

from .common import ClientVisitCase

DAY = date(2026, 10, 12)


@tagged("post_install", "-at_install")
class TestTerritory(ClientVisitCase, TransactionCase):
    """CV-14: visits stay inside the person's region unless assigned."""

    def test_cv14_visit_outside_territory_refused(self):
        """CV-14: a salesperson without a role for the customer's region and not its salesperson is refused,
        with a message naming the customer and the region; nothing is created."""
        customer = self.tier_customers[0]
        with self.assertRaises(ValidationError) as refusal:
            self._visit(customer, self.other_salesperson, DAY)
        self.assertIn(customer.name, str(refusal.exception))
        self.assertIn("浦东", str(refusal.exception))
        self.assertFalse(self.env["customer.visit"].search([("user_id", "=", self.other_salesperson.id)]))

    def test_cv14_refusal_in_chinese(self):
        """CV-14 / Q-3: a zh_CN user reads the refusal in Chinese."""
        self.env["res.lang"]._activate_lang("zh_CN")
        with self.assertRaises(ValidationError) as refusal:
            self.env["customer.visit"].with_context(lang="zh_CN").create(
                {"partner_id": self.tier_customers[0].id, "user_id": self.other_salesperson.id, "date": DAY}
            )
        self.assertIn("辖区", str(refusal.exception))

    def test_cv14_assigned_people_may_visit(self):
        """CV-14: the customer's salesperson, a manager holding a role over the region and a salesperson
        given the region's role may visit; moving a visit to someone outside is refused."""
        customer = self.tier_customers[0]
        self.assertTrue(self._visit(customer, self.visitor, DAY), "the customer's own salesperson")
        self.assertTrue(self._visit(customer, self.sales_manager, DAY), "branch sales manager of the parent region")
        self.assertTrue(self._visit(customer, self.director, DAY), "a company-wide role")
        visit = self._visit(customer, self.visitor, DAY)
        with self.assertRaises(ValidationError):
            visit.user_id = self.other_salesperson
        self.env["customer.role.assignment"].create(
            {"user_id": self.other_salesperson.id, "role": "salesperson", "region_id": self.district.id}
        )
        self.assertTrue(self._visit(customer, self.other_salesperson, DAY), "assigned to the region")

    def test_cv14_customers_without_salesperson_in_region(self):
        """CV-14: a tiered customer without salesperson is listed until someone holds the salesperson role
        of its region."""
        orphan = self.env["res.partner"].create(
            {
                "name": "无人负责客户",
                "is_company": True,
                "cc_tier_id": self.tiers[2].id,
                "cc_region_id": self.district.id,
            }
        )
        Partner = self.env["res.partner"].with_user(self.visit_manager)
        self.assertIn(orphan, Partner.search([("cv_no_salesperson", "=", True)]))
        self.env["customer.role.assignment"].create(
            {"user_id": self.other_salesperson.id, "role": "salesperson", "region_id": self.region.id}
        )
        self.assertNotIn(orphan, Partner.search([("cv_no_salesperson", "=", True)]))
        self.assertFalse(orphan.cv_no_salesperson)

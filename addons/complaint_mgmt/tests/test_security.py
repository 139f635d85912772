from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, tagged

from odoo.addons.customer_comm.tests.common import AppGroupsMixin

from .common import ComplaintCase


@tagged("post_install", "-at_install")
class TestComplaintMgmtAppSecurity(AppGroupsMixin, TransactionCase):
    module = "complaint_mgmt"
    app_name_zh = "客户投诉"


@tagged("post_install", "-at_install")
class TestComplaintVisibility(ComplaintCase, TransactionCase):
    def test_q9_salespeople_see_their_own_customers_the_centre_sees_all(self):
        """Q-9 / CM-2: a salesperson sees their customers' complaints, not a colleague's; the centre sees all."""
        own = self._complaint()
        other = self._complaint(user=self.service, partner_id=self.other_customer.id)
        visible = self.Complaint.with_user(self.salesperson).search([("id", "in", (own | other).ids)])
        self.assertEqual(visible, own)
        with self.assertRaises(AccessError):
            other.with_user(self.salesperson).read(["name"])
        self.assertEqual(self.Complaint.with_user(self.service).search([("id", "in", (own | other).ids)]), own | other)
        self.assertEqual(
            self.Complaint.with_user(self.other_salesperson).search([("id", "in", (own | other).ids)]), other
        )

    def test_q9_approver_sees_what_they_must_approve(self):
        """Q-9 / CM-8: the sales VP, not in the centre, reads the complaint waiting for their approval."""
        complaint = self._investigated(20000, partner_id=self.other_customer.id, user=self.service)
        with self.assertRaises(AccessError):
            complaint.with_user(self.salesperson).read(["name"])
        complaint.with_user(self.vice_president).read(["name"])
        self.assertFalse(complaint.with_user(self.vice_president).can_review, "the service manager decides first")
        complaint.with_user(self.service_manager).validate_tier()
        self.assertTrue(complaint.with_user(self.vice_president).can_review)

    def test_q9_outsider_has_no_access(self):
        """Q-9: an employee outside the app cannot read complaints."""
        complaint = self._complaint()
        with self.assertRaises(AccessError):
            complaint.with_user(self.outsider).read(["name"])

    def test_q9_other_company_complaints_are_invisible(self):
        """Q-9: a complaint of another company is hidden even from the service centre."""
        company = self.env["res.company"].create({"name": "另一家公司"})
        partner = self.env["res.partner"].create({"name": "外地客户", "company_id": company.id})
        complaint = self.Complaint.with_company(company).create({"partner_id": partner.id, "company_id": company.id})
        self.assertFalse(self.Complaint.with_user(self.service).search([("id", "=", complaint.id)]))

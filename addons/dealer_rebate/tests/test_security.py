from odoo.tests import TransactionCase, new_test_user, tagged

from odoo.addons.customer_comm.tests.common import AppGroupsMixin

from .common import DealerRebateCase


@tagged("post_install", "-at_install")
class TestDealerRebateAppSecurity(AppGroupsMixin, TransactionCase):
    module = "dealer_rebate"
    app_name_zh = "经销商返利"


@tagged("post_install", "-at_install")
class TestPartnerCopyByOtherDepartments(DealerRebateCase, TransactionCase):
    def test_q3_an_accountant_copies_a_dealer_without_the_territory(self):
        """Q-3 (Odoo's own account tests copy partners as accountants): a dealer's sales region is readable by
        every employee, and its exclusive territory is not copied to the copy."""
        self.dealer.dr_territory_region_ids = self.district
        # as the accountant of Odoo's own tests: invoicing and partner creation, none of the suite's groups
        accountant = new_test_user(
            self.env, login="dr_partner_accountant", groups="account.group_account_invoice,base.group_partner_manager"
        )
        copy = self.dealer.with_user(accountant).copy()
        self.assertEqual(copy.cc_region_id, self.district)
        self.assertEqual(copy.cc_region_id.with_user(accountant).display_name, self.district.display_name)
        self.assertFalse(copy.dr_territory_region_ids)
        self.assertEqual(self.dealer.dr_territory_region_ids, self.district)

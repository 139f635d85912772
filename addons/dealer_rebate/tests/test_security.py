from odoo.tests import TransactionCase, tagged

from odoo.addons.customer_comm.tests.common import AppGroupsMixin


@tagged("post_install", "-at_install")
class TestDealerRebateAppSecurity(AppGroupsMixin, TransactionCase):
    module = "dealer_rebate"
    app_name_zh = "经销商返利"

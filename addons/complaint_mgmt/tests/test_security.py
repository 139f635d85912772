from odoo.tests import TransactionCase, tagged

from odoo.addons.customer_comm.tests.common import AppGroupsMixin


@tagged("post_install", "-at_install")
class TestComplaintMgmtAppSecurity(AppGroupsMixin, TransactionCase):
    module = "complaint_mgmt"
    app_name_zh = "客户投诉"

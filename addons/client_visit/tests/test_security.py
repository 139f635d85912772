from odoo.tests import TransactionCase, tagged

from odoo.addons.customer_comm.tests.common import AppGroupsMixin


@tagged("post_install", "-at_install")
class TestClientVisitAppSecurity(AppGroupsMixin, TransactionCase):
    module = "client_visit"
    app_name_zh = "客户拜访"

from odoo.tests import TransactionCase, tagged

from .common import AppGroupsMixin


@tagged("post_install", "-at_install")
class TestCustomerCommAppSecurity(AppGroupsMixin, TransactionCase):
    module = "customer_comm"
    app_name_zh = "客户管理"

from odoo import Command
from odoo.tests import freeze_time, new_test_user

from odoo.addons.customer_comm.tests.common import CustomerCommCase

USER = "complaint_mgmt.complaint_mgmt_group_user"
SERVICE = "complaint_mgmt.complaint_mgmt_group_service"
MANAGER = "complaint_mgmt.complaint_mgmt_group_manager"


class ComplaintCase(CustomerCommCase):
    """Fixtures: the customer of a salesperson (customer_comm), the service centre, the approvers of
    CM-8 holding their business roles, the company's approval limits at their defaults."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        user_group = cls.env.ref(USER)
        (cls.salesperson | cls.other_salesperson).write({"group_ids": [(4, user_group.id)]})
        cls.service = new_test_user(cls.env, login="cm_service", groups=SERVICE, name="孙客服")
        cls.service_manager = new_test_user(cls.env, login="cm_csm", groups=SERVICE, name="钱客服经理")
        cls.vice_president = new_test_user(cls.env, login="cm_vp", groups=USER, name="周副总")
        cls.general_manager = new_test_user(cls.env, login="cm_gm", groups=USER, name="吴总经理")
        cls.outsider = new_test_user(cls.env, login="cm_outsider", groups="base.group_user", name="郑外人")
        cls.env["customer.role.assignment"].create(
            [
                {"user_id": cls.service_manager.id, "role": "customer_service_manager"},
                {"user_id": cls.vice_president.id, "role": "sales_vp"},
                {"user_id": cls.general_manager.id, "role": "gm"},
            ]
        )
        cls.company.write(
            {
                "cm_report_days": 3,
                "cm_close_days": 6,
                "cm_deadline_calendar_days": False,
                "cm_escalation_days": 2,
                "cm_csm_limit": 5000.0,
                "cm_vp_limit": 50000.0,
            }
        )
        cls.other_customer = cls.env["res.partner"].create(
            {"name": "杭州装饰公司", "is_company": True, "user_id": cls.other_salesperson.id}
        )
        cls.quality_cause = cls.env.ref("complaint_mgmt.complaint_cause_product_quality")
        cls.transport_cause = cls.env.ref("complaint_mgmt.complaint_cause_transport")
        cls.Complaint = cls.env["customer.complaint"]

    @classmethod
    def _complaint(cls, user=None, **values):
        vals = {
            "partner_id": cls.customer.id,
            "channel": "phone",
            "complaint_type": "quality",
            "cause_id": cls.quality_cause.id,
            "description": "<p>瓷砖表面有裂纹</p>",
            **values,
        }
        return cls.Complaint.with_user(user or cls.salesperson).create(vals)

    def _accepted(self, count=1, day="2026-03-02 09:00:00", partner=None, company=None):
        """``count`` complaints of ``partner`` registered and accepted by the service centre on ``day``."""
        company = company or self.company
        with freeze_time(day):
            complaints = (
                self.Complaint.with_user(self.service)
                .with_company(company)
                .create(
                    [
                        {"partner_id": (partner or self.customer).id, "channel": "phone", "company_id": company.id}
                        for _i in range(count)
                    ]
                )
            )
            complaints.action_accept()
        return complaints

    def _closed(self, count=1, day="2026-03-02 09:00:00", partner=None, company=None):
        """``count`` complaints accepted, found not established, answered and closed on ``day``."""
        complaints = self._accepted(count, day, partner, company)
        with freeze_time(day):
            complaints.write({"responsible_unit": "not_established", "handling_type": "none", "reply": "<p>已答复</p>"})
            complaints.action_submit_report()
            complaints.action_send_reply()
            complaints.action_close()
        return complaints

    def _investigated(self, amount, handling="compensation", **values):
        """A complaint accepted and investigated, its proposal of ``amount`` sent to approval."""
        complaint = self._complaint(**values)
        complaint = complaint.with_user(self.service)
        complaint.action_accept()
        complaint.write(
            {
                "responsible_unit": "quality",
                "handling_type": handling,
                "proposed_amount": amount,
                "loss_amount": amount,
            }
        )
        complaint.action_submit_report()
        return complaint

    @staticmethod
    def _chain(complaint):
        return complaint.review_ids.sorted("sequence").mapped("definition_id.cc_role")


class DeliveredComplaintCase(ComplaintCase):
    """CM-11 … CM-13 on a real order: 10 boxes of tiles at 300 delivered on 2 Mar 2026 and invoiced."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.accountant = new_test_user(cls.env, login="cm_accountant", groups="account.group_account_invoice")
        cls.manager = new_test_user(cls.env, login="cm_manager", groups=MANAGER, name="冯投诉主管")
        cls.tile = cls.env["product.product"].create(
            {
                "name": "抛光砖 600×600",
                "type": "consu",
                "list_price": 300.0,
                "taxes_id": False,
                "invoice_policy": "order",
            }
        )
        cls.order = cls.env["sale.order"].create(
            {
                "partner_id": cls.customer.id,
                "order_line": [Command.create({"product_id": cls.tile.id, "product_uom_qty": 10, "price_unit": 300.0})],
            }
        )
        cls.order.action_confirm()
        cls.delivery = cls.order.picking_ids
        with freeze_time("2026-03-02 10:00:00"):
            cls.delivery.move_ids.write({"quantity": 10, "picked": True})
            cls.delivery.button_validate()
        cls.invoice = cls.order._create_invoices()
        cls.invoice.action_post()

    def _approved(self, handling, amount, **values):
        complaint = self._investigated(
            amount,
            handling=handling,
            sale_order_id=self.order.id,
            picking_id=self.delivery.id,
            product_id=self.tile.id,
            quantity=10,
            **values,
        )
        complaint.with_user(self.service_manager).validate_tier()
        self.assertEqual(complaint.state, "approved")
        return complaint.with_user(self.service)

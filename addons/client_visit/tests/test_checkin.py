from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase, tagged

from .common import ClientVisitCase

# the customer's door (People's Square, Shanghai) and two places to check in from
CUSTOMER = (31.2304, 121.4737)
NEAR = (31.2314, 121.4737)  # 0.001° of latitude north: about 111 m
FAR = (31.2404, 121.4737)  # 0.01° north: about 1.1 km


@tagged("post_install", "-at_install")
class TestCheckin(ClientVisitCase, TransactionCase):
    """The visit in the field (外勤签到): check-in and check-out measured against the company's radius, and
    flagged to the supervisor (the branch sales manager of the customer's region) when they do not hold."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls.tier_customers[0]
        cls.customer.write(
            {"partner_latitude": CUSTOMER[0], "partner_longitude": CUSTOMER[1], "phone": "021-6321 0000"}
        )
        cls.today = fields.Date.context_today(cls.env["customer.visit"])

    def _todo(self, visit):
        return self.env["mail.activity"].search([("res_model", "=", "customer.visit"), ("res_id", "=", visit.id)])

    def _checkin(self, visit, *position, **kw):
        return visit.with_user(self.visitor).action_check_in(*position, **kw)

    def test_checkin_near_the_customer_is_within_the_radius(self):
        """A check-in 111 m from the customer is within the default 500 m: recorded, not flagged; the
        check-out records its own time and distance."""
        visit = self._visit(self.customer, self.visitor, self.today)
        result = self._checkin(visit, *NEAR)
        self.assertEqual((result["status"], result["flagged"]), ("within", False))
        self.assertEqual(visit.checkin_status, "within")
        self.assertAlmostEqual(visit.checkin_distance, 111, delta=2)
        self.assertTrue(visit.checkin_time)
        self.assertEqual((visit.checkin_latitude, visit.checkin_longitude), NEAR)
        self.assertFalse(visit.field_flagged)
        self.assertFalse(self._todo(visit))
        with self.assertRaises(UserError):
            self._checkin(visit, *NEAR)
        visit.with_user(self.visitor).action_done()
        self.assertFalse(self._todo(visit), "done after a check-in: nothing to flag")
        visit.with_user(self.visitor).action_check_out(*FAR)
        self.assertEqual(visit.checkout_status, "outside")
        self.assertAlmostEqual(visit.checkout_distance, 1112, delta=5)

    def test_checkin_far_from_the_customer_is_flagged_to_the_supervisor(self):
        """A check-in 1.1 km away is outside the radius: one to-do for the supervisor with the distance; a
        company radius of 2 km takes it in."""
        visit = self._visit(self.customer, self.visitor, self.today)
        result = self._checkin(visit, *FAR)
        self.assertEqual((result["status"], result["flagged"]), ("outside", True))
        self.assertIn("1112", result["message"])
        self.assertTrue(visit.field_flagged)
        todo = self._todo(visit)
        self.assertEqual(todo.user_id, self.sales_manager)
        self.assertIn("500", todo.note)
        self.company.cv_checkin_radius = 2000
        other = self._visit(self.tier_customers[1], self.visitor, self.today)
        self.tier_customers[1].write({"partner_latitude": CUSTOMER[0], "partner_longitude": CUSTOMER[1]})
        self.assertEqual(self._checkin(other, *FAR)["status"], "within")

    def test_refused_position_or_no_coordinates_recorded_and_flagged(self):
        """A refused position, or a customer without coordinates, still records the check-in, flagged with a
        clear message in the visitor's language."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["client_visit"], ["zh_CN"], overwrite=True)
        visit = self._visit(self.customer, self.visitor, self.today)
        result = self._checkin(visit.with_context(lang="zh_CN"), position_error=1)
        self.assertEqual((result["status"], result["flagged"]), ("no_position", True))
        self.assertIn("拒绝", result["message"])
        self.assertTrue(visit.checkin_time)
        self.assertEqual(len(self._todo(visit)), 1)
        no_coordinates = self._visit(self.tier_customers[1], self.visitor, self.today)
        result = self._checkin(no_coordinates, *NEAR)
        self.assertEqual((result["status"], result["flagged"]), ("no_coordinates", True))
        self.assertEqual(self._todo(no_coordinates).user_id, self.sales_manager)
        self.assertTrue(any("no coordinates" in message.body for message in no_coordinates.message_ids))

    def test_done_without_checkin_flagged_when_the_company_requires_one(self):
        """A visit done without check-in is flagged only when the company requires a check-in."""
        visit = self._visit(self.customer, self.visitor, self.today)
        visit.with_user(self.visitor).action_done()
        self.assertFalse(visit.field_flagged)
        self.company.cv_checkin_required = True
        required = self._visit(self.tier_customers[1], self.visitor, self.today)
        required.with_user(self.visitor).action_done()
        self.assertEqual(required.state, "done")
        self.assertTrue(required.field_flagged)
        self.assertEqual(self._todo(required).user_id, self.sales_manager)

    def test_checkin_only_by_the_visitor_on_the_day_through_the_button(self):
        """Q-10: another salesperson cannot check in; nobody writes a check-in by hand; a visit of another day
        or done cannot be checked in; a bad position is refused."""
        visit = self._visit(self.customer, self.visitor, self.today)
        with self.assertRaises(AccessError):
            visit.with_user(self.other_salesperson).action_check_in(*NEAR)
        with self.assertRaises(AccessError):
            visit.with_user(self.visitor).write({"checkin_status": "within", "checkin_time": fields.Datetime.now()})
        with self.assertRaises(UserError):
            visit.with_user(self.visitor).action_check_out(*NEAR)
        tomorrow = self._visit(self.customer, self.visitor, fields.Date.add(self.today, days=1))
        with self.assertRaises(UserError):
            self._checkin(tomorrow, *NEAR)
        with self.assertRaises(UserError):
            self._checkin(visit, 120.0, 31.0)
        self.assertFalse(visit.checkin_time)

    def test_phone_links_from_the_customer(self):
        """The day on the phone: a tap-to-call number and a navigation link built from the coordinates."""
        visit = self._visit(self.customer, self.visitor, self.today)
        self.assertEqual(visit.contact_phone, "021-6321 0000")
        self.assertFalse(visit.partner_address, "no address: nothing shown, not the customer's name again")
        self.customer.write({"street": "人民大道200号", "city": "上海"})
        self.assertIn("人民大道200号", visit.partner_address)
        self.assertNotIn(self.customer.name, visit.partner_address)
        self.assertTrue(visit.navigation_url.startswith("geo:31.230400,121.473700?q="))
        self.assertFalse(self._visit(self.tier_customers[1], self.visitor, self.today).navigation_url)

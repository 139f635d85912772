import base64
import os
from unittest.mock import patch

from odoo import fields
from odoo.tests import HttpCase, tagged
from odoo.tests.common import ChromeBrowser

from .common import OCTOBER, ClientVisitCase


@tagged("post_install", "-at_install")
class TestVisitTour(ClientVisitCase, HttpCase):
    def test_q7_plan_submit_reject_and_visit_in_the_web_client(self):
        """CV-4 / CV-7 / Q-7: in Chromium, the salesperson submits the generated plan, the supervisor rejects it
        with a reason (chatter), and the salesperson records a visit done (communication log)."""
        plan = self._plan(self.visitor, OCTOBER)
        plan.action_generate()
        self.env["tier.definition"].search([("model", "=", "visit.plan")]).write({"has_comment": True})
        url = f"/odoo/action-client_visit.visit_plan_action/{plan.id}"
        self.start_tour(url, "client_visit_plan_submit_tour", login="cv_sales")
        self.assertEqual(plan.state, "submitted")
        self.start_tour(url, "client_visit_plan_reject_tour", login="cc_bsm")
        self.assertEqual(plan.state, "rejected")
        self.assertIn("一级客户拜访安排过于集中", " ".join(plan.message_ids.mapped("body")))
        self.start_tour(
            "/odoo/action-client_visit.customer_visit_action", "client_visit_visit_done_tour", login="cv_sales"
        )
        visit = self.env["customer.visit"].search([("partner_id", "=", self.tier_customers[0].id)])
        self.assertEqual(visit.state, "done")
        self.assertEqual(visit.communication_id.summary, "客户确认下月进货计划")


@tagged("post_install", "-at_install")
class TestVisitTodayOnThePhone(ClientVisitCase, HttpCase):
    """The salesperson's day on the phone (外勤签到) in Chromium at a phone's viewport, the browser's position set
    through the Chrome DevTools protocol (geolocation permission and override)."""

    browser_size = "390x844"
    touch_enabled = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"]._load_module_terms(["client_visit"], ["zh_CN"], overwrite=True)
        cls.visitor.lang = "zh_CN"
        first, second, third = cls.tier_customers[:3]
        first.write(
            {
                "partner_latitude": 31.2304,
                "partner_longitude": 121.4737,
                "phone": "021-6321 0000",
                "street": "人民大道200号",
                "city": "上海",
            }
        )
        second.write({"partner_latitude": 31.3304, "partner_longitude": 121.4737})  # 11 km north
        third.write({"partner_latitude": 31.2304, "partner_longitude": 121.4737})
        today = fields.Date.context_today(cls.env["customer.visit"])
        cls.visits = cls.env["customer.visit"].create(
            [
                {"partner_id": partner.id, "user_id": cls.visitor.id, "date": today, "route_sequence": sequence}
                for sequence, partner in enumerate((first, second, third), 1)
            ]
        )

    def _start_on_the_phone(self, tour, position=None, screenshot=None):
        """Run ``tour`` with the browser at ``position`` ((latitude, longitude), geolocation granted), or with
        the geolocation permission refused when ``position`` is None."""
        navigate_to, wait_code_ok = ChromeBrowser.navigate_to, ChromeBrowser._wait_code_ok
        origin = self.base_url()

        def navigate_with_position(browser, url, wait_stop=False):
            if position:
                browser._websocket_request(
                    "Browser.grantPermissions", params={"origin": origin, "permissions": ["geolocation"]}
                )
                browser._websocket_request(
                    "Emulation.setGeolocationOverride",
                    params={"latitude": position[0], "longitude": position[1], "accuracy": 10},
                )
            else:
                browser._websocket_request(
                    "Browser.setPermission",
                    params={"origin": origin, "permission": {"name": "geolocation"}, "setting": "denied"},
                )
            return navigate_to(browser, url, wait_stop=wait_stop)

        def wait_and_capture(browser, code, timeout, error_checker=None):
            result = wait_code_ok(browser, code, timeout, error_checker=error_checker)
            if screenshot:
                # the phone view as the tour left it, kept for a person to look at
                png = browser._websocket_request("Page.captureScreenshot", params={"format": "png"})
                with open(screenshot, "wb") as file:
                    file.write(base64.b64decode(png["data"]))
            return result

        with (
            patch.object(ChromeBrowser, "navigate_to", navigate_with_position),
            patch.object(ChromeBrowser, "_wait_code_ok", wait_and_capture),
        ):
            self.start_tour("/odoo/action-client_visit.customer_visit_action_today", tour, login="cv_sales")

    def test_checkin_on_the_phone_near_far_and_refused(self):
        """At 390×844 with the position 111 m from the first customer: its check-in is within the radius; the
        second customer, 11 km away, is flagged; with the position refused the third check-in is recorded,
        flagged, and the phone says the location was refused (in Chinese)."""
        first, second, third = self.visits
        screenshot_dir = os.environ.get("CV_SCREENSHOT_DIR")
        self._start_on_the_phone(
            "client_visit_today_checkin_tour",
            position=(31.2314, 121.4737),
            screenshot=screenshot_dir and os.path.join(screenshot_dir, "cv_today_checkin.png"),
        )
        self.assertEqual((first.checkin_status, first.field_flagged), ("within", False))
        self.assertAlmostEqual(first.checkin_distance, 111, delta=2)
        self.assertEqual((second.checkin_status, second.field_flagged), ("outside", True))
        self.assertEqual(
            self.env["mail.activity"]
            .search([("res_model", "=", "customer.visit"), ("res_id", "=", second.id)])
            .user_id,
            self.sales_manager,
        )
        self._start_on_the_phone(
            "client_visit_today_denied_tour",
            screenshot=screenshot_dir and os.path.join(screenshot_dir, "cv_today_denied.png"),
        )
        self.assertEqual((third.checkin_status, third.field_flagged), ("no_position", True))
        self.assertTrue(third.checkin_time)

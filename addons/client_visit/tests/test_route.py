import itertools
import math
import random
import time
from datetime import date

from odoo.tests import TransactionCase, tagged

from ..models.visit_route import haversine_km, plan_route, route_length
from .common import ClientVisitCase


def _circle(count, radius_deg=0.5, center=(31.23, 121.47)):
    return [
        (
            n,
            center[0] + radius_deg * math.cos(2 * math.pi * n / count),
            center[1] + radius_deg * math.sin(2 * math.pi * n / count),
        )
        for n in range(count)
    ]


@tagged("post_install", "-at_install")
class TestRouteAlgorithm(TransactionCase):
    def test_cv13_haversine(self):
        """CV-13: great-circle distance Shanghai → Beijing is about 1,067 km."""
        self.assertAlmostEqual(haversine_km((31.2304, 121.4737), (39.9042, 116.4074)), 1067, delta=5)

    def test_cv13_circle_shuffled_gives_the_circle(self):
        """CV-13: stops on a circle given shuffled come back in circle order, from the start next to stop 0."""
        stops = _circle(12)
        shuffled = stops[:]
        random.Random(7).shuffle(shuffled)
        start = (stops[0][1], stops[0][2] - 0.01)
        keys, legs, total = plan_route(start, shuffled)
        self.assertIn(keys, [list(range(12)), [0, *range(11, 0, -1)]])
        optimum = route_length(start, [(lat, lon) for _key, lat, lon in stops])
        self.assertAlmostEqual(total, optimum, places=6)
        self.assertAlmostEqual(sum(legs), total, places=6)

    def test_cv13_random_eight_stops_near_optimum(self):
        """CV-13: on random 8-stop days the route is within 5% of the brute-force optimum."""
        rng = random.Random(2026)
        for _run in range(15):
            stops = [(n, rng.uniform(30.5, 31.8), rng.uniform(120.8, 122.0)) for n in range(8)]
            start = (31.23, 121.47)
            _keys, _legs, total = plan_route(start, stops)
            optimum = min(
                route_length(start, [(lat, lon) for _key, lat, lon in perm]) for perm in itertools.permutations(stops)
            )
            self.assertLessEqual(total, optimum * 1.05)

    def test_cv13_thirty_stops_fast(self):
        """CV-13: a day of 30 stops is routed well under a second."""
        rng = random.Random(30)
        stops = [(n, rng.uniform(30.5, 31.8), rng.uniform(120.8, 122.0)) for n in range(30)]
        started = time.perf_counter()
        keys, _legs, _total = plan_route((31.23, 121.47), stops)
        self.assertLess(time.perf_counter() - started, 0.5)
        self.assertEqual(sorted(keys), list(range(30)), "every stop once")

    def test_cv13_booked_visits_keep_their_time_order(self):
        """CV-13: visits with a booked time stay in time order whatever the distances."""
        stops = _circle(8)
        keys, _legs, _total = plan_route((stops[0][1], stops[0][2]), stops, booked=[5, 1])
        self.assertLess(keys.index(5), keys.index(1))


@tagged("post_install", "-at_install")
class TestDailyRoute(ClientVisitCase, TransactionCase):
    def test_cv13_route_of_the_day(self):
        """CV-13: a person's visits of a day are ordered from the company address, each leg and the total shown;
        a visit without coordinates is listed apart, not dropped; a manual re-order recomputes the legs."""
        self.env.company.partner_id.write({"partner_latitude": 31.2304, "partner_longitude": 121.4737})  # 上海
        cities = [("苏州", 31.2990, 120.5853), ("杭州", 30.2741, 120.1551), ("嘉兴", 30.7469, 120.7555)]
        partners = self.env["res.partner"].create(
            [
                {"name": name, "is_company": True, "partner_latitude": lat, "partner_longitude": lon}
                for name, lat, lon in cities
            ]
            + [{"name": "无坐标客户", "is_company": True}]
        )
        day = date(2026, 10, 12)
        visits = self.env["customer.visit"].create(
            [{"partner_id": p.id, "user_id": self.visitor.id, "date": day} for p in partners]
        )
        visits.with_user(self.visitor).action_compute_route()
        ordered = visits.filtered("has_coordinates").sorted("route_sequence")
        self.assertEqual(ordered.partner_id.mapped("name"), ["苏州", "嘉兴", "杭州"])
        self.assertAlmostEqual(ordered[0].leg_km, 84.8, delta=1)
        total = sum(ordered.mapped("leg_km"))
        no_coordinates = visits - ordered
        self.assertEqual(no_coordinates.route_sequence, 1000, "listed after the route")
        self.assertEqual(no_coordinates.leg_km, 0.0)
        # the user moves Hangzhou first by hand
        ordered[2].route_sequence = 0
        visits.with_user(self.visitor).action_recompute_legs()
        self.assertGreater(sum(visits.mapped("leg_km")), total, "the hand-made order is longer")
        self.assertEqual(visits.sorted("route_sequence")[0].partner_id.name, "杭州")

    def test_cv13_route_of_someone_else_refused(self):
        """Q-10: a salesperson cannot re-order another person's day."""
        partner = self.env["res.partner"].create({"name": "客户", "is_company": True})
        visit = self.env["customer.visit"].create(
            {"partner_id": partner.id, "user_id": self.visitor.id, "date": date(2026, 10, 12)}
        )
        from odoo.exceptions import AccessError

        with self.assertRaises(AccessError):
            visit.with_user(self.other_salesperson).action_compute_route()


@tagged("post_install", "-at_install")
class TestRouteStartAndDaySheet(ClientVisitCase, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.partner_id.write({"partner_latitude": 31.2304, "partner_longitude": 121.4737})  # 上海
        cities = [("苏州客户", 31.2990, 120.5853), ("杭州客户", 30.2741, 120.1551), ("嘉兴客户", 30.7469, 120.7555)]
        cls.partners = cls.env["res.partner"].create(
            [
                {"name": name, "is_company": True, "partner_latitude": lat, "partner_longitude": lon}
                for name, lat, lon in cities
            ]
        )
        cls.visits = cls.env["customer.visit"].create(
            [{"partner_id": p.id, "user_id": cls.visitor.id, "date": date(2026, 10, 12)} for p in cls.partners]
        )

    def test_cv13_route_starts_at_the_persons_start_point(self):
        """CV-13: a person living in Hangzhou starts the day there, not at the company in Shanghai."""
        self.visits.with_user(self.visitor).action_compute_route()
        self.assertEqual(self.visits.sorted("route_sequence")[0].partner_id.name, "苏州客户", "from the company")
        home = self.env["res.partner"].create(
            {"name": "周业务家", "partner_latitude": 30.2500, "partner_longitude": 120.1700}
        )
        self.visitor.cv_route_start_id = home
        self.visits.with_user(self.visitor).action_compute_route()
        ordered = self.visits.sorted("route_sequence")
        self.assertEqual(ordered.partner_id.mapped("name"), ["杭州客户", "嘉兴客户", "苏州客户"])
        self.assertLess(ordered[0].leg_km, 5, "the first leg starts at home")

    def test_cv7_cv13_day_sheet_pdf_in_chinese(self):
        """CV-7 / CV-13: the day sheet lists the day's visits in route order with legs and total km and a
        route sketch, in Chinese, and renders as a PDF."""
        self.visits.with_user(self.visitor).action_compute_route()
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["client_visit"], ["zh_CN"], overwrite=True)
        report = self.env["ir.actions.report"].with_context(lang="zh_CN")
        html = report._render_qweb_html("client_visit.customer_visit_day_sheet_action", self.visits.ids)[0]
        html = html.decode()
        ordered = self.visits.sorted("route_sequence")
        positions = [html.index(name) for name in ordered.partner_id.mapped("name")]
        self.assertEqual(positions, sorted(positions), "the visits in route order")
        total = sum(ordered.mapped("leg_km"))
        self.assertIn(f"{total:.1f}", html)
        self.assertIn(f"{ordered[1].leg_km:.1f}", html)
        self.assertIn("<polyline", html)
        self.assertEqual(html.count("<circle"), 3, "one numbered stop per visit")
        for text in ("拜访日程表", "总里程", "周业务"):
            self.assertIn(text, html)
        for english in ("Day Sheet", "Total Distance", "Route Sketch"):
            self.assertNotIn(english, html)
        pdf, kind = report.with_context(force_report_rendering=True)._render_qweb_pdf(
            "client_visit.customer_visit_day_sheet_action", self.visits.ids
        )
        self.assertEqual((kind, pdf[:4]), ("pdf", b"%PDF"))

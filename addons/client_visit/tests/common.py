from datetime import date

from odoo import Command
from odoo.tests import new_test_user

from odoo.addons.customer_comm.tests.common import CustomerCommCase

USER = "client_visit.client_visit_group_user"
MANAGER = "client_visit.client_visit_group_manager"

OCTOBER = date(2026, 10, 1)
SEPTEMBER = date(2026, 9, 1)
# the 2026 official calendar (State Council notice of 4 Nov 2025)
HOLIDAYS_2026 = {
    *(date(2026, 1, d) for d in (1, 2, 3)),
    *(date(2026, 2, d) for d in range(15, 24)),
    *(date(2026, 4, d) for d in (4, 5, 6)),
    *(date(2026, 5, d) for d in range(1, 6)),
    *(date(2026, 6, d) for d in (19, 20, 21)),
    *(date(2026, 9, d) for d in (25, 26, 27)),
    *(date(2026, 10, d) for d in range(1, 8)),
}
MAKE_UP_DAYS_2026 = {
    date(2026, 1, 4),
    date(2026, 2, 14),
    date(2026, 2, 28),
    date(2026, 5, 9),
    date(2026, 9, 20),
    date(2026, 10, 10),
}


class ClientVisitCase(CustomerCommCase):
    """Fixtures: customer_comm's regions and roles, a salesperson of the visit app with one customer
    of each tier of seed 004 in the Shanghai district, and their supervisor (branch sales manager)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        user_group = cls.env.ref(USER)
        for user in (cls.salesperson, cls.other_salesperson, cls.sales_manager, cls.area_manager, cls.director):
            user.group_ids = [Command.link(user_group.id)]
        cls.visit_manager = new_test_user(cls.env, login="cv_manager", groups=MANAGER, name="孙经理")
        cls.visitor = new_test_user(cls.env, login="cv_sales", groups=USER, name="周业务")
        cls.tiers = [cls.env.ref(f"customer_comm.customer_tier_level_{level}") for level in range(1, 6)]
        cls.tier_customers = cls.env["res.partner"].create(
            [
                {
                    "name": f"{level}级客户",
                    "is_company": True,
                    "user_id": cls.visitor.id,
                    "cc_region_id": cls.district.id,
                    "cc_tier_id": tier.id,
                }
                for level, tier in enumerate(cls.tiers, 1)
            ]
        )

    @classmethod
    def _plan(cls, user, month, **vals):
        return cls.env["visit.plan"].create({"plan_type": "monthly", "user_id": user.id, "date_from": month, **vals})

    @classmethod
    def _visit(cls, partner, user, day, **vals):
        return cls.env["customer.visit"].create({"partner_id": partner.id, "user_id": user.id, "date": day, **vals})

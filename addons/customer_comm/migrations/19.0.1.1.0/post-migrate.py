"""19.0.1.1.0: the shipped departments name the role of their manager, who approves their notices (CC-23).

The departments are ``noupdate`` data, so an upgrade does not rewrite them; a role an
administrator already chose is kept.
"""

from odoo import SUPERUSER_ID, api

MANAGER_ROLES = {
    "customer_department_marketing": "market_manager",
    "customer_department_customer_service": "customer_service_manager",
    "customer_department_finance": "finance_manager",
    "customer_department_rnd": "technical_support_manager",
}


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    for xml_name, role in MANAGER_ROLES.items():
        department = env.ref(f"customer_comm.{xml_name}", raise_if_not_found=False)
        if department and not department.manager_role:
            department.manager_role = role

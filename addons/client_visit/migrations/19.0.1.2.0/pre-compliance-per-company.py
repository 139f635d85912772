"""19.0.1.2.0: a customer's compliance lines are kept per company (CV-6).

The unique index on (customer, role) refused the line of a second company; the new index adds the
company. The old one is dropped before the update creates the new one.
"""

from odoo.tools import SQL


def migrate(cr, version):
    cr.execute(SQL("DROP INDEX IF EXISTS %s", SQL.identifier("visit_compliance_partner_role_uniq")))

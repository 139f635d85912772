"""19.0.1.1.0: the visit report chain applies once the visit is done; the expense chain before it (CV-12).

The shipped step is ``noupdate`` data: a database installed before the expense chain keeps a
report step without condition, which would also catch expense requests. The step still
without condition gets the new one; a step an administrator changed is left as it is.
"""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    step = env.ref("client_visit.tier_definition_visit_report", raise_if_not_found=False)
    if step and step.definition_domain in (False, "", "[]"):
        step.definition_domain = '[("state", "!=", "planned")]'

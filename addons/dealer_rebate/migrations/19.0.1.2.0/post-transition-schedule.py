"""19.0.1.2.0: policies created before the transitional rebate (DR-23) get the seed's schedule.

A policy without any schedule step gets year 1 at 100% and year 2 at 50%; a policy that
already has steps is left as it is.
"""

from odoo import SUPERUSER_ID, api
from odoo.fields import Command

from odoo.addons.dealer_rebate.models.dealer_rebate_policy import TRANSITION_SCHEDULE


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    policies = env["dealer.rebate.policy"].with_context(active_test=False).search([("transition_step_ids", "=", False)])
    policies.write(
        {
            "transition_step_ids": [
                Command.create({"year": year, "share_pct": share}) for year, share in TRANSITION_SCHEDULE
            ]
        }
    )

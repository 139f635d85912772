"""19.0.1.3.0: the shipped approval steps notify the approver whose turn it is (X-3).

The steps are ``noupdate`` data, so a database installed before they carried
the ``notify_on_*`` flags keeps steps that post nothing. A step whose flags are
all still off gets them; a step an administrator changed is left as it is.
"""

from odoo import SUPERUSER_ID, api

SHIPPED_STEPS = (
    "tier_definition_credit_request_manager",
    "tier_definition_credit_request_director",
    "tier_definition_sale_order_manager",
    "tier_definition_sale_order_director",
    "tier_definition_customer_notice_department",
    "tier_definition_meeting_action_manager",
    "tier_definition_meeting_action_director",
    "tier_definition_meeting_postponement_gm",
)
FLAGS = ("notify_on_pending", "notify_on_accepted", "notify_on_rejected", "notify_on_restarted")


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    for xml_name in SHIPPED_STEPS:
        step = env.ref(f"customer_comm.{xml_name}", raise_if_not_found=False)
        if step and not any(step[flag] for flag in FLAGS):
            step.write(dict.fromkeys(FLAGS, True))

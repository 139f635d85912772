"""19.0.1.2.0: approvers are resolved when asked, no longer stored on the documents (X-1 / X-3).

The approver fields of credit requests, meeting actions and postponements are no
longer stored, so the ``noupdate`` record rules that named them now name the
reviewers of the document's reviews, and the shipped chain steps that read
those fields become business-role steps. A chain an administrator changed is
left as it is.
"""

from odoo import SUPERUSER_ID, api

RULE_TERMS = {
    "customer_credit_request_rule_own": (
        "('sales_manager_id', '=', user.id)",
        "('review_ids.reviewer_ids', 'in', user.id)",
    ),
    "customer_notice_rule_own": ("('approver_id', '=', user.id)", "('review_ids.reviewer_ids', 'in', user.id)"),
    "customer_meeting_rule_own": (
        "('action_ids.sales_manager_id', '=', user.id)",
        "('action_ids.review_ids.reviewer_ids', 'in', user.id)",
    ),
    "customer_meeting_action_rule_own": (
        "('sales_manager_id', '=', user.id)",
        "('review_ids.reviewer_ids', 'in', user.id)",
    ),
    "customer_meeting_postponement_rule_own": ("('gm_id', '=', user.id)", "('review_ids.reviewer_ids', 'in', user.id)"),
}
ROLE_STEPS = {
    "tier_definition_credit_request_manager": ("customer_credit_request", "sales_manager_id", "branch_sales_manager"),
    "tier_definition_credit_request_director": (
        "customer_credit_request",
        "marketing_director_id",
        "marketing_director",
    ),
    "tier_definition_sale_order_manager": ("sale_order", "cc_sales_manager_id", "branch_sales_manager"),
    "tier_definition_sale_order_director": ("sale_order", "cc_marketing_director_id", "marketing_director"),
    "tier_definition_meeting_action_manager": ("customer_meeting_action", "sales_manager_id", "branch_sales_manager"),
    "tier_definition_meeting_action_director": (
        "customer_meeting_action",
        "marketing_director_id",
        "marketing_director",
    ),
    "tier_definition_meeting_postponement_gm": ("customer_meeting_postponement", "gm_id", "gm"),
}


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    for xml_name, (old, new) in RULE_TERMS.items():
        rule = env.ref(f"customer_comm.{xml_name}", raise_if_not_found=False)
        if rule and old in (rule.domain_force or ""):
            rule.domain_force = rule.domain_force.replace(old, new)
    for xml_name, (model, field_name, role) in ROLE_STEPS.items():
        step = env.ref(f"customer_comm.{xml_name}", raise_if_not_found=False)
        field = env.ref(f"customer_comm.field_{model}__{field_name}", raise_if_not_found=False)
        if step and step.review_type == "field" and step.reviewer_field_id == field:
            step.write({"review_type": "cc_role", "cc_role": role, "reviewer_field_id": False})

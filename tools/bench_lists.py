"""Q-16 row P6: opening the main list views the way the web client does, and the SQL queries it costs.

The web client opens a list with ``web_search_read(domain, specification, limit=80)``, the
specification naming every field of the list view's arch (a many2one or x2many reads the related
``display_name``). ``open_list`` does the same as an office user holding the four addons' manager
groups (record rules apply) and counts the queries of a warm second call. The same function is used by
``tests/test_list_query_counts.py``, which freezes the counts in ``make test``.
"""

import time

from lxml import etree

LISTS = {
    "partners": "customer_comm.res_partner_action_customer",
    "warnings": "customer_comm.customer_warning_action",
    "complaints": "complaint_mgmt.customer_complaint_action",
    "visits": "client_visit.customer_visit_action",
    "settlements": "dealer_rebate.dealer_rebate_settlement_action",
}
READER_LOGIN = "cms_list_reader"
# the managers' groups: the lists show every record of the company (a user's group shows their own)
READER_GROUPS = [
    "customer_comm.customer_comm_group_manager",
    "client_visit.client_visit_group_manager",
    "complaint_mgmt.complaint_mgmt_group_manager",
    "dealer_rebate.dealer_rebate_group_manager",
]


def list_reader(env):
    """The office user who opens the lists (created once per database)."""
    user = env["res.users"].with_context(active_test=False).search([("login", "=", READER_LOGIN)], limit=1)
    if not user:
        user = (
            env["res.users"]
            .with_context(no_reset_password=True)
            .create(
                {
                    "name": "List reader",
                    "login": READER_LOGIN,
                    "group_ids": [(6, 0, [env.ref(xmlid).id for xmlid in READER_GROUPS])],
                }
            )
        )
    return user


def list_request(env, xmlid):
    """``(model, domain, specification)`` of the list view of window action ``xmlid``, as the web client builds them."""
    from odoo.tools.safe_eval import safe_eval  # noqa: PLC0415

    action = env.ref(xmlid).sudo()
    model = env[action.res_model]
    view_id = next((view.view_id.id for view in action.view_ids if view.view_mode == "list"), False)
    if not view_id and action.view_id.type == "list":
        view_id = action.view_id.id
    views = model.get_views([(view_id, "list")])
    arch = etree.fromstring(views["views"]["list"]["arch"])
    field_info = views["models"][model._name]["fields"]
    spec = {}
    for node in arch.iterchildren("field"):
        name = node.get("name")
        info = field_info.get(name, {})
        if info.get("type") in ("many2one", "one2many", "many2many"):
            spec[name] = {"fields": {"display_name": {}}}
        else:
            spec[name] = {}
    eval_context = {"uid": env.uid, "context_today": __import__("datetime").date.today}
    domain = safe_eval(action.domain or "[]", eval_context) if action.domain else []
    return model._name, domain, spec


def open_list(env, xmlid, limit=80):
    """``(rows, queries)`` of a warm ``web_search_read`` of the list of action ``xmlid``."""
    model, domain, spec = list_request(env, xmlid)
    Model = env[model]
    Model.web_search_read(domain, spec, limit=limit, count_limit=10001)  # warm the caches (views, rules)
    env.invalidate_all()
    before = env.cr.sql_log_count
    result = Model.web_search_read(domain, spec, limit=limit, count_limit=10001)
    return len(result["records"]), env.cr.sql_log_count - before


def bench_lists(env):
    """P6 rows: each list opened by the office user, 80 rows."""
    reader = list_reader(env)
    env.cr.commit()
    user_env = env(user=reader.id, su=False)
    rows = []
    for name, xmlid in LISTS.items():
        started = time.monotonic()
        records, queries = open_list(user_env, xmlid)
        rows.append(
            {
                "id": "P6",
                "job": f"{name} list opened (80 rows)",
                "records": records,
                "unit": "rows",
                "wall": time.monotonic() - started,
                "queries": queries,
                "floor": None,
                "note": "query count frozen by tests/test_list_query_counts.py",
            }
        )
    env.cr.rollback()
    return rows

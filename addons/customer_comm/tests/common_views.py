"""Q-4 for every app of the suite: the views of its window actions load for each role, and open in Chromium.

Two levels, so that each costs what it must:

- on the server (:meth:`ViewsOpenMixin.assertViewsLoadForRoles`), for every role of the app: the action's
  views as ``get_views`` returns them to that user, then the list's and the form's fields read with the
  web client's own calls (``web_search_read`` / ``web_read``), so a field a role may not read fails here;
- in the browser (:meth:`ViewsOpenMixin.assertViewsOpenInBrowser`): every view opened in one page of the
  web client through the action service, one after the other, as the web client does when a menu is
  clicked. An owl template, a widget or a client-side error fails the test (the web client's error
  service logs it as a console error); starting Chromium and loading the web client once per login
  instead of once per view is what keeps it a minute instead of ten.
"""

import json

from lxml import etree

OPEN_ALL_JS = """
(async () => {
    const actionService = odoo.__WOWL_DEBUG__.root.env.services.action;
    const targets = %(targets)s;
    const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
    const failures = [];
    for (const target of targets) {
        console.info("opening " + target.label);
        const props = target.res_id ? { resId: target.res_id } : {};
        try {
            await actionService.doAction(target.action, { viewType: target.view_type, props, clearBreadcrumbs: true });
        } catch (error) {
            failures.push(target.label + ": " + (error.message || error));
            continue;
        }
        let opened = false;
        for (let waited = 0; waited < 15000 && !opened; waited += 50) {
            const controller = actionService.currentController;
            opened = Boolean(
                controller && controller.view && controller.view.type === target.view_type
                && document.querySelector(".o_action_manager .o_view_controller .o_content")
            );
            if (!opened) {
                await sleep(50);
            }
        }
        if (!opened) {
            failures.push(target.label + ": not rendered within 15 s");
        }
    }
    if (failures.length) {
        console.error("views that did not open: " + failures.join("; "));
    } else {
        console.log("opened " + targets.length + " views");
        console.log("test successful");
    }
})()
"""
READY = "!!document.querySelector('.o_action_manager .o_view_controller .o_content')"


class ViewsOpenMixin:
    """Mixed into an ``HttpCase``: the checks of the module docstring for the window actions of ``module``."""

    module = None

    def _window_actions(self, module=None):
        """{xml name: action} of the module's window actions that a menu or a button opens in the main area."""
        data = self.env["ir.model.data"].search(
            [("module", "=", module or self.module), ("model", "=", "ir.actions.act_window")]
        )
        actions = {}
        for record in data.sorted("name"):
            action = self.env["ir.actions.act_window"].browse(record.res_id)
            if action.target == "new" or action.res_model == "res.config.settings":
                continue  # wizards open from a button; settings are checked as the administrator
            actions[f"{record.module}.{record.name}"] = action
        return actions

    def _target(self, xmlid, view_type=None, record=None):
        """One view of an action to open: its first view type unless ``view_type``, a form on ``record``."""
        view_type = view_type or ("form" if record else self.env.ref(xmlid).view_mode.split(",")[0])
        return {
            "label": f"{xmlid} ({view_type}{f' {record.id}' if record else ''})",
            "action": xmlid,
            "view_type": view_type,
            "res_id": record.id if record else False,
        }

    def _view_targets(self, user, records=None):
        """One target per view of each action. A form opens as a new record where ``user`` may create one,
        else on ``records[model]`` or the first record ``user`` reads (documents that jobs prepare)."""
        records = records or {}
        targets = []
        for xmlid, action in self._window_actions().items():
            Model = self.env[action.res_model].with_user(user)
            for mode in action.view_mode.split(","):
                record = None
                if mode == "form" and (action.res_model in records or not Model.has_access("create")):
                    record = records.get(action.res_model) or Model.search([], limit=1)
                    if not record:
                        continue  # nothing to open yet: its list is opened
                targets.append(self._target(xmlid, mode, record))
        return targets

    def assertViewsOpenInBrowser(self, targets, login, timeout=600):
        """Every target opens in one web client page of ``login``; returns how many were opened."""
        self.assertTrue(targets, "nothing to open")
        first = targets[0]
        url = f"/odoo/action-{first['action']}"
        code = OPEN_ALL_JS % {"targets": json.dumps(targets, ensure_ascii=False)}
        self.browser_js(url, code, ready=READY, login=login, timeout=timeout)
        return len(targets)

    # ------------------------------------------------------------------ server
    def assertViewsLoadForRoles(self, users):
        """For each user: the views of every action whose model the user may read load, and the fields of
        the list (80 rows) and of the form (one record) are readable. Returns {login: the actions the user
        may not read}, for the caller to compare with what the role should not see."""
        unread = {}
        for user in users:
            unread[user.login] = set()
            for xmlid, action in self._window_actions().items():
                Model = self.env[action.res_model].with_user(user)
                if not Model.has_access("read"):
                    unread[user.login].add(xmlid)
                    continue
                with self.subTest(user=user.login, action=xmlid):
                    self._check_action_views(Model, action)
        return unread

    def _check_action_views(self, Model, action):
        modes = action.view_mode.split(",")
        by_type = {view.view_mode: view.view_id.id for view in action.view_ids}
        if action.view_id:
            by_type.setdefault(action.view_id.type, action.view_id.id)
        views = [[by_type.get(mode, False), mode] for mode in modes]
        views.append([action.search_view_id.id or False, "search"])
        result = Model.get_views(views, {"action_id": action.id, "load_filters": True, "toolbar": True})
        fields = result["models"][Model._name]["fields"]
        for mode in ("list", "form"):
            if mode not in result["views"]:
                continue
            spec = self._specification(result["views"][mode]["arch"], fields)
            if mode == "list":
                Model.web_search_read([], spec, limit=80)
            else:
                record = Model.search([], limit=1)
                if record:
                    record.web_read(spec)

    @staticmethod
    def _specification(arch, fields):
        """The web client's read specification of a view's own fields (sub-views are the relation's)."""
        root = etree.fromstring(arch)
        spec = {}
        for node in root.iter("field"):
            if any(parent.tag == "field" for parent in node.iterancestors()):
                continue
            name = node.get("name")
            if name not in fields:
                continue
            relational = fields[name]["type"] in ("many2one", "many2many", "one2many")
            spec[name] = {"fields": {"display_name": {}}} if relational else {}
        return spec

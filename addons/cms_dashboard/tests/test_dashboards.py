"""The managers' dashboards: they open in Chromium as their managers, in Chinese, with figures; a manager
of another region sees their region's figures only; the queries of opening each are frozen."""

import json

from odoo import Command
from odoo.tests import HttpCase, TransactionCase, new_test_user, tagged
from odoo.tools import file_open

# dashboard xml id: (the demo manager who opens it, its name and its first figure's label in Chinese)
DASHBOARDS = {
    "cms_dashboard.spreadsheet_dashboard_credit": ("user_demo_branch_sales_manager", "客户与信用", "未清应收款"),
    "cms_dashboard.spreadsheet_dashboard_visits": ("user_demo_regional_manager", "客户拜访", "应拜访"),
    "cms_dashboard.spreadsheet_dashboard_complaints": ("user_demo_branch_gm", "客户投诉", "收到"),
    "cms_dashboard.spreadsheet_dashboard_rebates": ("user_demo_market_manager", "经销商返利", "已计提"),
}

# In the page: the dashboard's spreadsheet model (found through Owl's root), then every figure of its Data
# sheet evaluated to a number and every chart with data; the labels in the user's language.
DASHBOARD_JS = """
const expected = %(expected)s;
function findModel(node) {
    const model = node.component && node.component.env && node.component.env.model;
    if (model && model.getters && model.getters.getEvaluatedCell) {
        return model;
    }
    for (const child of Object.values(node.children || {})) {
        const found = findModel(child);
        if (found) {
            return found;
        }
    }
}
async function waitFor(check, what) {
    for (let i = 0; i < 300; i++) {
        const result = check();
        if (result) {
            return result;
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error("timed out waiting for " + what);
}
(async () => {
    try {
        const model = await waitFor(
            () => odoo.__WOWL_DEBUG__ && findModel(odoo.__WOWL_DEBUG__.root.__owl__),
            "the dashboard"
        );
        const getters = model.getters;
        const data = getters.getSheetIdByName("Data");
        const cell = (col, row) => getters.getEvaluatedCell({ sheetId: data, col, row });
        const rows = [...Array(getters.getNumberRows(data)).keys()].filter((row) => cell(0, row).value);
        const figures = await waitFor(() => {
            const values = rows.map((row) => cell(1, row));
            return values.every((value) => value.type === "number") && values.map((value) => value.value);
        }, "the figures (" + rows.map((row) => cell(1, row).value).join(", ") + ")");
        const sheet = getters.getActiveSheetId();
        const charts = getters.getChartIds(sheet).filter((id) => getters.getChartType(id).startsWith("odoo_"));
        await waitFor(() => charts.every((id) => {
            const datasets = getters.getChartRuntime(id).chartJsConfig.data.datasets;
            return datasets.length && datasets.some((dataset) => dataset.data.some((value) => value));
        }), "data in every chart");
        if (cell(0, rows[0]).value !== expected.label) {
            throw new Error("not in Chinese: " + cell(0, rows[0]).value);
        }
        if (!document.querySelector(".o_spreadsheet_dashboard_action").innerText.includes(expected.name)) {
            throw new Error("the dashboard's name is not shown in Chinese");
        }
        if (expected.first !== null && figures[0] !== expected.first) {
            throw new Error("first figure " + figures[0] + ", expected " + expected.first);
        }
        if (document.querySelector(".o_error_dialog, .o_notification.border-danger")) {
            throw new Error("an error is shown");
        }
        console.log("test successful");
    } catch (error) {
        console.error(error.message);
    }
})();
"""


class DashboardCase:
    @classmethod
    def _dashboard_setup(cls):
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"]._load_module_terms(
            ["cms_dashboard", "customer_comm", "client_visit", "dealer_rebate", "complaint_mgmt"], ["zh_CN"]
        )
        # CC-14: two warnings of the demo customers, as the detection raises them (the demo runs no cron)
        partner = cls.env.ref("customer_comm.partner_demo_shanghai_jiancai")
        cls.env["customer.warning"].create(
            [
                {"partner_id": partner.id, "warning_type": "receivable", "figures": "demo"},
                {"partner_id": partner.id, "warning_type": "dependence", "severity": "severe", "figures": "demo"},
            ]
        )

    @staticmethod
    def _sources(dashboard):
        """What the dashboard asks the server for: each pivot (rows and the total) and each chart."""
        with file_open(f"cms_dashboard/data/files/{dashboard}_dashboard.json") as file:
            spreadsheet = json.load(file)
        for pivot in spreadsheet["pivots"].values():
            rows = [row["fieldName"] for row in pivot["rows"]]
            yield "pivot", pivot["model"], pivot["domain"], rows, [m["fieldName"] for m in pivot["measures"]]
        for figure in spreadsheet["sheets"][0]["figures"]:
            meta = figure["data"].get("metaData")
            if meta:
                yield (
                    "chart",
                    meta["resModel"],
                    figure["data"]["searchParams"]["domain"],
                    meta["groupBy"],
                    [meta["measure"]],
                )


@tagged("post_install", "-at_install")
class TestDashboardsOpen(DashboardCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._dashboard_setup()

    def _open(self, xmlid, login, first=None):
        _demo_user, name, label = DASHBOARDS[xmlid]
        dashboard = self.env.ref(xmlid)
        code = DASHBOARD_JS % {
            "expected": json.dumps({"name": name, "label": label, "first": first}, ensure_ascii=False)
        }
        self.browser_js(f"/odoo/dashboards?dashboard_id={dashboard.id}", code, login=login, timeout=120)

    def _east_receivable(self):
        east = self.env.ref("customer_comm.customer_region_east")
        partners = self.env["res.partner"].search([("cc_region_id", "child_of", east.id)])
        receivables = self.env["res.partner"]._cc_receivables(self.env.company)
        return sum(receivables.get(pid, 0.0) for pid in partners.ids)

    def test_credit_dashboard_as_the_branch_sales_manager(self):
        """CC-13 … CC-15: 王强 opens 客户与信用 in Chinese: every figure and chart has data; the open receivable
        is that of his region's customers (华东大区 and its sub-regions)."""
        self._open("cms_dashboard.spreadsheet_dashboard_credit", "wangqiang", first=self._east_receivable())

    def test_credit_dashboard_of_another_region(self):
        """X-7: a branch sales manager of 华南大区 opens the same dashboard and sees the receivable of his region
        only: the one invoice of its customer, not 华东大区's."""
        south = self.env.ref("customer_comm.customer_region_south")
        manager = new_test_user(
            self.env,
            login="south_bsm",
            groups="customer_comm.customer_comm_group_user,sales_team.group_sale_salesman_all_leads",
            lang="zh_CN",
        )
        self.env["customer.role.assignment"].create(
            {"user_id": manager.id, "role": "branch_sales_manager", "region_id": south.id}
        )
        customer = self.env.ref("customer_comm.partner_demo_guangzhou_zhixiao")
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": customer.id,
                "invoice_line_ids": [
                    Command.create({"name": "瓷砖", "quantity": 1, "price_unit": 1000.0, "tax_ids": False})
                ],
            }
        )
        invoice.action_post()
        self.env["customer.warning"].create(
            {"partner_id": customer.id, "warning_type": "receivable", "figures": "demo"}
        )
        self._open("cms_dashboard.spreadsheet_dashboard_credit", "south_bsm", first=1000.0)

    def test_visit_dashboard_as_the_regional_manager(self):
        """CV-6: 赵明辉 opens 客户拜访: visits required, planned and done by role, region, tier and month."""
        self._open("cms_dashboard.spreadsheet_dashboard_visits", "zhaominghui")

    def test_complaint_dashboard_as_the_branch_general_manager(self):
        """CM-16: 陈国栋 opens 客户投诉: complaints received and closed, on time, causes, products, regions."""
        self._open("cms_dashboard.spreadsheet_dashboard_complaints", "chenguodong")

    def test_rebate_dashboard_as_the_market_department_manager(self):
        """DR-16 … DR-22: 孙丽娟 opens 经销商返利: rebates by component and period, the concentration and its limits."""
        self._open("cms_dashboard.spreadsheet_dashboard_rebates", "sunlijuan")


@tagged("post_install", "-at_install")
class TestDashboardQueries(DashboardCase, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._dashboard_setup()

    def _open_on_server(self, xmlid):
        """What opening the dashboard runs on the server, as its manager: its snapshot, then every data source."""
        demo_user = self.env.ref(f"customer_comm.{DASHBOARDS[xmlid][0]}")
        dashboard = self.env.ref(xmlid).with_user(demo_user)
        dashboard.check_access("read")
        dashboard._get_serialized_readonly_dashboard()
        name = xmlid.split("_")[-1]
        for kind, model_name, domain, groupby, measures in self._sources(name):
            Model = self.env[model_name].with_user(demo_user)
            aggregates = [m if m == "__count" else f"{m}:{Model._fields[m].aggregator}" for m in measures]
            if kind == "pivot":
                Model.formatted_read_grouping_sets(domain, [groupby, []] if groupby else [[]], aggregates)
            else:
                Model.formatted_read_group(domain, groupby, aggregates)

    def _assert_opening_queries(self, xmlid, count):
        # twice first: the registry's caches (rules, translations, views) filled, as on a running server
        self._open_on_server(xmlid)
        self._open_on_server(xmlid)
        self.env.invalidate_all()
        with self.assertQueryCount(count):
            self._open_on_server(xmlid)

    def test_query_count_of_opening_each_dashboard(self):
        """Q-15: opening a dashboard runs a fixed number of queries: one per data source and its rights, none
        per customer, visit, complaint or settlement."""
        self.env.invalidate_all()
        for xmlid, count in (
            ("cms_dashboard.spreadsheet_dashboard_credit", 30),
            ("cms_dashboard.spreadsheet_dashboard_visits", 30),
            ("cms_dashboard.spreadsheet_dashboard_complaints", 33),
            ("cms_dashboard.spreadsheet_dashboard_rebates", 31),
        ):
            with self.subTest(dashboard=xmlid):
                self._assert_opening_queries(xmlid, count)

    def test_query_count_does_not_grow_with_the_customers(self):
        """Q-15: forty more customers with a credit limit and a warning each in 华东大区: opening 客户与信用
        runs the same queries."""
        xmlid = "cms_dashboard.spreadsheet_dashboard_credit"
        self._assert_opening_queries(xmlid, 30)
        region = self.env.ref("customer_comm.customer_region_shanghai")
        partners = self.env["res.partner"].create(
            [
                {"name": f"客户{i}", "is_company": True, "cc_region_id": region.id, "credit_limit": 1000.0 * i}
                for i in range(1, 41)
            ]
        )
        self.env["customer.warning"].create(
            [{"partner_id": partner.id, "warning_type": "churn", "figures": "-"} for partner in partners]
        )
        self.env.flush_all()
        self._assert_opening_queries(xmlid, 30)

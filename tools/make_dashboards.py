"""Write the four spreadsheet dashboards of cms_dashboard (data/files/*_dashboard.json).

The dashboards are data (as Odoo's spreadsheet_dashboard_sale ships its own); this script is their
source, so that a figure is changed here and the JSON written again:

    python3 tools/make_dashboards.py

Texts are English in `_t("…")` formulas, chart titles and descriptions: Odoo's translation export
extracts them and the dashboards show them in the user's language (cms_dashboard/i18n/zh_CN.po).
"""

import json
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "addons" / "cms_dashboard" / "data" / "files"
SCORE_W, SCORE_H, GAP = 205, 106, 12
CHART_W, CHART_H = 520, 330
ROW_H = 23
TABLE_ROWS = 12  # rows of a pivot table below the charts


class Dashboard:
    def __init__(self, name):
        self.name = name
        self.pivots = {}
        self.cells = {}
        self.data = {}
        self.figures = []
        self.data_row = 0
        self.styles = {}

    # ------------------------------------------------------------------ data sources
    def pivot(self, model, measures, rows=(), domain=(), sort=None, name=""):
        pid = str(len(self.pivots) + 1)
        pivot = {
            "type": "ODOO",
            "fieldMatching": {},
            "context": {},
            "domain": list(domain),
            "id": pid,
            "measures": [{"id": m, "fieldName": m} for m in measures],
            "model": model,
            "name": name,
            "formulaId": pid,
            "columns": [],
            "rows": [{"fieldName": r} for r in rows],
        }
        if sort:
            pivot["sortedColumn"] = {"measure": sort, "order": "desc", "domain": []}
        self.pivots[pid] = pivot
        return pid

    def kpi(self, label, formula):
        """A figure of the hidden Data sheet; returns its reference for a scorecard."""
        self.data_row += 1
        self.data[f"A{self.data_row}"] = f'=_t("{label}")'
        # "+ 0": a figure of an empty scope is 0, not an empty cell
        self.data[f"B{self.data_row}"] = f"{formula} + 0" if formula.startswith("=PIVOT") else formula
        return f"Data!B{self.data_row}"

    # ------------------------------------------------------------------ figures
    def scorecard(self, index, title, key, baseline=None, baseline_text=None):
        data = {
            "type": "scorecard",
            "title": {"text": title, "bold": True, "color": "#434343"},
            "background": "#EFF6FF" if index % 2 == 0 else "#FFF7ED",
            "keyValue": key,
            "humanize": True,
            "baselineMode": "difference",
            "baselineColorUp": "#00A04A",
            "baselineColorDown": "#DC6965",
        }
        if baseline:
            # the reference figure (the limit, the promises made) written under the value
            data["baseline"] = baseline
            data["baselineMode"] = "text"
            data["baselineDescr"] = {"text": baseline_text}
        self._figure(data, index * (SCORE_W + GAP), GAP, SCORE_W, SCORE_H)

    def chart(self, slot, title, kind, model, measure, group_by, domain=()):
        data = {
            "type": f"odoo_{kind}",
            "title": {"text": title},
            "background": "#FFFFFF",
            "legendPosition": "top" if kind == "pie" else "none",
            "metaData": {
                "groupBy": list(group_by),
                "measure": measure,
                "order": "DESC" if kind != "line" else None,
                "resModel": model,
                "mode": kind,
            },
            "searchParams": {
                "comparison": None,
                "context": {},
                "domain": list(domain),
                "groupBy": list(group_by),
                "orderBy": [],
            },
            "dataSets": [],
            "stacked": False,
            "verticalAxisPosition": "left",
            "fieldMatching": {},
        }
        x = (slot % 2) * (CHART_W + GAP)
        y = 2 * GAP + SCORE_H + (slot // 2) * (CHART_H + GAP)
        self._figure(data, x, y, CHART_W, CHART_H)

    def threshold_chart(self, slot, title, table_row, columns):
        """A bar of each row of a pivot table and its limit as a line over the bars (DR-22: the thresholds
        drawn). ``columns``: the sheet columns of the values and of the limit in the table that
        :meth:`table` writes at ``table_row``; the ranges start at its header row (the measures' names,
        the legend) and cover its first rows."""
        first, last = table_row + 1, table_row + 1 + TABLE_ROWS
        values, limit = columns
        data = {
            "type": "combo",
            "title": {"text": title},
            "background": "#FFFFFF",
            "legendPosition": "top",
            "dataSets": [
                {"dataRange": f"{values}{first}:{values}{last}", "type": "bar"},
                {"dataRange": f"{limit}{first}:{limit}{last}", "type": "line", "backgroundColor": "#DC6965"},
            ],
            "labelRange": f"A{first + 1}:A{last}",
            "dataSetsHaveTitle": True,
            "aggregated": False,
            "axesDesign": {},
        }
        x = (slot % 2) * (CHART_W + GAP)
        y = 2 * GAP + SCORE_H + (slot // 2) * (CHART_H + GAP)
        self._figure(data, x, y, CHART_W, CHART_H)

    def _figure(self, data, x, y, width, height):
        fid = f"{self.name}-{len(self.figures) + 1}"
        data["chartId"] = fid
        self.figures.append(
            {
                "id": fid,
                "tag": "chart",
                "width": width,
                "height": height,
                "col": 0,
                "row": 0,
                "offset": {"x": x, "y": y},
                "data": data,
            }
        )

    def table(self, row, title, pid, columns):
        """A section title and a dynamic pivot table below the charts (row: 1-based sheet row)."""
        self.cells[f"A{row}"] = f'=_t("{title}")'
        self.styles[f"A{row}"] = 1
        self.cells[f"A{row + 1}"] = f"=PIVOT({pid}, {TABLE_ROWS}, FALSE, FALSE)"
        return columns

    # ------------------------------------------------------------------ output
    def charts_bottom_row(self):
        rows = max(f["offset"]["y"] + f["height"] for f in self.figures)
        return rows // ROW_H + 2

    def json(self):
        return {
            "version": "18.5.10",
            "sheets": [
                {
                    "id": "dashboard",
                    "name": "Dashboard",
                    "colNumber": 8,
                    "rowNumber": 80,
                    "rows": {},
                    "cols": {"0": {"size": 260}, **{str(i): {"size": 130} for i in range(1, 8)}},
                    "merges": [],
                    "cells": self.cells,
                    "styles": self.styles,
                    "formats": {},
                    "borders": {},
                    "conditionalFormats": [],
                    "dataValidationRules": [],
                    "figures": self.figures,
                    "tables": [],
                    "areGridLinesVisible": False,
                    "isVisible": True,
                    "headerGroups": {"ROW": [], "COL": []},
                    "comments": {},
                },
                {
                    "id": "data",
                    "name": "Data",
                    "colNumber": 3,
                    "rowNumber": max(self.data_row, 10),
                    "rows": {},
                    "cols": {},
                    "merges": [],
                    "cells": self.data,
                    "styles": {},
                    "formats": {},
                    "borders": {},
                    "conditionalFormats": [],
                    "dataValidationRules": [],
                    "figures": [],
                    "tables": [],
                    "areGridLinesVisible": True,
                    "isVisible": False,
                    "headerGroups": {"ROW": [], "COL": []},
                    "comments": {},
                },
            ],
            "styles": {"1": {"textColor": "#01666b", "bold": True, "fontSize": 14}},
            "formats": {},
            "borders": {},
            "revisionId": "START_REVISION",
            "uniqueFigureIds": True,
            "settings": {},
            "pivots": self.pivots,
            "pivotNextId": len(self.pivots) + 1,
            "customTableStyles": {},
            "globalFilters": [],
            "lists": {},
            "listNextId": 1,
            "chartOdooMenusReferences": {},
        }


def credit():
    """CC-13 … CC-15: exposure by region and tier, customers above their limit, open warnings by type and age."""
    d = Dashboard("credit")
    exposure = d.pivot("customer.credit.report", ["receivable", "overdue", "over_limit_count", "credit_limit"])
    warnings = d.pivot("customer.warning.report", ["open_count", "severe_count"])
    d.scorecard(0, "Open Receivable", d.kpi("Open receivable", f'=PIVOT.VALUE({exposure},"receivable")'))
    d.scorecard(1, "Overdue Receivable", d.kpi("Overdue receivable", f'=PIVOT.VALUE({exposure},"overdue")'))
    d.scorecard(
        2, "Customers above the Limit", d.kpi("Above the limit", f'=PIVOT.VALUE({exposure},"over_limit_count")')
    )
    d.scorecard(3, "Open Warnings", d.kpi("Open warnings", f'=PIVOT.VALUE({warnings},"open_count")'))
    d.chart(0, "Open Receivable by Region", "bar", "customer.credit.report", "receivable", ["region_id"])
    d.chart(1, "Warnings by Type", "pie", "customer.warning.report", "__count", ["warning_type"])
    d.chart(2, "Open Receivable by Customer Tier", "bar", "customer.credit.report", "receivable", ["tier_id"])
    d.chart(3, "Warnings by Age", "bar", "customer.warning.report", "__count", ["age"])
    by_tier = d.pivot(
        "customer.credit.report",
        ["credit_limit", "receivable", "overdue", "over_limit", "usage_rate"],
        rows=["partner_id"],
        sort="receivable",
    )
    d.table(d.charts_bottom_row(), "Largest Exposures", by_tier, 6)
    return d


def visits():
    """CV-6: required, planned and done visits by role, region and month; reports on time; promises kept."""
    d = Dashboard("visits")
    totals = d.pivot(
        "visit.compliance.report",
        [
            "required_count",
            "planned_count",
            "done_count",
            "report_on_time_count",
            "promise_count",
            "promise_kept_count",
        ],
    )
    d.scorecard(0, "Visits Required", d.kpi("Required", f'=PIVOT.VALUE({totals},"required_count")'))
    d.scorecard(1, "Visits Planned", d.kpi("Planned", f'=PIVOT.VALUE({totals},"planned_count")'))
    d.scorecard(2, "Visits Done", d.kpi("Done", f'=PIVOT.VALUE({totals},"done_count")'))
    d.scorecard(
        3,
        "Promises Kept",
        d.kpi("Promises kept", f'=PIVOT.VALUE({totals},"promise_kept_count")'),
        baseline=d.kpi("Promises", f'=PIVOT.VALUE({totals},"promise_count")'),
        baseline_text="promises made",
    )
    d.chart(0, "Visits Planned by Month", "line", "visit.compliance.report", "planned_count", ["date:month"])
    d.chart(1, "Visits Required by Role", "pie", "visit.compliance.report", "required_count", ["role"])
    d.chart(2, "Visits Planned by Region", "bar", "visit.compliance.report", "planned_count", ["region_id"])
    d.chart(3, "Visits Required by Customer Tier", "bar", "visit.compliance.report", "required_count", ["tier_id"])
    by_role = d.pivot(
        "visit.compliance.report",
        ["required_count", "planned_count", "done_count", "visit_count", "report_on_time_count", "promise_kept_count"],
        rows=["role"],
        sort="required_count",
    )
    d.table(d.charts_bottom_row(), "Compliance by Role", by_role, 7)
    return d


def complaints():
    """CM-16: received, closed on time, handling times, causes, products, regions and ratings."""
    d = Dashboard("complaints")
    totals = d.pivot(
        "customer.complaint.report", ["received_count", "closed_count", "on_time_rate", "close_days", "followup_score"]
    )
    d.scorecard(0, "Complaints Received", d.kpi("Received", f'=PIVOT.VALUE({totals},"received_count")'))
    d.scorecard(1, "Complaints Closed", d.kpi("Closed", f'=PIVOT.VALUE({totals},"closed_count")'))
    d.scorecard(2, "Closed on Time (%)", d.kpi("Closed on time", f'=ROUND(PIVOT.VALUE({totals},"on_time_rate"),1)'))
    d.scorecard(3, "Follow-up Rating", d.kpi("Rating", f'=ROUND(PIVOT.VALUE({totals},"followup_score"),1)'))
    d.chart(
        0, "Complaints Received by Month", "bar", "customer.complaint.report", "received_count", ["date_received:month"]
    )
    d.chart(1, "Complaints by Cause", "pie", "customer.complaint.report", "__count", ["cause_id"])
    d.chart(2, "Complaints by Product", "bar", "customer.complaint.report", "__count", ["product_id"])
    d.chart(3, "Complaints by Sales Region", "bar", "customer.complaint.report", "__count", ["region_id"])
    by_unit = d.pivot(
        "customer.complaint.report",
        ["received_count", "closed_count", "on_time_rate", "ack_days", "report_days", "close_days"],
        rows=["responsible_unit"],
        sort="received_count",
    )
    d.table(d.charts_bottom_row(), "Handling by Responsible Unit", by_unit, 7)
    return d


def rebates():
    """DR-16 … DR-22: accrued, approved, posted and paid rebates by component; concentration with its limits."""
    d = Dashboard("rebates")
    totals = d.pivot("dealer.rebate.report", ["accrued_amount", "approved_amount", "posted_amount", "paid_amount"])
    top = d.pivot("dealer.concentration.report", ["share", "top_three_limit"], domain=[["is_top_three", "=", True]])
    first = d.pivot("dealer.concentration.report", ["share", "single_limit"], domain=[["rank", "=", 1]])
    d.scorecard(0, "Rebates Accrued", d.kpi("Accrued", f'=PIVOT.VALUE({totals},"accrued_amount")'))
    d.scorecard(
        1,
        "Rebates Posted",
        d.kpi("Posted", f'=PIVOT.VALUE({totals},"posted_amount")'),
        baseline=d.kpi("Paid", f'=PIVOT.VALUE({totals},"paid_amount")'),
        baseline_text="paid",
    )
    d.scorecard(
        2,
        "Largest Customer Share (%)",
        d.kpi("Largest share", f'=ROUND(PIVOT.VALUE({first},"share"),1)'),
        baseline=d.kpi("One customer limit", f'=PIVOT.VALUE({first},"single_limit")'),
        baseline_text="limit (%)",
    )
    d.scorecard(
        3,
        "Top Three Share (%)",
        d.kpi("Top three share", f'=ROUND(PIVOT.VALUE({top},"share"),1)'),
        baseline=d.kpi("Top three limit", f'=PIVOT.VALUE({top},"top_three_limit")'),
        baseline_text="limit (%)",
    )
    d.chart(0, "Rebates Accrued by Component", "bar", "dealer.rebate.report", "accrued_amount", ["component"])
    d.chart(2, "Rebates Posted by Period", "bar", "dealer.rebate.report", "posted_amount", ["period"])
    d.chart(3, "Rebates Accrued by Dealer", "bar", "dealer.rebate.report", "accrued_amount", ["partner_id"])
    shares = d.pivot(
        "dealer.concentration.report",
        ["amount", "share", "single_limit", "top_three_share", "top_three_limit"],
        rows=["partner_id"],
        sort="amount",
    )
    row = d.charts_bottom_row()
    d.table(row, "Sales Concentration and Limits", shares, 6)
    # the table's columns: A customer, B sales, C share, D one-customer limit, E top three, F their limit
    d.threshold_chart(1, "Share of Sales by Customer and the Limit (%)", row, ("C", "D"))
    by_component = d.pivot(
        "dealer.rebate.report",
        ["accrued_amount", "approved_amount", "posted_amount", "paid_amount", "completion_ratio", "coefficient"],
        rows=["component"],
        sort="accrued_amount",
    )
    d.table(row + 16, "Rebates by Component", by_component, 7)
    return d


def main():
    for dashboard in (credit(), visits(), complaints(), rebates()):
        path = OUT / f"{dashboard.name}_dashboard.json"
        path.write_text(json.dumps(dashboard.json(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(path)


if __name__ == "__main__":
    main()

"""What client_visit adds to visit.plan."""

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models

# demo history: (salesperson xml id, whether the supervisor already approved last month's results)
DEMO_RESULTS = [("salesperson_sh", True), ("salesperson_zj", False)]
# demo annual plans: (salesperson xml id, region xml id, years from this one, decision of the branch GM)
DEMO_ANNUAL = [
    ("salesperson_zj", "customer_region_zhejiang", 0, "approve"),
    ("salesperson_sh", "customer_region_shanghai", 1, False),
]


class VisitPlan(models.Model):
    _inherit = "visit.plan"

    @api.model
    def _cv_load_demo_history(self):
        """Demo data: last month's plans and their month-end results, and the annual plans, walked through
        the real flow by the demo users (CV-1 … CV-4).

        Last month: each salesperson's plan generated, submitted and approved by the supervisor, two
        planned visits done, the others not done with a reason; the Shanghai results approved, the
        Zhejiang ones waiting for the supervisor. Annual plans: this year's of Zhejiang approved by the
        branch general manager, next year's of Shanghai waiting for them. The texts of the chatter are
        written in the company's language (``_cc_load_demo_terms``).
        """
        lang = self.env["res.company"]._cc_load_demo_terms("client_visit")
        self.with_context(lang=lang)._cv_walk_demo_history()

    @api.model
    def _cv_walk_demo_history(self):
        today = fields.Date.context_today(self)
        last_month = today + relativedelta(months=-1, day=1)
        for xmlid, approve in DEMO_RESULTS:
            user = self.env.ref(f"customer_comm.user_demo_{xmlid}")
            plan = self.with_user(user).create({"plan_type": "monthly", "user_id": user.id, "date_from": last_month})
            plan.action_generate()
            if not plan.line_ids:
                continue
            plan.action_submit()
            _demo_decide(plan, "同意，按计划执行。")
            for line in plan.line_ids.sorted("planned_date")[:2]:
                visit = self.env["customer.visit"].browse(line.with_user(user).action_create_visit()["res_id"])
                visit = visit.with_user(user)
                visit.write({"outcome": "客户反馈良好，确认下月订货计划。", "report_needs": "希望加快到货速度。"})
                visit.action_done()
            result = self.env["visit.plan.result"].browse(plan.with_user(user).action_open_result()["res_id"])
            result = result.with_user(user)
            result.line_ids.filtered(lambda line: line.mark != "done").write(
                {"result_reason": "客户负责人出差，改期至本月拜访。"}
            )
            result.note = "上月计划拜访大部分完成，未完成的已列入本月计划。"
            result.action_submit()
            if approve:
                _demo_decide(result, "完成情况良好。")
        for xmlid, region_xmlid, years, decision in DEMO_ANNUAL:
            user = self.env.ref(f"customer_comm.user_demo_{xmlid}")
            plan = self.with_user(user).create(
                {
                    "plan_type": "annual",
                    "user_id": user.id,
                    "region_id": self.env.ref(f"customer_comm.{region_xmlid}").id,
                    "date_from": today + relativedelta(years=years, month=1, day=1),
                    "note": "年度客户访谈计划：重点客户每季度上门深入访谈，新客户三个月内完成首访。",
                }
            )
            plan.action_generate()
            plan.action_submit()
            if decision == "approve":
                _demo_decide(plan, "同意，报品质运营中心备案。")

    @api.model
    def _cv_demo_decide(self, model, record_ids, comment):
        """Demo: the approvers whose turn it is approve these records with a comment."""
        for record in self.env[model].browse(record_ids):
            _demo_decide(record, comment)


def _demo_decide(record, comment, reject=False):
    """Demo: the approver whose turn it is decides ``record`` with a comment, as in the web client."""
    approver = record.review_ids.filtered(lambda review: review.status == "pending")[:1].reviewer_ids[:1]
    if not approver:
        return
    record = record.with_user(approver)
    action = record.reject_tier() if reject else record.validate_tier()
    if isinstance(action, dict) and action.get("res_model") == "comment.wizard":
        wizard = record.env["comment.wizard"].with_context(**action["context"]).create({"comment": comment})
        wizard.add_comment()

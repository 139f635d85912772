"""visit.plan.line: one planned visit of a plan (a customer, a date, a purpose and its mark)."""

from odoo import api, fields, models
from odoo.exceptions import UserError

PURPOSES = [
    ("market_research", "Market Research"),
    ("competitor", "Competitor Intelligence"),
    ("relationship", "Relationship"),
    ("payment", "Payment Collection"),
    ("new_customer", "New Customer Development"),
    ("new_product", "New Product Promotion"),
    ("coverage", "Coverage"),
]
# CV-8: ☆ planned, ● temporary task not done, ★ done
MARKS = [("planned", "☆ Planned"), ("not_done", "● Not Done"), ("done", "★ Done")]
ORIGINS = [
    ("frequency", "Visit Frequency"),
    ("carry_over", "Carried Over"),
    ("promise", "Open Promise"),
    ("manual", "Added by Hand"),
]
# CV-4: what the salesperson reports on a line of an approved plan
RESULT_FIELDS = frozenset({"mark", "result_reason"})


class VisitPlanLine(models.Model):
    """CV-3 / CV-8: one planned visit of a plan: a customer, a date, a purpose and its mark."""

    _name = "visit.plan.line"
    _description = "Visit Plan Line"
    _order = "planned_date, partner_id, id"
    _check_company_auto = True

    plan_id = fields.Many2one("visit.plan", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="plan_id.company_id", store=True, index=True, precompute=True)
    user_id = fields.Many2one(related="plan_id.user_id", string="Responsible", store=True, index=True, precompute=True)
    role = fields.Selection(related="plan_id.role", store=True, precompute=True)
    plan_type = fields.Selection(related="plan_id.plan_type", store=True, precompute=True)
    plan_state = fields.Selection(related="plan_id.state", string="Plan Status")
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        check_company=True,
        domain="[('is_company', '=', True)]",
    )
    region_id = fields.Many2one(related="partner_id.cc_region_id", string="Region", store=True, precompute=True)
    tier_id = fields.Many2one(related="partner_id.cc_tier_id", string="Customer Tier", store=True, precompute=True)
    planned_date = fields.Date(required=True, index=True)
    month_visits = fields.Integer(
        string="Visits in the Month",
        default=1,
        help="On an annual plan, a line is a customer's month and holds how many visits it plans.",
    )
    purpose = fields.Selection(PURPOSES, default="relationship")
    mark = fields.Selection(
        MARKS,
        compute="_compute_mark",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
        default="planned",
        index=True,
    )
    origin = fields.Selection(ORIGINS, default="manual", required=True, readonly=True)
    frequency_rule_id = fields.Many2one("visit.frequency.rule", readonly=True)
    carried_line_id = fields.Many2one(
        "visit.plan.line", string="Carried Over From", readonly=True, index="btree_not_null"
    )
    promise_id = fields.Many2one("visit.promise", readonly=True, index="btree_not_null")
    visit_ids = fields.One2many("customer.visit", "plan_line_id", string="Visits")
    note = fields.Char()
    # CV-4: the month-end result of the line
    result_id = fields.Many2one("visit.plan.result", string="Month-end Results", readonly=True, index="btree_not_null")
    result_reason = fields.Char(string="Reason Not Done", help="Why this planned visit was not done.")
    # CV-6: compliance measures
    planned_count = fields.Integer(string="Planned", compute="_compute_counts", store=True, precompute=True)
    done_count = fields.Integer(string="Done", compute="_compute_counts", store=True, precompute=True)
    required_count = fields.Integer(string="Required", compute="_compute_counts", store=True, precompute=True)

    @api.depends("visit_ids.state")
    def _compute_mark(self):
        for line in self:
            if any(visit.state in ("done", "submitted", "reviewed") for visit in line.visit_ids):
                line.mark = "done"
            elif line.mark == "done" or not line.mark:
                line.mark = "planned"

    @api.depends("mark", "origin", "month_visits", "plan_type")
    def _compute_counts(self):
        for line in self:
            visits = max(line.month_visits, 0) if line.plan_type == "annual" else 1
            line.planned_count = visits
            line.done_count = int(line.mark == "done")
            line.required_count = visits if line.origin == "frequency" else 0

    @api.depends("partner_id", "planned_date", "mark")
    def _compute_display_name(self):
        marks = dict(MARKS)
        for line in self:
            line.display_name = f"{marks.get(line.mark, '')[:1]} {line.planned_date or ''} {line.partner_id.name or ''}"

    def _check_company(self, fnames=None):
        """Q-15: the customer of a line is shared or of the plan's company (or a parent company), checked in one
        pass: Odoo's generic check evaluates a domain per line, and a plan generation creates tens of thousands
        of lines at once (about half of its time at 57,000 lines). The other fields keep Odoo's check."""
        names = set(self._fields if fnames is None or "company_id" in fnames else fnames)
        if "partner_id" in names:
            wrong = self.sudo().filtered(
                lambda line: line.partner_id.company_id and line.partner_id.company_id not in line.company_id.parent_ids
            )
            if wrong:
                raise UserError(
                    self.env._(
                        "%(customer)s belongs to another company than the plan %(plan)s.",
                        customer=wrong[0].partner_id.display_name,
                        plan=wrong[0].plan_id.display_name,
                    )
                )
            names.discard("partner_id")
        names.discard("company_id")
        return super()._check_company(fnames=list(names))

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        if not self.env.su:
            lines.plan_id._check_can_edit()
        return lines

    def write(self, vals):
        if not self.env.su and vals.keys() - RESULT_FIELDS:
            self.plan_id._check_can_edit()
        if (
            not self.env.su
            and RESULT_FIELDS & vals.keys()
            and self.result_id.filtered(lambda result: result.state in ("submitted", "approved"))
        ):
            raise UserError(self.env._("The month-end results of this plan are submitted: they cannot be changed."))
        if not self.env.su and vals.get("mark") == "done":
            raise UserError(self.env._("A planned visit is marked done by recording the visit."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_locked_plan(self):
        self.plan_id._check_can_edit()

    def action_create_visit(self):
        """CV-7: record the visit of this line (opens the visit form)."""
        self.ensure_one()
        visit = self.visit_ids[:1] or self.env["customer.visit"].create(
            {
                "partner_id": self.partner_id.id,
                "user_id": self.user_id.id,
                "role": self.role,
                "date": self.planned_date,
                "purpose": self.purpose or "relationship",
                "plan_line_id": self.id,
            }
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "customer.visit",
            "res_id": visit.id,
            "view_mode": "form",
        }

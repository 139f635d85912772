"""CV-2 / CV-3: generate next month's plans of every salesperson at once."""

from dateutil.relativedelta import relativedelta

from odoo import fields, models
from odoo.exceptions import AccessError


class VisitPlanGenerateWizard(models.TransientModel):
    """CV-2 / CV-3: generate next month's plans of every salesperson at once."""

    _name = "visit.plan.generate.wizard"
    _description = "Generate Monthly Visit Plans"

    month = fields.Date(
        required=True,
        default=lambda self: (fields.Date.context_today(self) + relativedelta(months=1)).replace(day=1),
        help="Any day of the month to plan.",
    )

    def action_generate(self):
        self.ensure_one()
        if not self.env.user.has_group("client_visit.client_visit_group_manager"):
            raise AccessError(self.env._("Only a visit manager generates the plans of every salesperson."))
        plans = self.env["visit.plan"]._cv_generate_monthly_plans(self.month)
        action = self.env["ir.actions.act_window"]._for_xml_id("client_visit.visit_plan_action")
        action["domain"] = [("id", "in", plans.ids)]
        return action

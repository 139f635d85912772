"""What client_visit adds to customer.region."""

from dateutil.relativedelta import relativedelta

from odoo import fields, models
from odoo.fields import Domain


class CustomerRegion(models.Model):
    _inherit = "customer.region"

    cv_plan_deadline = fields.Date(
        string="Visit Plan Due",
        compute="_compute_cv_plan_missing",
        help="A new region must have an annual visit plan within this date.",
    )
    cv_plan_missing = fields.Boolean(
        string="New Region without Visit Plan",
        compute="_compute_cv_plan_missing",
        search="_search_cv_plan_missing",
        help="The region was created recently and no annual visit plan covers it yet.",
    )

    def _compute_cv_plan_missing(self):
        missing = self._cv_regions_without_plan(self)
        for region in self:
            company = region.company_id or self.env.company
            created = (region.create_date or fields.Datetime.now()).date()
            region.cv_plan_deadline = created + relativedelta(months=company.cv_new_region_plan_months)
            region.cv_plan_missing = region in missing

    def _search_cv_plan_missing(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            return NotImplemented
        months = max(self.env.companies.mapped("cv_new_region_plan_months") or [3])
        recent = self.search([("create_date", ">=", fields.Datetime.now() - relativedelta(months=months))])
        ids = self._cv_regions_without_plan(recent).ids
        return [("id", "in" if (operator == "=") == value else "not in", ids)]

    def _cv_regions_without_plan(self, regions):
        """CV-1: the regions created less than the company's months ago that no current annual plan covers.

        A plan covers its region and the sub-regions; cancelled plans and past years do not count.
        """
        now = fields.Datetime.now()
        recent = regions.filtered(
            lambda region: (
                region.create_date
                and region.create_date
                >= now - relativedelta(months=(region.company_id or self.env.company).cv_new_region_plan_months)
            )
        )
        if not recent:
            return recent
        ancestors = {int(rid) for region in recent for rid in (region.parent_path or "").split("/") if rid}
        # sudo: whether a plan exists is shown to the managers, whoever owns the plan
        plans = (
            self.env["visit.plan"]
            .sudo()
            .search_fetch(
                Domain("plan_type", "=", "annual")
                & Domain("state", "!=", "cancel")
                & Domain("region_id", "in", list(ancestors))
                & Domain("date_to", ">=", fields.Date.context_today(self)),
                ["region_id"],
            )
        )
        covered = set(plans.region_id.ids)
        return recent.filtered(
            lambda region: not covered & {int(rid) for rid in (region.parent_path or "").split("/") if rid}
        )

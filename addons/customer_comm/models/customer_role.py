"""X-1 / CC-4: a user holds a business role, for a region and its sub-regions or company-wide."""

from odoo import api, fields, models

from .res_partner import ARCHIVE_FIELDS

ROLES = [
    ("salesperson", "Salesperson"),
    ("customer_service", "Customer Service"),
    ("info_admin", "Information Administrator"),
    ("finance", "Finance"),
    ("branch_sales_manager", "Branch Sales Manager"),
    ("regional_manager", "Regional Manager"),
    ("market_manager", "Market Department Manager"),
    ("customer_service_manager", "Customer Service Manager"),
    ("finance_manager", "Finance Manager"),
    ("technical_support_manager", "Technical Support Manager"),
    ("branch_gm", "Branch General Manager"),
    ("marketing_director", "Marketing Director"),
    ("sales_vp", "Sales Vice President"),
    ("gm", "General Manager"),
]

# X-1 / CC-20: "one role up" when a warning is left unacknowledged.
ESCALATION_CHAIN = [
    "salesperson",
    "branch_sales_manager",
    "branch_gm",
    "regional_manager",
    "marketing_director",
    "sales_vp",
    "gm",
]


class CustomerRoleAssignment(models.Model):
    """X-1 / CC-4: a user holds a business role, for a region and its sub-regions or company-wide."""

    _name = "customer.role.assignment"
    _description = "Business Role Assignment"
    _order = "role, region_id"

    user_id = fields.Many2one("res.users", required=True, ondelete="cascade", index=True)
    role = fields.Selection(ROLES, required=True, index=True)
    region_id = fields.Many2one(
        "customer.region",
        string="Region Scope",
        ondelete="cascade",
        help="Empty: the role applies to every region of the company.",
    )
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    active = fields.Boolean(default=True)

    _role_region_uniq = models.UniqueIndex(
        "(role, COALESCE(region_id, 0), company_id) WHERE active",
        "A role already has a holder for this region: change that assignment instead.",
    )

    @api.depends("user_id", "role", "region_id")
    def _compute_display_name(self):
        roles = dict(self._fields["role"]._description_selection(self.env))
        for assignment in self:
            scope = assignment.region_id.complete_name or self.env._("All regions")
            assignment.display_name = f"{roles.get(assignment.role)}: {assignment.user_id.name} ({scope})"

    @api.model_create_multi
    def create(self, vals_list):
        assignments = super().create(vals_list)
        self._on_roles_changed()
        return assignments

    def write(self, vals):
        result = super().write(vals)
        self._on_roles_changed()
        return result

    def unlink(self):
        result = super().unlink()
        self._on_roles_changed()
        return result

    @api.model
    def _find_user(self, role, region=None, company=None):
        """The user holding ``role`` for ``region``: the nearest region up the tree, then company-wide."""
        return self._resolver(company or self.env.company)(role, region)

    @api.model
    def _resolver(self, company):
        """A function (role, region) → user over the company's assignments, read once (batch jobs)."""
        # sudo: resolving who must act is needed by every user; only user ids are read.
        assignments = self.sudo().search([("company_id", "=", company.id)])
        holders = {(assignment.role, assignment.region_id.id): assignment.user_id for assignment in assignments}

        def resolve(role, region=None):
            chain = [int(rid) for rid in reversed(region.parent_path.split("/")[:-1])] if region else []
            for region_id in [*chain, False]:
                if holders.get((role, region_id)):
                    return holders[(role, region_id)]
            return self.env["res.users"]

        return resolve

    @api.model
    def _next_role_up(self, role):
        """CC-20: the role one step up the escalation chain (the GM stays the GM)."""
        if role not in ESCALATION_CHAIN:
            return "branch_sales_manager"
        index = ESCALATION_CHAIN.index(role)
        return ESCALATION_CHAIN[min(index + 1, len(ESCALATION_CHAIN) - 1)]

    @api.model
    def _first_holder_above(self, role, find, owner):
        """``(role, user)``: the first role up the escalation chain from ``role`` whose holder (``find(role)``) is
        someone other than ``owner`` (a vacant role is passed: nobody escalates to or approves for themselves).
        At the top of the chain with nobody else: ``(role, no user)``."""
        user = self.env["res.users"]
        while not user or user == owner:
            next_role = self._next_role_up(role)
            if next_role == role:
                return role, self.env["res.users"]
            role, user = next_role, find(next_role)
        return role, user

    def _on_roles_changed(self):
        """X-1: whoever holds a role now is who approves and who sees the archive, at once."""
        self._invalidate_archive_scope()
        self.env["tier.review"]._cc_refresh_undecided_reviewers()

    def _invalidate_archive_scope(self):
        """CC-9: the archive record rules read the users' roles; they are cached per user until roles change."""
        self.env["res.users"].invalidate_model(["cc_archive_region_ids", "cc_archive_company_ids"])
        self.env["res.partner"].invalidate_model(list(ARCHIVE_FIELDS))
        self.env.registry.clear_cache()

"""CC-11: a change of credit limit or level, applied to the partner only once approved."""

from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import formatLang


class CustomerCreditRequest(models.Model):
    """CC-11: a change of credit limit or level, applied to the partner only once approved."""

    _name = "customer.credit.request"
    _description = "Credit Change Request"
    _inherit = ["customer.approval.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "id desc"
    _check_company_auto = True

    name = fields.Char(required=True, readonly=True, copy=False, default=lambda self: self.env._("New"))
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        tracking=True,
        check_company=True,
        domain="[('is_company', '=', True)]",
    )
    user_id = fields.Many2one(
        "res.users", string="Requested by", required=True, default=lambda self: self.env.user, tracking=True
    )
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    currency_id = fields.Many2one(related="company_id.currency_id")
    origin = fields.Selection(
        [("manual", "Salesperson"), ("periodic_review", "Periodic Review")], default="manual", required=True
    )
    current_credit_limit = fields.Monetary(readonly=True, copy=False)
    current_level_id = fields.Many2one("customer.credit.level", readonly=True, copy=False)
    new_credit_limit = fields.Monetary(required=True, tracking=True)
    new_level_id = fields.Many2one(
        "customer.credit.level",
        tracking=True,
        check_company=True,
        domain="[('state', '=', 'approved')]",
    )
    increase_amount = fields.Monetary(compute="_compute_increase_amount", store=True)
    reason = fields.Text(required=True)
    state = fields.Selection(
        [("draft", "Draft"), ("approved", "Approved"), ("cancel", "Cancelled")],
        default="draft",
        required=True,
        tracking=True,
        copy=False,
    )
    # who approves each step, resolved when asked (a role changing hands applies at once)
    sales_manager_id = fields.Many2one("res.users", string="Branch Sales Manager", compute="_compute_approvers")
    marketing_director_id = fields.Many2one("res.users", compute="_compute_approvers")
    needs_director = fields.Boolean(compute="_compute_increase_amount", store=True)

    @api.depends("new_credit_limit", "current_credit_limit", "origin", "company_id.cc_credit_director_amount")
    def _compute_increase_amount(self):
        for request in self:
            request.increase_amount = request.new_credit_limit - request.current_credit_limit
            # CC-11: large increases; CC-13 (seed 001 §7): review proposals go to the director too
            request.needs_director = (
                request.increase_amount > request.company_id.cc_credit_director_amount
                or request.origin == "periodic_review"
            )

    @api.depends("partner_id.cc_region_id", "company_id")
    def _compute_approvers(self):
        for request in self:
            request.sales_manager_id = request._cc_approver("branch_sales_manager")
            request.marketing_director_id = request._cc_approver("marketing_director")

    @api.constrains("new_credit_limit")
    def _check_new_credit_limit(self):
        if any(request.new_credit_limit < 0 for request in self):
            raise ValidationError(self.env._("A credit limit cannot be negative."))

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", self.env._("New")) == self.env._("New"):
                vals["name"] = self.env["ir.sequence"].next_by_code("customer.credit.request") or "/"
        requests = super().create(vals_list)
        requests._snapshot_current_credit()
        return requests

    def _snapshot_current_credit(self):
        for request in self:
            # sudo: credit_limit is readable by accounting only; the request shows the figure it changes.
            partner = request.partner_id.commercial_partner_id.sudo().with_company(request.company_id)
            request.write(
                {
                    "current_credit_limit": partner.credit_limit,
                    "current_level_id": partner.cc_credit_level_id.id,
                }
            )

    def action_cancel(self):
        self.write({"state": "cancel"})

    def action_draft(self):
        self.write({"state": "draft"})

    def _on_fully_approved(self):
        self.action_apply()

    def action_apply(self):
        """Write the approved values on the partner; refused while the chain is not complete."""
        for request in self:
            if request.state != "draft":
                raise UserError(self.env._("%(request)s was already applied or cancelled.", request=request.name))
            request.write({"state": "approved"})  # tier.validation refuses this without approval
            request._apply_to_partner()

    @api.model
    def _cron_propose_downgrades(self):
        """CC-13: finance's periodic review proposes one level down for customers with old overdue receivables."""
        self.env["customer.batch.job"]._run_per_company(self._propose_downgrades)

    @api.model
    def _propose_downgrades(self, company):
        overdue = self._overdue_receivables(company)
        partners = self.env["res.partner"].sudo().with_company(company).browse(overdue)
        pending = self.sudo().search(
            [
                ("company_id", "=", company.id),
                ("partner_id", "in", partners.ids),
                ("state", "=", "draft"),
                ("origin", "=", "periodic_review"),
            ]
        )
        levels = (
            self.env["customer.credit.level"]
            .sudo()
            .search([("company_id", "=", company.id), ("state", "=", "approved")])
        )
        vals_list = []
        for partner in partners - pending.partner_id:
            lower = levels.filtered(lambda level, p=partner: level.sequence > p.cc_credit_level_id.sequence)[:1]
            if not partner.cc_credit_level_id or not lower:
                continue
            vals_list.append(
                {
                    "partner_id": partner.id,
                    "company_id": company.id,
                    "origin": "periodic_review",
                    "new_level_id": lower.id,
                    "new_credit_limit": min(lower.default_credit_limit, partner.credit_limit),
                    "reason": self.env._(
                        "Periodic credit review: %(amount)s overdue for more than %(days)s days.",
                        amount=formatLang(self.env, overdue[partner.id], currency_obj=company.currency_id),
                        days=company.cc_downgrade_overdue_days,
                    ),
                }
            )
        requests = self.sudo().with_company(company).create(vals_list)
        requests.request_validation()
        return requests

    @api.model
    def _overdue_receivables(self, company):
        """{customer id: receivable amount due for longer than the configured days}."""
        limit_date = fields.Date.context_today(self) - timedelta(days=company.cc_downgrade_overdue_days)
        overdue = self.env["res.partner"]._cc_receivables(company, due_before=limit_date)
        return {partner_id: amount for partner_id, amount in overdue.items() if amount > 0}

    def _apply_to_partner(self):
        self.ensure_one()
        # sudo: credit_limit is an accounting field; the approved request is the authorisation.
        partner = self.partner_id.commercial_partner_id.sudo().with_company(self.company_id)
        old_limit, old_level = partner.credit_limit, partner.cc_credit_level_id
        values = {"credit_limit": self.new_credit_limit}
        if self.new_level_id:
            values["cc_credit_level_id"] = self.new_level_id.id
        partner.write(values)
        self.message_post(
            body=self.env._(
                "Applied to the customer: limit %(old_limit)s → %(new_limit)s, level %(old_level)s → %(new_level)s.",
                old_limit=formatLang(self.env, old_limit, currency_obj=self.currency_id),
                new_limit=formatLang(self.env, self.new_credit_limit, currency_obj=self.currency_id),
                old_level=old_level.name or "-",
                new_level=(self.new_level_id or old_level).name or "-",
            )
        )
        # CC-9: every user reads the partner's chatter, so it only links to the request
        # (restricted by record rules) instead of repeating the confidential figures.
        partner.message_post(body=self.env._("Credit changed by approved request %(request)s.", request=self.name))

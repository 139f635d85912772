"""CM-15: the GM office's monthly review of last month's closed complaints (seed 003 第二十八条)."""

from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError

SANCTIONS = [
    ("none", "None"),
    ("administrative", "Administrative Sanction"),
    ("bonus_deduction", "Bonus Deduction"),
]
SERVICE_GROUP = "complaint_mgmt.complaint_mgmt_group_service"


class ComplaintPenaltyReview(models.Model):
    """CM-15: the GM office's monthly review of last month's closed complaints (seed 003 第二十八条).

    Prepared by a job on the first days of the month with one line per closed complaint, due before
    the company's review day (the 10th), the sanctions and bonus deductions approved by the general
    manager (tier definition on the ``gm`` role).
    """

    _name = "complaint.penalty.review"
    _description = "Complaint Penalty Review"
    _inherit = ["customer.flow.document.mixin", "customer.approval.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "month desc, id desc"
    _check_company_auto = True
    _state_from = ["draft"]
    _state_to = ["approved"]
    _cancel_state = "cancel"

    name = fields.Char(required=True, readonly=True)
    company_id = fields.Many2one("res.company", required=True, readonly=True, default=lambda self: self.env.company)
    currency_id = fields.Many2one(related="company_id.currency_id")
    month = fields.Date(string="Month Reviewed", required=True, readonly=True)
    deadline = fields.Date(string="Review Before", readonly=True, tracking=True)
    state = fields.Selection(
        [("draft", "To Review"), ("approved", "Approved"), ("cancel", "Cancelled")],
        string="Status",
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
        copy=False,
    )
    line_ids = fields.One2many("complaint.penalty.line", "review_id", string="Complaints Reviewed")
    total_amount = fields.Monetary(string="Total Deductions", compute="_compute_total_amount", store=True)

    _live_month_uniq = models.UniqueIndex(
        "(company_id, month) WHERE state != 'cancel'", "A month is reviewed once per company."
    )

    @api.depends("line_ids.amount")
    def _compute_total_amount(self):
        for review in self:
            review.total_amount = sum(review.line_ids.mapped("amount"))

    def _flow_hint(self):
        return self.env._("The status of a penalty review changes through its approval.")

    def action_submit(self):
        """CM-15: the GM office submits the month's sanctions to the general manager."""
        return self.request_validation()

    def _cc_check_submission(self):
        if not self.env.user.has_group(SERVICE_GROUP):
            raise AccessError(self.env._("Only the customer service centre submits penalty reviews."))
        if any(review.state != "draft" for review in self):
            raise UserError(self.env._("Only a review to do can be submitted."))
        return super()._cc_check_submission()

    def _on_fully_approved(self):
        # sudo: the general manager approves through the engine; the state is refused to direct writes
        self.sudo().write({"state": "approved"})

    def _cc_approval_region(self):
        return self.env["customer.region"]

    @api.model
    def _cron_prepare_reviews(self):
        """CM-15 / X-6: last month's review, prepared once per company with its complaints."""
        return self.env["customer.batch.job"]._run_per_company(self._prepare_review)

    @api.model
    def _prepare_review(self, company):
        today = fields.Date.context_today(self)
        month = today.replace(day=1) - relativedelta(months=1)
        if self.search_count([("company_id", "=", company.id), ("month", "=", month), ("state", "!=", "cancel")]):
            return True
        complaints = self.env["customer.complaint"].search(
            [
                ("company_id", "=", company.id),
                ("state", "=", "done"),
                ("date_closed", ">=", month),
                ("date_closed", "<", month + relativedelta(months=1)),
            ],
            order="date_closed, id",
        )
        deadline = today.replace(day=min(company.cm_penalty_review_day, 28))
        review = self.sudo().create(
            {
                "name": self.with_context(lang=company._cc_lang()).env._(
                    "Complaint penalty review %(month)s", month=month.strftime("%Y-%m")
                ),
                "company_id": company.id,
                "month": month,
                "deadline": deadline,
                "line_ids": [
                    Command.create(
                        {
                            "complaint_id": complaint.id,
                            "department_id": complaint.responsible_department_id.id,
                            "user_id": complaint.user_id.id,
                        }
                    )
                    for complaint in complaints
                ],
            }
        )
        general_manager = self.env["customer.role.assignment"]._resolver(company)("gm")
        if general_manager:
            review.activity_schedule(
                act_type_xmlid="complaint_mgmt.mail_activity_type_penalty_review",
                date_deadline=deadline,
                user_id=general_manager.id,
            )
        return True

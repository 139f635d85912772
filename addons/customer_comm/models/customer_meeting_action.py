"""CC-24: an improvement action answering a customer suggestion of a forum meeting."""

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class CustomerMeetingAction(models.Model):
    """CC-24: an improvement action answering a customer suggestion of a forum meeting.

    Seed 000: "对客户提出的意见或建议汇总并将改善措施逐级报分管管理层审批后向全体客户公布".
    The action is approved level by level (X-3 tier definitions: the branch
    sales manager of the meeting's region, then the marketing director), then
    published to the customers invited to the meeting.
    """

    _name = "customer.meeting.action"
    _description = "Forum Meeting Improvement Action"
    _inherit = ["customer.approval.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "id desc"
    _check_company_auto = True

    meeting_id = fields.Many2one(
        "customer.meeting",
        string="Forum Meeting",
        required=True,
        ondelete="cascade",
        index=True,
        check_company=True,
        tracking=True,
    )
    company_id = fields.Many2one(related="meeting_id.company_id", store=True, index=True)
    partner_id = fields.Many2one("res.partner", string="Suggested by", check_company=True)
    suggestion = fields.Text(string="Customer Suggestion", required=True)
    action = fields.Text(string="Improvement Action", required=True, tracking=True)
    user_id = fields.Many2one("res.users", string="Responsible", required=True, tracking=True)
    date_deadline = fields.Date(string="Deadline", required=True, tracking=True)
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("approved", "Approved"),
            ("published", "Published"),
            ("cancel", "Cancelled"),
        ],
        default="draft",
        required=True,
        readonly=True,
        copy=False,
        tracking=True,
    )
    published_date = fields.Date(readonly=True, copy=False)
    # who approves each step, resolved through the meeting's region when asked
    sales_manager_id = fields.Many2one("res.users", string="Branch Sales Manager", compute="_compute_approvers")
    marketing_director_id = fields.Many2one("res.users", compute="_compute_approvers")

    @api.depends("meeting_id.name", "suggestion")
    def _compute_display_name(self):
        for action in self:
            summary = (action.suggestion or "").strip().splitlines()[:1]
            action.display_name = f"{action.meeting_id.name or ''}: {summary[0][:60] if summary else ''}"

    @api.depends("meeting_id.region_id", "meeting_id.company_id")
    def _compute_approvers(self):
        for action in self:
            action.sales_manager_id = action._cc_approver("branch_sales_manager")
            action.marketing_director_id = action._cc_approver("marketing_director")

    @api.constrains("date_deadline", "meeting_id")
    def _check_date_deadline(self):
        for action in self:
            if action.date_deadline and action.date_deadline < action.meeting_id._meeting_day():
                raise ValidationError(self.env._("The deadline of an improvement action cannot be before the meeting."))

    @api.model_create_multi
    def create(self, vals_list):
        actions = super().create(vals_list)
        if any(action.meeting_id.state not in ("held", "closed") for action in actions):
            raise UserError(self.env._("Improvement actions are recorded once the forum meeting was held."))
        return actions

    def action_publish(self):
        """CC-24: publish an approved action to the customers invited to the meeting."""
        self.meeting_id._check_chair_or_manager()
        for action in self:
            if action.state != "approved":
                raise UserError(self.env._("Only an approved improvement action can be published."))
        self.write({"state": "published", "published_date": fields.Date.context_today(self)})
        for action in self:
            action.meeting_id._post_to_customers(
                self.env._("Improvement following the forum meeting %(meeting)s", meeting=action.meeting_id.name),
                Markup("<p><b>%s</b></p><p>%s</p><p><b>%s</b></p><p>%s</p><p>%s</p>")
                % (
                    self.env._("Your suggestion"),
                    action.suggestion,
                    self.env._("Our improvement"),
                    action.action,
                    self.env._(
                        "Responsible: %(user)s, by %(date)s.", user=action.user_id.name, date=action.date_deadline
                    ),
                ),
            )

    def action_cancel(self):
        self.meeting_id._check_chair_or_manager()
        if any(action.state == "published" for action in self):
            raise UserError(self.env._("A published improvement action cannot be cancelled."))
        self.write({"state": "cancel"})

    def action_draft(self):
        self.meeting_id._check_chair_or_manager()
        if any(action.state != "cancel" for action in self):
            raise UserError(self.env._("Only a cancelled improvement action can be reset to draft."))
        self.write({"state": "draft"})

    def _cc_approval_region(self):
        return self.meeting_id.region_id

    def _on_fully_approved(self):
        """X-3: the last level approved: the action is decided and its owner is asked to carry it out."""
        self.write({"state": "approved"})
        for action in self:
            action.activity_schedule(
                act_type_xmlid="mail.mail_activity_data_todo",
                date_deadline=action.date_deadline,
                summary=self.env._("Carry out the improvement action"),
                note=action.action,
                user_id=action.user_id.id,
            )

"""CC-24: postponing an announced forum meeting needs the general manager's approval."""

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_datetime


class CustomerMeetingPostponement(models.Model):
    """CC-24: postponing an announced forum meeting needs the general manager's approval.

    Seed 000: "异常情况下客户座谈会可延期举行,但须经总经理同意". The meeting's
    date changes only when the GM approved (X-3 tier definition on ``gm_id``);
    ``customer.meeting.write`` refuses any other change of an announced date.
    """

    _name = "customer.meeting.postponement"
    _description = "Forum Meeting Postponement"
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
        domain="[('state', '=', 'announced')]",
    )
    company_id = fields.Many2one(related="meeting_id.company_id", store=True, index=True)
    chair_id = fields.Many2one(related="meeting_id.chair_id", store=True)
    announced_date = fields.Datetime(
        compute="_compute_announced_date",
        store=True,
        readonly=True,
        precompute=True,
    )
    new_date = fields.Datetime(required=True, tracking=True)
    reason = fields.Text(required=True)
    requested_by_id = fields.Many2one(
        "res.users", string="Requested by", required=True, default=lambda self: self.env.user, readonly=True
    )
    state = fields.Selection(
        [("draft", "Draft"), ("approved", "Approved"), ("cancel", "Cancelled")],
        default="draft",
        required=True,
        readonly=True,
        copy=False,
        tracking=True,
    )
    # the approver of the chain
    gm_id = fields.Many2one("res.users", string="General Manager", compute="_compute_gm_id")

    @api.depends("meeting_id")
    def _compute_announced_date(self):
        for postponement in self:
            if not postponement.announced_date:
                postponement.announced_date = postponement.meeting_id.meeting_date

    @api.depends("meeting_id.company_id")
    def _compute_gm_id(self):
        for postponement in self:
            postponement.gm_id = postponement._cc_approver("gm")

    @api.depends("meeting_id.name", "new_date")
    def _compute_display_name(self):
        for postponement in self:
            postponement.display_name = self.env._(
                "%(meeting)s → %(date)s",
                meeting=postponement.meeting_id.name or "",
                # in the reader's time zone and language, like the date widget shows it
                date=format_datetime(self.env, postponement.new_date, dt_format="short"),
            )

    @api.constrains("new_date", "announced_date")
    def _check_new_date(self):
        for postponement in self:
            if postponement.announced_date and postponement.new_date <= postponement.announced_date:
                raise ValidationError(
                    self.env._("A postponement moves the meeting to a later date than the announced one.")
                )

    @api.model_create_multi
    def create(self, vals_list):
        postponements = super().create(vals_list)
        if any(postponement.meeting_id.state != "announced" for postponement in postponements):
            raise UserError(
                self.env._("Only an announced forum meeting is postponed; the date of a draft is edited directly.")
            )
        postponements.meeting_id._check_chair_or_manager()
        return postponements

    def action_cancel(self):
        if any(postponement.state != "draft" for postponement in self):
            raise UserError(self.env._("An approved postponement cannot be cancelled."))
        self.meeting_id._check_chair_or_manager()
        self.write({"state": "cancel"})

    def _cc_approval_region(self):
        return self.meeting_id.region_id

    def _on_fully_approved(self):
        """The GM approved: move the meeting and tell the invited customers."""
        self.write({"state": "approved"})
        for postponement in self:
            # sudo: the GM's approval is the authorisation, whatever the GM's access to the
            # meeting; customer.meeting.write re-checks that this approved request exists.
            meeting = postponement.meeting_id.sudo()
            meeting.write({"meeting_date": postponement.new_date})
            meeting._post_to_customers(
                self.env._("Postponed: customer forum meeting %(meeting)s", meeting=meeting.name),
                Markup("<p>%s</p><p>%s</p>")
                % (
                    self.env._(
                        "The customer forum meeting %(meeting)s is postponed to %(date)s.",
                        meeting=meeting.name,
                        date=meeting._format_meeting_date(),
                    ),
                    postponement.reason,
                ),
            )

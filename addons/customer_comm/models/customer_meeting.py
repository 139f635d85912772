"""CC-24: a customer forum meeting (客户座谈会)."""

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import format_datetime, is_html_empty

AGENDA_FIELDS = ("agenda_focus", "agenda_difficulties", "agenda_next_plan", "agenda_opinions")


class CustomerMeeting(models.Model):
    """CC-24: a customer forum meeting (客户座谈会).

    Seed 000 (5.1.3): the agenda has four parts; the meeting is announced at
    least 10 days ahead; the minutes go to the quality operations centre, the
    management in charge and the GM; suggestions become improvement actions
    approved level by level and published to all customers; a postponement
    needs the GM's consent; each manager attends at least once a year per
    department.
    """

    _name = "customer.meeting"
    _description = "Customer Forum Meeting"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "meeting_date desc, id desc"
    _check_company_auto = True

    name = fields.Char(string="Subject", required=True, tracking=True)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    department_id = fields.Many2one(
        "customer.department",
        string="Organising Department",
        required=True,
        tracking=True,
        check_company=True,
    )
    region_id = fields.Many2one(
        "customer.region",
        string="Sales Region",
        tracking=True,
        check_company=True,
        help="Resolves who approves the improvement actions of this meeting.",
    )
    chair_id = fields.Many2one(
        "res.users",
        required=True,
        default=lambda self: self.env.user,
        tracking=True,
    )
    partner_ids = fields.Many2many(
        "res.partner",
        "customer_meeting_partner_rel",
        "meeting_id",
        "partner_id",
        string="Invited Customers",
        check_company=True,
    )
    meeting_date = fields.Datetime(required=True, tracking=True)
    duration = fields.Float(string="Duration (hours)", default=2.0)
    location = fields.Char()
    announcement_date = fields.Date(readonly=True, copy=False, tracking=True)
    agenda_focus = fields.Html(string="This Period's Focus")
    agenda_difficulties = fields.Html(string="Open Difficulties")
    agenda_next_plan = fields.Html(string="Next Period's Plan")
    agenda_opinions = fields.Html(string="Customer Opinions and Suggestions")
    minutes = fields.Html(copy=False)
    minutes_sent_date = fields.Datetime(readonly=True, copy=False)
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("announced", "Announced"),
            ("held", "Held"),
            ("closed", "Closed"),
            ("cancel", "Cancelled"),
        ],
        default="draft",
        required=True,
        readonly=True,
        copy=False,
        tracking=True,
    )
    attendance_ids = fields.One2many("customer.meeting.attendance", "meeting_id", string="Management Attendance")
    action_ids = fields.One2many("customer.meeting.action", "meeting_id", string="Improvement Actions")
    action_count = fields.Integer(compute="_compute_action_count")
    postponement_ids = fields.One2many("customer.meeting.postponement", "meeting_id", string="Postponements")
    postponement_count = fields.Integer(compute="_compute_postponement_count")

    _duration_positive = models.Constraint("CHECK (duration >= 0)", "A meeting cannot last a negative time.")

    @api.depends("action_ids")
    def _compute_action_count(self):
        for meeting in self:
            meeting.action_count = len(meeting.action_ids)

    @api.depends("postponement_ids")
    def _compute_postponement_count(self):
        for meeting in self:
            meeting.postponement_count = len(meeting.postponement_ids)

    def write(self, vals):
        if "meeting_date" in vals:
            self._check_date_change(fields.Datetime.to_datetime(vals["meeting_date"]))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_announced(self):
        if any(meeting.state not in ("draft", "cancel") for meeting in self):
            raise UserError(self.env._("Only draft or cancelled forum meetings can be deleted."))

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_announce(self):
        """CC-24: announce at least N days ahead (company setting) and invite the customers."""
        self._check_chair_or_manager()
        today = fields.Date.context_today(self)
        for meeting in self:
            if meeting.state != "draft":
                raise UserError(self.env._("Only a draft forum meeting can be announced."))
            if not meeting.partner_ids:
                raise UserError(
                    self.env._("Invite at least one customer before announcing %(meeting)s.", meeting=meeting.name)
                )
            notice_days = meeting.company_id.cc_meeting_notice_days
            days_left = (meeting._meeting_day() - today).days
            if days_left < notice_days:
                raise ValidationError(
                    self.env._(
                        "A forum meeting must be announced at least %(days)s days before it takes place: "
                        "%(meeting)s is on %(date)s, only %(left)s days from today.",
                        days=notice_days,
                        meeting=meeting.name,
                        date=meeting._meeting_day(),
                        left=days_left,
                    )
                )
        self.write({"state": "announced", "announcement_date": today})
        for meeting in self:
            meeting._post_to_customers(
                self.env._("Invitation to the customer forum meeting %(meeting)s", meeting=meeting.name),
                meeting._invitation_body(),
            )

    def action_hold(self):
        """CC-24: the meeting took place."""
        self._check_chair_or_manager()
        today = fields.Date.context_today(self)
        for meeting in self:
            if meeting.state != "announced":
                raise UserError(self.env._("Only an announced forum meeting can be marked as held."))
            if meeting._meeting_day() > today:
                raise UserError(
                    self.env._(
                        "%(meeting)s takes place on %(date)s: it cannot be marked as held before.",
                        meeting=meeting.name,
                        date=meeting._meeting_day(),
                    )
                )
        self.write({"state": "held"})

    def action_close(self):
        """CC-24: minutes are mandatory; they go to the quality centre, the management and the GM."""
        self._check_chair_or_manager()
        for meeting in self:
            if meeting.state != "held":
                raise UserError(self.env._("Only a forum meeting that was held can be closed."))
            if is_html_empty(meeting.minutes):
                raise UserError(self.env._("Write the minutes of %(meeting)s before closing it.", meeting=meeting.name))
        for meeting in self:
            recipients = meeting._minutes_recipients()
            # followers may open the meeting the minutes link to (read-only rule)
            meeting.message_subscribe(partner_ids=recipients.partner_id.ids)
            meeting.message_post(
                body=Markup("<p>%s</p>%s")
                % (
                    self.env._("Minutes of the customer forum meeting %(meeting)s", meeting=meeting.name),
                    meeting.minutes,
                ),
                subject=self.env._("Minutes: %(meeting)s", meeting=meeting.name),
                partner_ids=recipients.partner_id.ids,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
        self.write({"state": "closed", "minutes_sent_date": fields.Datetime.now()})

    def action_cancel(self):
        self._check_chair_or_manager()
        if any(meeting.state not in ("draft", "announced") for meeting in self):
            raise UserError(self.env._("A forum meeting that was held cannot be cancelled."))
        announced = self.filtered(lambda m: m.state == "announced")
        self.write({"state": "cancel"})
        for meeting in announced:
            meeting._post_to_customers(
                self.env._("Cancelled: customer forum meeting %(meeting)s", meeting=meeting.name),
                Markup("<p>%s</p>")
                % self.env._(
                    "The customer forum meeting %(meeting)s planned on %(date)s is cancelled.",
                    meeting=meeting.name,
                    date=meeting._format_meeting_date(),
                ),
            )

    def action_draft(self):
        self._check_chair_or_manager()
        if any(meeting.state != "cancel" for meeting in self):
            raise UserError(self.env._("Only a cancelled forum meeting can be reset to draft."))
        self.write({"state": "draft", "announcement_date": False})

    def action_request_postponement(self):
        """CC-24: open a postponement request for the GM's approval."""
        self.ensure_one()
        if self.state != "announced":
            raise UserError(
                self.env._("Only an announced meeting needs a postponement request; edit a draft directly.")
            )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Postpone %(meeting)s", meeting=self.name),
            "res_model": "customer.meeting.postponement",
            "view_mode": "form",
            "context": {"default_meeting_id": self.id},
        }

    @api.readonly
    def action_open_actions(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("customer_comm.customer_meeting_action_action")
        action["domain"] = [("meeting_id", "=", self.id)]
        action["context"] = {"default_meeting_id": self.id}
        return action

    @api.readonly
    def action_open_postponements(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("customer_comm.customer_meeting_postponement_action")
        action["domain"] = [("meeting_id", "=", self.id)]
        action["context"] = {"default_meeting_id": self.id}
        return action

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------

    def _check_chair_or_manager(self):
        """Q-10: only the chair or a customer-management manager moves a meeting on."""
        if self.env.su or self.env.user.has_group("customer_comm.customer_comm_group_manager"):
            return
        for meeting in self:
            if meeting.chair_id != self.env.user:
                raise AccessError(
                    self.env._(
                        "Only the chair of %(meeting)s or a manager can do this.",
                        meeting=meeting.name,
                    )
                )

    def _check_date_change(self, new_date):
        """CC-24: once announced, the date only changes through a postponement the GM approved."""
        for meeting in self:
            if meeting.state == "draft" or meeting.meeting_date == new_date:
                continue
            approved = (
                self.env["customer.meeting.postponement"]
                .sudo()  # the approval decides, whoever reads it
                .search([("meeting_id", "=", meeting.id), ("state", "=", "approved")], order="id desc", limit=1)
            )
            if not approved or approved.new_date != new_date:
                raise UserError(
                    self.env._(
                        "The date of %(meeting)s was announced to the customers: request a postponement, "
                        "which the general manager approves.",
                        meeting=meeting.name,
                    )
                )

    def _meeting_day(self):
        """The meeting's date in the user's time zone."""
        self.ensure_one()
        return fields.Datetime.context_timestamp(self, self.meeting_date).date()

    def _format_meeting_date(self):
        self.ensure_one()
        return format_datetime(self.env, self.meeting_date, dt_format="short")

    def _invitation_body(self):
        self.ensure_one()
        labels = {name: self._fields[name].get_description(self.env)["string"] for name in AGENDA_FIELDS}
        body = Markup("<p>%s</p>") % self.env._(
            "You are invited to the customer forum meeting %(meeting)s on %(date)s at %(location)s, "
            "chaired by %(chair)s.",
            meeting=self.name,
            date=self._format_meeting_date(),
            location=self.location or "-",
            chair=self.chair_id.name,
        )
        for name in AGENDA_FIELDS:
            if not is_html_empty(self[name]):
                body += Markup("<h4>%s</h4>%s") % (labels[name], self[name])
        return body

    def _post_to_customers(self, subject, body):
        """Notify the invited customers through the chatter (mail to their address)."""
        self.ensure_one()
        return self.message_post(
            body=body,
            subject=subject,
            partner_ids=self.partner_ids.ids,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )

    def _minutes_recipients(self):
        """CC-24: the quality operations centre, the management in charge and the GM (configuration)."""
        self.ensure_one()
        company = self.company_id
        quality = company.cc_meeting_quality_user_ids
        management = company.cc_meeting_management_user_ids
        gm = self.env["customer.role.assignment"]._find_user("gm", company=company)
        missing = []
        if not quality:
            missing.append(self.env._("the quality operations centre"))
        if not management:
            missing.append(self.env._("the management in charge"))
        if not gm:
            missing.append(self.env._("the general manager (business role)"))
        if missing:
            raise UserError(
                self.env._(
                    "The minutes cannot be sent: configure %(missing)s in Customer Management > Configuration.",
                    missing=", ".join(missing),
                )
            )
        return quality | management | gm

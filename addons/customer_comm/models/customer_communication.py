"""CC-21: one contact with a customer, the line of the 客户沟通记录表."""

from datetime import timedelta

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Domain
from odoo.tools import plaintext2html

DIRECTIONS = [("inbound", "Inbound"), ("outbound", "Outbound")]
RESPONSE_STATES = [
    ("open", "Open"),
    ("responded", "Responded"),
    ("not_needed", "No Response Needed"),
]
FOLLOW_UP_ACTIVITY = "customer_comm.mail_activity_type_communication_follow_up"
RESPONSE_ACTIVITY = "customer_comm.mail_activity_type_communication_response"
OVERDUE_ACTIVITY = "customer_comm.mail_activity_type_communication_overdue"


class CustomerCommunication(models.Model):
    """CC-21: one contact with a customer, the line of the 客户沟通记录表.

    CC-22: an inbound contact carrying a customer request gets a response
    deadline from its channel's delay, a deadline activity for the responsible
    user, and, once overdue, one activity for the customer's salesperson.
    """

    _name = "customer.communication"
    _description = "Customer Communication"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True

    date = fields.Datetime(required=True, default=fields.Datetime.now, index=True, tracking=True)
    channel_id = fields.Many2one(
        "customer.communication.channel",
        required=True,
        index=True,
        ondelete="restrict",
        tracking=True,
    )
    direction = fields.Selection(DIRECTIONS, required=True, default="outbound", tracking=True)
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
        domain="[('parent_id', '=', False)]",
        help="The commercial customer; a contact person given here is moved to the contact persons.",
    )
    contact_ids = fields.Many2many(
        "res.partner",
        "customer_communication_contact_rel",
        "communication_id",
        "partner_id",
        string="Contact Persons",
        domain="[('commercial_partner_id', '=', partner_id)]",
    )
    user_ids = fields.Many2many(
        "res.users",
        "customer_communication_user_rel",
        "communication_id",
        "user_id",
        string="Our People",
        default=lambda self: self.env.user,
    )
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        required=True,
        index=True,
        tracking=True,
        default=lambda self: self.env.user,
        help="Receives the follow-up and response deadline activities.",
    )
    salesperson_id = fields.Many2one(
        related="partner_id.user_id", string="Salesperson", store=True, index=True, readonly=True
    )
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    summary = fields.Text(required=True)
    customer_request = fields.Text(string="Customer Requests")
    promised_action = fields.Text(string="Promised Actions")
    follow_up_date = fields.Date(string="Follow-up Date", tracking=True)
    # CC-22: response deadline
    needs_response = fields.Boolean(compute="_compute_needs_response", store=True)
    response_deadline = fields.Datetime(compute="_compute_response_deadline", store=True, index=True, tracking=True)
    response_state = fields.Selection(
        RESPONSE_STATES, compute="_compute_response_state", store=True, index=True, tracking=True
    )
    response_date = fields.Datetime(readonly=True, copy=False, tracking=True)
    responded_by_id = fields.Many2one("res.users", string="Responded by", readonly=True, copy=False)
    response_waived = fields.Boolean(readonly=True, copy=False)
    is_overdue = fields.Boolean(string="Overdue", compute="_compute_is_overdue", search="_search_is_overdue")
    overdue_notified = fields.Boolean(
        readonly=True, copy=False, help="The salesperson already received the overdue activity."
    )

    @api.depends("date", "partner_id", "channel_id")
    def _compute_display_name(self):
        for communication in self:
            date = communication.date and fields.Date.to_string(
                fields.Datetime.context_timestamp(communication, communication.date).date()
            )
            parts = [communication.partner_id.name, communication.channel_id.name, date]
            communication.display_name = " · ".join(part for part in parts if part)

    @api.depends("direction", "customer_request")
    def _compute_needs_response(self):
        for communication in self:
            communication.needs_response = communication.direction == "inbound" and bool(
                (communication.customer_request or "").strip()
            )

    @api.depends("needs_response", "date", "channel_id")
    def _compute_response_deadline(self):
        """CC-22: date + the channel's delay, in plain hours.

        The delay is read when the request is recorded (or its date or channel
        changes): editing a channel's delay applies to new requests, it does not
        move the deadlines already given to customers.
        """
        for communication in self:
            hours = communication.channel_id.response_hours
            if communication.needs_response and hours and communication.date:
                communication.response_deadline = communication.date + timedelta(hours=hours)
            else:
                communication.response_deadline = False

    @api.depends("needs_response", "response_date", "response_waived")
    def _compute_response_state(self):
        for communication in self:
            if communication.response_date:
                communication.response_state = "responded"
            elif communication.needs_response and not communication.response_waived:
                communication.response_state = "open"
            else:
                communication.response_state = "not_needed"

    @api.depends("response_state", "response_deadline")
    def _compute_is_overdue(self):
        now = fields.Datetime.now()
        for communication in self:
            communication.is_overdue = bool(
                communication.response_state == "open"
                and communication.response_deadline
                and communication.response_deadline < now
            )

    def _search_is_overdue(self, operator, value):
        if operator not in ("in", "not in"):
            return NotImplemented
        now = fields.Datetime.now()
        overdue = Domain("response_state", "=", "open") & Domain("response_deadline", "<", now)
        if operator == "in":
            return overdue
        return (
            Domain("response_state", "!=", "open")
            | Domain("response_deadline", "=", False)
            | Domain("response_deadline", ">=", now)
        )

    @api.constrains("follow_up_date", "date")
    def _check_follow_up_date(self):
        for communication in self.filtered("follow_up_date"):
            if communication.follow_up_date < communication._local_date():
                raise ValidationError(
                    self.env._(
                        "The follow-up date %(follow_up)s of %(communication)s cannot be before the "
                        "communication date.",
                        follow_up=communication.follow_up_date,
                        communication=communication.display_name,
                    )
                )

    @api.constrains("partner_id", "contact_ids")
    def _check_contact_ids(self):
        for communication in self:
            strangers = communication.contact_ids.filtered(
                lambda contact, customer=communication.partner_id: contact.commercial_partner_id != customer
            )
            if strangers:
                raise ValidationError(
                    self.env._(
                        "%(contacts)s are not contact persons of %(customer)s.",
                        contacts=", ".join(strangers.mapped("display_name")),
                        customer=communication.partner_id.display_name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._normalize_partner(vals)
        communications = super().create(vals_list)
        communications._sync_follow_up_activity()
        communications._sync_response_activity()
        return communications

    def write(self, vals):
        vals = self._normalize_partner(dict(vals))
        result = super().write(vals)
        if {"follow_up_date", "user_id", "promised_action"} & vals.keys():
            self._sync_follow_up_activity()
        if {"direction", "customer_request", "date", "channel_id", "user_id"} & vals.keys():
            self._sync_response_activity()
        return result

    def action_mark_responded(self):
        """CC-22: the customer got an answer; the deadline (and overdue) activities are closed."""
        self._check_response_open()
        self.write({"response_date": fields.Datetime.now(), "responded_by_id": self.env.user.id})
        self._close_response_activities(self.env._("Responded."))

    def action_mark_no_response_needed(self):
        """CC-22: the request needs no answer after all (e.g. answered during the call)."""
        self._check_response_open()
        self.write({"response_waived": True})
        self._close_response_activities(self.env._("No response needed."))

    def action_reopen_request(self):
        """CC-22: undo a response recorded by mistake; the original deadline applies again."""
        self.write({"response_date": False, "responded_by_id": False, "response_waived": False})
        self._sync_response_activity()

    @api.model
    def _cron_overdue_requests(self):
        """CC-22 / X-6: one activity for the salesperson per overdue request, never two.

        ``overdue_notified`` marks the request once handled, so a second run,
        or a run after the salesperson closed the activity, creates nothing.
        Runs company by company (X-6: a company's run reads and writes its own
        requests only), in committed batches without an email per activity;
        each salesperson gets one summary of the run (Q-14).
        """
        return self.env["customer.batch.job"]._run_per_company(self._overdue_requests)

    @api.model
    def _overdue_requests(self, company):
        domain = (
            Domain("company_id", "=", company.id)
            & Domain("is_overdue", "=", True)
            & Domain("overdue_notified", "=", False)
        )
        overdue = self.search(domain, order="response_deadline, id")
        activities = self.env["mail.activity"]

        def assign(batch):
            nonlocal activities
            activities |= batch._assign_overdue_activity()

        Jobs = self.env["customer.batch.job"]
        finished = Jobs._run_in_batches(overdue, assign)
        Jobs._post_activity_digests(activities)
        return finished

    def _assign_overdue_activity(self):
        activity_type = self.env.ref(OVERDUE_ACTIVITY)
        model_id = self.env["ir.model"]._get_id(self._name)
        activities = self.env["customer.batch.job"]._schedule_activities(
            [
                {
                    "res_model_id": model_id,
                    "res_id": communication.id,
                    "activity_type_id": activity_type.id,
                    "summary": activity_type.summary,
                    "note": plaintext2html(communication.customer_request or ""),
                    "date_deadline": fields.Date.context_today(communication),
                    "user_id": (communication.salesperson_id or communication.user_id).id,
                    "automated": True,
                }
                for communication in self
            ]
        )
        self.env["customer.bulk.write"]._mark(self, {"overdue_notified": True})
        return activities

    def _normalize_partner(self, vals):
        """CC-21: a contact person given as the customer is recorded under its commercial partner."""
        if vals.get("partner_id"):
            partner = self.env["res.partner"].browse(vals["partner_id"])
            if partner.commercial_partner_id != partner:
                vals["partner_id"] = partner.commercial_partner_id.id
                vals["contact_ids"] = [*vals.get("contact_ids", []), Command.link(partner.id)]
        return vals

    def _local_date(self):
        self.ensure_one()
        return fields.Datetime.context_timestamp(self, self.date).date()

    def _check_response_open(self):
        closed = self.filtered(lambda communication: communication.response_state != "open")
        if closed:
            raise UserError(
                self.env._(
                    "%(communications)s has no open customer request.",
                    communications=", ".join(closed.mapped("display_name")),
                )
            )

    def _sync_follow_up_activity(self):
        """CC-21: the follow-up date is an activity of the responsible user, moved or removed with it."""
        activity_type = self.env.ref(FOLLOW_UP_ACTIVITY)
        for communication in self:
            activity = communication.activity_ids.filtered(lambda act: act.activity_type_id == activity_type)
            if not communication.follow_up_date:
                activity.unlink()
            elif activity:
                activity.write(
                    {
                        "date_deadline": communication.follow_up_date,
                        "user_id": communication.user_id.id,
                        "note": communication.promised_action,
                    }
                )
            else:
                communication.activity_schedule(
                    FOLLOW_UP_ACTIVITY,
                    date_deadline=communication.follow_up_date,
                    note=communication.promised_action,
                    user_id=communication.user_id.id,
                )

    def _sync_response_activity(self):
        """CC-22: an open request with a deadline has one deadline activity for the responsible user."""
        activity_type = self.env.ref(RESPONSE_ACTIVITY)
        for communication in self:
            activity = communication.activity_ids.filtered(lambda act: act.activity_type_id == activity_type)
            if communication.response_state != "open" or not communication.response_deadline:
                activity.unlink()
                continue
            deadline = fields.Datetime.context_timestamp(communication, communication.response_deadline).date()
            if activity:
                activity.write({"date_deadline": deadline, "user_id": communication.user_id.id})
            else:
                communication.activity_schedule(
                    RESPONSE_ACTIVITY,
                    date_deadline=deadline,
                    note=communication.customer_request,
                    user_id=communication.user_id.id,
                )

    def _close_response_activities(self, feedback):
        self.activity_feedback([RESPONSE_ACTIVITY, OVERDUE_ACTIVITY], feedback=feedback)

"""CC-23: a message to customers in the company's name (notice, SMS text, email campaign)."""

from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import html2plaintext, is_html_empty

NOTICE_CHANNELS = [("email", "Email"), ("sms", "SMS"), ("wechat", "WeChat / WeCom")]
NOTICE_STATES = [("draft", "Draft"), ("approved", "Approved"), ("sent", "Sent"), ("cancel", "Cancelled")]
# what the approver approved: frozen once approved, and for good once sent
CONTENT_FIELDS = {
    "title",
    "body",
    "contact_info",
    "attachment_ids",
    "department_id",
    "channel",
    "partner_ids",
    "company_id",
}
# set by the approval engine and by action_send only, never by hand (or RPC)
SYSTEM_FIELDS = {"approver_id", "validation_status", "sent_date", "sent_by_id"}


class CustomerNotice(models.Model):
    """CC-23: a message to customers in the company's name (notice, SMS text, email campaign).

    Drafted by a department, approved by that department's manager (X-3 tier
    validation), then sent once, from the company and never from a person.
    Unapproved notices cannot be sent by any path: ``action_send`` and
    ``write`` both refuse, and ``create`` only makes drafts.
    """

    _name = "customer.notice"
    _description = "Customer Notice"
    _inherit = ["customer.approval.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "id desc"
    _rec_name = "title"
    _check_company_auto = True

    def _default_contact_info(self):
        company = self.env.company
        return " / ".join(filter(None, [company.phone, company.email]))

    title = fields.Char(required=True, tracking=True)
    body = fields.Html(required=True)
    contact_info = fields.Char(
        string="Contact", default=lambda self: self._default_contact_info(), help="Where customers ask questions."
    )
    attachment_ids = fields.Many2many(
        "ir.attachment", "customer_notice_attachment_rel", "notice_id", "attachment_id", string="Attachments"
    )
    department_id = fields.Many2one(
        "customer.department",
        string="Issuing Department",
        required=True,
        tracking=True,
        check_company=True,
        domain="[('manager_role', '!=', False)]",
    )
    channel = fields.Selection(NOTICE_CHANNELS, required=True, default="email", tracking=True)
    partner_ids = fields.Many2many(
        "res.partner",
        "customer_notice_partner_rel",
        "notice_id",
        "partner_id",
        string="Recipients",
        check_company=True,
    )
    recipient_count = fields.Integer(compute="_compute_recipient_count")
    user_id = fields.Many2one(
        "res.users", string="Drafted by", required=True, default=lambda self: self.env.user, tracking=True
    )
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    state = fields.Selection(
        NOTICE_STATES, default="draft", required=True, readonly=True, copy=False, index=True, tracking=True
    )
    approver_id = fields.Many2one(
        "res.users",
        compute="_compute_approver_id",
        help="The manager of the issuing department, from Configuration > Business Roles.",
    )
    sent_date = fields.Datetime(readonly=True, copy=False)
    sent_by_id = fields.Many2one("res.users", string="Sent by", readonly=True, copy=False)
    delivery_ids = fields.One2many("customer.notice.delivery", "notice_id", string="Deliveries", readonly=True)
    delivery_count = fields.Integer(compute="_compute_delivery_count")

    @api.depends("partner_ids")
    def _compute_recipient_count(self):
        for notice in self:
            notice.recipient_count = len(notice.partner_ids)

    @api.depends("department_id.manager_role", "company_id")
    def _compute_approver_id(self):
        """CC-23 / X-1: the manager of the issuing department approves (seed 000 §5.2.4: 项目经理审核后方可发出)."""
        for notice in self:
            notice.approver_id = notice._cc_approver(notice.department_id.manager_role)

    def _compute_delivery_count(self):
        counts = dict(
            self.env["customer.notice.delivery"]._read_group(
                [("notice_id", "in", self.ids)], ["notice_id"], ["__count"]
            )
        )
        for notice in self:
            notice.delivery_count = counts.get(notice, 0)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("state", "draft") != "draft" or (SYSTEM_FIELDS & vals.keys() and not self.env.su):
                raise UserError(self.env._("A customer notice starts as a draft and goes through approval."))
        return super().create(vals_list)

    def write(self, vals):
        self._check_write_allowed(vals)
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_approved_or_sent(self):
        if any(notice.state in ("approved", "sent") for notice in self):
            raise UserError(self.env._("Approved and sent notices are kept: cancel them instead."))

    def _cc_check_submission(self):
        """X-3: a notice goes to the department manager complete."""
        for notice in self:
            notice._check_complete()
        return super()._cc_check_submission()

    def action_send(self):
        """CC-23: send approved notices once, in the company's name.

        Already sent notices are skipped (a second click or a retried RPC
        sends nothing twice); the rows are locked so two concurrent calls
        cannot both send.
        """
        pending = self.filtered(lambda notice: notice.state != "sent")
        pending.lock_for_update()
        pending.invalidate_recordset(["state"])
        pending = pending.filtered(lambda notice: notice.state != "sent")
        for notice in pending:
            notice._check_sendable()
        for notice in pending:
            notice._deliver()
            notice.write({"state": "sent", "sent_date": fields.Datetime.now(), "sent_by_id": self.env.user.id})
            notice.message_post(
                body=self.env._(
                    "Sent by %(channel)s to %(count)s recipients in the name of %(company)s.",
                    channel=dict(self._fields["channel"]._description_selection(self.env))[notice.channel],
                    count=len(notice.partner_ids),
                    company=notice.company_id.name,
                )
            )
        return True

    def action_cancel(self):
        if any(notice.state == "sent" for notice in self):
            raise UserError(self.env._("A sent notice cannot be cancelled: it has reached the customers."))
        self.write({"state": "cancel"})

    def action_draft(self):
        """Back to draft to change an approved or cancelled notice; it needs a new approval."""
        self.write({"state": "draft"})

    @api.readonly
    def action_view_deliveries(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("customer_comm.customer_notice_delivery_action")
        action["domain"] = [("notice_id", "=", self.id)]
        return action

    def _on_fully_approved(self):
        self.write({"state": "approved"})

    def _check_write_allowed(self, vals):
        """CC-23: the server guards behind the buttons, whatever calls ``write``."""
        forbidden = SYSTEM_FIELDS & vals.keys()
        if vals.get("state") == "sent":
            forbidden -= {"sent_date", "sent_by_id"}
        if forbidden and not self.env.su:
            raise AccessError(self.env._("The approver and the sending details of a notice are set by the system."))
        if vals.get("state") == "sent":
            for notice in self:
                notice._check_sendable()
                if not notice.delivery_ids:
                    raise UserError(
                        self.env._("%(notice)s is marked as sent only by sending it.", notice=notice.display_name)
                    )
        if "state" in vals and any(notice.state == "sent" for notice in self):
            raise UserError(self.env._("A sent notice is kept as it was sent."))
        if CONTENT_FIELDS & vals.keys():
            locked = self.filtered(lambda notice: notice.state in ("approved", "sent"))
            if locked:
                raise UserError(
                    self.env._(
                        "%(notices)s was approved as it is: reset it to draft (and have it approved again) "
                        "to change it.",
                        notices=", ".join(locked.mapped("display_name")),
                    )
                )

    def _check_complete(self):
        self.ensure_one()
        if is_html_empty(self.body):
            raise UserError(self.env._("%(notice)s has no text.", notice=self.display_name))
        if not self.partner_ids:
            raise UserError(self.env._("%(notice)s has no recipients.", notice=self.display_name))

    def _check_sendable(self):
        """Approved by every reviewer of its chain, complete, and every recipient reachable."""
        self.ensure_one()
        approved = (
            self.state == "approved"
            and self.review_ids
            and all(review.status == "approved" for review in self.review_ids)
        )
        if not approved:
            raise UserError(
                self.env._(
                    "%(notice)s cannot be sent before the department manager approved it.",
                    notice=self.display_name,
                )
            )
        self._check_complete()
        if self.channel == "email" and not self.company_id.email:
            raise UserError(
                self.env._(
                    "Set the email address of %(company)s first: notices are sent in the company's name.",
                    company=self.company_id.name,
                )
            )
        unreachable = self.partner_ids.filtered(lambda partner: not self._recipient_address(partner))
        if unreachable and self.channel != "wechat":
            raise UserError(
                self.env._(
                    "%(notice)s cannot reach %(partners)s: no %(channel)s address.",
                    notice=self.display_name,
                    partners=", ".join(unreachable.mapped("display_name")),
                    channel=dict(self._fields["channel"]._description_selection(self.env))[self.channel],
                )
            )

    def _recipient_address(self, partner):
        if self.channel == "email":
            return partner.email
        return partner.cc_mobile or partner.phone

    def _deliver(self):
        """Hand the notice to its channel's sender; each sender records one delivery per recipient."""
        self.ensure_one()
        senders = {"email": self._send_email, "sms": self._send_sms, "wechat": self._send_wechat}
        senders[self.channel](self.partner_ids)

    def _send_email(self, partners):
        """Through Odoo's mail queue, one mail per recipient, from the company (never a person's name)."""
        company = self.company_id
        body = self.body + Markup("<p>%s</p><p>%s</p>") % (
            self.env._("Contact: %(contact)s", contact=self.contact_info or company.email),
            company.name,
        )
        # sudo: mail.mail is a technical model; the notice was approved (checked just before) and
        # the author is the company, whoever clicks the button.
        mails = (
            self.env["mail.mail"]
            .sudo()
            .create(
                [
                    {
                        "subject": self.title,
                        "body_html": body,
                        "author_id": company.partner_id.id,
                        "email_from": company.email_formatted,
                        "reply_to": company.email_formatted,
                        "recipient_ids": [Command.link(partner.id)],
                        "attachment_ids": [Command.set(self.attachment_ids.ids)],
                        "auto_delete": False,
                    }
                    for partner in partners
                ]
            )
        )
        self._log_deliveries(partners, "queued", mails=mails)

    def _send_sms(self, partners):
        """Override to call an SMS gateway; by default the text is recorded, nothing leaves the server."""
        self._log_deliveries(partners, "logged")

    def _send_wechat(self, partners):
        """Override to call the WeChat / WeCom API; by default the message is recorded, nothing is sent."""
        self._log_deliveries(partners, "logged")

    def _log_deliveries(self, partners, state, mails=None):
        content = html2plaintext(self.body)
        vals_list = []
        for index, partner in enumerate(partners):
            vals_list.append(
                {
                    "notice_id": self.id,
                    "partner_id": partner.id,
                    "channel": self.channel,
                    "address": self._recipient_address(partner),
                    "content": content,
                    "state": state,
                    "mail_id": mails[index].id if mails else False,
                }
            )
        # sudo: deliveries are the trail of what left in the company's name; users only read them.
        return self.env["customer.notice.delivery"].sudo().create(vals_list)

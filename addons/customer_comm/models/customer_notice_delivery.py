"""CC-23: what was sent to whom, by which channel and when: one line per recipient of a sent notice."""

from odoo import fields, models

from .customer_notice import NOTICE_CHANNELS

DELIVERY_STATES = [
    ("queued", "Queued"),
    ("logged", "Logged (no gateway)"),
    ("sent", "Sent"),
    ("failed", "Failed"),
]


class CustomerNoticeDelivery(models.Model):
    """CC-23: what was sent to whom, by which channel and when: one line per recipient of a sent notice.

    Created by ``customer.notice.action_send`` only; users read it. A channel
    gateway (SMS, WeChat) plugged in by overriding ``_send_sms`` or
    ``_send_wechat`` records its own outcome here.
    """

    _name = "customer.notice.delivery"
    _description = "Customer Notice Delivery"
    _order = "date desc, id desc"
    _rec_name = "partner_id"

    notice_id = fields.Many2one("customer.notice", required=True, index=True, ondelete="cascade")
    partner_id = fields.Many2one("res.partner", string="Recipient", required=True, index=True, ondelete="restrict")
    channel = fields.Selection(NOTICE_CHANNELS, required=True)
    address = fields.Char(help="The email address or mobile number used.")
    content = fields.Text(help="The text as sent (plain text for SMS and WeChat).")
    state = fields.Selection(DELIVERY_STATES, required=True, default="queued")
    date = fields.Datetime(required=True, default=fields.Datetime.now)
    mail_id = fields.Many2one("mail.mail", string="Email", ondelete="set null", index="btree_not_null")
    mail_state = fields.Selection(related="mail_id.state", string="Email Status")
    company_id = fields.Many2one(related="notice_id.company_id", store=True, index=True)

    _notice_partner_uniq = models.UniqueIndex("(notice_id, partner_id)", "A notice reaches each recipient once.")

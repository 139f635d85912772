"""CC-21 / CC-22: a way of contacting customers and the delay within which a request must be answered."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CustomerCommunicationChannel(models.Model):
    """CC-21 / CC-22: a way of contacting customers and the delay within which a request must be answered.

    The delays are configuration data (X-2): the seed values ship as records
    (phone 24 h, email 48 h, online chat "as soon as possible" = 2 h) that a
    manager edits in Configuration > Communication Channels.
    """

    _name = "customer.communication.channel"
    _description = "Communication Channel"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(
        required=True,
        help="Technical key other modules refer to (visit, phone, sms, email, wechat, letter, meeting, online_chat).",
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    color = fields.Integer()
    response_hours = fields.Float(
        string="Response Delay (hours)",
        help="An inbound customer request on this channel must be answered within this many hours. "
        "Plain clock hours, nights and holidays included (not working hours). 0: no response deadline.",
    )

    _code_uniq = models.Constraint("UNIQUE(code)", "Another channel already uses this code.")

    @api.constrains("response_hours")
    def _check_response_hours(self):
        if any(channel.response_hours < 0 for channel in self):
            raise ValidationError(self.env._("A response delay cannot be negative."))

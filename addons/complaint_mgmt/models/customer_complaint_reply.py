"""What the customer reads: the acknowledgement and the reply, from editable mail templates (CM-4, CM-13)."""

import base64

from markupsafe import Markup

from odoo import fields, models
from odoo.exceptions import UserError
from odoo.tools import html2plaintext

ACKNOWLEDGEMENT = "complaint_mgmt.mail_template_complaint_acknowledgement"
REPLY_MAIL = "complaint_mgmt.mail_template_complaint_reply"
REPLY_LETTER = "complaint_mgmt.mail_template_complaint_reply_letter"


class CustomerComplaint(models.Model):
    _inherit = "customer.complaint"

    def action_send_reply(self):
        """CM-13: the result reaches the customer the way they complained (oral, letter, email)."""
        self._check_service()
        for complaint in self:
            complaint._check_can_reply()
        for complaint in self:
            if complaint.reply_medium == "email":
                complaint.message_post_with_source(
                    self.env.ref(REPLY_MAIL), message_type="comment", subtype_xmlid="mail.mt_comment"
                )
            elif complaint.reply_medium == "letter":
                complaint._post_reply_letter()
            else:
                complaint.message_post(
                    body=self.env._(
                        "Oral reply given to the customer: %(reply)s", reply=html2plaintext(complaint.reply)
                    ),
                    subtype_xmlid="mail.mt_note",
                )
            complaint.sudo().write({"reply_date": fields.Datetime.now()})
        return True

    def _check_can_reply(self):
        self.ensure_one()
        decided = self.state == "approved" or (self.state == "investigated" and self.handling_type == "none")
        if not decided:
            raise UserError(
                self.env._("The handling of %(complaint)s is not decided yet: nothing to reply.", complaint=self.name)
            )
        if not html2plaintext(self.reply or "").strip():
            raise UserError(self.env._("Write the reply to the customer of %(complaint)s first.", complaint=self.name))
        if self.reply_medium == "email" and not self.partner_id.email:
            raise UserError(self.env._("%(customer)s has no email address.", customer=self.partner_id.display_name))

    def _post_reply_letter(self):
        """The letter is the reply template's report, attached to a note for whoever posts it."""
        self.ensure_one()
        template = self.env.ref(REPLY_LETTER)
        values = template._generate_template(self.ids, ["body_html", "report_template_ids"])[self.id]
        attachments = self.env["ir.attachment"].create(
            [
                {
                    "name": name if name.endswith(".pdf") else f"{name}.pdf",
                    "raw": base64.b64decode(content),
                    "res_model": self._name,
                    "res_id": self.id,
                    "mimetype": "application/pdf",
                }
                for name, content in values.get("attachments", [])
            ]
        )
        self.message_post(body=values["body_html"], attachment_ids=attachments.ids, subtype_xmlid="mail.mt_note")

    def _acknowledge(self):
        """CM-4: the customer is told the complaint was received and when to expect the answer: by email when
        they complained by email, else a note with the text to tell them."""
        template = self.env.ref(ACKNOWLEDGEMENT)
        for complaint in self:
            if complaint.channel == "email" and complaint.partner_id.email:
                complaint.message_post_with_source(template, message_type="comment", subtype_xmlid="mail.mt_comment")
                continue
            text = template._render_field("body_html", complaint.ids, compute_lang=True)[complaint.id]
            complaint.message_post(
                body=Markup("%s %s") % (self.env._("Acknowledgement to tell the customer:"), text),
                subtype_xmlid="mail.mt_note",
            )

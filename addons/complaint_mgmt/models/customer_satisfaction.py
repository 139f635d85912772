from odoo import fields, models


class CustomerSatisfaction(models.Model):
    _inherit = "customer.satisfaction"

    complaint_id = fields.Many2one(
        "customer.complaint",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The closed complaint this follow-up call rates.",
    )

    def _schedule_call_activity(self):
        """CM-14: the next attempt of a complaint's follow-up call speaks of the complaint, not of a delivery."""
        complaint_calls = self.filtered("complaint_id")
        result = super(CustomerSatisfaction, self - complaint_calls)._schedule_call_activity()
        slots = dict(self._fields["call_slot"]._description_selection(self.env))
        for survey in complaint_calls:
            survey.activity_schedule(
                act_type_xmlid="customer_comm.mail_activity_type_revisit_call",
                date_deadline=survey.date,
                summary=self.env._(
                    "Follow-up call %(attempt)s of complaint %(number)s (%(slot)s)",
                    attempt=survey.call_attempt,
                    number=survey.complaint_id.name,
                    slot=slots.get(survey.call_slot, ""),
                ),
                note=self.env._(
                    "Call %(customer)s about complaint %(number)s, closed on %(date)s, before %(deadline)s.",
                    customer=survey.partner_id.display_name,
                    number=survey.complaint_id.name,
                    date=survey.complaint_id.date_closed,
                    deadline=survey.call_deadline,
                ),
                user_id=survey.user_id.id,
            )
        return result

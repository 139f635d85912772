"""What complaint_mgmt adds to customer.satisfaction."""

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

    def _call_activity_texts(self):
        """CM-14: the next attempt of a complaint's follow-up call speaks of the complaint, not of a delivery."""
        if not self.complaint_id:
            return super()._call_activity_texts()
        slots = dict(self._fields["call_slot"]._description_selection(self.env))
        summary = self.env._(
            "Follow-up call %(attempt)s of complaint %(number)s (%(slot)s)",
            attempt=self.call_attempt,
            number=self.complaint_id.name,
            slot=slots.get(self.call_slot, ""),
        )
        note = self.env._(
            "Call %(customer)s about complaint %(number)s, closed on %(date)s, before %(deadline)s.",
            customer=self.partner_id.display_name,
            number=self.complaint_id.name,
            date=self.complaint_id.date_closed,
            deadline=self.call_deadline,
        )
        return summary, note

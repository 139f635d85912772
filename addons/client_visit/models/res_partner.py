from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    cv_visit_ids = fields.One2many("customer.visit", "partner_id", string="Visits")
    cv_visit_count = fields.Integer(string="Visit Count", compute="_compute_cv_counts")
    cv_promise_count = fields.Integer(string="Open Promises", compute="_compute_cv_counts")
    cv_next_event_id = fields.Many2one("calendar.event", string="Next Appointment", compute="_compute_cv_counts")

    def _compute_cv_counts(self):
        visits = dict(
            self.env["customer.visit"]._read_group([("partner_id", "in", self.ids)], ["partner_id"], ["__count"])
        )
        promises = dict(
            self.env["visit.promise"]._read_group(
                [("partner_id", "in", self.ids), ("state", "=", "open")], ["partner_id"], ["__count"]
            )
        )
        events = self.env["customer.visit"].search_fetch(
            [
                ("partner_id", "in", self.ids),
                ("next_event_id", "!=", False),
                ("next_visit_start", ">=", fields.Datetime.now()),
            ],
            ["partner_id", "next_event_id", "next_visit_start"],
            order="next_visit_start",
        )
        for partner in self:
            partner.cv_visit_count = visits.get(partner, 0)
            partner.cv_promise_count = promises.get(partner, 0)
            partner.cv_next_event_id = events.filtered(lambda v, p=partner: v.partner_id == p)[:1].next_event_id

    def action_cv_open_visits(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("client_visit.customer_visit_action")
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.id}
        return action

    def action_cv_open_promises(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("client_visit.visit_promise_action")
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.id}
        return action

    def action_cv_open_next_event(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "calendar.event",
            "res_id": self.cv_next_event_id.id,
            "view_mode": "form",
        }

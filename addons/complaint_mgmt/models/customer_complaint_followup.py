"""Follow-up calls of closed complaints (CM-14): the job that plans them and the actions on them."""

from odoo import Command, api, fields, models
from odoo.exceptions import UserError

from .customer_complaint import FOLLOWUP_DIMENSIONS


class CustomerComplaint(models.Model):
    _inherit = "customer.complaint"

    @api.model
    def _cron_schedule_followups(self):
        """CM-14 / X-6: a follow-up call 3–7 days after closure, planned for customer service; idempotent."""
        return self.env["customer.batch.job"]._run_per_company(self._schedule_followups)

    @api.model
    def _schedule_followups(self, company):
        """Plan the follow-up calls of ``company``'s complaints closed at least ``cm_followup_min_days`` ago.

        One search, one ``create`` of calls (with their four ratings) and one of activities per batch.
        """
        today = fields.Date.context_today(self)
        Calendar = self.env["customer.calendar.day"]
        calendar_days = company.cm_deadline_calendar_days
        due_from = Calendar._deadline(today, -company.cm_followup_min_days, calendar_days, company)
        call_deadline = Calendar._deadline(
            today, company.cm_followup_max_days - company.cm_followup_min_days, calendar_days, company
        )
        complaints = self.search(
            [
                ("company_id", "=", company.id),
                ("state", "=", "done"),
                ("date_closed", "<=", due_from),
                ("followup_ids", "=", False),
            ],
            order="id",
        )
        dimensions = self.env["customer.satisfaction.dimension"].search([("code", "in", FOLLOWUP_DIMENSIONS)])
        activity_type = self.env.ref("customer_comm.mail_activity_type_revisit_call")
        model_id = self.env["ir.model"]._get_id("customer.satisfaction")
        resolve = self.env["customer.role.assignment"]._resolver(company)
        Jobs = self.env["customer.batch.job"]

        Survey = self.env["customer.satisfaction"]

        def process(batch):
            vals_list = []
            for complaint in batch:
                user = complaint.user_id or resolve("customer_service", complaint.region_id) or self.env.user
                vals_list.append(
                    {
                        **Survey._prepare_call_vals(
                            complaint.partner_id, company, "complaint", complaint.name, user, today, call_deadline
                        ),
                        # the complaint's number names its call: no sequence query per call
                        "name": complaint.with_context(lang=user.lang)._followup_name(),
                        "complaint_id": complaint.id,
                        "line_ids": [Command.create({"dimension_id": dimension.id}) for dimension in dimensions],
                    }
                )
            # sudo: the job plans calls for the service centre, whoever runs it
            surveys = Jobs.sudo()._create_quietly("customer.satisfaction", vals_list)
            Jobs.sudo()._schedule_activities(
                [
                    {
                        "res_model_id": model_id,
                        "res_id": survey.id,
                        "activity_type_id": activity_type.id,
                        "user_id": survey.user_id.id,
                        "summary": survey.name,
                        "date_deadline": today,
                        "automated": True,
                    }
                    for survey in surveys
                ]
            )

        return Jobs._run_in_batches(complaints, process)

    def action_followup_unreachable(self):
        """CM-14: the customer could not be reached: the call is tried once more at another time of day on the
        next working day; after the second failure it is closed as unreachable and listed."""
        self._check_service()
        calls = self.env["customer.satisfaction"]
        for complaint in self:
            # sudo: find the call whoever may read it; recording the attempt is checked on the call itself
            call = complaint.sudo().followup_ids.filtered(lambda survey: survey.state == "planned")[-1:]
            if not call:
                raise UserError(
                    self.env._("Complaint %(complaint)s has no follow-up call to make.", complaint=complaint.name)
                )
            calls |= call.with_env(self.env)
        # the responsible of the call (or a manager) records the attempt: customer_comm checks it
        calls.action_unreachable()
        return True

    def _followup_name(self):
        return self.env._("Follow-up of complaint %(number)s", number=self.name)

    @api.readonly
    def action_cm_open_followups(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("customer_comm.customer_satisfaction_action")
        if len(self.followup_ids) == 1:
            action.update({"res_id": self.followup_ids.id, "view_mode": "form", "views": [(False, "form")]})
        else:
            action["domain"] = [("complaint_id", "=", self.id)]
        return action

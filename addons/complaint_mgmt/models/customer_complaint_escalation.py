"""Escalations of overdue complaints (CM-5): their list and the job that writes it."""

from odoo import api, fields, models

from odoo.addons.customer_comm.models.customer_role import ROLES

from .customer_complaint import ESCALATION_ROLES


class CustomerComplaintEscalation(models.Model):
    """CM-5: the list of escalations of overdue complaints, one row per complaint and level (idempotent)."""

    _name = "customer.complaint.escalation"
    _description = "Complaint Escalation"
    _order = "date desc, id desc"

    complaint_id = fields.Many2one("customer.complaint", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="complaint_id.company_id", store=True, index=True)
    partner_id = fields.Many2one(related="complaint_id.partner_id", string="Customer")
    level = fields.Integer(required=True)
    role = fields.Selection(ROLES, string="Escalated to Role", required=True)
    user_id = fields.Many2one("res.users", string="Escalated to")
    date = fields.Date(string="Escalated on", required=True)
    overdue_since = fields.Date(string="Deadline Missed", required=True)

    _complaint_level_uniq = models.UniqueIndex("(complaint_id, level)", "A complaint is escalated once to each level.")


class CustomerComplaint(models.Model):
    _inherit = "customer.complaint"

    @api.model
    def _cron_escalate_overdue(self):
        """CM-5 / X-6: overdue complaints go one role up, as activities; a second run creates nothing."""
        return self.env["customer.batch.job"]._run_per_company(self._escalate_overdue)

    @api.model
    def _escalate_overdue(self, company):
        """Escalate ``company``'s overdue complaints; the level due grows every ``cm_escalation_days``.

        Queries do not grow with the number of complaints: one search, the cutoffs of each
        level computed once, one ``create`` of escalations and one of activities per batch.
        """
        today = fields.Date.context_today(self)
        Calendar = self.env["customer.calendar.day"]
        # a deadline before cutoffs[k] is overdue by k escalation periods or more
        cutoffs = [
            Calendar._add_working_days(today, -level * company.cm_escalation_days, company=company) if level else today
            for level in range(len(ESCALATION_ROLES))
        ]
        complaints = self.search(
            [
                ("company_id", "=", company.id),
                ("is_overdue", "=", True),
                ("escalation_level", "<", len(ESCALATION_ROLES)),
            ],
            order="id",
        )
        resolve = self.env["customer.role.assignment"]._resolver(company)
        activity_type = self.env.ref("complaint_mgmt.mail_activity_type_complaint_overdue")
        model_id = self.env["ir.model"]._get_id(self._name)
        Jobs = self.env["customer.batch.job"]

        def process(batch):
            escalations, activities = [], []
            for complaint in batch:
                since = complaint._overdue_since(today)
                level = sum(1 for cutoff in cutoffs if since < cutoff)
                if level <= complaint.escalation_level:
                    continue
                role = ESCALATION_ROLES[level - 1]
                user = resolve(role, complaint.region_id)
                escalations.append(
                    {
                        "complaint_id": complaint.id,
                        # the stored related company, inserted with the row (Odoo updates it 100 rows per query)
                        "company_id": company.id,
                        "level": level,
                        "role": role,
                        "user_id": user.id,
                        "date": today,
                        "overdue_since": since,
                    }
                )
                if user:
                    activities.append(
                        {
                            "res_model_id": model_id,
                            "res_id": complaint.id,
                            "activity_type_id": activity_type.id,
                            "user_id": user.id,
                            "summary": complaint.with_context(lang=user.lang)._escalation_summary(since),
                            "date_deadline": today,
                            "automated": True,
                        }
                    )
            # sudo: the escalation log is written by this job only
            self.env["customer.complaint.escalation"].sudo().create(escalations)
            Jobs._schedule_activities(activities)

        return Jobs._run_in_batches(complaints, process)

    def _escalation_summary(self, since):
        return self.env._(
            "Overdue complaint %(number)s (due %(deadline)s)",
            number=self.name,
            deadline=fields.Date.to_string(since),
        )

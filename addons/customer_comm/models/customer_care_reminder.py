"""CC-26: one care reminder per occasion (客户关怀)."""

from datetime import date, timedelta

from odoo import api, fields, models
from odoo.fields import Domain

OCCASIONS = [
    ("birthday", "Birthday"),
    ("anniversary", "Anniversary"),
    ("holiday", "Holiday"),
]


class CustomerCareReminder(models.Model):
    """CC-26: one care reminder per occasion (客户关怀).

    Seed 001: "消费类客户应做好客户生日、喜好、地址等登记"; seed 000: "销售部门应定期
    给客户发放关怀礼品或生日祝福"; seed 002: "定期服务...节日、客户的生日、纪念日".
    Birthdays and anniversaries of consumer customers and key persons remind
    their salesperson (an activity on the partner); each holiday of the working
    calendar reminds every salesperson once (an activity on the reminder) to
    greet their customers. The reminder row is the memory of what was
    reminded: the unique indexes make a second reminder of the same occasion
    impossible, whatever the number of cron runs.
    """

    _name = "customer.care.reminder"
    _description = "Customer Care Reminder"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "occasion_date desc, id desc"
    _check_company_auto = True

    partner_id = fields.Many2one("res.partner", string="Customer", index=True, ondelete="cascade", readonly=True)
    occasion_type = fields.Selection(OCCASIONS, string="Occasion", required=True, readonly=True)
    occasion_date = fields.Date(required=True, readonly=True, index=True)
    holiday_name = fields.Char(readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", required=True, readonly=True, index=True)
    company_id = fields.Many2one("res.company", required=True, readonly=True, default=lambda self: self.env.company)
    note = fields.Text()

    _partner_occasion_uniq = models.UniqueIndex(
        "(partner_id, occasion_type, occasion_date) WHERE partner_id IS NOT NULL",
        "This occasion of the customer was already reminded.",
    )
    _holiday_user_uniq = models.UniqueIndex(
        "(user_id, occasion_date, company_id) WHERE occasion_type = 'holiday'",
        "This holiday was already reminded to the salesperson.",
    )

    @api.depends("occasion_type", "partner_id", "holiday_name", "occasion_date")
    def _compute_display_name(self):
        labels = dict(self._fields["occasion_type"]._description_selection(self.env))
        for reminder in self:
            subject = reminder.partner_id.name or reminder.holiday_name or ""
            reminder.display_name = f"{labels.get(reminder.occasion_type, '')} {subject} {reminder.occasion_date or ''}"

    # ------------------------------------------------------------------
    # Cron
    # ------------------------------------------------------------------

    @api.model
    def _cron_care_reminders(self):
        """CC-26: remind the salespeople N days ahead (company setting), once per occasion; company by
        company (X-6): a company's run reads its own customers and salespeople only."""
        return self.env["customer.batch.job"]._run_per_company(self._care_reminders)

    @api.model
    def _care_reminders(self, company):
        today = fields.Date.context_today(self)
        horizon = today + timedelta(days=company.cc_care_days_ahead)
        candidates = self._personal_occasions(today, horizon, company) + self._holiday_occasions(
            today, horizon, company
        )
        Jobs = self.env["customer.batch.job"]
        reminders, activities = self.browse(), self.env["mail.activity"]

        def create_batch(vals_list):
            nonlocal reminders, activities
            batch = Jobs._create_quietly(self._name, vals_list)
            activities |= batch._schedule_activities()
            reminders |= batch

        # committed batches; a run cut short creates only what is still missing next time
        finished = Jobs._run_in_batches(self._missing(candidates), create_batch)
        Jobs._post_activity_digests(activities)
        return finished

    @api.model
    def _care_partner_domain(self):
        """The people cared for: consumer customers and key persons (CC-26)."""
        return Domain("cc_channel_type", "=", "consumer") | Domain("cc_is_key_person", "=", True)

    @api.model
    def _personal_occasions(self, today, horizon, company):
        # sudo: the job reminds each salesperson of their own customers' occasions, whoever runs it;
        # only the dates of the confidential archive are read, and they go to the customer's salesperson
        archives = (
            self.env["customer.archive"]
            .sudo()
            .with_context(active_test=True)
            .search_fetch(
                Domain("company_id", "in", (False, company.id))
                & Domain("partner_id", "any", self._care_partner_domain())
                & (Domain("birthday", "!=", False) | Domain("anniversary", "!=", False)),
                ["partner_id", "birthday", "anniversary"],
            )
        )
        candidates = []
        for archive in archives:
            partner = archive.partner_id
            user = partner.user_id or partner.commercial_partner_id.user_id
            if not user:
                continue  # nobody to remind yet: it will be reminded once a salesperson is set
            if (partner.company_id or user.company_id) != company:
                continue  # a customer shared by every company is reminded by its salesperson's company
            for occasion_type, origin in (("birthday", archive.birthday), ("anniversary", archive.anniversary)):
                if not origin:
                    continue
                occasion = self._next_occurrence(origin, today)
                if occasion <= horizon:
                    candidates.append(
                        {
                            "partner_id": partner.id,
                            "occasion_type": occasion_type,
                            "occasion_date": occasion,
                            "user_id": user.id,
                            "company_id": company.id,
                        }
                    )
        return candidates

    @api.model
    def _holiday_occasions(self, today, horizon, company):
        """The first day of each holiday of ``company``'s working calendar, once per salesperson of the
        company."""
        days = (
            self.env["customer.calendar.day"]
            .sudo()  # reference data every salesperson's reminders depend on
            .search_fetch(
                [
                    ("company_id", "in", (False, company.id)),
                    ("date", ">=", today - timedelta(days=1)),
                    ("date", "<=", horizon),
                ],
                ["date", "day_type", "name", "company_id"],
            )
        )
        holidays = {(day.date, day.company_id.id, day.name) for day in days if day.day_type == "holiday"}
        overridden = {(day.date, day.company_id.id) for day in days if day.company_id and day.day_type == "workday"}
        first_days = [
            (day.date, day.company_id, day.name)
            for day in days
            if day.day_type == "holiday"
            and day.date >= today
            and (day.date - timedelta(days=1), day.company_id.id, day.name) not in holidays
        ]
        if not first_days:
            return []
        salespeople = [
            user
            for [user] in self.env["res.partner"]._read_group(
                Domain("company_id", "in", (False, company.id))
                & Domain("user_id.company_id", "=", company.id)
                & (Domain("cc_channel_type", "!=", False) | Domain("cc_is_key_person", "=", True)),
                ["user_id"],
            )
        ]
        candidates = []
        for day, day_company, name in first_days:
            if (day_company and day_company != company) or (day, company.id) in overridden:
                continue
            for user in salespeople:
                candidates.append(
                    {
                        "occasion_type": "holiday",
                        "occasion_date": day,
                        "holiday_name": name,
                        "user_id": user.id,
                        "company_id": company.id,
                    }
                )
        return candidates

    @api.model
    def _missing(self, candidates):
        """The values of the reminders not made yet (Q-12), in one query whatever their number (Q-15)."""
        if not candidates:
            return []
        dates = [vals["occasion_date"] for vals in candidates]
        # the run's company's reminders, and those of its customers wherever they were made (one per occasion)
        mine = Domain("company_id", "in", list({vals["company_id"] for vals in candidates})) | Domain(
            "partner_id", "in", [vals["partner_id"] for vals in candidates if vals.get("partner_id")]
        )
        existing = self.sudo().search_fetch(  # sudo: duplicates are checked against every salesperson's reminders
            mine & Domain("occasion_date", ">=", min(dates)) & Domain("occasion_date", "<=", max(dates)),
            ["partner_id", "occasion_type", "occasion_date", "user_id", "company_id"],
        )
        done = {reminder._occasion_key() for reminder in existing}
        to_create = []
        for vals in candidates:
            key = self._vals_key(vals)
            if key not in done:
                done.add(key)
                to_create.append(vals)
        return to_create

    def _schedule_activities(self):
        """One activity per reminder for the salesperson, due on the occasion, created in one batch."""
        activity_type = self.env.ref("customer_comm.mail_activity_type_care")
        models_by_name = {
            name: self.env["ir.model"]._get_id(name) for name in ("res.partner", "customer.care.reminder")
        }
        vals_list = []
        for reminder in self:
            on_partner = bool(reminder.partner_id)
            vals_list.append(
                {
                    "res_model_id": models_by_name["res.partner" if on_partner else "customer.care.reminder"],
                    "res_id": reminder.partner_id.id if on_partner else reminder.id,
                    "activity_type_id": activity_type.id,
                    "user_id": reminder.user_id.id,
                    "date_deadline": reminder.occasion_date,
                    "summary": reminder._activity_summary(),
                    "automated": True,
                }
            )
        self.partner_id.mapped("display_name")  # one read for every activity's document name
        # sudo: the cron reminds users of their own customers. No "assigned to you" mail per activity:
        # the activity is the reminder (Q-15: the job's queries do not grow with the number of reminders).
        return self.env["customer.batch.job"].sudo()._schedule_activities(vals_list)

    def _activity_summary(self):
        self.ensure_one()
        if self.occasion_type == "birthday":
            return self.env._(
                "Birthday of %(partner)s on %(date)s", partner=self.partner_id.name, date=self.occasion_date
            )
        if self.occasion_type == "anniversary":
            return self.env._(
                "Anniversary of %(partner)s on %(date)s", partner=self.partner_id.name, date=self.occasion_date
            )
        return self.env._(
            "Holiday greetings to your customers: %(holiday)s from %(date)s",
            holiday=self.holiday_name or "",
            date=self.occasion_date,
        )

    def _occasion_key(self):
        self.ensure_one()
        if self.occasion_type == "holiday":
            return ("holiday", self.occasion_date, self.user_id.id, self.company_id.id)
        return (self.occasion_type, self.occasion_date, self.partner_id.id)

    @api.model
    def _vals_key(self, vals):
        if vals["occasion_type"] == "holiday":
            return ("holiday", vals["occasion_date"], vals["user_id"], vals["company_id"])
        return (vals["occasion_type"], vals["occasion_date"], vals["partner_id"])

    @api.model
    def _next_occurrence(self, origin, today):
        """The next anniversary of ``origin`` on or after ``today`` (29 February → 28 February)."""
        for year in (today.year, today.year + 1):
            try:
                occasion = date(year, origin.month, origin.day)
            except ValueError:
                occasion = date(year, 2, 28)
            if occasion >= today:
                return occasion
        return occasion

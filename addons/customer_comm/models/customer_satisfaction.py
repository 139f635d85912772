"""CC-27 / CC-28: a satisfaction survey of one customer on one occasion (满意度调查)."""

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

OCCASIONS = [
    ("periodic", "Periodic Survey"),
    ("delivery", "After Delivery"),
    ("complaint", "After Complaint"),
    ("visit", "After Visit"),
    ("other", "Other"),
]
CALL_SLOTS = [("morning", "Morning"), ("afternoon", "Afternoon")]


class CustomerSatisfaction(models.Model):
    """CC-27 / CC-28: a satisfaction survey of one customer on one occasion (满意度调查).

    The ratings are lines per dimension and level (configuration data), the
    overall score is their weighted average. A survey made by phone (the
    revisit after delivery of CC-28, seed 002: "以客户收货日期为准7-15个工作日 电话回访")
    is planned as an activity of customer service; an unreachable customer is
    called again at another time of day ("未能回访到客户 更换时间段进行二次回访")
    before the call is closed as unreachable.
    """

    _name = "customer.satisfaction"
    _description = "Customer Satisfaction Survey"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char(required=True, readonly=True, copy=False, default=lambda self: self.env._("New"))
    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, index=True, tracking=True, check_company=True
    )
    commercial_partner_id = fields.Many2one(
        related="partner_id.commercial_partner_id", string="Commercial Entity", store=True, index=True
    )
    region_id = fields.Many2one(
        related="commercial_partner_id.cc_region_id", string="Sales Region", store=True, index=True
    )
    salesperson_id = fields.Many2one(
        related="commercial_partner_id.user_id", string="Salesperson", store=True, index=True
    )
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    occasion = fields.Selection(OCCASIONS, required=True, default="periodic", tracking=True)
    origin = fields.Char(string="Source Document")
    date = fields.Date(string="Survey Date", required=True, default=fields.Date.context_today, tracking=True)
    user_id = fields.Many2one(
        "res.users", string="Responsible", required=True, default=lambda self: self.env.user, tracking=True
    )
    department_id = fields.Many2one(
        "customer.department",
        string="Routed to",
        tracking=True,
        check_company=True,
        help="The department that handles the customer's feedback.",
    )
    feedback = fields.Text(string="Verbatim Feedback")
    line_ids = fields.One2many("customer.satisfaction.line", "satisfaction_id", string="Ratings", copy=True)
    score = fields.Float(
        string="Overall Score",
        compute="_compute_score",
        store=True,
        aggregator="avg",
        digits=(5, 2),
        help="Weighted average of the rated dimensions (0 to 100).",
    )
    state = fields.Selection(
        [
            ("planned", "To Do"),
            ("done", "Done"),
            ("unreachable", "Unreachable"),
            ("cancel", "Cancelled"),
        ],
        default="planned",
        required=True,
        readonly=True,
        copy=False,
        tracking=True,
    )
    # CC-28: phone revisit
    is_call = fields.Boolean(string="Phone Call", readonly=True, copy=False)
    delivery_date = fields.Date(string="Received on", readonly=True, copy=False)
    call_deadline = fields.Date(string="Call Before", readonly=True, copy=False, tracking=True)
    call_attempt = fields.Integer(default=1, readonly=True, copy=False, tracking=True)
    call_slot = fields.Selection(CALL_SLOTS, string="Time of Day", default="morning", tracking=True)

    @api.depends("line_ids.score", "line_ids.level_id", "line_ids.dimension_id.weight")
    def _compute_score(self):
        for survey in self:
            rated = survey.line_ids.filtered("level_id")
            weight = sum(rated.mapped("dimension_id.weight"))
            survey.score = sum(line.score * line.dimension_id.weight for line in rated) / weight if weight else 0.0

    @api.model_create_multi
    def create(self, vals_list):
        dimensions = self.env["customer.satisfaction.dimension"].search([])
        for vals in vals_list:
            if vals.get("name", self.env._("New")) == self.env._("New"):
                vals["name"] = self.env["ir.sequence"].next_by_code("customer.satisfaction") or "/"
            if "line_ids" not in vals:
                vals["line_ids"] = [fields.Command.create({"dimension_id": dim.id}) for dim in dimensions]
        return super().create(vals_list)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_done(self):
        """CC-27: the customer answered (for a call: reached); the ratings are recorded."""
        self._check_responsible()
        for survey in self:
            if survey.state != "planned":
                raise UserError(self.env._("Only a survey to do can be completed."))
            if not survey.line_ids.filtered("level_id"):
                raise UserError(
                    self.env._(
                        "Record at least one rating of %(customer)s before completing %(survey)s.",
                        customer=survey.partner_id.display_name,
                        survey=survey.name,
                    )
                )
        self.write({"state": "done", "date": fields.Date.context_today(self)})
        self.activity_feedback(
            ["customer_comm.mail_activity_type_revisit_call"], feedback=self.env._("Customer reached.")
        )

    def action_unreachable(self):
        """CC-28: another attempt at another time of day, then closed as unreachable."""
        self._check_responsible()
        today = fields.Date.context_today(self)
        Calendar = self.env["customer.calendar.day"]
        for survey in self:
            if survey.state != "planned" or not survey.is_call:
                raise UserError(self.env._("Only a planned satisfaction call can be marked unreachable."))
            survey.activity_feedback(
                ["customer_comm.mail_activity_type_revisit_call"],
                feedback=self.env._("Customer unreachable (attempt %(attempt)s).", attempt=survey.call_attempt),
            )
            if survey.call_attempt >= survey.company_id.cc_revisit_call_attempts:
                survey.write({"state": "unreachable"})
                survey.message_post(
                    body=self.env._("Closed as unreachable after %(attempts)s attempts.", attempts=survey.call_attempt)
                )
                continue
            slot = "afternoon" if survey.call_slot == "morning" else "morning"
            next_day = Calendar._add_working_days(today, 1, company=survey.company_id)
            survey.write({"call_attempt": survey.call_attempt + 1, "call_slot": slot, "date": next_day})
            survey._schedule_call_activity()

    def action_cancel(self):
        self._check_responsible()
        if any(survey.state != "planned" for survey in self):
            raise UserError(self.env._("Only a survey to do can be cancelled."))
        self.write({"state": "cancel"})
        self.activity_unlink(["customer_comm.mail_activity_type_revisit_call"])

    def action_draft(self):
        self._check_responsible()
        if any(survey.state not in ("cancel", "unreachable") for survey in self):
            raise UserError(self.env._("Only a cancelled or unreachable survey can be reopened."))
        self.write({"state": "planned"})

    # ------------------------------------------------------------------
    # CC-28: revisit after delivery
    # ------------------------------------------------------------------

    @api.model
    def _cc_schedule_revisit(self, partner, delivery_date, origin=False):
        """Plan the satisfaction call 7–15 working days (company settings) after ``delivery_date``.

        Called from the "Schedule Revisit" button of the partner and the sale
        order. Idempotent per customer and origin.

        :param partner: ``res.partner`` who received the goods
        :param delivery_date: date the customer received the delivery
        :param str origin: the delivery or order reference
        :return: the planned ``customer.satisfaction`` call
        """
        partner.ensure_one()
        delivery_date = fields.Date.to_date(delivery_date)
        if not delivery_date or delivery_date > fields.Date.context_today(self):
            raise UserError(self.env._("A revisit is planned from the date the customer received the delivery."))
        if origin:
            existing = self.sudo().search(  # one call per delivery, whoever planned the first one
                [
                    ("commercial_partner_id", "=", partner.commercial_partner_id.id),
                    ("occasion", "=", "delivery"),
                    ("origin", "=", origin),
                    ("state", "!=", "cancel"),
                ],
                limit=1,
            )
            if existing:
                return self.browse(existing.id)
        company = partner.company_id or self.env.company
        Calendar = self.env["customer.calendar.day"]
        planned = Calendar._add_working_days(delivery_date, company.cc_revisit_min_days, company=company)
        user = partner._cc_role_user("customer_service") or partner._cc_role_user("salesperson") or self.env.user
        deadline = Calendar._add_working_days(delivery_date, company.cc_revisit_max_days, company=company)
        survey = self.create(
            {
                **self._prepare_call_vals(partner, company, "delivery", origin, user, planned, deadline),
                "delivery_date": delivery_date,
            }
        )
        survey._schedule_call_activity()
        return survey

    @api.model
    def _prepare_call_vals(self, partner, company, occasion, origin, user, date, deadline):
        """A satisfaction call to plan (after a delivery, after a complaint…): the one shape of a call."""
        return {
            "partner_id": partner.id,
            "company_id": company.id,
            "occasion": occasion,
            "origin": origin,
            "user_id": user.id,
            "date": date,
            "is_call": True,
            "call_deadline": deadline,
            "call_slot": "morning",
        }

    def _schedule_call_activity(self):
        """The to-do of the call's next attempt, for its responsible."""
        for survey in self:
            summary, note = survey._call_activity_texts()
            survey.activity_schedule(
                act_type_xmlid="customer_comm.mail_activity_type_revisit_call",
                date_deadline=survey.date,
                summary=summary,
                note=note,
                user_id=survey.user_id.id,
            )

    def _call_activity_texts(self):
        """Hook: the summary and the note of the to-do of this call's next attempt."""
        self.ensure_one()
        slots = dict(self._fields["call_slot"]._description_selection(self.env))
        summary = self.env._(
            "Satisfaction call %(attempt)s (%(slot)s)", attempt=self.call_attempt, slot=slots.get(self.call_slot, "")
        )
        note = self.env._(
            "Call %(customer)s about the delivery received on %(date)s, before %(deadline)s.",
            customer=self.partner_id.display_name,
            date=self.delivery_date,
            deadline=self.call_deadline,
        )
        return summary, note

    def _check_responsible(self):
        """Q-10: the responsible user or a manager records the result."""
        if self.env.su or self.env.user.has_group("customer_comm.customer_comm_group_manager"):
            return
        for survey in self:
            if survey.user_id != self.env.user:
                raise AccessError(
                    self.env._(
                        "Only %(user)s, responsible for %(survey)s, or a manager can do this.",
                        user=survey.user_id.name,
                        survey=survey.name,
                    )
                )

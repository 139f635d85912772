from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL, float_compare, html2plaintext

from odoo.addons.customer_comm.models.customer_role import ROLES

from .customer_complaint_cause import COMPLAINT_TYPES

CHANNELS = [
    ("phone", "Phone"),
    ("hotline", "Hotline"),
    ("visit", "Visit"),
    ("wechat", "WeChat"),
    ("letter", "Letter"),
    ("email", "Email"),
]
STATES = [
    ("draft", "Registered"),
    ("accepted", "Accepted"),
    ("investigated", "Investigated"),
    ("approved", "Approved"),
    ("done", "Closed"),
    ("rejected", "Conclusion Rejected"),
    ("cancel", "Cancelled"),
]
OPEN_STATES = ("draft", "accepted", "investigated", "approved")
SEVERITIES = [("minor", "Minor"), ("normal", "Normal"), ("severe", "Severe")]
RESPONSIBLE_UNITS = [
    ("quality", "Our Quality Issue"),
    ("transport", "Transport"),
    ("supplier", "Supplier"),
    ("customer", "Customer Misuse"),
    ("not_established", "Not Established"),
]
HANDLINGS = [
    ("none", "No Compensation"),
    ("compensation", "Compensation"),
    ("discount", "Discount"),
    ("return", "Return"),
    ("rework", "Rework"),
    ("replacement", "Replacement"),
]
APPROVAL_LEVELS = [
    ("customer_service_manager", "Customer Service Manager"),
    ("sales_vp", "Sales Vice President"),
    ("gm", "General Manager"),
]
# CM-5: an overdue complaint goes one role up from the service centre, then further up
ESCALATION_ROLES = ("customer_service_manager", "sales_vp", "gm")
SERVICE_GROUP = "complaint_mgmt.complaint_mgmt_group_service"
MANAGER_GROUP = "complaint_mgmt.complaint_mgmt_group_manager"
REPLY_MEDIA = [("oral", "Oral (logged call)"), ("letter", "Letter"), ("email", "Email")]
MONEY_HANDLINGS = ("compensation", "discount", "return")
GOODS_HANDLINGS = ("return", "rework", "replacement")
# CM-14: seed 003 第十七条 "分为态度、技术、到达时间及答应事项的办理等四项" (customer_comm's dimensions)
FOLLOWUP_DIMENSIONS = ("ATT", "TEC", "ARR", "PRO")
FOLLOWUP_STATES = [("planned", "To Call"), ("done", "Rated"), ("unreachable", "Unreachable")]
# the status, the clock and the escalations move through the actions, never by an edit
FLOW_FIELDS = frozenset(
    {
        "state",
        "date_accepted",
        "report_deadline",
        "close_deadline",
        "date_report",
        "date_closed",
        "escalation_level",
        "escalation_ids",
        "previous_round_id",
        "round_number",
        "reply_date",
        "return_picking_id",
    }
)
# the proposal under approval or approved cannot change behind the approvers' back
# CM-16: the measures averaged over the complaints that reached their step, and the flag that tells it
AVERAGE_REACHED = {
    "ack_days": "ack_reached",
    "report_days": "report_reached",
    "close_days": "close_reached",
    "on_time_rate": "close_reached",
    "followup_score": "followup_rated",
}
# CM-16: what the repeat flag of the customer's other complaints depends on
REPEAT_KEYS = frozenset({"partner_id", "date_received", "company_id", "previous_round_id"})
# CM-8 / CM-12: what the approvers decide, the quantity to return included: set while the complaint is
# accepted, locked from the report on; a change goes through a revision, which re-opens the approval
PROPOSAL_FIELDS = frozenset(
    {"handling_type", "proposed_amount", "responsible_unit", "partner_id", "company_id", "return_qty"}
)
# CM-7: the investigation report's figures, filed with the proposal and locked with it
REPORT_FIELDS = frozenset({"responsible_department_id", "loss_amount"})
PROPOSAL_LOCKED_STATES = ("investigated", "approved", "done", "rejected")


class CustomerComplaint(models.Model):
    """CM-1 … CM-10: a customer complaint, from its registration to its closure.

    Registered by any department, owned and accepted by the service centre
    (customer service / quality operations centre), investigated within the
    report deadline, its handling proposal approved by the authority its amount
    requires (tier definitions on ``approval_level``), closed after the reply
    within the closure deadline. Overdue complaints are escalated by a job.
    """

    _name = "customer.complaint"
    _description = "Customer Complaint"
    _inherit = ["customer.locked.fields.mixin", "customer.approval.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "date_received desc, id desc"
    _check_company_auto = True
    _state_from = ["investigated"]
    _state_to = ["approved"]
    _cancel_state = "cancel"

    # ------------------------------------------------------------------ registration (CM-1 … CM-4)
    name = fields.Char(
        string="Number", required=True, readonly=True, copy=False, default=lambda self: self.env._("New")
    )
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    currency_id = fields.Many2one(related="company_id.currency_id")
    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, index=True, tracking=True, check_company=True
    )
    commercial_partner_id = fields.Many2one(
        related="partner_id.commercial_partner_id", string="Commercial Entity", store=True, index=True
    )
    contact_id = fields.Many2one(
        "res.partner",
        string="Contact Person",
        check_company=True,
        domain="[('commercial_partner_id', '=', commercial_partner_id)]",
    )
    salesperson_id = fields.Many2one(
        related="commercial_partner_id.user_id", string="Salesperson", store=True, index=True
    )
    region_id = fields.Many2one(
        related="commercial_partner_id.cc_region_id", string="Sales Region", store=True, index=True
    )
    channel = fields.Selection(CHANNELS, string="Received by", required=True, default="phone", tracking=True)
    date_received = fields.Datetime(string="Received on", required=True, default=fields.Datetime.now)
    registered_by_id = fields.Many2one(
        "res.users", string="Registered by", required=True, readonly=True, default=lambda self: self.env.user
    )
    receiving_department_id = fields.Many2one(
        "customer.department",
        string="Received by Department",
        check_company=True,
        help="The department that took the complaint; it is transferred to the service centre, which owns it.",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Handled by",
        tracking=True,
        index=True,
        help="The service centre's owner of the complaint.",
    )
    sale_order_id = fields.Many2one(
        "sale.order",
        check_company=True,
        domain="[('partner_id.commercial_partner_id', '=', commercial_partner_id)]",
        index="btree_not_null",
    )
    picking_id = fields.Many2one(
        "stock.picking",
        string="Delivery",
        check_company=True,
        domain="[('partner_id.commercial_partner_id', '=', commercial_partner_id), "
        "('picking_type_code', '=', 'outgoing')]",
        index="btree_not_null",
    )
    product_id = fields.Many2one("product.product", check_company=True)
    lot_id = fields.Many2one("stock.lot", check_company=True, domain="[('product_id', '=?', product_id)]")
    specification = fields.Char()
    quantity = fields.Float(string="Quantity Delivered", digits="Product Unit")
    ship_date = fields.Date(string="Shipped on")
    defective_qty = fields.Float(string="Defective Quantity", digits="Product Unit")
    description = fields.Html(string="Complaint", sanitize=True, sanitize_attributes=True)
    customer_request = fields.Html(string="Customer's Request", sanitize=True)
    evidence_ids = fields.Many2many("ir.attachment", help="Photos, documents, test results.")
    sample_returned = fields.Boolean(string="Samples Returned")
    sample_note = fields.Char(string="Samples")
    complaint_type = fields.Selection(COMPLAINT_TYPES, string="Type", required=True, default="quality", tracking=True)
    cause_id = fields.Many2one(
        "customer.complaint.cause",
        tracking=True,
        check_company=True,
        domain="[('complaint_type', '=', complaint_type)]",
    )
    severity = fields.Selection(SEVERITIES, required=True, default="normal", tracking=True)
    # ------------------------------------------------------------------ clock (CM-4, CM-5)
    state = fields.Selection(
        STATES, string="Status", default="draft", required=True, readonly=True, copy=False, tracking=True, index=True
    )
    date_accepted = fields.Date(string="Accepted on", readonly=True, copy=False, tracking=True)
    report_deadline = fields.Date(string="Report Due", readonly=True, copy=False, tracking=True)
    close_deadline = fields.Date(
        string="Closure Due", readonly=True, copy=False, tracking=True, help="Told to the customer."
    )
    date_report = fields.Date(string="Report on", readonly=True, copy=False)
    date_closed = fields.Date(string="Closed on", readonly=True, copy=False)
    is_overdue = fields.Boolean(
        string="Overdue", compute="_compute_is_overdue", search="_search_is_overdue", compute_sudo=True
    )
    escalation_ids = fields.One2many("customer.complaint.escalation", "complaint_id", string="Escalations")
    escalation_level = fields.Integer(
        compute="_compute_escalation_level", store=True, help="How many roles up the overdue complaint went."
    )
    # ------------------------------------------------------------------ departments (CM-6)
    marketing_note = fields.Html(string="Marketing", help="Order facts, the customer's request and reasons.")
    quality_note = fields.Html(
        string="R&D / Quality", help="Investigation, cause, corrective action, verification of quality issues."
    )
    service_note = fields.Html(string="Customer Service", help="Review, handling method, follow-up of improvements.")
    # ------------------------------------------------------------------ investigation report (CM-7)
    investigation = fields.Html(string="Investigation Findings")
    responsible_unit = fields.Selection(RESPONSIBLE_UNITS, tracking=True)
    responsible_department_id = fields.Many2one("customer.department", tracking=True, check_company=True)
    track_improvement = fields.Boolean(help="Human slips are not tracked (人为疏忽免列案追踪).")
    loss_amount = fields.Monetary(tracking=True)
    # ------------------------------------------------------------------ proposal and approval (CM-8 … CM-10)
    handling_type = fields.Selection(HANDLINGS, string="Proposed Handling", tracking=True)
    proposed_amount = fields.Monetary(string="Amount to Approve", tracking=True)
    handling_proposal = fields.Html()
    approval_level = fields.Selection(
        APPROVAL_LEVELS,
        compute="_compute_approval_level",
        help="Who must approve the proposal, from the company's approval limits.",
    )
    # ------------------------------------------------------------------ resolution (CM-11 … CM-13)
    invoice_id = fields.Many2one(
        "account.move",
        string="Customer Invoice",
        check_company=True,
        domain="[('move_type', '=', 'out_invoice'), ('state', '=', 'posted'), "
        "('commercial_partner_id', '=', commercial_partner_id)]",
        help="The invoice the credit note is issued against.",
    )
    credit_note_ids = fields.One2many("account.move", "complaint_id", string="Credit Notes", readonly=True)
    credit_note_count = fields.Integer(compute="_compute_credit_note_count")
    return_qty = fields.Float(string="Quantity to Return", digits="Product Unit", tracking=True)
    return_override_reason = fields.Text(
        string="Late Return Authorised Because",
        tracking=True,
        help="Returns are accepted within the company's return window after the purchase; past it, "
        "a complaint manager authorises the return with a written reason.",
    )
    return_picking_id = fields.Many2one("stock.picking", string="Return", readonly=True, copy=False)
    returned_qty = fields.Float(
        string="Quantity Received Back",
        digits="Product Unit",
        compute="_compute_returned_qty",
        help="What the warehouse actually received on the return: the refund follows it.",
    )
    reply_medium = fields.Selection(REPLY_MEDIA, compute="_compute_reply_medium", help="As the customer complained.")
    reply = fields.Html(string="Reply to the Customer", sanitize=True)
    reply_date = fields.Datetime(string="Replied on", readonly=True, copy=False, tracking=True)
    # ------------------------------------------------------------------ follow-up (CM-14)
    followup_ids = fields.One2many("customer.satisfaction", "complaint_id", string="Follow-up Calls", readonly=True)
    followup_score = fields.Float(
        string="Follow-up Rating",
        compute="_compute_followup_score",
        store=True,
        aggregator="avg",
        digits=(5, 2),
        help="The customer's rating of the handling, from the follow-up call (0 to 100). Until "
        "rated it is not counted in the averages.",
    )
    followup_state = fields.Selection(
        FOLLOWUP_STATES,
        string="Follow-up",
        compute="_compute_followup_state",
        store=True,
        index="btree_not_null",
        help="Where the follow-up call stands; an unreachable customer is called a second time at another "
        "time of day, then the call is closed as unreachable and listed.",
    )
    # ------------------------------------------------------------------ analysis (CM-16)
    ack_days = fields.Float(
        string="Days to Acknowledge",
        compute="_compute_analysis_days",
        store=True,
        aggregator="avg",
        digits=(5, 1),
        help="Working days (the company's working-day calendar, public holidays and make-up days) from "
        "the receipt of the complaint to its acceptance, when the customer is told. Until accepted it is "
        "not counted in the averages.",
    )
    report_days = fields.Float(
        string="Days to Investigate",
        compute="_compute_analysis_days",
        store=True,
        aggregator="avg",
        digits=(5, 1),
        help="Working days from the acceptance to the investigation report. Until reported it is "
        "not counted in the averages.",
    )
    close_days = fields.Float(
        string="Days to Close",
        compute="_compute_analysis_days",
        store=True,
        aggregator="avg",
        digits=(5, 1),
        help="Working days from the acceptance to the closure. Until closed it is not counted in the averages.",
    )
    # CM-16: whether each step was reached: a step not reached stores 0 days but is left out of the averages
    ack_reached = fields.Boolean(string="Acknowledged", compute="_compute_analysis_days", store=True)
    report_reached = fields.Boolean(string="Investigated", compute="_compute_analysis_days", store=True)
    close_reached = fields.Boolean(string="Closed", compute="_compute_analysis_days", store=True)
    followup_rated = fields.Boolean(string="Rated", compute="_compute_followup_score", store=True)
    closed_on_time = fields.Boolean(
        compute="_compute_closed_on_time",
        store=True,
        help="Closed by the closure deadline told to the customer.",
    )
    on_time_rate = fields.Float(
        string="Closed on Time (%)",
        compute="_compute_closed_on_time",
        store=True,
        aggregator="avg",
        digits=(5, 1),
        help="100 for a complaint closed by its closure deadline, 0 otherwise: its average over the closed "
        "complaints is the share closed on time.",
    )
    is_repeat = fields.Boolean(
        string="Repeat Complaint",
        compute="_compute_is_repeat",
        store=True,
        help="The same customer registered another complaint in the previous days set by the company "
        "(90 by default). A new handling round of the same complaint is not a repeat.",
    )
    previous_round_id = fields.Many2one("customer.complaint", readonly=True, copy=False, index="btree_not_null")
    next_round_ids = fields.One2many("customer.complaint", "previous_round_id", string="Next Rounds")
    round_number = fields.Integer(string="Round", default=1, readonly=True, copy=False)

    # ------------------------------------------------------------------ analysis (CM-16)
    @api.model
    def _read_group_select(self, aggregate_spec, query):
        """CM-16: the average of a handling time or rating counts only the complaints that reached the step.

        A step not reached stores 0 (a stored float cannot be empty), which would pull the averages of the
        pivot, the graph and the monthly report down; the average is taken over the reached ones.
        """
        sql = super()._read_group_select(aggregate_spec, query)
        fname, _sep, func = aggregate_spec.partition(":")
        reached = AVERAGE_REACHED.get(fname)
        if func != "avg" or not reached:
            return sql
        return SQL(
            "AVG(CASE WHEN %s THEN %s END)",
            self._field_to_sql(self._table, reached, query),
            self._field_to_sql(self._table, fname, query),
        )

    # ------------------------------------------------------------------ computes
    @api.depends("state", "report_deadline", "close_deadline")
    @api.depends_context("date")
    def _compute_is_overdue(self):
        today = fields.Date.context_today(self)
        for complaint in self:
            complaint.is_overdue = complaint._overdue_since(today) is not None

    def _search_is_overdue(self, operator, value):
        if operator not in ("in", "not in"):
            return NotImplemented
        today = fields.Date.context_today(self)
        domain = [
            "|",
            "&",
            ("state", "in", list(OPEN_STATES)),
            ("close_deadline", "<", today),
            "&",
            ("state", "=", "accepted"),
            ("report_deadline", "<", today),
        ]
        positive = (operator == "in") == (True in value)
        return domain if positive else ["!", *domain]

    @api.depends("credit_note_ids")
    def _compute_credit_note_count(self):
        for complaint in self:
            complaint.credit_note_count = len(complaint.credit_note_ids)

    @api.depends("return_picking_id.state", "return_picking_id.move_ids.quantity", "product_id")
    def _compute_returned_qty(self):
        for complaint in self:
            picking = complaint.return_picking_id
            product = complaint.product_id
            moves = picking.move_ids.filtered(lambda m, product=product: m.product_id == product and m.state == "done")
            complaint.returned_qty = sum(moves.mapped("quantity"))

    @api.depends("followup_ids.score", "followup_ids.state")
    def _compute_followup_score(self):
        for complaint in self:
            done = complaint.sudo().followup_ids.filtered(lambda survey: survey.state == "done")
            complaint.followup_score = done[:1].score
            complaint.followup_rated = bool(done)

    @api.depends("followup_ids.state")
    def _compute_followup_state(self):
        for complaint in self:
            # the last call planned for the complaint tells where its follow-up stands
            last = complaint.sudo().followup_ids.sorted("id")[-1:]
            complaint.followup_state = last.state if last.state in dict(FOLLOWUP_STATES) else False

    @api.depends("date_received", "date_accepted", "date_report", "date_closed", "company_id")
    def _compute_analysis_days(self):
        """CM-16: the handling times in working days of the company's calendar (X-4)."""
        between = self.env["customer.calendar.day"]._working_days_between
        for complaint in self:
            company = complaint.company_id
            accepted = complaint.date_accepted
            complaint.ack_reached = bool(accepted)
            complaint.report_reached = bool(accepted and complaint.date_report)
            complaint.close_reached = bool(accepted and complaint.date_closed)
            complaint.ack_days = between(complaint.date_received, accepted, company) if accepted else 0.0
            complaint.report_days = (
                between(accepted, complaint.date_report, company) if complaint.report_reached else 0.0
            )
            complaint.close_days = between(accepted, complaint.date_closed, company) if complaint.close_reached else 0.0

    @api.depends("state", "date_closed", "close_deadline")
    def _compute_closed_on_time(self):
        for complaint in self:
            on_time = bool(
                complaint.state == "done"
                and complaint.date_closed
                and complaint.close_deadline
                and complaint.date_closed <= complaint.close_deadline
            )
            complaint.closed_on_time = on_time
            complaint.on_time_rate = 100.0 if on_time else 0.0

    @api.depends("commercial_partner_id", "date_received", "previous_round_id", "state", "company_id.cm_repeat_days")
    def _compute_is_repeat(self):
        """CM-16: one search for the whole batch, the look-back window of each complaint's company.

        A cancelled complaint is no repeat and makes none; the later complaints of the customer are
        recomputed when an earlier one changes customer, date or company, is cancelled or deleted
        (``write`` / ``unlink`` / ``create``).
        """
        firsts = self.filtered(
            lambda c: (
                c.commercial_partner_id
                and c.date_received
                and not c.previous_round_id
                and c.company_id
                and c.state != "cancel"
            )
        )
        (self - firsts).is_repeat = False
        if not firsts:
            return
        windows = {c: c.date_received - timedelta(days=c.company_id.cm_repeat_days) for c in firsts}
        # sudo: a repeat counts the customer's complaints whoever may read them
        others = self.sudo().search_fetch(
            [
                ("commercial_partner_id", "in", firsts.commercial_partner_id.ids),
                ("company_id", "in", firsts.company_id.ids),
                ("previous_round_id", "=", False),
                ("state", "!=", "cancel"),
                ("date_received", ">=", min(windows.values())),
                ("date_received", "<=", max(firsts.mapped("date_received"))),
            ],
            ["commercial_partner_id", "company_id", "date_received"],
        )
        by_customer = {}
        for other in others:
            key = (other.commercial_partner_id.id, other.company_id.id)
            by_customer.setdefault(key, []).append((other.date_received, other.id))
        for complaint in firsts:
            own = (complaint.date_received, complaint._origin.id or 0)
            earlier = by_customer.get((complaint.commercial_partner_id.id, complaint.company_id.id), [])
            complaint.is_repeat = any(
                windows[complaint] <= received and (received, other_id) < own and other_id != own[1]
                for received, other_id in earlier
            )

    @api.depends("channel")
    def _compute_reply_medium(self):
        for complaint in self:
            complaint.reply_medium = complaint.channel if complaint.channel in ("letter", "email") else "oral"

    @api.depends("escalation_ids.level")
    def _compute_escalation_level(self):
        for complaint in self:
            complaint.escalation_level = max(complaint.escalation_ids.mapped("level"), default=0)

    @api.depends("handling_type", "proposed_amount", "company_id.cm_csm_limit", "company_id.cm_vp_limit")
    def _compute_approval_level(self):
        for complaint in self:
            complaint.approval_level = complaint._approval_level_for(complaint.proposed_amount)

    # ------------------------------------------------------------------ constraints
    @api.constrains("proposed_amount", "loss_amount", "quantity", "defective_qty", "return_qty")
    def _check_positive(self):
        for complaint in self:
            for name in ("proposed_amount", "loss_amount", "quantity", "defective_qty", "return_qty"):
                if complaint[name] < 0:
                    raise ValidationError(
                        self.env._(
                            "%(field)s of complaint %(complaint)s cannot be negative.",
                            field=self._fields[name].get_description(self.env)["string"],
                            complaint=complaint.name,
                        )
                    )

    @api.constrains("quantity", "defective_qty")
    def _check_defective_qty(self):
        for complaint in self:
            if complaint.quantity and float_compare(complaint.defective_qty, complaint.quantity, 6) > 0:
                raise ValidationError(
                    self.env._(
                        "The defective quantity (%(defective)s) of %(complaint)s cannot exceed the quantity "
                        "delivered (%(quantity)s).",
                        defective=complaint.defective_qty,
                        complaint=complaint.name,
                        quantity=complaint.quantity,
                    )
                )

    @api.constrains("proposed_amount", "sale_order_id")
    def _check_proposed_amount(self):
        """CM-8: nobody proposes more than the order the complaint is about was worth."""
        for complaint in self:
            order = complaint.sale_order_id
            if order and complaint.currency_id.compare_amounts(complaint.proposed_amount, order.amount_total) > 0:
                raise ValidationError(
                    self.env._(
                        "The amount to approve of %(complaint)s (%(amount)s) exceeds the total of sale order "
                        "%(order)s (%(total)s).",
                        complaint=complaint.name,
                        amount=complaint.proposed_amount,
                        order=order.name,
                        total=order.amount_total,
                    )
                )

    @api.constrains("return_qty", "picking_id", "product_id")
    def _check_return_qty(self):
        """CM-12: nobody returns more than was delivered."""
        for complaint in self:
            if not complaint.return_qty or not complaint.picking_id:
                continue
            delivered = complaint._delivered_qty()
            if float_compare(complaint.return_qty, delivered, 6) > 0:
                raise ValidationError(
                    self.env._(
                        "%(complaint)s: the quantity to return (%(qty)s) exceeds the quantity delivered by "
                        "%(picking)s (%(delivered)s).",
                        complaint=complaint.name,
                        qty=complaint.return_qty,
                        picking=complaint.picking_id.name,
                        delivered=delivered,
                    )
                )

    @api.constrains("cause_id", "complaint_type")
    def _check_cause_type(self):
        for complaint in self:
            if complaint.cause_id and complaint.cause_id.complaint_type != complaint.complaint_type:
                raise ValidationError(
                    self.env._(
                        "The cause “%(cause)s” does not belong to the type of complaint %(complaint)s.",
                        cause=complaint.cause_id.name,
                        complaint=complaint.name,
                    )
                )

    @api.onchange("complaint_type")
    def _onchange_complaint_type(self):
        if self.cause_id and self.cause_id.complaint_type != self.complaint_type:
            self.cause_id = False

    @api.onchange("picking_id")
    def _onchange_picking_id(self):
        picking = self.picking_id
        if not picking:
            return
        if picking.sale_id and not self.sale_order_id:
            self.sale_order_id = picking.sale_id
        self.ship_date = picking.date_done or picking.scheduled_date
        moves = picking.move_ids
        if len(moves.product_id) == 1:
            self.product_id = moves.product_id
            self.quantity = sum(moves.mapped("quantity"))

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            for vals in vals_list:
                if FLOW_FIELDS & vals.keys():
                    raise AccessError(self._flow_hint())
        for vals in vals_list:
            if vals.get("name", self.env._("New")) == self.env._("New"):
                vals["name"] = self.env["ir.sequence"].next_by_code("customer.complaint") or "/"
        complaints = super().create(vals_list)
        complaints.filtered(lambda c: c.severity == "severe")._notify_severe()
        # CM-16: a complaint registered late (dated before others) makes the later ones repeats
        complaints._cm_recompute_repeats(complaints._cm_repeat_scope())
        return complaints

    def write(self, vals):
        if not self.env.su and FLOW_FIELDS & vals.keys():
            raise AccessError(self._flow_hint())
        if "return_override_reason" in vals and not self.env.su and not self.env.user.has_group(MANAGER_GROUP):
            raise AccessError(self.env._("Only a complaint manager can authorise a return past the return window."))
        newly_severe = self.filtered(lambda c: c.severity != "severe") if vals.get("severity") == "severe" else None
        repeat_scope = self._cm_repeat_scope() if self._cm_repeat_changes(vals) else None
        result = super().write(vals)
        if newly_severe:
            newly_severe._notify_severe()
        if repeat_scope is not None:
            # CM-16: the later complaints of the customer (before and after the change) count again
            self._cm_recompute_repeats(repeat_scope | self._cm_repeat_scope())
        return result

    def unlink(self):
        repeat_scope = self._cm_repeat_scope()
        result = super().unlink()
        self._cm_recompute_repeats(repeat_scope.exists())
        return result

    def _cm_repeat_changes(self, vals):
        """CM-16: whether ``vals`` can change the repeat flag of other complaints of the customer."""
        if REPEAT_KEYS & vals.keys():
            return True
        return "state" in vals and (vals["state"] == "cancel" or any(c.state == "cancel" for c in self))

    def _cm_repeat_scope(self):
        """CM-16: the other complaints whose repeat flag may count those in ``self``: the same customers'
        complaints of the same companies received from their date to the end of the look-back window."""
        # sudo: a repeat counts the customer's complaints whoever may read them
        dated = self.sudo().filtered(lambda c: c.commercial_partner_id and c.date_received and c.company_id)
        if not dated:
            return self.browse()
        window = max(dated.company_id.mapped("cm_repeat_days"), default=0)
        return self.sudo().search(
            [
                ("commercial_partner_id", "in", dated.commercial_partner_id.ids),
                ("company_id", "in", dated.company_id.ids),
                ("date_received", ">=", min(dated.mapped("date_received"))),
                ("date_received", "<=", max(dated.mapped("date_received")) + timedelta(days=window)),
                ("id", "not in", self.ids),
            ]
        )

    def _cm_recompute_repeats(self, complaints):
        if complaints:
            self.env.add_to_compute(self._fields["is_repeat"], complaints)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_accepted(self):
        if any(complaint.state != "draft" for complaint in self):
            raise UserError(self.env._("Only a complaint not yet accepted can be deleted; cancel the others."))

    def _locked_fields_by_state(self):
        return dict.fromkeys(PROPOSAL_LOCKED_STATES, PROPOSAL_FIELDS | REPORT_FIELDS)

    def _flow_hint(self):
        return self.env._("The status and the deadlines of a complaint change through its buttons, not by editing.")

    # ------------------------------------------------------------------ actions
    def action_accept(self):
        """CM-2 / CM-4 / CM-5: the service centre accepts the complaint: the clock starts, the customer is told."""
        self._check_service()
        Calendar = self.env["customer.calendar.day"]
        today = fields.Date.context_today(self)
        for complaint in self:
            if complaint.state != "draft":
                raise UserError(self.env._("Only a registered complaint can be accepted."))
            company = complaint.company_id
            calendar_days = company.cm_deadline_calendar_days
            # sudo: the clock is written by this action only (FLOW_FIELDS), the rights are checked above
            complaint.sudo().write(
                {
                    "state": "accepted",
                    "user_id": complaint.user_id.id or self.env.user.id,
                    "date_accepted": today,
                    "report_deadline": Calendar._deadline(today, company.cm_report_days, calendar_days, company),
                    "close_deadline": Calendar._deadline(today, company.cm_close_days, calendar_days, company),
                }
            )
            complaint._acknowledge()
        return True

    def action_submit_report(self):
        """CM-7: the investigation report is filed; a proposal with something to grant goes to approval (CM-8)."""
        self._check_service()
        for complaint in self:
            if complaint.state != "accepted":
                raise UserError(self.env._("Only an accepted complaint can receive its investigation report."))
            if not complaint.responsible_unit or not complaint.handling_type:
                raise UserError(
                    self.env._(
                        "State the responsible unit and the proposed handling of %(complaint)s first.",
                        complaint=complaint.name,
                    )
                )
            if complaint.responsible_unit == "not_established" and (
                complaint.handling_type != "none" or complaint.proposed_amount
            ):
                raise UserError(
                    self.env._(
                        "Complaint %(complaint)s is not established: it closes without compensation and the "
                        "receivable stays due.",
                        complaint=complaint.name,
                    )
                )
            if complaint.handling_type in ("compensation", "discount") and not complaint.proposed_amount:
                raise UserError(
                    self.env._(
                        "Give the amount of the compensation or discount of %(complaint)s.", complaint=complaint.name
                    )
                )
            complaint.sudo().write({"state": "investigated", "date_report": fields.Date.context_today(self)})
        to_approve = self.filtered(lambda c: c.handling_type != "none")
        if to_approve:
            to_approve.request_validation()
        return True

    def action_revise(self):
        """CM-8 / CM-12: a rejected proposal, or an approved one not yet carried out, is revised, then
        submitted again: the approval starts over."""
        self._check_service()
        for complaint in self:
            if not complaint._cm_can_revise():
                raise UserError(
                    self.env._(
                        "Only a rejected proposal, or an approved one without its credit note or return, "
                        "can be revised."
                    )
                )
        # sudo: the state moves through the buttons only (FLOW_FIELDS); the approval restarts from the report
        self.filtered(lambda c: c.state == "approved").sudo().with_context(skip_validation_check=True).write(
            {"state": "investigated"}
        )
        self.restart_validation()
        self.sudo().write({"state": "accepted"})
        return True

    def _cm_can_revise(self):
        self.ensure_one()
        if self.state == "investigated":
            return self.validation_status == "rejected"
        carried_out = self.return_picking_id or self.credit_note_ids.filtered(lambda move: move.state != "cancel")
        return self.state == "approved" and not carried_out

    def action_close(self):
        """CM-10 / CM-13: a complaint closes once its handling is decided (approved or nothing to grant)."""
        self._check_service()
        for complaint in self:
            closable = complaint.state == "approved" or (
                complaint.state == "investigated" and complaint.handling_type == "none"
            )
            if not closable:
                raise UserError(
                    self.env._(
                        "Complaint %(complaint)s cannot be closed before its handling is approved.",
                        complaint=complaint.name,
                    )
                )
            complaint._check_can_close()
        self.sudo().write({"state": "done", "date_closed": fields.Date.context_today(self)})
        self.activity_unlink(["complaint_mgmt.mail_activity_type_complaint_overdue"])
        return True

    def action_send_reply(self):
        """CM-13: the result reaches the customer the way they complained (oral, letter, email)."""
        self._check_service()
        report = self.env.ref("complaint_mgmt.action_report_complaint_reply")
        for complaint in self:
            decided = complaint.state == "approved" or (
                complaint.state == "investigated" and complaint.handling_type == "none"
            )
            if not decided:
                raise UserError(
                    self.env._(
                        "The handling of %(complaint)s is not decided yet: nothing to reply.", complaint=complaint.name
                    )
                )
            if not html2plaintext(complaint.reply or "").strip():
                raise UserError(
                    self.env._("Write the reply to the customer of %(complaint)s first.", complaint=complaint.name)
                )
            if complaint.reply_medium == "email":
                if not complaint.partner_id.email:
                    raise UserError(
                        self.env._("%(customer)s has no email address.", customer=complaint.partner_id.display_name)
                    )
                complaint.message_post(
                    body=complaint.reply,
                    partner_ids=complaint.partner_id.ids,
                    message_type="comment",
                    subtype_xmlid="mail.mt_comment",
                )
            elif complaint.reply_medium == "letter":
                pdf, _type = report._render_qweb_pdf(report.report_name, complaint.ids)
                attachment = self.env["ir.attachment"].create(
                    {
                        "name": self.env._("Reply %(number)s.pdf", number=complaint.name),
                        "raw": pdf,
                        "res_model": complaint._name,
                        "res_id": complaint.id,
                        "mimetype": "application/pdf",
                    }
                )
                complaint.message_post(
                    body=self.env._("Reply letter issued in the company's name."),
                    attachment_ids=attachment.ids,
                    subtype_xmlid="mail.mt_note",
                )
            else:
                complaint.message_post(
                    body=self.env._(
                        "Oral reply given to the customer: %(reply)s", reply=html2plaintext(complaint.reply)
                    ),
                    subtype_xmlid="mail.mt_note",
                )
            complaint.sudo().write({"reply_date": fields.Datetime.now()})
        return True

    def action_create_credit_note(self):
        """CM-11: a draft credit note for the approved amount, against the customer's invoice, for accounting."""
        self._check_service()
        moves = self.env["account.move"]
        for complaint in self:
            if complaint.state != "approved" or complaint.handling_type not in MONEY_HANDLINGS:
                raise UserError(
                    self.env._(
                        "A credit note is issued for an approved compensation, discount or return only "
                        "(%(complaint)s).",
                        complaint=complaint.name,
                    )
                )
            if complaint.credit_note_ids.filtered(lambda move: move.state != "cancel"):
                raise UserError(self.env._("%(complaint)s already has its credit note.", complaint=complaint.name))
            if not complaint.invoice_id:
                raise UserError(
                    self.env._("Choose the customer's invoice of %(complaint)s first.", complaint=complaint.name)
                )
            # sudo: the service centre prepares the draft from the invoice lines; accounting checks and posts it
            moves |= self.env["account.move"].sudo().create(complaint.sudo()._prepare_credit_note())
        if len(moves) == 1 and self.env.user.has_group("account.group_account_invoice"):
            return complaint.action_cm_open_credit_notes()
        return True

    def action_create_return(self):
        """CM-12: the return of the goods, created from the delivery by Odoo's return wizard."""
        self._check_service()
        today = fields.Date.context_today(self)
        for complaint in self:
            if complaint.state != "approved" or complaint.handling_type not in GOODS_HANDLINGS:
                raise UserError(
                    self.env._(
                        "A return is created for an approved return, rework or replacement only (%(complaint)s).",
                        complaint=complaint.name,
                    )
                )
            if complaint.return_picking_id.state not in (False, "cancel"):
                raise UserError(self.env._("%(complaint)s already has its return.", complaint=complaint.name))
            picking = complaint.picking_id
            if not picking or picking.state != "done" or not complaint.product_id:
                raise UserError(
                    self.env._(
                        "Give the done delivery and the product of %(complaint)s first.", complaint=complaint.name
                    )
                )
            if complaint.return_qty <= 0:
                raise UserError(self.env._("Give the quantity to return of %(complaint)s.", complaint=complaint.name))
            last_day = picking.date_done.date() + relativedelta(months=complaint.company_id.cm_return_months)
            if today > last_day and not complaint.return_override_reason:
                raise UserError(
                    self.env._(
                        "%(complaint)s: the goods were delivered on %(date)s, returns are accepted until %(last)s. "
                        "A complaint manager must authorise a late return with a reason.",
                        complaint=complaint.name,
                        date=fields.Date.to_string(picking.date_done.date()),
                        last=fields.Date.to_string(last_day),
                    )
                )
            complaint._create_return_picking()
        return True

    @api.readonly
    def action_cm_open_credit_notes(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("account.action_move_out_refund_type")
        if len(self.credit_note_ids) == 1:
            action.update({"res_id": self.credit_note_ids.id, "view_mode": "form", "views": [(False, "form")]})
        else:
            action["domain"] = [("complaint_id", "=", self.id)]
        return action

    @api.readonly
    def action_cm_open_return(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("stock.action_picking_tree_all")
        action.update({"res_id": self.return_picking_id.id, "view_mode": "form", "views": [(False, "form")]})
        return action

    def action_customer_rejects(self):
        """CM-9: the customer rejects the approved conclusion: a new round, linked to this one, is approved again."""
        self._check_service()
        rounds = self.browse()
        for complaint in self:
            if complaint.state != "approved":
                raise UserError(self.env._("Only an approved conclusion can be rejected by the customer."))
            # sudo: the round number and link are flow fields, set by this action only
            new_round = complaint.sudo().copy(
                {
                    "previous_round_id": complaint.id,
                    "round_number": complaint.round_number + 1,
                    "name": f"{complaint.name}-{complaint.round_number + 1}",
                    "user_id": complaint.user_id.id,
                    "registered_by_id": self.env.user.id,
                }
            )
            complaint.sudo().write({"state": "rejected"})
            complaint.message_post(
                body=self.env._(
                    "The customer rejected the conclusion: new round %(round)s opened.", round=new_round.name
                )
            )
            rounds |= new_round
        rounds.with_env(self.env).action_accept()
        action = self.env["ir.actions.act_window"]._for_xml_id("complaint_mgmt.customer_complaint_action")
        action.update({"res_id": rounds[:1].id, "view_mode": "form", "views": [(False, "form")]})
        return action

    def action_cancel(self):
        self._check_service()
        for complaint in self:
            if complaint.state not in OPEN_STATES:
                raise UserError(self.env._("Only an open complaint can be cancelled."))
        self.filtered("review_ids").restart_validation()
        self.sudo().write({"state": "cancel"})
        return True

    @api.readonly
    def action_cm_open_rounds(self):
        """CM-9: every handling round of the complaint, the first and the reopened ones."""
        self.ensure_one()
        first = self
        while first.previous_round_id:
            first = first.previous_round_id
        rounds = first
        todo = first
        while todo:
            todo = todo.next_round_ids
            rounds |= todo
        action = self.env["ir.actions.act_window"]._for_xml_id("complaint_mgmt.customer_complaint_action")
        action.update({"domain": [("id", "in", rounds.ids)], "context": {}})
        return action

    # ------------------------------------------------------------------ approval (CM-8)
    def _cc_check_submission(self):
        """CM-8: the service centre sends a proposal to its approvers, with its investigation report."""
        self._check_service()
        if any(complaint.state != "investigated" for complaint in self):
            raise UserError(self.env._("A proposal goes to approval with its investigation report."))
        return super()._cc_check_submission()

    def _on_fully_approved(self):
        # sudo: the approvers act through the engine; the state is refused to direct writes
        self.sudo().write({"state": "approved"})

    def _on_rejected(self):
        for complaint in self:
            complaint.message_post(
                body=self.env._("The handling proposal was rejected: revise it and submit it again.")
            )

    @api.model
    def _get_tier_validation_readonly_domain(self):
        """CM-8 / CM-11 … CM-13: the form is frozen while the proposal waits for its approvers; once approved,
        the resolution is filled in (invoice, return quantity, reply). The proposal itself stays locked by
        ``write`` and by the view's own conditions on the status."""
        return "validation_status in ('waiting', 'pending', 'rejected')"

    def _approval_level_for(self, amount):
        """CM-8: the authority an amount needs, from the company's approval limits (the one place)."""
        self.ensure_one()
        if not self.handling_type or self.handling_type == "none":
            return False
        company = self.company_id or self.env.company
        if self.currency_id.compare_amounts(amount, company.cm_csm_limit) <= 0:
            return "customer_service_manager"
        if self.currency_id.compare_amounts(amount, company.cm_vp_limit) <= 0:
            return "sales_vp"
        return "gm"

    # ------------------------------------------------------------------ notifications
    def _acknowledge(self):
        """CM-4: the customer is told the complaint was received and when to expect the answer."""
        for complaint in self:
            lang = complaint.partner_id.lang or self.env.lang
            env = complaint.with_context(lang=lang).env
            body = env._(
                "We received your complaint %(number)s on %(date)s. You will receive our answer by %(deadline)s.",
                number=complaint.name,
                date=fields.Date.to_string(complaint.date_received.date()),
                deadline=fields.Date.to_string(complaint.close_deadline),
            )
            if complaint.channel == "email" and complaint.partner_id.email:
                complaint.message_post(
                    body=body,
                    partner_ids=complaint.partner_id.ids,
                    message_type="comment",
                    subtype_xmlid="mail.mt_comment",
                )
            else:
                complaint.message_post(
                    body=self.env._("Acknowledgement to tell the customer: %(text)s", text=body),
                    subtype_xmlid="mail.mt_note",
                )

    def _notify_severe(self):
        """CM-3: a severe complaint reaches the sales vice president at once (seed 003 第十八条)."""
        activity_type = self.env.ref("complaint_mgmt.mail_activity_type_complaint_severe")
        vals_list = []
        for complaint in self:
            vice_president = complaint._cc_approver("sales_vp")
            if not vice_president:
                complaint.message_post(
                    body=self.env._("Severe complaint: no sales vice president is assigned to be told."),
                    subtype_xmlid="mail.mt_note",
                )
                continue
            vals_list.append(
                {
                    "res_model_id": self.env["ir.model"]._get_id(self._name),
                    "res_id": complaint.id,
                    "activity_type_id": activity_type.id,
                    "user_id": vice_president.id,
                    "summary": self.with_context(lang=vice_president.lang).env._(
                        "Severe complaint %(number)s", number=complaint.name
                    ),
                    "date_deadline": fields.Date.context_today(self),
                }
            )
        # sudo: anyone registering a severe complaint tells the vice president, whose to-do it is
        self.env["mail.activity"].sudo().create(vals_list)

    # ------------------------------------------------------------------ escalation job (CM-5)
    @api.model
    def _cron_escalate_overdue(self):
        """CM-5 / X-6: overdue complaints go one role up, as activities; a second run creates nothing."""
        return self.env["res.company"]._cc_run_per_company(self._escalate_overdue)

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
        Company = self.env["res.company"]

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
            Company._cc_schedule_activities(activities)

        return Company._cc_run_in_batches(complaints, process)

    @api.model
    def _cron_schedule_followups(self):
        """CM-14 / X-6: a follow-up call 3–7 days after closure, planned for customer service; idempotent."""
        return self.env["res.company"]._cc_run_per_company(self._schedule_followups)

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
        Company = self.env["res.company"]

        def process(batch):
            vals_list = []
            for complaint in batch:
                user = complaint.user_id or resolve("customer_service", complaint.region_id) or self.env.user
                vals_list.append(
                    {
                        # the complaint's number names its call: no sequence query per call
                        "name": complaint.with_context(lang=user.lang)._followup_name(),
                        "partner_id": complaint.partner_id.id,
                        "company_id": company.id,
                        "occasion": "complaint",
                        "origin": complaint.name,
                        "complaint_id": complaint.id,
                        "user_id": user.id,
                        "date": today,
                        "is_call": True,
                        "call_deadline": call_deadline,
                        "call_slot": "morning",
                        "line_ids": [Command.create({"dimension_id": dimension.id}) for dimension in dimensions],
                    }
                )
            # sudo: the job plans calls for the service centre, whoever runs it
            surveys = Company.sudo()._cc_create_quietly("customer.satisfaction", vals_list)
            Company.sudo()._cc_schedule_activities(
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

        return Company._cc_run_in_batches(complaints, process)

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

    def _overdue_since(self, today):
        """The missed deadline of an open complaint (report, then closure), or None when on time."""
        self.ensure_one()
        if self.state not in OPEN_STATES:
            return None
        missed = [
            deadline
            for deadline in (self.report_deadline if self.state == "accepted" else None, self.close_deadline)
            if deadline and deadline < today
        ]
        return min(missed) if missed else None

    def _escalation_summary(self, since):
        return self.env._(
            "Overdue complaint %(number)s (due %(deadline)s)",
            number=self.name,
            deadline=fields.Date.to_string(since),
        )

    # ------------------------------------------------------------------ checks
    def _check_service(self):
        if not self.env.user.has_group(SERVICE_GROUP):
            raise AccessError(self.env._("Only the customer service centre handles complaints."))

    def _check_can_close(self):
        """CM-13: no complaint is closed without a reply (不允许对客户的投诉处理没有下文)."""
        self.ensure_one()
        if not self.reply_date:
            raise UserError(
                self.env._(
                    "Complaint %(complaint)s cannot be closed without a reply to the customer: send it first.",
                    complaint=self.name,
                )
            )

    # ------------------------------------------------------------------ resolution helpers
    def _delivered_qty(self):
        self.ensure_one()
        moves = self.picking_id.move_ids.filtered(
            lambda move: move.state == "done" and (not self.product_id or move.product_id == self.product_id)
        )
        return sum(moves.mapped("quantity"))

    def _prepare_credit_note(self):
        """CM-11 / CM-12: the draft credit note; a return is refunded for the quantity actually received back."""
        self.ensure_one()
        invoice = self.invoice_id
        invoice_lines = invoice.invoice_line_ids.filtered(lambda line: line.display_type == "product")
        product_line = invoice_lines.filtered(lambda line: line.product_id == self.product_id)[:1] or invoice_lines[:1]
        if self.handling_type == "return":
            if not self.returned_qty:
                raise UserError(
                    self.env._(
                        "Nothing was received back on the return of %(complaint)s yet: the refund follows the "
                        "quantity received.",
                        complaint=self.name,
                    )
                )
            quantity, price = self.returned_qty, product_line.price_unit
            label = self.env._(
                "Return of %(product)s, complaint %(number)s", product=self.product_id.display_name, number=self.name
            )
        else:
            quantity, price = 1.0, self.proposed_amount
            label = self.env._("Sales discount, complaint %(number)s", number=self.name)
        return {
            "move_type": "out_refund",
            "partner_id": invoice.partner_id.id,
            "company_id": self.company_id.id,
            "currency_id": invoice.currency_id.id,
            "reversed_entry_id": invoice.id,
            "invoice_origin": self.name,
            "ref": self.env._("Complaint %(number)s", number=self.name),
            "complaint_id": self.id,
            "invoice_line_ids": [
                Command.create(
                    {
                        "name": label,
                        "product_id": self.product_id.id if self.handling_type == "return" else False,
                        "quantity": quantity,
                        "price_unit": price,
                        "account_id": product_line.account_id.id,
                        "tax_ids": [Command.clear()],
                    }
                )
            ],
        }

    def _create_return_picking(self):
        """CM-12: Odoo's own return wizard on the delivery, for the quantity to return of the product."""
        self.ensure_one()
        # sudo: the service centre triggers the return; the warehouse receives it with its own rights
        picking = self.picking_id.sudo()
        wizard = (
            self.env["stock.return.picking"]
            .sudo()
            .with_context(active_id=picking.id, active_ids=picking.ids, active_model="stock.picking")
            .create({})
        )
        remaining = self.return_qty
        for line in wizard.product_return_moves:
            quantity = 0.0
            if line.product_id == self.product_id and remaining > 0:
                quantity = min(remaining, line.move_quantity or remaining)
                remaining -= quantity
            line.quantity = quantity
        action = wizard.action_create_returns()
        new_picking = self.env["stock.picking"].sudo().browse(action["res_id"])
        new_picking.message_post(
            body=self.env._(
                "Return of complaint %(number)s: %(reason)s", number=self.name, reason=self.cause_id.name or "-"
            )
        )
        self.sudo().write({"return_picking_id": new_picking.id})
        return new_picking


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

"""The customer complaint and its lifecycle: registration, acceptance, report, approval, reply, closure."""

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import float_compare

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
        "exchange_picking_id",
    }
)
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
    _inherit = ["customer.flow.document.mixin", "customer.approval.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "date_received desc, id desc"
    _check_company_auto = True
    _state_from = ["investigated"]
    _state_to = ["approved"]
    _cancel_state = "cancel"
    _flow_fields = FLOW_FIELDS

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
    # ------------------------------------------------------------------ reply (CM-13)
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
    previous_round_id = fields.Many2one("customer.complaint", readonly=True, copy=False, index="btree_not_null")
    next_round_ids = fields.One2many("customer.complaint", "previous_round_id", string="Next Rounds")
    round_number = fields.Integer(string="Round", default=1, readonly=True, copy=False)

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
        for vals in vals_list:
            if vals.get("name", self.env._("New")) == self.env._("New"):
                vals["name"] = self.env["ir.sequence"].next_by_code("customer.complaint") or "/"
        complaints = super().create(vals_list)
        complaints.filtered(lambda c: c.severity == "severe")._notify_severe()
        # CM-16: a complaint registered late (dated before others) makes the later ones repeats
        complaints._cm_recompute_repeats(complaints._cm_repeat_scope())
        return complaints

    def write(self, vals):
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
        """CM-8: the authority a proposal's amount needs; nothing to grant, nothing to approve."""
        self.ensure_one()
        if not self.handling_type or self.handling_type == "none":
            return False
        return self._cc_level_for_amount(amount)

    def _cc_amount_levels(self):
        company = self.company_id or self.env.company
        return [("customer_service_manager", company.cm_csm_limit), ("sales_vp", company.cm_vp_limit), ("gm", None)]

    # ------------------------------------------------------------------ notifications
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

"""DR-2 / DR-23: appointing or dismissing a dealer (总经销聘任/解聘)."""

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

# DR-2: what a decided request does to the dealer, and from which statuses it may be asked
REQUEST_TYPES = [
    ("appointment", "Appointment"),
    ("suspension", "Suspension"),
    ("dismissal", "Dismissal"),
]
STATUS_AFTER = {"appointment": "active", "suspension": "suspended", "dismissal": "cancelled"}
STATUS_BEFORE = {
    "appointment": (False, "candidate", "suspended", "cancelled"),
    "suspension": ("active",),
    "dismissal": ("active", "suspended"),
}
PROTECTED_FIELDS = frozenset({"state"})


class DealerAppointmentRequest(models.Model):
    """DR-2 / DR-23: appointing or dismissing a dealer (总经销聘任/解聘).

    Proposed by the salesperson, agreed by the area manager, verified with an
    opinion by the market department head, approved by the sales VP and
    decided by the GM (tier definitions, X-3). Only a decided request changes
    the dealer's status. A dismissal carries the termination checklist of
    DR-23 (rectification period and its extension).
    """

    _name = "dealer.appointment.request"
    _description = "Dealership Appointment or Dismissal"
    _inherit = ["customer.flow.document.mixin", "customer.approval.mixin", "mail.thread", "mail.activity.mixin"]
    _flow_fields = PROTECTED_FIELDS
    _order = "create_date desc, id desc"
    _check_company_auto = True

    request_type = fields.Selection(REQUEST_TYPES, required=True, default="appointment", tracking=True)
    partner_id = fields.Many2one(
        "res.partner",
        string="Dealer",
        required=True,
        index=True,
        check_company=True,
        domain="[('is_company', '=', True)]",
        tracking=True,
    )
    user_id = fields.Many2one(
        "res.users",
        string="Proposed by",
        required=True,
        default=lambda self: self.env.user,
        tracking=True,
        help="The salesperson who proposes the decision.",
    )
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)
    state = fields.Selection(
        [("draft", "Draft"), ("approved", "Decided"), ("cancel", "Cancelled")],
        default="draft",
        required=True,
        tracking=True,
        copy=False,
        readonly=True,
    )
    reason = fields.Text(required=True, help="Why the dealer should be appointed or dismissed, with the facts.")
    current_status = fields.Selection(related="partner_id.dr_status", string="Current Status")
    violation_id = fields.Many2one(
        "dealer.violation",
        string="Origin Violation",
        readonly=True,
        copy=False,
        help="The repeated violation that opened this cancellation review.",
    )
    distribution_plan_id = fields.Many2one(
        "dealer.distribution.plan",
        string="Origin Distribution Plan",
        readonly=True,
        copy=False,
        help="The last of the missed distribution plans that opened this cancellation review.",
    )
    # DR-23: the termination checklist
    rectification_deadline = fields.Date(
        tracking=True, help="The dealer may correct the failings until this day before the dismissal is decided."
    )
    extension_deadline = fields.Date(string="Extended Until", tracking=True)
    rectification_note = fields.Text(string="Rectification Outcome")

    @api.depends("request_type", "partner_id")
    def _compute_display_name(self):
        types = dict(self._fields["request_type"]._description_selection(self.env))
        for request in self:
            request.display_name = f"{types.get(request.request_type, '')} {request.partner_id.name or ''}".strip()

    @api.constrains("rectification_deadline", "extension_deadline")
    def _check_extension_after_deadline(self):
        for request in self:
            if (
                request.extension_deadline
                and request.rectification_deadline
                and request.extension_deadline <= request.rectification_deadline
            ):
                raise ValidationError(self.env._("An extension ends after the rectification deadline it extends."))

    @api.model_create_multi
    def create(self, vals_list):
        requests = super().create(vals_list)
        requests._check_status_allows_request()
        return requests

    def write(self, vals):
        result = super().write(vals)
        if {"request_type", "partner_id"} & vals.keys():
            self._check_status_allows_request()
        return result

    def _flow_hint(self):
        return self.env._("A dealership request is decided through its approval, not by editing it.")

    def action_submit(self):
        """DR-2: the proposer (or a dealer rebate manager) sends the request up the chain."""
        return self.request_validation()

    def _cc_check_submission(self):
        for request in self:
            if request.state != "draft":
                raise UserError(self.env._("Only a draft request can be submitted."))
            if request.user_id != self.env.user and not self.env.user.has_group(
                "dealer_rebate.dealer_rebate_group_manager"
            ):
                raise AccessError(self.env._("The person who proposed the request submits it."))
        self._check_status_allows_request()
        return super()._cc_check_submission()

    def action_cancel(self):
        if self.filtered(lambda request: request.state == "approved"):
            raise UserError(self.env._("A decided request stays on file; propose a new one to reverse it."))
        self.check_access("write")
        # sudo: the state is refused to direct writes; the right was checked above
        self.sudo().write({"state": "cancel"})

    def _check_status_allows_request(self):
        statuses = dict(self.env["res.partner"]._fields["dr_status"]._description_selection(self.env))
        for request in self.filtered(lambda req: req.state == "draft"):
            if request.partner_id.dr_status not in STATUS_BEFORE[request.request_type]:
                raise ValidationError(
                    self.env._(
                        "%(dealer)s is %(status)s: a request of this kind does not apply.",
                        dealer=request.partner_id.display_name,
                        status=statuses.get(request.partner_id.dr_status, self.env._("not a dealer")),
                    )
                )

    def _on_fully_approved(self):
        # sudo: the GM decides without writing dealers; the engine validated the chain
        self.sudo().write({"state": "approved"})
        for request in self:
            request.partner_id._dr_apply_status(STATUS_AFTER[request.request_type])
            request.partner_id.message_post(
                body=self.env._("Dealership decision: %(request)s.", request=request.display_name)
            )

    @api.model
    def _open_dismissal_review(self, dealer, company, proposer, reason, origin_vals):
        """DR-2: open a pre-filled dismissal request and ask the market department manager to review it.

        Nothing is opened for a dealer that is not active or suspended, or that already has a
        dismissal request in draft. Returns the request (or an empty recordset).
        """
        # sudo: the person whose record triggers the review may not create requests for this dealer
        Request = self.sudo()
        open_requests = Request.search_count(
            [("partner_id", "=", dealer.id), ("request_type", "=", "dismissal"), ("state", "=", "draft")]
        )
        if open_requests or dealer.dr_status not in STATUS_BEFORE["dismissal"]:
            return Request
        request = Request.create(
            {
                "request_type": "dismissal",
                "partner_id": dealer.id,
                "user_id": (dealer.user_id or proposer).id,
                "company_id": company.id,
                "reason": reason,
                **origin_vals,
            }
        )
        reviewer = self.env["customer.role.assignment"]._find_user("market_manager", dealer.cc_region_id, company)
        if reviewer:
            request.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=self.with_context(lang=reviewer.lang).env._("Dealership cancellation review"),
                note=reason,
                user_id=reviewer.id,
            )
        return request

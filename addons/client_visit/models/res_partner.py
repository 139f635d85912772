"""What client_visit adds to res.partner."""

from odoo import api, fields, models

# CV-6: the fields that bring a customer under the visit rules of a tier and a salesperson
RULE_FIELDS = frozenset({"cc_tier_id", "user_id"})


def _record_id(value):
    return value.id if isinstance(value, models.BaseModel) else (value or False)


class ResPartner(models.Model):
    _inherit = "res.partner"

    cv_visit_ids = fields.One2many("customer.visit", "partner_id", string="Visits")
    cv_visit_count = fields.Integer(string="Visit Count", compute="_compute_cv_counts")
    cv_promise_count = fields.Integer(string="Open Promises", compute="_compute_cv_counts")
    cv_next_event_id = fields.Many2one("calendar.event", string="Next Appointment", compute="_compute_cv_counts")
    cv_rule_since = fields.Date(
        string="Under Visit Rules Since",
        readonly=True,
        copy=False,
        help="The day the customer's tier or salesperson was last set (its creation when empty): a "
        "customer never visited is overdue one interval after it.",
    )
    cv_no_salesperson = fields.Boolean(
        string="No Salesperson in Region",
        compute="_compute_cv_no_salesperson",
        search="_search_cv_no_salesperson",
        help="A tiered customer with no salesperson of its own and no salesperson role holder for its region.",
    )

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

    def write(self, vals):
        """CV-6: a customer whose tier or salesperson changes comes under its visit rules anew that day."""
        moved = self.browse()
        if RULE_FIELDS & vals.keys():
            moved = self.filtered(
                lambda partner: any(partner[name].id != _record_id(vals[name]) for name in RULE_FIELDS & vals.keys())
            )
        result = super().write(vals)
        if moved:
            # the date follows the change the user just made (its rights were checked by that write)
            super(ResPartner, moved).write({"cv_rule_since": fields.Date.context_today(self)})
        return result

    def _cv_rule_start(self):
        """CV-6: the day this customer came under its visit rules (tier or salesperson set, else its creation)."""
        self.ensure_one()
        return self.cv_rule_since or (self.create_date and self.create_date.date()) or fields.Date.context_today(self)

    def _compute_cv_no_salesperson(self):
        uncovered = self._cv_without_salesperson(self)
        for partner in self:
            partner.cv_no_salesperson = partner in uncovered

    def _search_cv_no_salesperson(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            return NotImplemented
        candidates = self.search([("is_company", "=", True), ("cc_tier_id", "!=", False), ("user_id", "=", False)])
        ids = self._cv_without_salesperson(candidates).ids
        return [("id", "in" if (operator == "=") == value else "not in", ids)]

    def _cv_without_salesperson(self, partners):
        """CV-14: the tiered customers nobody is responsible for as salesperson (``_cc_role_user``'s rule:
        the customer's own salesperson, else the salesperson role of its region or a parent region)."""
        partners = partners.filtered(lambda p: p.is_company and p.cc_tier_id and not p.user_id)
        Role = self.env["customer.role.assignment"]
        resolvers = {}
        uncovered = self.browse()
        for partner in partners:
            company = partner.company_id or self.env.company
            if company not in resolvers:
                resolvers[company] = Role._resolver(company)
            if not resolvers[company]("salesperson", partner.cc_region_id):
                uncovered |= partner
        return uncovered

    @api.readonly
    def action_cv_open_visits(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("client_visit.customer_visit_action")
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.id}
        return action

    @api.readonly
    def action_cv_open_promises(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("client_visit.visit_promise_action")
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.id}
        return action

    @api.readonly
    def action_cv_open_next_event(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "calendar.event",
            "res_id": self.cv_next_event_id.id,
            "view_mode": "form",
        }

import re

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError
from odoo.fields import Domain
from odoo.tools import LazyTranslate

_lt = LazyTranslate(__name__)

CHANNEL_TYPES = [
    ("general_distributor", "General Distributor"),
    ("dealer", "Dealer"),
    ("direct", "Direct Customer"),
    ("secondary_wholesaler", "Secondary Wholesaler"),
    ("retailer", "Retailer"),
    ("consumer", "Consumer"),
    ("potential", "Potential Customer"),
]

DECISION_ROLES = [
    ("decision_maker", "Decision Maker"),
    ("influencer", "Influencer"),
    ("user", "User"),
    ("gatekeeper", "Gatekeeper"),
]

CN_MOBILE = re.compile(r"^1\d{10}$")

# CC-9 / X-7: business secrets of the archive, readable by the customer's salesperson, the
# managers of its region, finance and the information administrator only.
CONFIDENTIAL_FIELDS = frozenset(
    {
        "cc_archive_note",
        "cc_business_focus",
        "cc_operating_overview",
        "cc_preferences",
        "cc_birthday",
        "cc_anniversary",
        "cc_credit_level_id",
    }
)
CONFIDENTIAL_GROUPS = ("customer_comm.customer_comm_group_finance", "customer_comm.customer_comm_group_info_admin")
NON_MANAGER_ROLES = ("salesperson", "customer_service")
# CC-6 / CC-7: what a complete archive holds, by kind of customer (consumers: channel role "consumer",
# every other customer is a channel customer). Each item is filled when one of its fields is.
ARCHIVE_ITEM_LABELS = {
    "channel_role": _lt("Channel Role"),
    "address": _lt("Address"),
    "phone": _lt("Phone"),
    "business_focus": _lt("Current Business Focus"),
    "operating_overview": _lt("Operating Overview"),
    "tier": _lt("Customer Tier"),
    "birthday": _lt("Birthday"),
    "preferences": _lt("Preferences"),
}
ARCHIVE_REQUIRED_FIELDS = {
    "channel": {
        "channel_role": ["cc_channel_type"],
        "address": ["street", "city"],
        "phone": ["phone", "cc_mobile"],
        "business_focus": ["cc_business_focus"],
        "operating_overview": ["cc_operating_overview"],
        "tier": ["cc_tier_id"],
    },
    "consumer": {
        "birthday": ["cc_birthday"],
        "preferences": ["cc_preferences"],
        "address": ["street", "city"],
    },
}


class ResPartner(models.Model):
    _inherit = "res.partner"

    # CC-1 … CC-3: classification
    cc_tier_id = fields.Many2one("customer.tier", string="Customer Tier", tracking=True, index=True)
    cc_tier_level = fields.Integer(related="cc_tier_id.level", string="Tier Level", store=True)
    cc_channel_type = fields.Selection(CHANNEL_TYPES, string="Channel Role", tracking=True, index=True)
    cc_region_id = fields.Many2one("customer.region", string="Sales Region", tracking=True, index=True)
    # CC-5: key persons
    cc_is_key_person = fields.Boolean(string="Key Person")
    cc_decision_role = fields.Selection(DECISION_ROLES, string="Decision Role")
    cc_birthday = fields.Date(string="Birthday")
    cc_anniversary = fields.Date(string="Anniversary", help="Founding or cooperation anniversary.")
    cc_preferences = fields.Text(string="Preferences")
    # CC-6 / CC-8: archive
    cc_mobile = fields.Char(string="Mobile", tracking=True)
    cc_business_focus = fields.Text(string="Current Business Focus")
    cc_operating_overview = fields.Text(string="Operating Overview")
    cc_archive_note = fields.Text(string="Archive Notes")
    # CC-7: quarterly review
    cc_last_review_date = fields.Date(string="Last Archive Review", tracking=True)
    cc_next_review_date = fields.Date(
        string="Next Archive Review", compute="_compute_cc_next_review_date", store=True, index=True
    )
    cc_review_overdue = fields.Boolean(
        string="Review Overdue", compute="_compute_cc_review_overdue", search="_search_cc_review_overdue"
    )
    # CC-7: archive completeness
    cc_archive_completeness = fields.Float(
        string="Archive Completeness (%)",
        compute="_compute_cc_archive_completeness",
        store=True,
        aggregator="avg",
        digits=(5, 2),
        help="CC-6 / CC-7: share of the archive items of this kind of customer that are filled in.",
    )
    cc_archive_missing = fields.Char(
        string="Missing Archive Items",
        compute="_compute_cc_archive_completeness",
        store=True,
        help="CC-6 / CC-7: the archive items still to fill in, in the language of the company.",
    )
    # CC-10: credit level
    # not tracked: the chatter of a partner is not confidential; the approved request keeps the history
    cc_credit_level_id = fields.Many2one("customer.credit.level", string="Credit Level")
    cc_credit_request_ids = fields.One2many("customer.credit.request", "partner_id", string="Credit Requests")
    cc_credit_request_count = fields.Integer(compute="_compute_cc_credit_request_count")
    cc_warning_ids = fields.One2many("customer.warning", "partner_id", string="Early Warnings")
    cc_open_warning_count = fields.Integer(compute="_compute_cc_open_warning_count")

    @api.depends("cc_last_review_date", "create_date")
    def _compute_cc_next_review_date(self):
        months = self.env.company.cc_review_interval_months
        for partner in self:
            start = partner.cc_last_review_date or (partner.create_date and partner.create_date.date())
            partner.cc_next_review_date = start and start + relativedelta(months=months)

    @api.depends("cc_next_review_date")
    def _compute_cc_review_overdue(self):
        today = fields.Date.context_today(self)
        for partner in self:
            partner.cc_review_overdue = bool(partner.cc_next_review_date and partner.cc_next_review_date < today)

    def _search_cc_review_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            return NotImplemented
        overdue = [("cc_next_review_date", "<", fields.Date.context_today(self))]
        return overdue if (operator == "=") == value else ["!", *overdue]

    @api.depends(
        "cc_channel_type",
        *sorted({name for items in ARCHIVE_REQUIRED_FIELDS.values() for names in items.values() for name in names}),
    )
    def _compute_cc_archive_completeness(self):
        """CC-7: stored figures, labelled in the company's language whoever triggers the computation."""
        for partner in self:
            lang = (partner.company_id or self.env.company)._cc_lang()
            items = partner.with_context(lang=lang)._cc_archive_items()
            missing = [label for label, filled in items if not filled]
            partner.cc_archive_completeness = 100.0 * (len(items) - len(missing)) / len(items) if items else 100.0
            partner.cc_archive_missing = "、".join(missing)

    def _cc_archive_items(self):
        """CC-6 / CC-7: the archive items of this customer, as ``[(translated label, filled)]``.

        Override to check more items (and extend the dependencies of
        ``_compute_cc_archive_completeness``); the completeness is the share
        of filled items.
        """
        self.ensure_one()
        kind = "consumer" if self.cc_channel_type == "consumer" else "channel"
        return [
            (self.env._(ARCHIVE_ITEM_LABELS[item]), any(self[name] for name in names))
            for item, names in ARCHIVE_REQUIRED_FIELDS[kind].items()
        ]

    def _compute_cc_credit_request_count(self):
        counts = dict(
            self.env["customer.credit.request"]._read_group(
                [("partner_id", "in", self.ids)], ["partner_id"], ["__count"]
            )
        )
        for partner in self:
            partner.cc_credit_request_count = counts.get(partner, 0)

    def _compute_cc_open_warning_count(self):
        counts = dict(
            self.env["customer.warning"]._read_group(
                [("partner_id", "in", self.ids), ("state", "in", ("open", "acknowledged"))], ["partner_id"], ["__count"]
            )
        )
        for partner in self:
            partner.cc_open_warning_count = counts.get(partner, 0)

    @api.constrains("cc_mobile", "country_id")
    def _check_cc_mobile(self):
        """CC-8: a Chinese mobile is 11 digits starting with 1 (an optional +86 prefix is accepted)."""
        for partner in self.filtered("cc_mobile"):
            if partner._cc_is_chinese() and not CN_MOBILE.match(partner._cc_normalized_mobile()):
                raise ValidationError(
                    self.env._(
                        "The mobile number %(mobile)s of %(partner)s is not valid: a Chinese mobile number "
                        "has 11 digits and starts with 1.",
                        mobile=partner.cc_mobile,
                        partner=partner.display_name,
                    )
                )

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None, **kwargs):
        """CC-9: a search that filters or sorts on a confidential field only sees the user's scope."""
        if self._cc_mentions_confidential(domain, [order or ""]):
            domain = self._cc_restrict_to_confidential_scope(domain)
        return super()._search(domain, offset, limit, order, **kwargs)

    @api.model
    def _read_group(self, domain, groupby=(), aggregates=(), having=(), offset=0, limit=None, order=None):
        """CC-9: grouping or aggregating by a confidential field only counts the user's scope."""
        if self._cc_mentions_confidential(having, [*groupby, *aggregates, order or ""]):
            domain = self._cc_restrict_to_confidential_scope(domain)
        return super()._read_group(domain, groupby, aggregates, having, offset, limit, order)

    def _read_format(self, fnames, load="_classic_read"):
        result = super()._read_format(fnames, load)
        hidden = CONFIDENTIAL_FIELDS.intersection(fnames)
        if hidden and not self.env.su:
            allowed = self._cc_confidential_allowed_ids()
            for values in result:
                if values["id"] not in allowed:
                    values.update(dict.fromkeys(hidden, False))
        return result

    def _export_rows(self, fields, *, _is_toplevel_call=True):
        """CC-9: exporting a confidential field of a customer outside the user's scope is refused.

        Exports read field values directly, not through ``read``, so the masking
        above does not apply; this also covers paths from other models (``partner_id/…``).
        """
        if not self.env.su and any(path and path[0] in CONFIDENTIAL_FIELDS for path in fields):
            self._cc_check_confidential_access()
        return super()._export_rows(fields, _is_toplevel_call=_is_toplevel_call)

    def write(self, vals):
        if "cc_credit_level_id" in vals and not self.env.su and not self.env.user.has_group(CONFIDENTIAL_GROUPS[0]):
            raise AccessError(self.env._("Credit levels change through an approved credit request (CC-11)."))
        if not self.env.su and CONFIDENTIAL_FIELDS.intersection(vals):
            self._cc_check_confidential_access()
        return super().write(vals)

    def _cc_check_confidential_access(self):
        """CC-9: raise unless the current user may see and change the archive of every partner of ``self``."""
        denied = self.filtered(lambda p: p.id not in self._cc_confidential_allowed_ids())
        if denied:
            raise AccessError(
                self.env._(
                    "The archive of %(partner)s is confidential: only its salesperson, the managers of its "
                    "region, finance and the information administrator can see or change it.",
                    partner=denied[0].display_name,
                )
            )

    def _cc_confidential_allowed_ids(self):
        """CC-9: ids of ``self`` whose confidential archive the current user may see."""
        scope = self._cc_confidential_scope()
        if scope is None:
            return set(self.ids)
        stored_ids = [id_ for id_ in self.ids if isinstance(id_, int)]
        return set(self.sudo().with_context(active_test=False).search(Domain("id", "in", stored_ids) & scope).ids)

    @api.model
    def _cc_confidential_scope(self):
        """CC-9 / X-7: the domain of partners whose archive the current user may see, ``None`` for all.

        The customer's salesperson, the holders of a manager role over its region
        (or company-wide), finance and the information administrator.
        """
        user = self.env.user
        if self.env.su or any(user.has_group(group) for group in CONFIDENTIAL_GROUPS):
            return None
        # sudo: the user's own role assignments decide their scope; nothing else is read.
        assignments = (
            self.env["customer.role.assignment"]
            .sudo()
            .search([("user_id", "=", user.id), ("role", "not in", NON_MANAGER_ROLES)])
        )
        scope = Domain("user_id", "=", user.id) | Domain("commercial_partner_id.user_id", "=", user.id)
        company_wide = assignments.filtered(lambda a: not a.region_id).company_id
        if company_wide:
            scope |= Domain("commercial_partner_id.company_id", "in", company_wide.ids)
            if self.env.company in company_wide:
                scope |= Domain("commercial_partner_id.company_id", "=", False)
        if assignments.region_id:
            scope |= Domain("commercial_partner_id.cc_region_id", "child_of", assignments.region_id.ids)
        return scope

    @api.model
    def _cc_mentions_confidential(self, domain=(), field_specs=()):
        """Whether a domain or field specs (``"cc_birthday:month"``, ``"cc_birthday desc"``) touch CC-9 fields."""
        if self.env.su:
            return False
        names = {condition.field_expr for condition in Domain(domain or []).iter_conditions()}
        names.update(part for spec in field_specs for part in spec.split(","))
        return any(re.split(r"[.:\s]", name.strip())[0] in CONFIDENTIAL_FIELDS for name in names)

    @api.model
    def _cc_restrict_to_confidential_scope(self, domain):
        scope = self._cc_confidential_scope()
        return domain if scope is None else Domain(domain) & scope

    def _cc_is_chinese(self):
        country = self.country_id or self.company_id.country_id or self.env.company.country_id
        return not country or country.code == "CN"

    def _cc_normalized_mobile(self):
        digits = re.sub(r"[\s\-()]", "", self.cc_mobile or "")
        return re.sub(r"^(\+86|0086)", "", digits)

    def _cc_role_user(self, role):
        """X-1: the user holding ``role`` for this customer, resolved through its region."""
        partner = self.commercial_partner_id
        if role == "salesperson" and partner.user_id:
            return partner.user_id
        return self.env["customer.role.assignment"]._find_user(
            role, partner.cc_region_id, partner.company_id or self.env.company
        )

    def _cc_credit_approvers(self):
        """CC-11 / CC-12: the credit chain of this customer, (branch sales manager, marketing director)."""
        return self._cc_role_user("branch_sales_manager"), self._cc_role_user("marketing_director")

    def _cc_credit_exposure(self, company=None):
        """CC-12: receivable + confirmed orders not yet invoiced, in company currency.

        ``sudo``: credit figures are restricted to accounting groups, but the
        credit rules must be applied for every salesperson; only numbers are read.
        """
        self.ensure_one()
        company = company or self.env.company
        partner = self.commercial_partner_id.sudo().with_company(company)
        orders = (
            self.env["sale.order"]
            .sudo()
            .search(
                [
                    ("company_id", "=", company.id),
                    ("partner_id", "child_of", partner.id),
                    ("state", "=", "sale"),
                    ("invoice_status", "=", "to invoice"),
                ]
            )
        )
        today = fields.Date.context_today(self)
        uninvoiced = sum(
            order.currency_id._convert(order.amount_to_invoice, company.currency_id, company, today) for order in orders
        )
        return partner.credit + uninvoiced

    def action_cc_open_credit_requests(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("customer_comm.customer_credit_request_action")
        action["domain"] = [("partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {"default_partner_id": self.commercial_partner_id.id}
        return action

    def action_cc_open_warnings(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("customer_comm.customer_warning_action")
        action["domain"] = [("partner_id", "=", self.commercial_partner_id.id)]
        return action

    def action_cc_mark_reviewed(self):
        """CC-7: the salesperson confirms the archive is up to date."""
        self.write({"cc_last_review_date": fields.Date.context_today(self)})
        self.activity_feedback(["customer_comm.mail_activity_type_archive_review"])

    @api.model
    def _cron_cc_archive_review(self):
        """CC-7: one review activity per partner whose archive review is due, never two.

        In committed batches without an email per activity; each salesperson gets one
        summary of the run (Q-14). A run cut short leaves the rest to the next call:
        partners with a review activity are not due any more.
        """
        activity_type = self.env.ref("customer_comm.mail_activity_type_archive_review")
        due = self.search(
            [
                ("cc_next_review_date", "<=", fields.Date.context_today(self)),
                ("is_company", "=", True),
                ("cc_tier_id", "!=", False),
                ("activity_ids", "not any", [("activity_type_id", "=", activity_type.id)]),
            ]
        )
        Company = self.env["res.company"]
        model_id = self.env["ir.model"]._get_id(self._name)
        activities = self.env["mail.activity"]

        def schedule(partners):
            nonlocal activities
            activities |= Company._cc_schedule_activities(
                [
                    {
                        "res_model_id": model_id,
                        "res_id": partner.id,
                        "activity_type_id": activity_type.id,
                        "summary": activity_type.summary,
                        "date_deadline": partner.cc_next_review_date,
                        "user_id": (partner._cc_role_user("salesperson") or self.env.user).id,
                        "automated": True,
                    }
                    for partner in partners
                ]
            )

        Company._cc_run_in_batches(due, schedule)
        Company._cc_post_activity_digests(activities)
        return due

    # CC-24 / CC-27 / CC-28: smart buttons and the revisit button
    cc_satisfaction_count = fields.Integer(string="Satisfaction Surveys", compute="_compute_cc_satisfaction_count")
    cc_meeting_count = fields.Integer(string="Forum Meetings", compute="_compute_cc_meeting_count")

    def _compute_cc_satisfaction_count(self):
        counts = dict(
            self.env["customer.satisfaction"]._read_group(
                [("commercial_partner_id", "in", self.commercial_partner_id.ids)],
                ["commercial_partner_id"],
                ["__count"],
            )
        )
        for partner in self:
            partner.cc_satisfaction_count = counts.get(partner.commercial_partner_id, 0)

    def _compute_cc_meeting_count(self):
        counts = dict(
            self.env["customer.meeting"]._read_group([("partner_ids", "in", self.ids)], ["partner_ids"], ["__count"])
        )
        for partner in self:
            partner.cc_meeting_count = counts.get(partner, 0)

    def action_cc_open_satisfaction(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("customer_comm.customer_satisfaction_action")
        action["domain"] = [("commercial_partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {"default_partner_id": self.id}
        return action

    def action_cc_open_meetings(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("customer_comm.customer_meeting_action")
        action["domain"] = [("partner_ids", "in", self.ids)]
        action["context"] = {"default_partner_ids": self.ids}
        return action

    # CC-21: communication log
    cc_communication_count = fields.Integer(string="Communications", compute="_compute_cc_communication_count")

    def _compute_cc_communication_count(self):
        counts = dict(
            self.env["customer.communication"]._read_group(
                [("partner_id", "in", self.commercial_partner_id.ids)], ["partner_id"], ["__count"]
            )
        )
        for partner in self:
            partner.cc_communication_count = counts.get(partner.commercial_partner_id, 0)

    def action_cc_open_communications(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("customer_comm.customer_communication_action")
        action["domain"] = [("partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {"default_partner_id": self.id}
        return action

    def action_cc_schedule_revisit(self):
        """CC-28: plan the satisfaction call after a delivery this customer received."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("customer_comm.customer_revisit_wizard_action")
        action["context"] = {"default_partner_id": self.id}
        return action

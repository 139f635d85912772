"""What customer_comm adds to res.partner."""

import re
from collections.abc import Collection

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError
from odoo.fields import Domain
from odoo.tools import SQL, LazyTranslate

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

# CC-9 / X-7: the partner fields showing the confidential archive (``customer.archive``), by archive field
ARCHIVE_FIELDS = {
    "cc_business_focus": "business_focus",
    "cc_operating_overview": "operating_overview",
    "cc_archive_note": "archive_note",
    "cc_preferences": "preferences",
    "cc_birthday": "birthday",
    "cc_anniversary": "anniversary",
    "cc_credit_level_id": "credit_level_id",
}
# the credit level also serves the credit checks, which run as superuser for whoever confirms an order
SUDO_READABLE_ARCHIVE_FIELDS = ("cc_credit_level_id",)
# Odoo's credit limit and the switch whose inverse writes it
CREDIT_LIMIT_FIELDS = frozenset({"credit_limit", "use_partner_credit_limit"})
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
    cc_birthday = fields.Date(
        string="Birthday",
        compute="_compute_cc_archive",
        inverse="_inverse_cc_birthday",
        copy=True,
        search="_search_cc_birthday",
    )
    cc_anniversary = fields.Date(
        string="Anniversary",
        compute="_compute_cc_archive",
        inverse="_inverse_cc_anniversary",
        copy=True,
        search="_search_cc_anniversary",
        help="Founding or cooperation anniversary.",
    )
    cc_preferences = fields.Text(
        string="Preferences",
        compute="_compute_cc_archive",
        inverse="_inverse_cc_preferences",
        copy=True,
        search="_search_cc_preferences",
    )
    # CC-6 / CC-8: archive
    cc_mobile = fields.Char(string="Mobile", tracking=True)
    # CC-9 / X-7: the confidential archive, shown below through fields computed under its record rules
    cc_archive_ids = fields.One2many("customer.archive", "partner_id", string="Confidential Archive")
    cc_business_focus = fields.Text(
        string="Current Business Focus",
        compute="_compute_cc_archive",
        inverse="_inverse_cc_business_focus",
        copy=True,
        search="_search_cc_business_focus",
    )
    cc_operating_overview = fields.Text(
        string="Operating Overview",
        compute="_compute_cc_archive",
        inverse="_inverse_cc_operating_overview",
        copy=True,
        search="_search_cc_operating_overview",
    )
    cc_archive_note = fields.Text(
        string="Archive Notes",
        compute="_compute_cc_archive",
        inverse="_inverse_cc_archive_note",
        copy=True,
        search="_search_cc_archive_note",
    )
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
        help="Share of the archive items of this kind of customer that are filled in.",
    )
    cc_archive_missing = fields.Char(
        string="Missing Archive Items",
        compute="_compute_cc_archive_completeness",
        store=True,
        help="The archive items still to fill in, in the language of the company.",
    )
    # CC-10: credit level
    # not tracked: the chatter of a partner is not confidential; the approved request keeps the history
    cc_credit_level_id = fields.Many2one(
        "customer.credit.level",
        string="Credit Level",
        compute="_compute_cc_credit_level_id",
        inverse="_inverse_cc_credit_level_id",
        search="_search_cc_credit_level_id",
    )
    cc_credit_managed = fields.Boolean(
        string="Under Credit Management",
        compute="_compute_cc_credit_managed",
        help="The customer has a credit level: its credit limit changes through approved credit change requests.",
    )
    cc_credit_request_ids = fields.One2many("customer.credit.request", "partner_id", string="Credit Requests")
    cc_credit_request_count = fields.Integer(compute="_compute_cc_credit_request_count")
    cc_warning_ids = fields.One2many("customer.warning", "partner_id", string="Early Warnings")
    cc_open_warning_count = fields.Integer(compute="_compute_cc_open_warning_count")

    @api.depends_context("uid")
    @api.depends(*(f"cc_archive_ids.{name}" for name in ARCHIVE_FIELDS.values()))
    def _compute_cc_archive(self):
        """CC-9: what the acting user may read of the archive, also when computed as superuser.

        Under ``sudo`` the record rules of the acting user still apply, so that a
        report, a mail template or a related field computed as superuser shows the
        archive only to the users in its scope. Code that needs the archive
        whoever runs it reads ``customer.archive`` itself.
        """
        self._cc_fill_from_archive(
            self.env(su=False), [f for f in ARCHIVE_FIELDS if f not in SUDO_READABLE_ARCHIVE_FIELDS]
        )

    def _inverse_cc_birthday(self):
        self._cc_write_archive("cc_birthday")

    def _search_cc_birthday(self, operator, value):
        return self._cc_search_archive("cc_birthday", operator, value)

    def _inverse_cc_anniversary(self):
        self._cc_write_archive("cc_anniversary")

    def _search_cc_anniversary(self, operator, value):
        return self._cc_search_archive("cc_anniversary", operator, value)

    def _inverse_cc_preferences(self):
        self._cc_write_archive("cc_preferences")

    def _search_cc_preferences(self, operator, value):
        return self._cc_search_archive("cc_preferences", operator, value)

    def _inverse_cc_business_focus(self):
        self._cc_write_archive("cc_business_focus")

    def _search_cc_business_focus(self, operator, value):
        return self._cc_search_archive("cc_business_focus", operator, value)

    def _inverse_cc_operating_overview(self):
        self._cc_write_archive("cc_operating_overview")

    def _search_cc_operating_overview(self, operator, value):
        return self._cc_search_archive("cc_operating_overview", operator, value)

    def _inverse_cc_archive_note(self):
        self._cc_write_archive("cc_archive_note")

    def _search_cc_archive_note(self, operator, value):
        return self._cc_search_archive("cc_archive_note", operator, value)

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
        *sorted(
            f"cc_archive_ids.{ARCHIVE_FIELDS[name]}" if name in ARCHIVE_FIELDS else name
            for name in {
                name for items in ARCHIVE_REQUIRED_FIELDS.values() for names in items.values() for name in names
            }
        ),
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
        # sudo: the figure is the same whoever triggers it; only whether items are filled is kept
        archive = self.sudo().cc_archive_ids[:1]
        values = {
            name: archive[ARCHIVE_FIELDS[name]] if name in ARCHIVE_FIELDS else self[name]
            for name in (name for names in ARCHIVE_REQUIRED_FIELDS[kind].values() for name in names)
        }
        return [
            (self.env._(ARCHIVE_ITEM_LABELS[item]), any(values[name] for name in names))
            for item, names in ARCHIVE_REQUIRED_FIELDS[kind].items()
        ]

    @api.depends_context("uid")
    @api.depends("cc_archive_ids.credit_level_id")
    def _compute_cc_credit_level_id(self):
        """CC-9 / CC-10: the credit level under the archive's record rules; ``sudo`` code reads it for anyone."""
        self._cc_fill_from_archive(self.env, ["cc_credit_level_id"])

    def _inverse_cc_credit_level_id(self):
        self._cc_write_archive("cc_credit_level_id")

    def _search_cc_credit_level_id(self, operator, value):
        return self._cc_search_archive("cc_credit_level_id", operator, value)

    @api.depends("cc_credit_level_id", "commercial_partner_id.cc_credit_level_id")
    def _compute_cc_credit_managed(self):
        for partner in self:
            partner.cc_credit_managed = partner._cc_under_credit_management()

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

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self.browse()._check_cc_credit_write(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._check_cc_credit_write(vals)
        return super().write(vals)

    def _check_cc_credit_write(self, vals):
        """CC-10 / CC-11: credit levels, and the limit of a customer under credit management,
        change only by applying an approved credit request (or as superuser, e.g. a migration).

        A customer comes under credit management when an approved request gives it
        its first credit level; until then its limit is Odoo's plain credit limit.
        """
        if self.env.su:
            return
        if "cc_credit_level_id" in vals:
            raise AccessError(self._cc_credit_request_hint())
        if CREDIT_LIMIT_FIELDS.intersection(vals) and self._cc_under_credit_management():
            raise AccessError(self._cc_credit_request_hint())

    def _cc_credit_request_hint(self):
        return self.env._(
            "The credit level and the credit limit of a customer under credit management change only through an "
            "approved credit change request: open the customer's Credit Requests and create one."
        )

    def _cc_under_credit_management(self):
        """CC-10: whether any of these customers has a credit level (read as superuser: only a flag)."""
        partners = self.sudo().with_context(active_test=False)
        return any(partners.mapped("cc_credit_level_id")) or any(
            partners.commercial_partner_id.mapped("cc_credit_level_id")
        )

    def _field_to_sql(self, alias, field_expr, query=None):
        """CC-9: group and sort by the archive fields under the archive's record rules.

        The archive is LEFT JOINed as the acting user may read it: outside the
        scope every customer falls in the empty group and the order is unchanged.
        """
        fname = field_expr.split(".")[0]
        if fname not in ARCHIVE_FIELDS or query is None:
            return super()._field_to_sql(alias, field_expr, query)
        Archive = self.env["customer.archive"].with_env(self._cc_archive_env(fname))
        if not Archive.has_access("read"):
            return SQL("NULL")
        archives = Archive._search([])
        coalias = query.make_alias(alias, "cc_archive" if Archive.env.su else f"cc_archive_{Archive.env.uid}")
        condition = SQL("%s = %s", SQL.identifier(alias, "id"), SQL.identifier(coalias, "partner_id"))
        if archives.where_clause:
            query.add_join(
                "LEFT JOIN", coalias, archives.subselect(SQL("%s.*", SQL.identifier(Archive._table))), condition
            )
        else:
            query.add_join("LEFT JOIN", coalias, Archive._table, condition)
        aname = ARCHIVE_FIELDS[fname]
        return SQL.identifier(coalias, aname, to_flush=Archive._fields[aname])

    def _cc_archive_env(self, fname):
        """The environment the archive behind ``fname`` is read in (see ``_compute_cc_archive``)."""
        return self.env if fname in SUDO_READABLE_ARCHIVE_FIELDS else self.env(su=False)

    def _cc_fill_from_archive(self, env, fnames):
        """CC-9: set ``fnames`` from the archives ``env`` may read; empty for the others, without error."""
        Archive = env["customer.archive"]
        archives = {}
        partner_ids = [partner_id for partner_id in self._origin.ids if partner_id]
        if partner_ids and Archive.has_access("read"):
            found = Archive.search_fetch([("partner_id", "in", partner_ids)], [ARCHIVE_FIELDS[f] for f in fnames])
            archives = {archive.partner_id.id: archive for archive in found}
        for partner in self:
            archive = archives.get(partner._origin.id, Archive)
            for fname in fnames:
                partner[fname] = archive[ARCHIVE_FIELDS[fname]]

    def _cc_write_archive(self, fname):
        """CC-9: write ``fname`` to the archives, under their record rules (outside the scope: AccessError)."""
        Archive = self.env["customer.archive"]
        aname = ARCHIVE_FIELDS[fname]
        # sudo: only which customers already have an archive is read; the write is checked as the user
        existing = {
            archive.partner_id.id: archive.with_env(self.env)
            for archive in Archive.sudo().search([("partner_id", "in", self.ids)])
        }
        to_create = []
        for partner in self:
            value = partner._fields[fname].convert_to_write(partner[fname], partner)
            if partner.id in existing:
                existing[partner.id].write({aname: value})
            elif value:
                to_create.append({"partner_id": partner.id, aname: value})
        Archive.create(to_create)
        # the field is protected while written: drop what other users and sudo hold of it
        self.invalidate_recordset([fname], flush=False)

    @api.model
    def _cc_search_archive(self, fname, operator, value):
        """CC-9: partners whose archive, as the acting user may read it, matches the condition."""
        if operator in Domain.NEGATIVE_OPERATORS:
            return NotImplemented
        Archive = self.env["customer.archive"].with_env(self._cc_archive_env(fname))
        values = value if isinstance(value, Collection) and not isinstance(value, str) else [value]
        matches_empty = operator in ("=", "in") and any(v is False or v is None for v in values)
        if not Archive.has_access("read"):
            return Domain.TRUE if matches_empty else Domain.FALSE
        archives = Archive
        domain = Domain(
            "id", "in", archives._search(Domain(ARCHIVE_FIELDS[fname], operator, value)).select("partner_id")
        )
        if matches_empty:
            domain |= Domain("id", "not in", archives._search([]).select("partner_id"))
        return domain

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

    def _cc_credit_exposure(self, company=None, amount=0.0):
        """CC-12: the customer's credit exposure, in company currency, as Odoo's credit banner counts it.

        Odoo's own figures: the open receivable (``credit``) plus confirmed orders
        not yet invoiced (``credit_to_invoice``), plus ``amount`` (the order being
        confirmed). Odoo counts the orders only where the company uses credit
        limits, which is also when the suite's over-credit approval applies.

        ``sudo``: credit figures are restricted to accounting groups, but the
        credit rules must be applied for every salesperson; only numbers are read.
        """
        self.ensure_one()
        partner = self.commercial_partner_id.sudo().with_company(company or self.env.company)
        return partner.credit + partner.credit_to_invoice + amount

    @api.model
    def _cc_receivables(self, company, due_before=None):
        """CC-13 / CC-15: {customer id: open receivable} of the company, in company currency, in one query.

        Odoo's ``credit`` figure of every customer at once (posted, unreconciled
        receivable lines of the company's tree, by the lines' partner, which is
        the commercial partner on invoices); ``due_before``: only the lines due
        before that date (overdue receivables).
        """
        domain = [
            ("parent_state", "=", "posted"),
            ("company_id", "child_of", company.root_id.id),
            ("account_type", "=", "asset_receivable"),
            ("reconciled", "=", False),
            ("partner_id", "!=", False),
        ]
        if due_before:
            domain.append(("date_maturity", "<", due_before))
        # sudo: credit figures feed rules applied for every user; only sums by partner are read
        query = self.env["account.move.line"].sudo()._search(domain)
        sql = SQL(
            "SELECT account_move_line.partner_id, SUM(account_move_line.amount_residual) FROM %s WHERE %s "
            "GROUP BY account_move_line.partner_id",
            query.from_clause,
            query.where_clause,
        )
        return dict(self.env.execute_query(sql))

    @api.readonly
    def action_cc_open_credit_requests(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("customer_comm.customer_credit_request_action")
        action["domain"] = [("partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {"default_partner_id": self.commercial_partner_id.id}
        return action

    @api.readonly
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
        partners with a review activity are not due any more. Company by company (X-6): a
        company's run reads its own customers and those shared by every company.
        """
        return self.env["customer.batch.job"]._run_per_company(self._cc_archive_review)

    @api.model
    def _cc_archive_review(self, company):
        activity_type = self.env.ref("customer_comm.mail_activity_type_archive_review")
        due = self.search(
            [
                ("company_id", "in", (False, company.id)),
                ("cc_next_review_date", "<=", fields.Date.context_today(self)),
                ("is_company", "=", True),
                ("cc_tier_id", "!=", False),
                ("activity_ids", "not any", [("activity_type_id", "=", activity_type.id)]),
            ]
        )
        Jobs = self.env["customer.batch.job"]
        model_id = self.env["ir.model"]._get_id(self._name)
        activities = self.env["mail.activity"]

        def schedule(partners):
            nonlocal activities
            activities |= Jobs._schedule_activities(
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

        finished = Jobs._run_in_batches(due, schedule)
        Jobs._post_activity_digests(activities)
        return finished

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

    @api.readonly
    def action_cc_open_satisfaction(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("customer_comm.customer_satisfaction_action")
        action["domain"] = [("commercial_partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {"default_partner_id": self.id}
        return action

    @api.readonly
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

    @api.readonly
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

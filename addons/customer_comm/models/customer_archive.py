"""CC-6 / CC-9 / X-7: the confidential part of a customer's archive, one record per customer."""

from odoo import api, fields, models
from odoo.exceptions import AccessError


class CustomerArchive(models.Model):
    """CC-6 / CC-9 / X-7: the confidential part of a customer's archive, one record per customer.

    A model of its own so that the ORM's access checks cover every read path
    (search, group-by, export, reports, templates, related fields): the record
    rules of ``security/customer_comm_rules.xml`` give it to the customer's
    salesperson, the managers holding a role over its region (or company-wide),
    finance and the information administrator. The partner shows it through
    the ``cc_*`` fields of ``res.partner``.
    """

    _name = "customer.archive"
    _description = "Confidential Customer Archive"
    _order = "partner_id"
    _rec_name = "partner_id"

    partner_id = fields.Many2one("res.partner", string="Customer", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="partner_id.company_id", store=True, index=True)
    user_id = fields.Many2one(related="partner_id.commercial_partner_id.user_id", string="Salesperson")
    region_id = fields.Many2one(related="partner_id.commercial_partner_id.cc_region_id", string="Sales Region")
    business_focus = fields.Text(string="Current Business Focus")
    operating_overview = fields.Text()
    archive_note = fields.Text(string="Archive Notes")
    preferences = fields.Text()
    birthday = fields.Date()
    anniversary = fields.Date(help="Founding or cooperation anniversary.")
    credit_level_id = fields.Many2one("customer.credit.level", index=True)

    _partner_uniq = models.UniqueIndex("(partner_id)", "A customer has one archive.")

    @api.model_create_multi
    def create(self, vals_list):
        if any("credit_level_id" in vals and vals["credit_level_id"] for vals in vals_list):
            self._check_credit_level_access()
        return super().create(vals_list)

    def write(self, vals):
        if "credit_level_id" in vals:
            self._check_credit_level_access()
        return super().write(vals)

    def _check_credit_level_access(self):
        """CC-10 / CC-11: credit levels change only by applying an approved credit request (as superuser)."""
        if not self.env.su:
            raise AccessError(self.env["res.partner"]._cc_credit_request_hint())

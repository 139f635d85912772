"""CC-7: one customer of an archive audit: its snapshot, the suggestion and its deadline."""

from odoo import api, fields, models
from odoo.tools import plaintext2html


class CustomerArchiveAuditLine(models.Model):
    """CC-7: one customer of an archive audit: its snapshot, the suggestion and its deadline."""

    _name = "customer.archive.audit.line"
    _description = "Customer Archive Audit Line"
    _order = "audit_id, completeness, id"
    _check_company_auto = True

    audit_id = fields.Many2one("customer.archive.audit", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="audit_id.company_id", store=True, index=True)
    quarter_start = fields.Date(related="audit_id.quarter_start", string="Quarter", store=True)
    state = fields.Selection(related="audit_id.state", string="Audit Status", store=True)
    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, readonly=True, ondelete="cascade", index=True
    )
    # snapshot at generation time: the audit keeps the quarter's picture
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True, index=True)
    region_id = fields.Many2one("customer.region", string="Sales Region", readonly=True)
    tier_id = fields.Many2one("customer.tier", string="Customer Tier", readonly=True)
    completeness = fields.Float(string="Completeness (%)", readonly=True, aggregator="avg", digits=(5, 2))
    missing = fields.Char(string="Missing Items", readonly=True)
    last_review_date = fields.Date(string="Last Archive Review", readonly=True)
    reviewed_in_quarter = fields.Boolean(string="Reviewed in the Quarter", readonly=True)
    # the administrator's suggestion
    suggestion = fields.Text(help="The information administrator's suggestion to improve this archive.")
    deadline = fields.Date(
        compute="_compute_deadline",
        store=True,
        readonly=False,
        precompute=True,
        help="Carry out the suggestion by this date; the audit's deadline by default.",
    )
    done = fields.Boolean(help="The suggestion was carried out.")

    _audit_partner_uniq = models.UniqueIndex("(audit_id, partner_id)", "A customer appears once per archive audit.")

    @api.depends("audit_id.fix_deadline")
    def _compute_deadline(self):
        for line in self:
            line.deadline = line.audit_id.fix_deadline

    def _schedule_improvement_activities(self):
        """CC-7: one archive review activity for the salesperson of each customer to improve.

        Created in one batch without an email each (Q-14): the caller sends each
        salesperson one summary.
        """
        to_improve = self.filtered(
            lambda line: not line.done and (line.completeness < 100 or not line.reviewed_in_quarter)
        )
        activity_type = self.env.ref("customer_comm.mail_activity_type_archive_review")
        model_id = self.env["ir.model"]._get_id("res.partner")
        return self.env["customer.batch.job"]._schedule_activities(
            [
                {
                    "activity_type_id": activity_type.id,
                    "res_model_id": model_id,
                    "res_id": line.partner_id.id,
                    "automated": True,
                    "summary": self.env._("Archive audit %(audit)s", audit=line.audit_id.name),
                    "note": plaintext2html(line.suggestion) if line.suggestion else activity_type.default_note,
                    "date_deadline": line.deadline or line.audit_id.fix_deadline,
                    "user_id": (
                        line.partner_id._cc_role_user("salesperson") or line.user_id or line.audit_id.user_id
                    ).id,
                }
                for line in to_improve
            ]
        )

"""DR-17: the dealer statement (返利对账单), one document per dealer and period of the settlements printed."""

from odoo import api, models


class DealerStatementReport(models.AbstractModel):
    """DR-17: the dealer statement (返利对账单), one document per dealer and period of the settlements printed."""

    _name = "report.dealer_rebate.report_dealer_statement"
    _description = "Dealer Rebate Statement"

    @api.readonly
    @api.model
    def _get_report_values(self, docids, data=None):
        settlements = self.env["dealer.rebate.settlement"].browse(docids)
        settlements.check_access("read")
        return {
            "doc_ids": docids,
            "doc_model": "dealer.rebate.settlement",
            "docs": settlements,
            "statements": self._statements(settlements),
        }

    @api.model
    def _statements(self, settlements):
        """Group the settlements by dealer and period; add the invoices counted and what was paid before."""
        groups = {}
        for settlement in settlements.sorted(lambda s: (s.partner_id.id, s.date_from, s.component)):
            key = (settlement.partner_id, settlement.company_id)
            groups.setdefault(key, self.env["dealer.rebate.settlement"])
            groups[key] |= settlement
        statements = []
        # sudo: the invoices and earlier settlements of the dealer are summed for the statement only
        for (partner, company), members in groups.items():
            date_from, date_to = min(members.mapped("date_from")), max(members.mapped("date_to"))
            invoices = (
                self.env["account.move"]
                .sudo()
                .search(
                    [
                        ("commercial_partner_id", "=", partner.commercial_partner_id.id),
                        ("company_id", "=", company.id),
                        ("move_type", "in", ("out_invoice", "out_refund")),
                        ("state", "=", "posted"),
                        ("date", ">=", date_from),
                        ("date", "<=", date_to),
                    ],
                    order="date, name",
                )
            )
            paid_before = (
                self.env["dealer.rebate.settlement"]
                .sudo()
                .search(
                    [
                        ("partner_id", "=", partner.id),
                        ("company_id", "=", company.id),
                        ("state", "=", "posted"),
                        ("date_to", "<", date_from),
                    ],
                    order="date_from, component",
                )
            )
            policy = members.policy_id[:1].sudo()
            counts_invoices = policy.tons_source == "invoices"
            statements.append(
                {
                    "partner": partner,
                    "company": company,
                    "date_from": date_from,
                    "date_to": date_to,
                    "settlements": members,
                    "total": sum(members.mapped("amount")),
                    "invoices": invoices,
                    # DR-5: the tons of each invoice, when the policy counts invoices (not deliveries)
                    "invoice_tons": policy._invoice_tons(invoices) if counts_invoices else None,
                    "unconvertible": members.unconvertible_line_ids,
                    "unconvertible_moves": members.unconvertible_move_ids,
                    "paid_before": paid_before,
                    "paid_before_total": sum(paid_before.mapped("amount")),
                    "lang": company._cc_lang(),
                }
            )
        return statements

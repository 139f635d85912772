"""What dealer_rebate adds to ir.actions.report."""

from odoo import models

STATEMENT_REPORT = "dealer_rebate.report_dealer_statement"


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    def _cc_print_groups(self, res_ids):
        """DR-17: one statement per dealer and company, however many of its settlements are printed."""
        if self.report_name != STATEMENT_REPORT:
            return super()._cc_print_groups(res_ids)
        groups = {}
        for settlement in self.env["dealer.rebate.settlement"].browse(res_ids):
            groups.setdefault((settlement.partner_id.id, settlement.company_id.id), []).append(settlement.id)
        return list(groups.values())

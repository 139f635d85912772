"""What dealer_rebate adds to account.journal."""

from odoo import api, fields, models


class AccountJournal(models.Model):
    _inherit = "account.journal"

    dr_rebate_journal = fields.Boolean(
        string="Rebate Journal",
        compute="_compute_dr_rebate_journal",
        search="_search_dr_rebate_journal",
        help="A dealer rebate policy posts its settlements in this journal.",
    )

    def _dr_rebate_journals(self):
        # sudo: which journals the policies post in, for accounting who may not open the policies
        return self.env["dealer.rebate.policy"].sudo().with_context(active_test=False).search([]).journal_id

    def _compute_dr_rebate_journal(self):
        rebate_journals = self._dr_rebate_journals()
        for journal in self:
            journal.dr_rebate_journal = journal in rebate_journals

    @api.model
    def _search_dr_rebate_journal(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            return NotImplemented
        return [("id", "in" if (operator == "=") == value else "not in", self._dr_rebate_journals().ids)]

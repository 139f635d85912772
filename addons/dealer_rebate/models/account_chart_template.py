"""What dealer_rebate adds to account.chart.template."""

from odoo import models


class AccountChartTemplate(models.AbstractModel):
    _inherit = "account.chart.template"

    def _post_load_data(self, template_code, company, template_data):
        """DR-16: a company given its chart after this addon was installed gets its rebate journal too."""
        result = super()._post_load_data(template_code, company, template_data)
        self.env["dealer.rebate.policy"]._dr_create_rebate_journals()
        return result

"""CC-27: one rating; its stored context makes the dimension a group-by of the report."""

from odoo import fields, models


class CustomerSatisfactionLine(models.Model):
    """CC-27: one rating; its stored context makes the dimension a group-by of the report."""

    _name = "customer.satisfaction.line"
    _description = "Satisfaction Rating"
    _order = "satisfaction_id, sequence, id"
    _check_company_auto = True

    satisfaction_id = fields.Many2one("customer.satisfaction", required=True, ondelete="cascade", index=True)
    sequence = fields.Integer(related="dimension_id.sequence", store=True)
    dimension_id = fields.Many2one("customer.satisfaction.dimension", required=True, ondelete="restrict")
    level_id = fields.Many2one("customer.satisfaction.level", ondelete="restrict")
    score = fields.Float(related="level_id.score", store=True, aggregator="avg", digits=(5, 2))
    note = fields.Char(string="Comment")
    # report context
    date = fields.Date(related="satisfaction_id.date", store=True)
    partner_id = fields.Many2one(related="satisfaction_id.commercial_partner_id", string="Customer", store=True)
    region_id = fields.Many2one(related="satisfaction_id.region_id", store=True)
    salesperson_id = fields.Many2one(related="satisfaction_id.salesperson_id", store=True)
    user_id = fields.Many2one(related="satisfaction_id.user_id", string="Responsible", store=True)
    occasion = fields.Selection(related="satisfaction_id.occasion", store=True)
    department_id = fields.Many2one(related="satisfaction_id.department_id", store=True)
    state = fields.Selection(related="satisfaction_id.state", store=True)
    company_id = fields.Many2one(related="satisfaction_id.company_id", store=True, index=True)

    _dimension_uniq = models.UniqueIndex("(satisfaction_id, dimension_id)", "A dimension is rated once per survey.")

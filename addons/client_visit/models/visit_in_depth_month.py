"""Seed 000 (5.1.2 C), a floor of CV-5: each month the company's chosen role (the project manager of."""

from odoo import fields, models, tools
from odoo.tools import SQL

from .customer_visit import DONE_STATES
from .visit_frequency_rule import VISIT_ROLES


class VisitInDepthMonth(models.Model):
    """Seed 000 (5.1.2 C), a floor of CV-5: each month the company's chosen role (the project manager of
    the seed, the branch sales manager by default) visits at least N distinct customers in depth.

    One row per holder of that role and month of the last twelve, with the customers visited in depth
    (done visits marked in depth) and whether the floor is met. A view: always current, no job.
    """

    _name = "visit.in.depth.month"
    _description = "In-depth Visits per Month"
    _auto = False
    _order = "month desc, user_id"

    user_id = fields.Many2one("res.users", string="Person", readonly=True)
    role = fields.Selection(VISIT_ROLES, readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    month = fields.Date(readonly=True)
    customer_count = fields.Integer(string="Customers Visited in Depth", readonly=True, aggregator="sum")
    required_count = fields.Integer(string="Floor", readonly=True, aggregator="max")
    below_floor = fields.Boolean(string="Below the Floor", readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """CREATE OR REPLACE VIEW %(table)s AS (
                    SELECT row_number() OVER (ORDER BY holder.company_id, holder.user_id, month.start) AS id,
                           holder.user_id,
                           holder.role,
                           holder.company_id,
                           month.start::date AS month,
                           COUNT(DISTINCT visit.partner_id) AS customer_count,
                           holder.required_count,
                           COUNT(DISTINCT visit.partner_id) < holder.required_count AS below_floor
                      FROM (SELECT DISTINCT assignment.user_id, assignment.role, assignment.company_id,
                                   company.cv_in_depth_floor AS required_count
                              FROM customer_role_assignment assignment
                              JOIN res_company company ON company.id = assignment.company_id
                             WHERE assignment.active AND assignment.role = company.cv_in_depth_role) holder
                CROSS JOIN generate_series(date_trunc('month', CURRENT_DATE) - interval '11 months',
                                           date_trunc('month', CURRENT_DATE), interval '1 month') AS month(start)
                 LEFT JOIN customer_visit visit
                        ON visit.user_id = holder.user_id
                       AND visit.company_id = holder.company_id
                       AND visit.in_depth
                       AND visit.state IN %(done)s
                       AND visit.date >= month.start
                       AND visit.date < month.start + interval '1 month'
                  GROUP BY holder.user_id, holder.role, holder.company_id, holder.required_count, month.start
                )""",
                table=SQL.identifier(self._table),
                done=tuple(DONE_STATES),
            )
        )

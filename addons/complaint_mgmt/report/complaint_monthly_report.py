"""CM-16: the printable monthly complaint report, in the company's language."""

from datetime import datetime, time, timedelta

import pytz

from odoo import api, models


class ComplaintMonthlyReport(models.AbstractModel):
    """CM-16: the printable monthly complaint report, in the company's language.

    Complaints received in the month (first rounds, not cancelled): counts by cause, responsible unit and
    region, repeat complaints, average time to acknowledge (of those acknowledged). Complaints closed in the
    month: share closed on time and average handling times in working days. A step not reached is not
    counted in an average (not as 0). Follow-up ratings recorded in the month: average overall and per dimension.
    """

    _name = "report.complaint_mgmt.report_complaint_monthly"
    _description = "Monthly Complaint Report"

    @api.readonly
    @api.model
    def _get_report_values(self, docids, data=None):
        wizards = self.env["customer.complaint.monthly.wizard"].browse(docids)
        return {
            "doc_ids": docids,
            "doc_model": "customer.complaint.monthly.wizard",
            "docs": wizards,
            "months": [self._month_figures(wizard) for wizard in wizards],
        }

    @api.model
    def _month_figures(self, wizard):
        company = wizard.company_id
        lang = company.partner_id.lang or self.env.lang
        # the month in the user's time zone, as the register shows the dates
        tz = pytz.timezone(self.env.user.tz or "Asia/Shanghai")

        def utc(day):
            return tz.localize(datetime.combine(day, time.min)).astimezone(pytz.utc).replace(tzinfo=None)

        start, end = utc(wizard.date_from), utc(wizard.date_to + timedelta(days=1))
        # CM-16: the figures come from the complaint analysis, whose handling times and ratings are empty
        # until their step is reached: the averages count the steps reached only
        Analysis = self.env["customer.complaint.report"].with_context(lang=lang)
        received_domain = [
            ("company_id", "=", company.id),
            ("is_first_round", "=", True),
            ("date_received", ">=", start),
            ("date_received", "<", end),
        ]
        units = dict(Analysis._fields["responsible_unit"]._description_selection(Analysis.env))
        by_cause = [
            (cause.name or Analysis.env._("Not classified"), count)
            for cause, count in Analysis._read_group(received_domain, ["cause_id"], ["__count"], order="__count desc")
        ]
        by_unit = [
            (units.get(unit) or Analysis.env._("Not investigated yet"), count)
            for unit, count in Analysis._read_group(
                received_domain, ["responsible_unit"], ["__count"], order="__count desc"
            )
        ]
        by_region = [
            (region.name or Analysis.env._("No region"), count)
            for region, count in Analysis._read_group(received_domain, ["region_id"], ["__count"], order="__count desc")
        ]
        [[received, repeats, ack]] = Analysis._read_group(
            received_domain, [], ["__count", "repeat_count:sum", "ack_days:avg"]
        )
        closed_domain = [
            ("company_id", "=", company.id),
            ("state", "=", "done"),
            ("date_closed", ">=", wizard.date_from),
            ("date_closed", "<=", wizard.date_to),
        ]
        [[closed, on_time, report, close]] = Analysis._read_group(
            closed_domain, [], ["__count", "on_time_rate:avg", "report_days:avg", "close_days:avg"]
        )
        # sudo: the ratings of the month are summed for the report only, as the complaints are
        Line = self.env["customer.satisfaction.line"].sudo().with_context(lang=lang)
        rated_domain = [
            ("satisfaction_id.complaint_id.company_id", "=", company.id),
            ("satisfaction_id.state", "=", "done"),
            ("satisfaction_id.date", ">=", wizard.date_from),
            ("satisfaction_id.date", "<=", wizard.date_to),
            ("level_id", "!=", False),
        ]
        ratings = [
            (dimension.name, score)
            for dimension, score in Line._read_group(rated_domain, ["dimension_id"], ["score:avg"])
        ]
        [[rated, rating]] = (
            self.env["customer.satisfaction"]
            .sudo()
            ._read_group(
                [
                    ("complaint_id.company_id", "=", company.id),
                    ("state", "=", "done"),
                    ("date", ">=", wizard.date_from),
                    ("date", "<=", wizard.date_to),
                ],
                [],
                ["__count", "score:avg"],
            )
        )
        return {
            "wizard": wizard,
            "company": company,
            "lang": lang,
            "received": received,
            "repeats": repeats,
            "by_cause": by_cause,
            "by_unit": by_unit,
            "by_region": by_region,
            "closed": closed,
            "on_time": on_time or 0.0,
            "ack_days": ack or 0.0,
            "report_days": report or 0.0,
            "close_days": close or 0.0,
            "rated": rated,
            "rating": rating or 0.0,
            "ratings": ratings,
        }

"""visit.plan, generation of its lines: frequency visits spread by the interval's meaning, carried-over work.

CV-1 … CV-5: a monthly plan gets one line per customer and planned date from the frequency rules
(``month_windows``: one visit in each window of the month the interval means, on a working day,
the person's days balanced), plus last month's unfinished lines and open promises; an annual plan
gets one line per customer and month with the month's number of visits. Everything is read in a
fixed number of queries and the lines are created in one ``create``.
"""

from collections import Counter, defaultdict
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.fields import Domain

from .visit_frequency_rule import even_windows, visits_in_windows


def balanced_dates(windows, load, position=0):
    """CV-3: the visit dates of one customer, and ``load`` (``{date: lines}``) updated with them.

    The same pick in every window keeps the visits regularly spaced (the same weekday every
    week, every Nth working day); among the possible picks, the one whose days hold the fewest
    lines so far wins, so that a person's days stay balanced; a tie goes to the pick after the
    customer's ``position``, so that customers of equal weight take turns.
    """
    width = max((len(window) for window in windows), default=0)
    if not width:
        return []

    def cost(offset):
        dates = visits_in_windows(windows, offset)
        average = sum(load[day] for day in dates) / len(dates) if dates else float("inf")
        return average, (offset - position) % width

    dates = visits_in_windows(windows, min(range(width), key=cost))
    load.update(dates)
    return dates


class VisitPlan(models.Model):
    _inherit = "visit.plan"

    @api.model
    def _cv_generate_monthly_plans(self, month, company=None):
        """CV-2 / CV-3: the monthly plans of every salesperson of the company, generated in one go.

        One plan per salesperson with customers under the rules (kept when it exists and is not
        approved), then all the lines in one batch. The number of queries does not grow with the
        customers.
        """
        company = company or self.env.company
        month_start = fields.Date.to_date(month).replace(day=1)
        users = self._cv_salespeople(company)
        existing = self._cv_salesperson_plans(users, month_start, company)
        missing = users - existing.user_id
        plans = existing.filtered(lambda plan: plan.state in ("draft", "rejected"))
        plans |= self._cv_create_salesperson_plans(missing, month_start, company)
        plans._cv_generate_lines()
        return plans

    @api.model
    def _cv_salespeople(self, company):
        """CV-2: the salespeople with customers under the rules: a tier the salesperson's role has a frequency for."""
        rules = self.env["visit.frequency.rule"]._cv_rule_map(company)
        groups = self.env["res.partner"]._read_group(
            [("cc_tier_id", "!=", False), ("user_id", "!=", False), ("company_id", "in", [False, company.id])],
            ["user_id", "cc_tier_id"],
        )
        return self.env["res.users"].union(
            *(user for user, tier in groups if (tier.id, "salesperson") in rules and company in user.company_ids)
        )

    @api.model
    def _cv_salesperson_plans(self, users, month_start, company):
        """The salespeople's monthly plans of a month that are not cancelled."""
        return self.search(
            [
                ("user_id", "in", users.ids),
                ("plan_type", "=", "monthly"),
                ("role", "=", "salesperson"),
                ("date_from", "=", month_start),
                ("company_id", "=", company.id),
                ("state", "!=", "cancel"),
            ]
        )

    @api.model
    def _cv_create_salesperson_plans(self, users, month_start, company):
        return self.env["customer.batch.job"]._create_quietly(
            "visit.plan",
            [
                {
                    "plan_type": "monthly",
                    "user_id": user.id,
                    "role": "salesperson",
                    "date_from": month_start,
                    "company_id": company.id,
                }
                for user in users
            ],
        )

    def _cv_generate_lines(self):
        """CV-3: add the missing lines of monthly plans: frequency visits and last month's carry-over.

        - last month's unfinished lines fall on the first working days (a company setting), one
          after the other; open promises on their due date (or the first working day after);
        - then, for each customer without frequency lines yet, one visit in each window of the
          month its interval means (CV-5, ``month_windows``), on a working day (X-4: no line on a
          holiday, make-up working days count), the person's days balanced (``balanced_dates``).

        Idempotent: a second run adds nothing. Everything is read in a fixed number of queries.
        """
        editable = self.filtered(lambda plan: plan.state in ("draft", "rejected"))
        lines = editable.filtered(lambda plan: plan.plan_type == "annual")._cv_generate_annual_lines()
        plans = editable.filtered(lambda plan: plan.plan_type == "monthly")
        if not plans:
            return lines
        Line = self.env["visit.plan.line"]
        customers, plan_customers = plans._cv_plan_customers()
        last_visits = self._cv_last_visits(customers)
        annual_breakdown = plans._cv_annual_breakdown()
        # -- what the plans hold already, and last month's unfinished work
        existing = Line.search_fetch(
            [("plan_id", "in", plans.ids)],
            ["plan_id", "partner_id", "planned_date", "origin", "carried_line_id", "promise_id"],
        )
        load = defaultdict(Counter)
        planned = defaultdict(set)
        for line in existing:
            load[line.plan_id.id][line.planned_date] += 1
            if line.origin == "frequency":
                planned[line.plan_id.id].add(line.partner_id.id)
        carried_lines = {line.carried_line_id.id for line in existing if line.carried_line_id}
        carried_promises = {line.promise_id.id for line in existing if line.promise_id}
        carried_counts = Counter(line.plan_id.id for line in existing if line.origin == "carry_over")
        previous_lines = Line.search_fetch(
            [
                ("plan_id.user_id", "in", plans.user_id.ids),
                ("plan_id.plan_type", "=", "monthly"),
                ("plan_id.state", "!=", "cancel"),
                ("plan_id.date_from", ">=", min(plans.mapped("date_from")) - relativedelta(months=1)),
                ("plan_id.date_from", "<", max(plans.mapped("date_from"))),
                ("mark", "!=", "done"),
            ],
            ["plan_id", "partner_id", "purpose", "role", "user_id", "planned_date"],
            order="planned_date, partner_id, id",
        )
        promises = self.env["visit.promise"].search_fetch(
            [
                ("user_id", "in", plans.user_id.ids),
                ("state", "=", "open"),
                ("due_date", "<=", max(plans.mapped("date_to"))),
            ],
            ["partner_id", "user_id", "due_date", "name", "company_id"],
        )
        working_days = plans._cv_plan_working_days()
        rule_maps = {company: self.env["visit.frequency.rule"]._cv_rule_map(company) for company in plans.company_id}

        vals_list = []
        for plan in plans:
            days = working_days[plan.id]
            if not days:
                continue
            # carried-over work is spread over the first working days, one day after the other, not all on the 1st
            carry_days = days[: max(1, plan.company_id.cv_carry_over_days)]
            month_before = plan.date_from - relativedelta(months=1)
            plan_vals = []
            for line in previous_lines:
                if (
                    line.id in carried_lines
                    or line.plan_id.user_id != plan.user_id
                    or line.plan_id.date_from != month_before
                ):
                    continue
                carried_lines.add(line.id)
                carried_counts[plan.id] += 1
                plan_vals.append(
                    {
                        "plan_id": plan.id,
                        "partner_id": line.partner_id.id,
                        "planned_date": carry_days[(carried_counts[plan.id] - 1) % len(carry_days)],
                        "origin": "carry_over",
                        "carried_line_id": line.id,
                        "purpose": line.purpose,
                    }
                )
            for promise in promises:
                if (
                    promise.id in carried_promises
                    or promise.user_id != plan.user_id
                    or promise.company_id != plan.company_id
                ):
                    continue
                carried_promises.add(promise.id)
                due = promise.due_date if promise.due_date and promise.due_date >= plan.date_from else days[0]
                plan_vals.append(
                    {
                        "plan_id": plan.id,
                        "partner_id": promise.partner_id.id,
                        "planned_date": next((day for day in days if day >= due), days[-1]),
                        "origin": "promise",
                        "promise_id": promise.id,
                        "note": promise.name,
                    }
                )
            load[plan.id].update(vals["planned_date"] for vals in plan_vals)
            rules = rule_maps[plan.company_id]
            if plan.id in annual_breakdown:
                # CV-1 / CV-2: broken down from the approved annual plan: its number of visits of the month
                entries = []
                for position, customer, rule, wanted in annual_breakdown[plan.id]:
                    windows = rule._month_windows(days, last_visits.get((customer.id, plan.role))) if rule else []
                    entries.append(
                        (position, customer, rule, windows if len(windows) == wanted else even_windows(days, wanted))
                    )
            else:
                entries = [
                    (position, customer, rule, rule._month_windows(days, last_visits.get((customer.id, plan.role))))
                    for position, customer in enumerate(plan_customers[plan.id])
                    # "—": no requirement for this role
                    if (rule := rules.get((customer.cc_tier_id.id, plan.role)))
                ]
            for position, customer, rule, windows in entries:
                if customer.id in planned[plan.id]:
                    continue
                plan_vals += [
                    {
                        "plan_id": plan.id,
                        "partner_id": customer.id,
                        "planned_date": day,
                        "origin": "frequency",
                        "frequency_rule_id": rule.id,
                    }
                    for day in balanced_dates(windows, load[plan.id], position)
                ]
            vals_list += plan_vals
        return lines | self._cv_create_lines(vals_list)

    def _cv_generate_annual_lines(self):
        """CV-1: the annual plan from the frequency matrix (CV-5) and the customers' tiers.

        One line per customer and month that asks for visits, with the number of visits of the
        month (its windows, as a monthly plan counts them); intervals of a month or more follow
        the customer's last visit (a visit is assumed at the start of each planned month).
        Idempotent: an existing customer-month is kept.
        """
        if not self:
            return self.env["visit.plan.line"]
        customers, plan_customers = self._cv_plan_customers()
        last_visits = self._cv_last_visits(customers)
        taken = {
            (line.plan_id.id, line.partner_id.id, line.planned_date)
            for line in self.env["visit.plan.line"].search_fetch(
                [("plan_id", "in", self.ids), ("origin", "=", "frequency")], ["plan_id", "partner_id", "planned_date"]
            )
        }
        working_days = self._cv_plan_working_days()
        rule_maps = {company: self.env["visit.frequency.rule"]._cv_rule_map(company) for company in self.company_id}
        vals_list = []
        for plan in self:
            rules = rule_maps[plan.company_id]
            months = defaultdict(list)
            for day in working_days[plan.id]:
                months[day.replace(day=1)].append(day)
            for customer in plan_customers[plan.id]:
                rule = rules.get((customer.cc_tier_id.id, plan.role))
                if not rule:
                    continue
                last = last_visits.get((customer.id, plan.role))
                for month in range(12):
                    start = plan.date_from + relativedelta(months=month)
                    count = len(rule._month_windows(months[start], last))
                    if not count:
                        continue
                    last = start
                    if (plan.id, customer.id, start) in taken:
                        continue
                    vals_list.append(
                        {
                            "plan_id": plan.id,
                            "partner_id": customer.id,
                            "planned_date": start,
                            "origin": "frequency",
                            "frequency_rule_id": rule.id,
                            "month_visits": count,
                        }
                    )
        return self._cv_create_lines(vals_list)

    def _cv_plan_working_days(self):
        """X-4: ``{plan id: [working days of its period, in order]}``, one read of the calendar per company."""
        Calendar = self.env["customer.calendar.day"]
        working_days = {}
        for company, company_plans in self.grouped("company_id").items():
            start, end = min(company_plans.mapped("date_from")), max(company_plans.mapped("date_to"))
            weekdays = Calendar._get_working_weekdays(company)
            exceptions = Calendar._get_exception_days(start, end, company)
            days = [
                day
                for day in (start + timedelta(days=n) for n in range((end - start).days + 1))
                if Calendar._check_working_day(day, weekdays, exceptions)
            ]
            for plan in company_plans:
                working_days[plan.id] = [day for day in days if plan.date_from <= day <= plan.date_to]
        return working_days

    def _cv_plan_customers(self):
        """The tiered customers of each plan: the salesperson's own, or those of the plan's region.

        :return: ``(all customers, {plan id: [customers in id order]})``, in one query
        """
        salesperson_plans = self.filtered(lambda plan: plan.role == "salesperson")
        customer_domain = Domain.OR(
            [Domain("user_id", "in", salesperson_plans.user_id.ids)]
            + [Domain("cc_region_id", "child_of", plan.region_id.ids) for plan in self - salesperson_plans]
        )
        customers = self.env["res.partner"].search_fetch(
            customer_domain & Domain("cc_tier_id", "!=", False) & Domain("is_company", "=", True),
            ["user_id", "cc_tier_id", "cc_region_id", "company_id"],
            order="id",
        )
        by_user = defaultdict(list)
        for customer in customers:
            by_user[customer.user_id.id].append(customer)
        by_plan = {}
        for plan in self:
            if plan.role == "salesperson":
                candidates = by_user[plan.user_id.id]
            else:
                region_path = plan.region_id.parent_path or ""
                candidates = [
                    c for c in customers if region_path and (c.cc_region_id.parent_path or "").startswith(region_path)
                ]
            # a customer of another company is not this plan's
            companies = plan.company_id.parent_ids
            by_plan[plan.id] = [c for c in candidates if not c.company_id or c.company_id in companies]
        return customers, by_plan

    @api.model
    def _cv_last_visits(self, customers):
        """``{(customer id, role): date of the last done visit}`` (for the intervals of a month or more)."""
        return {
            (partner.id, role): last
            for partner, role, last in self.env["customer.visit"]._read_group(
                [("partner_id", "in", customers.ids), ("state", "in", ("done", "submitted", "reviewed"))],
                ["partner_id", "role"],
                ["date:max"],
            )
        }

    def _cv_annual_breakdown(self):
        """CV-1 / CV-2: for the monthly plans whose person has an approved annual plan for the year,
        that plan's customers and visits of the month: ``{plan id: [(position, customer, rule, visits)]}``.
        """
        annual_plans = self.search(
            [
                ("plan_type", "=", "annual"),
                ("state", "=", "approved"),
                ("user_id", "in", self.user_id.ids),
                ("company_id", "in", self.company_id.ids),
                ("date_from", "in", list({plan.date_from.replace(month=1, day=1) for plan in self})),
            ]
        )
        if not annual_plans:
            return {}
        annual_by_key = {(plan.user_id, plan.role, plan.company_id, plan.date_from): plan for plan in annual_plans}
        lines = self.env["visit.plan.line"].search_fetch(
            [("plan_id", "in", annual_plans.ids), ("origin", "=", "frequency")],
            ["plan_id", "partner_id", "planned_date", "month_visits", "frequency_rule_id"],
            order="partner_id, id",
        )
        lines_by_month = defaultdict(list)
        for line in lines:
            lines_by_month[line.plan_id.id, line.planned_date.replace(day=1)].append(line)
        breakdown = {}
        for plan in self:
            annual = annual_by_key.get(
                (plan.user_id, plan.role, plan.company_id, plan.date_from.replace(month=1, day=1))
            )
            if annual:
                breakdown[plan.id] = [
                    (position, line.partner_id, line.frequency_rule_id, line.month_visits)
                    for position, line in enumerate(lines_by_month[annual.id, plan.date_from])
                ]
        return breakdown

    def _cv_create_lines(self, vals_list):
        """Q-15: the generated lines in one query (``customer.bulk.write``), their related and computed columns
        filled from the plan and the customer as the ORM would (a line is born planned, with no visit).

        Odoo's ``create`` took 31–50 s and some 600 queries for the 57,611 lines of 200 salespeople and
        20,000 customers (bench row P4, 2026-12-07, busy 2-core machine), this insert 4–7 s and 27 queries.
        The callers checked the rights."""
        Line = self.env["visit.plan.line"]
        if not vals_list:
            return Line
        plans = self.browse({vals["plan_id"] for vals in vals_list})
        plans.fetch(["company_id", "user_id", "role", "plan_type"])
        partners = self.env["res.partner"].browse({vals["partner_id"] for vals in vals_list})
        partners.fetch(["cc_region_id", "cc_tier_id"])
        rows = [
            self._cv_line_row(vals, plans.browse(vals["plan_id"]), partners.browse(vals["partner_id"]))
            for vals in vals_list
        ]
        lines, _inserted = self.env["customer.bulk.write"]._insert_rows(Line, rows)
        lines._check_company(["partner_id"])
        plans.invalidate_recordset(["line_ids"])
        return lines

    @api.model
    def _cv_line_row(self, vals, plan, partner):
        """Every stored column of a generated line, as ``create`` would fill them (``visit.plan.line``)."""
        visits = max(vals.get("month_visits") or 1, 0) if plan.plan_type == "annual" else 1
        origin = vals.get("origin", "manual")
        return {
            "plan_id": plan.id,
            "company_id": plan.company_id.id,
            "user_id": plan.user_id.id,
            "role": plan.role,
            "plan_type": plan.plan_type,
            "partner_id": partner.id,
            "region_id": partner.cc_region_id.id,
            "tier_id": partner.cc_tier_id.id,
            "planned_date": vals["planned_date"],
            "purpose": vals.get("purpose") or "relationship",
            "mark": "planned",
            "origin": origin,
            "frequency_rule_id": vals.get("frequency_rule_id") or False,
            "carried_line_id": vals.get("carried_line_id") or False,
            "promise_id": vals.get("promise_id") or False,
            "note": vals.get("note") or False,
            "month_visits": vals.get("month_visits") or 1,
            "planned_count": visits,
            "done_count": 0,
            "required_count": visits if origin == "frequency" else 0,
        }

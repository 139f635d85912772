"""The rebate computation of a period for many dealers (DR-5 … DR-15, DR-24), in plain Python.

``_Computation`` reads the figures of a period with a fixed number of queries and returns the
settlements' values; ``_Simulation`` projects the period in progress for the dealer page. The
settlement model (``dealer_rebate_settlement``) creates, approves and posts what they compute.
"""

from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo.fields import Command
from odoo.tools import date_utils, float_compare, float_is_zero

# DR-15: the other components are the monthly rewards of dealers outside the target system
TARGET_SYSTEM_COMPONENTS = frozenset({"base_freight", "completion", "exclusive"})
# every settlement and term of a computation is created with the same columns, so that Odoo inserts
# them 100 rows per query (rows with different columns are inserted separately)
SETTLEMENT_DEFAULTS = {
    "target_tons": 0.0,
    "completion_ratio": 0.0,
    "coefficient": 0.0,
    "competitor_tons": 0.0,
    "unscored_months": False,
    "withheld_amount": 0.0,
}
LINE_DEFAULTS = {
    "month": False,
    "tons": 0.0,
    "weighted_tons": 0.0,
    "target_tons": 0.0,
    "violation_id": False,
    "coefficient": 0.0,
    "rate": 0.0,
    "amount": 0.0,
}


def period_bounds(day, period_type):
    """The first and last day of the month, quarter or year containing ``day``."""
    return date_utils.start_of(day, period_type), date_utils.end_of(day, period_type)


def period_label(date_from, period_type):
    if period_type == "month":
        return date_from.strftime("%Y-%m")
    if period_type == "quarter":
        return f"{date_from.year} Q{(date_from.month - 1) // 3 + 1}"
    return str(date_from.year)


def months_of(date_from, date_to):
    months, month = [], date_utils.start_of(date_from, "month")
    while month <= date_to:
        months.append(month)
        month += relativedelta(months=1)
    return months


def num(value, max_digits=3, min_digits=0):
    """A figure of a formula: no trailing zeros beyond ``min_digits`` decimals."""
    text = f"{value:.{max_digits}f}".rstrip("0").rstrip(".") if max_digits else f"{value:.0f}"
    if min_digits:
        whole, _sep, decimals = text.partition(".")
        text = f"{whole}.{decimals.ljust(min_digits, '0')}"
    return text


class _Computation:
    """The figures of one period for many dealers, read with a fixed number of queries."""

    def __init__(self, env, policy, period_type, date_from, date_to, partners):
        self.env = env
        self.policy = policy
        self.period_type = period_type
        self.date_from, self.date_to = date_from, date_to
        self.months = months_of(date_from, date_to)
        self.currency = policy.currency_id
        # texts stored on the settlement and the journal entry are in the company's language
        self.lang_env = env(context=dict(env.context, lang=policy.company_id._cc_lang()))
        self.component_labels = dict(
            env["dealer.rebate.settlement"]._fields["component"]._description_selection(self.lang_env)
        )
        ids = set(partners.ids)
        self.tons, unconvertible = policy._dealer_tons(ids, date_from, date_to)
        self.unconvertible = defaultdict(list)
        # sudo: the dealer of each line without tons, to list it on that dealer's settlement; whoever
        # computes the rebates may not open invoices or stock moves (they are shown to them as labels,
        # ``unconvertible_summary``), and reads nothing else of them here
        for record in unconvertible.sudo():
            self.unconvertible[policy._volume_partner_id(record)].append(record.id)
        self.targets, self.deductions, self.scored, self.competitor = {}, defaultdict(list), set(), {}
        self.direct_ids, self.transitions = set(), defaultdict(list)
        if period_type == "month":
            self.direct_ids = set(
                env["dealer.direct.contract"]._customers_between(policy.company_id, date_from, date_to, partners).ids
            )
            self._read_transitions(partners)
        self._read_targets(ids)
        if period_type != "month":
            self._read_deductions(ids)
            self._read_competitor_volumes(ids)

    def _read_targets(self, ids):
        groups = self.env["dealer.target"]._read_group(
            [
                ("partner_id", "in", list(ids)),
                ("company_id", "=", self.policy.company_id.id),
                ("month", ">=", self.date_from),
                ("month", "<=", self.date_to),
            ],
            ["partner_id", "month:day"],
            ["target_tons:sum"],
        )
        self.targets = {(partner.id, month): tons for partner, month, tons in groups}

    def _read_deductions(self, ids):
        """DR-11 / DR-12: the violations of the months whose conduct score is approved."""
        company = self.policy.company_id
        scores = self.env["dealer.month.score"]._read_group(
            [
                ("partner_id", "in", list(ids)),
                ("company_id", "=", company.id),
                ("state", "=", "approved"),
                ("month", ">=", self.date_from),
                ("month", "<=", self.date_to),
            ],
            ["partner_id", "month:day"],
        )
        self.scored = {(partner.id, month) for partner, month in scores}
        violations = self.env["dealer.violation"].search(
            [
                ("partner_id", "in", list(ids)),
                ("company_id", "=", company.id),
                ("month", ">=", self.date_from),
                ("month", "<=", self.date_to),
            ],
            order="date, id",
        )
        for violation in violations.filtered(self._deducted):
            self.deductions[violation.partner_id.id].append(violation)

    def _deducted(self, violation):
        """Whether ``violation`` is deducted in this period: only the months whose score is approved count."""
        return (violation.partner_id.id, violation.month) in self.scored

    def _read_competitor_volumes(self, ids):
        groups = self.env["dealer.competitor.volume"]._read_group(
            [
                ("partner_id", "in", list(ids)),
                ("company_id", "=", self.policy.company_id.id),
                ("date", ">=", self.date_from),
                ("date", "<=", self.date_to),
            ],
            ["partner_id"],
            ["tons:sum"],
        )
        self.competitor = {partner.id: tons for partner, tons in groups}

    def _read_transitions(self, partners):
        """DR-23: per former dealer, [(transition, share, [(new dealer, (tons, weighted))])] of the month."""
        month = self.date_from
        due = [
            (transition, self.policy._transition_share(transition.date_start, month))
            for transition in self.env["dealer.transition"]._in_effect(
                self.policy.company_id, self.date_from, self.date_to, partners
            )
        ]
        due = [(transition, share) for transition, share in due if share]
        if not due:
            return
        territory = self.env["customer.region"].union(*(transition.region_ids for transition, _share in due))
        # sudo: the territory's dealers count whoever their salesperson is; only their tons are used
        dealers = (
            self.env["res.partner"]
            .sudo()
            .search([("cc_region_id", "child_of", territory.ids), ("dr_status", "!=", False)])
        )
        tons, _unconvertible = self.policy._dealer_tons(set(dealers.ids), self.date_from, self.date_to)
        for transition, share in due:
            regions = set(transition.region_ids.ids)
            members = [
                (dealer, tons.get((dealer.id, month), (0.0, 0.0)))
                for dealer in dealers
                if dealer != transition.partner_id
                and regions & {int(rid) for rid in dealer.cc_region_id.parent_path.split("/")[:-1]}
            ]
            self.transitions[transition.partner_id.id].append((transition, share, members))

    # ------------------------------------------------------------------
    def applies(self, partner, component):
        """DR-15: the target system's components for its dealers, the monthly rewards for the others;
        DR-19: the direct discount for direct customers, who get nothing else unless they are dealers too."""
        if component == "direct":
            return partner.id in self.direct_ids
        if component == "transition":
            return partner.id in self.transitions
        if partner.dr_status != "active":
            return False
        return bool(partner.dr_target_system) == (component in TARGET_SYSTEM_COMPONENTS)

    def settlement_vals(self, partner, component):
        """(values of the settlement, None) or (None, reason skipped); (None, None): nothing to settle."""
        volume_lines, tons, weighted = [], 0.0, 0.0
        for month in self.months:
            month_tons, month_weighted = self.tons.get((partner.id, month), (0.0, 0.0))
            tons += month_tons
            weighted += month_weighted
            volume_lines.append(
                {
                    "line_type": "volume",
                    "month": month,
                    "name": month.strftime("%Y-%m"),
                    "tons": month_tons,
                    "weighted_tons": month_weighted,
                    "target_tons": self.targets.get((partner.id, month), 0.0),
                }
            )
        tons, weighted = round(tons, 3), round(weighted, 3)
        builder = getattr(self, f"_{component}")
        result = builder(partner, tons, weighted, volume_lines)
        if result is None or isinstance(result, str):
            return None, result
        values, amount_lines = result
        if component == "transition":
            volume_lines = []  # it pays on the territory's volume, listed in its terms, not on the dealer's own
        label = self.component_labels[component]
        period = period_label(self.date_from, self.period_type)
        lines = [{**LINE_DEFAULTS, **line} for line in volume_lines + amount_lines]
        vals = {
            **SETTLEMENT_DEFAULTS,
            "name": f"{period} {label} {partner.name}",
            "partner_id": partner.id,
            "company_id": self.policy.company_id.id,
            "policy_id": self.policy.id,
            "component": component,
            "period_type": self.period_type,
            "period": period,
            "date_from": self.date_from,
            "date_to": self.date_to,
            "tons": tons,
            "weighted_tons": weighted,
            "amount": self.currency.round(sum(line["amount"] for line in lines)),
            "line_ids": [
                Command.create({**line, "sequence": sequence, "company_id": self.policy.company_id.id})
                for sequence, line in enumerate(lines)
            ],
            **values,
            "formula": f"{period} {label} {values['formula']}",
        }
        if self.unconvertible.get(partner.id):
            field = "unconvertible_move_ids" if self.policy.tons_source == "deliveries" else "unconvertible_line_ids"
            vals[field] = [Command.set(self.unconvertible[partner.id])]
        return vals, None

    def _base_freight(self, partner, tons, weighted, volume_lines):
        """DR-8 / DR-9: tons × (base + freight), paid monthly; freight is by distance, not weighted."""
        if float_is_zero(tons, precision_digits=3):
            return None
        policy = self.policy
        base = self.currency.round(weighted * policy.base_rate)
        freight = self.currency.round(tons * policy.freight_rate)
        if float_compare(weighted, tons, precision_digits=3) == 0:
            formula = f"{num(tons)} t × ({num(policy.base_rate, 2)} + {num(policy.freight_rate, 2)})"
        else:
            formula = f"{num(weighted)} t × {num(policy.base_rate, 2)} + {num(tons)} t × {num(policy.freight_rate, 2)}"
        amount_lines = [
            {
                "line_type": "amount",
                "name": self.lang_env._(
                    "Base rebate: %(tons)s t × %(rate)s", tons=num(weighted), rate=num(policy.base_rate, 2)
                ),
                "tons": weighted,
                "rate": policy.base_rate,
                "amount": base,
            },
            {
                "line_type": "amount",
                "name": self.lang_env._(
                    "Freight subsidy: %(tons)s t × %(rate)s", tons=num(tons), rate=num(policy.freight_rate, 2)
                ),
                "tons": tons,
                "rate": policy.freight_rate,
                "amount": freight,
            },
        ]
        return {"rate": policy.base_rate + policy.freight_rate, "formula": formula}, amount_lines

    def _per_ton(self, component, tons, rate, **values):
        """One amount: ``tons`` × ``rate``; nothing to settle without tons."""
        if float_is_zero(tons, precision_digits=3):
            return None
        formula = f"{num(tons)} t × {num(rate, 2)}"
        amount_line = {
            "line_type": "amount",
            "name": self.lang_env._(
                "%(component)s: %(formula)s", component=self.component_labels[component], formula=formula
            ),
            "tons": tons,
            "rate": rate,
            "amount": self.currency.round(tons * rate),
        }
        return {"rate": rate, "formula": formula, **values}, [amount_line]

    def _standard(self, partner, tons, weighted, volume_lines):
        """DR-15 (1): every ton of the month at the standard rate (计奖标准 × 实际销量)."""
        return self._per_ton("standard", weighted, self.policy.standard_rate)

    def _monthly_exclusive(self, partner, tons, weighted, volume_lines):
        """DR-15 (2): exclusive dealers get the exclusive bonus every month (按月发给专销奖)."""
        if not partner.dr_exclusive:
            return None
        return self._per_ton("monthly_exclusive", weighted, self.policy.monthly_exclusive_rate)

    def _over_target(self, partner, tons, weighted, volume_lines):
        """DR-15 (3): the tons above the month's sales target (超额奖); no target, no over-target bonus."""
        target = round(sum(self.targets.get((partner.id, month), 0.0) for month in self.months), 3)
        if float_is_zero(target, precision_digits=3) or float_compare(tons, target, precision_digits=3) <= 0:
            return None
        return self._per_ton(
            "over_target",
            round(tons - target, 3),
            self.policy.over_target_rate,
            target_tons=target,
            completion_ratio=round(tons / target, 4),
        )

    def _direct(self, partner, tons, weighted, volume_lines):
        """DR-19 (seed 000): the dealers' discount level, a share withheld each month until the year-end decision."""
        result = self._per_ton("direct", weighted, self.policy.base_rate)
        if result is None:
            return None
        values, amount_lines = result
        pct = self.policy.direct_withheld_pct
        withheld = self.currency.round(amount_lines[0]["amount"] * pct / 100)
        if withheld:
            values["formula"] += self.lang_env._(" (%(pct)s%% withheld until year end)", pct=num(pct, 2))
        return {**values, "withheld_amount": withheld}, amount_lines

    def _transition(self, partner, tons, weighted, volume_lines):
        """DR-23 (吃余股): the base rebate on the new dealers' volume in the territory handed over, times the
        schedule's share of the year."""
        rate = self.policy.base_rate
        amount_lines, total_tons, total_weighted, shares = [], 0.0, 0.0, set()
        for transition, share, members in self.transitions.get(partner.id, []):
            for dealer, (dealer_tons, dealer_weighted) in members:
                if float_is_zero(dealer_tons, precision_digits=3):
                    continue
                total_tons += dealer_tons
                total_weighted += dealer_weighted
                shares.add(share)
                amount_lines.append(
                    {
                        "line_type": "amount",
                        "name": self.lang_env._(
                            "%(dealer)s in %(territory)s: %(tons)s t × %(rate)s × %(share)s%%",
                            dealer=dealer.name,
                            territory="、".join(transition.region_ids.mapped("name")),
                            tons=num(dealer_weighted),
                            rate=num(rate, 2),
                            share=num(share * 100, 2),
                        ),
                        "tons": dealer_weighted,
                        "rate": rate,
                        "amount": self.currency.round(dealer_weighted * rate * share),
                    }
                )
        if not amount_lines:
            return None
        total_tons, total_weighted = round(total_tons, 3), round(total_weighted, 3)
        share_text = f"{num(shares.pop() * 100, 2)}%" if len(shares) == 1 else "…"
        formula = f"{num(total_weighted)} t × {num(rate, 2)} × {share_text}"
        return {"rate": rate, "formula": formula, "tons": total_tons, "weighted_tons": total_weighted}, amount_lines

    def _ratio(self, partner, tons):
        missing = [month for month in self.months if (partner.id, month) not in self.targets]
        if missing:
            return None, self.lang_env._(
                "No target for %(months)s.", months=", ".join(month.strftime("%Y-%m") for month in missing)
            )
        target = round(sum(self.targets[partner.id, month] for month in self.months), 3)
        if float_is_zero(target, precision_digits=3):
            return None, self.lang_env._("The targets of the period are zero.")
        return (target, round(tons / target, 4)), None

    def _completion(self, partner, tons, weighted, volume_lines):
        """DR-10: tons × rate × max(0, completion ratio − Σ deductions of the approved months)."""
        ratio_terms, reason = self._ratio(partner, tons)
        if reason:
            return reason
        target, ratio = ratio_terms
        rate = self.policy.completion_rate
        deduction_lines = [
            {
                "line_type": "deduction",
                "month": violation.month,
                "name": f"{violation.date} {violation.with_env(self.lang_env).conduct_type_id.name}",
                "violation_id": violation.id,
                "coefficient": violation.coefficient,
            }
            for violation in self.deductions.get(partner.id, [])
        ]
        coefficient = round(sum(line["coefficient"] for line in deduction_lines), 3)
        bracket = ratio - coefficient
        amount = self._completion_amount(weighted, ratio, coefficient)
        formula = f"{num(weighted)} t × {num(rate, 2)} × "
        if deduction_lines:
            formula += f"({num(ratio, 4, 2)} − {num(coefficient, 3, 2)})"
        else:
            formula += num(ratio, 4, 2)
        if bracket <= 0:
            formula += " → 0"
        amount_line = {
            "line_type": "amount",
            "name": self.lang_env._("Completion bonus: %(formula)s", formula=formula),
            "tons": weighted,
            "rate": rate,
            "amount": amount,
        }
        unscored = [m.strftime("%Y-%m") for m in self.months if (partner.id, m) not in self.scored]
        values = {
            "target_tons": target,
            "completion_ratio": ratio,
            "coefficient": coefficient,
            "rate": rate,
            "formula": formula,
            "unscored_months": ", ".join(unscored) or False,
        }
        return values, deduction_lines + [amount_line]

    def _completion_amount(self, weighted, ratio, coefficient):
        """DR-10: the completion bonus, never negative."""
        return self.currency.round(weighted * self.policy.completion_rate * max(0.0, ratio - coefficient))

    def _exclusive(self, partner, tons, weighted, volume_lines):
        """DR-14: full rate for an exclusive dealer above 100% without competing sales; the reduced rate
        when competing sales stayed within the threshold (20% included); nothing above it, nor at or
        below 100% completion (whatever the competing volume)."""
        if not partner.dr_exclusive:
            return None
        ratio_terms, reason = self._ratio(partner, tons)
        if reason:
            return reason
        target, ratio = ratio_terms
        policy = self.policy
        competitor = round(self.competitor.get(partner.id, 0.0), 3)
        share = competitor / tons * 100 if tons else (100.0 if competitor else 0.0)
        if float_compare(ratio, 1.0, precision_digits=4) <= 0:
            rate, why = 0.0, self.lang_env._("completion %(ratio)s not above 100%%", ratio=num(ratio, 4, 2))
        elif float_is_zero(competitor, precision_digits=3):
            rate, why = policy.exclusive_rate, self.lang_env._("no competing products")
        elif float_compare(share, policy.competitor_threshold_pct, precision_digits=2) <= 0:
            rate, why = (
                policy.reduced_exclusive_rate,
                self.lang_env._("competing products %(share)s%% of our volume", share=num(share, 2)),
            )
        else:
            rate, why = (
                0.0,
                self.lang_env._(
                    "competing products %(share)s%% of our volume, above %(threshold)s%%",
                    share=num(share, 2),
                    threshold=num(policy.competitor_threshold_pct, 2),
                ),
            )
        amount = self.currency.round(weighted * rate)
        formula = f"{num(weighted)} t × {num(rate, 2)} ({why})"
        amount_line = {
            "line_type": "amount",
            "name": self.lang_env._("Exclusive bonus: %(formula)s", formula=formula),
            "tons": weighted,
            "rate": rate,
            "amount": amount,
        }
        values = {
            "target_tons": target,
            "completion_ratio": ratio,
            "competitor_tons": competitor,
            "rate": rate,
            "formula": formula,
        }
        return values, [amount_line]


class _Simulation(_Computation):
    """DR-24: the completion period in progress, projected at its run-rate.

    Every violation of the period counts, approved or not, so that the effect
    of those still pending shows before the months are scored.
    """

    def __init__(self, env, policy, today, partners):
        period_type = policy.completion_period
        date_from, date_to = period_bounds(today, period_type)
        super().__init__(env, policy, period_type, date_from, date_to, partners)
        self.today = min(max(today, date_from), date_to)
        self.run_rate = ((date_to - date_from).days + 1) / ((self.today - date_from).days + 1)

    def simulate(self, partner):
        """Figures of the simulation for ``partner``: a dict, with a ``reason`` when there is no projection."""
        tons = sum(self.tons.get((partner.id, month), (0.0, 0.0))[0] for month in self.months)
        weighted = sum(self.tons.get((partner.id, month), (0.0, 0.0))[1] for month in self.months)
        projected, projected_weighted = round(tons * self.run_rate, 3), round(weighted * self.run_rate, 3)
        figures = {"tons": round(tons, 3), "projected_tons": projected}
        ratio_terms, reason = self._ratio(partner, projected)
        if reason:
            return {**figures, "reason": reason}
        target, ratio = ratio_terms
        violations = self.deductions.get(partner.id, [])
        approved = round(sum(v.coefficient for v in violations if _Computation._deducted(self, v)), 3)
        pending = round(sum(v.coefficient for v in violations) - approved, 3)
        bonus = self._completion_amount(projected_weighted, ratio, approved)
        return {
            **figures,
            "target_tons": target,
            "tons_to_target": max(0.0, round(target - tons, 3)),
            "projected_ratio": ratio,
            "projected_bonus": bonus,
            "pending_coefficient": pending,
            "pending_effect": self._completion_amount(projected_weighted, ratio, approved + pending) - bonus,
        }

    def _deducted(self, violation):
        return True

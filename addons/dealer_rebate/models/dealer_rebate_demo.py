"""What dealer_rebate adds to dealer.rebate.policy."""

from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models

from .dealer_rebate_computation import period_bounds

# demo quarter: (dealer xml id, tons sold per month, targets per month, violations as (conduct type, month index))
DEMO_DEALERS = [
    ("dealer_rebate.partner_demo_dealer_jiaxing", (80, 135, 170), (100, 120, 130), [("cross_region", 1)]),
    ("dealer_rebate.partner_demo_dealer_huzhou", (60, 70, 65), (80, 80, 80), [("price_cutting", 0)]),
    ("dealer_rebate.partner_demo_dealer_kunshan", (150, 160, 140), (140, 140, 140), []),
]


class DealerRebatePolicy(models.Model):
    _inherit = "dealer.rebate.policy"

    @api.model
    def _dr_demo_env(self):
        """Demo records, their chatter and their settlements are written in the company's language."""
        return self.with_context(lang=self.env["res.company"]._cc_load_demo_terms("dealer_rebate"))

    @api.model
    def _dr_load_demo_quarter(self, policy_id):
        return self._dr_demo_env()._dr_demo_quarter(policy_id)

    @api.model
    def _dr_demo_quarter(self, policy_id):
        """Demo data: last quarter of three dealers walked through the real flow by the demo users.

        Invoices in tons, targets, violations, monthly scores approved by the regional and market
        managers, the quarter settled, approved by the market and finance managers and posted by
        finance; one settlement reversed and redone; this month's base rebate left waiting for the
        market manager. Skipped when the company has no chart of accounts.
        """

        def user(xmlid):
            return self.env.ref(f"customer_comm.user_demo_{xmlid}")

        policy = self.browse(policy_id)
        journal = self.env["account.journal"].search(
            [("type", "=", "sale"), ("company_id", "=", policy.company_id.id)], limit=1
        )
        if not journal or not (policy.expense_account_id and policy.payable_account_id and policy.journal_id):
            return
        quarter_start, _end = period_bounds(fields.Date.context_today(self) - relativedelta(months=3), "quarter")
        months = [quarter_start + relativedelta(months=k) for k in range(3)]
        product = self.env.ref("dealer_rebate.product_demo_feed_tonne")
        dealers = self.env["res.partner"]
        for xmlid, sold, targets, violations in DEMO_DEALERS:
            dealer = self.env.ref(xmlid)
            dealers |= dealer
            self.env["dealer.target"].create(
                [
                    {"partner_id": dealer.id, "month": month, "target_tons": target}
                    for month, target in zip(months, targets, strict=True)
                ]
            )
            invoices = self.env["account.move"].create(
                [
                    {
                        "move_type": "out_invoice",
                        "partner_id": dealer.id,
                        "journal_id": journal.id,
                        "invoice_date": month + relativedelta(days=14),
                        "invoice_line_ids": [Command.create({"product_id": product.id, "quantity": tons})],
                    }
                    for month, tons in zip(months, sold, strict=True)
                ]
            )
            invoices.action_post()
            salesperson = dealer.user_id
            for conduct, index in violations:
                self.env["dealer.violation"].with_user(salesperson).create(
                    {
                        "partner_id": dealer.id,
                        "conduct_type_id": self.env.ref(f"dealer_rebate.dealer_conduct_type_{conduct}").id,
                        "date": months[index] + relativedelta(days=9),
                        "description": "市场巡查发现，附照片",
                    }
                )
            for month in months:
                score = (
                    self.env["dealer.month.score"]
                    .with_user(salesperson)
                    .create({"partner_id": dealer.id, "month": month})
                )
                score.action_submit()
                score.with_user(user("regional_manager")).validate_tier()
                score.with_user(user("market_manager")).validate_tier()
        manager, finance = user("branch_sales_manager"), user("finance")
        Settlement = self.env["dealer.rebate.settlement"].with_user(manager)
        settlements, _skipped = Settlement._generate(policy.with_user(manager), "quarter", quarter_start, dealers)
        for month in months:
            monthly, _skipped = Settlement._generate(policy.with_user(manager), "month", month, dealers)
            settlements |= monthly
        settlements.action_submit()
        for settlement in settlements:
            settlement.with_user(user("market_manager")).validate_tier()
            settlement.with_user(finance).validate_tier()
        settlements.with_user(finance).action_post()
        # the first dealer's completion bonus reversed (say, a late credit note), then computed again
        redone = settlements.filtered(lambda s: s.component == "completion")[:1]
        redone.with_user(finance).action_cancel()
        again, _skipped = Settlement._generate(policy.with_user(manager), "quarter", quarter_start, redone.partner_id)
        again = again.filtered(lambda s: s.component == "completion")
        again.action_submit()
        again.with_user(user("market_manager")).validate_tier()
        again.with_user(finance).validate_tier()
        again.with_user(finance).action_post()
        # last month's base rebate of the first dealer waits for the market manager
        last_month = fields.Date.context_today(self).replace(day=1) - relativedelta(months=1)
        if last_month not in months:
            invoice = self.env["account.move"].create(
                {
                    "move_type": "out_invoice",
                    "partner_id": dealers[0].id,
                    "journal_id": journal.id,
                    "invoice_date": last_month + relativedelta(days=9),
                    "invoice_line_ids": [Command.create({"product_id": product.id, "quantity": 90})],
                }
            )
            invoice.action_post()
            waiting, _skipped = Settlement._generate(policy.with_user(manager), "month", last_month, dealers[:1])
            waiting.action_submit()

    @api.model
    def _dr_load_demo_network(self, policy_id):
        return self._dr_demo_env()._dr_demo_network(policy_id)

    @api.model
    def _dr_demo_network(self, policy_id):
        """Demo data of DR-18 … DR-21: distribution plans, sub-distributors and a direct customer.

        Distribution plans of the Zhejiang dealers issued by the branch sales manager (last month
        carried out or missed, this month issued, next month waiting to be issued); the Jiaxing
        dealer's sub-distributors with registered purchases and last quarter awarded; a fish farm
        under a direct contract whose discount of two months ago is posted with its withheld share
        and last month's waits for the market manager.
        """

        def user(xmlid):
            return self.env.ref(f"customer_comm.user_demo_{xmlid}")

        policy = self.browse(policy_id)
        today = fields.Date.context_today(self)
        this_month = today.replace(day=1)
        last_month, next_month = this_month - relativedelta(months=1), this_month + relativedelta(months=1)
        manager, salesperson = user("branch_sales_manager"), user("salesperson_zj")
        jiaxing = self.env.ref("dealer_rebate.partner_demo_dealer_jiaxing")
        huzhou = self.env.ref("dealer_rebate.partner_demo_dealer_huzhou")
        Plan = self.env["dealer.distribution.plan"].with_user(manager)
        plans = Plan.create(
            [
                {
                    "partner_id": dealer.id,
                    "month": month,
                    "sales_target_tons": target,
                    "purchase_plan_tons": target - 10,
                    "collection_plan": target * 3000,
                    "distribution_requirement": requirement,
                }
                for dealer, target, requirement in (
                    (jiaxing, 140, "南湖区新增 3 家乡镇网点；二批商每家铺货不少于 2 吨。"),
                    (huzhou, 80, "德清、长兴两县各开发 1 家二批商。"),
                )
                for month in (last_month, this_month, next_month)
            ]
        )
        issued = plans.filtered(lambda plan: plan.month != next_month)
        issued.action_issue()
        for plan in issued:
            # demo history: the plans were issued on time, a few days before their deadline
            plan.sudo().issued_date = plan.deadline - relativedelta(days=3)
        executed = plans.filtered(lambda plan: plan.month == last_month).with_user(salesperson)
        executed.write({"outlets_reached": 3, "collected_amount": 360000, "execution_note": "网点已开，回款到位。"})
        executed.filtered(lambda plan: plan.partner_id == jiaxing).action_mark_done()
        executed.filtered(lambda plan: plan.partner_id == huzhou).action_mark_missed()

        Sub = self.env["dealer.sub.distributor"].with_user(salesperson)
        subs = Sub.create(
            [
                {
                    "name": name,
                    "partner_id": jiaxing.id,
                    "contact_name": contact,
                    "phone": phone,
                    "address": address,
                    "card_number": card,
                }
                for name, contact, phone, address, card in (
                    ("凤桥镇王记饲料店", "王建国", "13805730001", "嘉兴市南湖区凤桥镇新兴街 12 号", "JX-001"),
                    ("新丰镇李家养殖服务部", "李春生", "13805730002", "嘉兴市南湖区新丰镇竹林路 3 号", "JX-002"),
                    ("王江泾镇农资店", "沈小英", "13805730003", "嘉兴市秀洲区王江泾镇北大街 45 号", "JX-003"),
                )
            ]
        )
        last_quarter_day = today - relativedelta(months=3)
        self.env["dealer.sub.distributor.purchase"].with_user(salesperson).create(
            [
                {"sub_distributor_id": sub.id, "date": day, "tons": tons, "source": source}
                for sub, purchases in zip(
                    subs,
                    (
                        ((last_quarter_day, 12.5, "card"), (today, 6, "card")),
                        ((last_quarter_day, 8, "declaration"),),
                        ((last_quarter_day, 4.5, "card"), (today, 3, "declaration")),
                    ),
                    strict=True,
                )
                for day, tons, source in purchases
            ]
        )
        self.env["dealer.sub.distributor.award"]._award_quarter(policy.company_id, last_quarter_day)

        farm = self.env.ref("dealer_rebate.partner_demo_direct_farm")
        product = self.env.ref("dealer_rebate.product_demo_feed_tonne")
        journal = self.env["account.journal"].search(
            [("type", "=", "sale"), ("company_id", "=", policy.company_id.id)], limit=1
        )
        if not journal or not policy.withheld_account_id:
            return
        two_months_ago = last_month - relativedelta(months=1)
        invoices = self.env["account.move"].create(
            [
                {
                    "move_type": "out_invoice",
                    "partner_id": farm.id,
                    "journal_id": journal.id,
                    "invoice_date": month + relativedelta(days=5),
                    "invoice_line_ids": [Command.create({"product_id": product.id, "quantity": tons})],
                }
                for month, tons in ((two_months_ago, 45), (last_month, 52))
            ]
        )
        invoices.action_post()
        Settlement = self.env["dealer.rebate.settlement"].with_user(manager)
        finance = user("finance")
        for month in (two_months_ago, last_month):
            if not policy.date_from <= month <= policy.date_to:
                continue
            direct, _skipped = Settlement._generate(policy.with_user(manager), "month", month, farm)
            direct.action_submit()
            if month == two_months_ago:
                direct.with_user(user("market_manager")).validate_tier()
                direct.with_user(finance).validate_tier()
                direct.with_user(finance).action_post()

    @api.model
    def _dr_load_demo_awards(self, policy_id):
        return self._dr_demo_env()._dr_demo_awards(policy_id)

    @api.model
    def _dr_demo_awards(self, policy_id):
        """Demo data of DR-15 (4)/(5) and DR-23: awards and a former dealer's transitional rebate.

        The Kunshan dealer's excellent-dealer award of the year with its reward, approved by the market
        department and finance and posted by finance; a commendation of the Huzhou dealer (an honour
        only); the Jiaxing dealer's award waiting for the market department manager. A former dealer of
        Haining handed its territory over this year: last month's transitional rebate on the Zhejiang
        dealers' volume waits for the market department manager.
        """

        def user(xmlid):
            return self.env.ref(f"customer_comm.user_demo_{xmlid}")

        policy = self.browse(policy_id)
        today = fields.Date.context_today(self)
        if not policy.date_from <= today <= policy.date_to:
            return
        manager, market = user("branch_sales_manager"), user("market_manager")
        Award = self.env["dealer.award"].with_user(manager)
        awards = Award.create(
            [
                {
                    "partner_id": self.env.ref(f"dealer_rebate.partner_demo_dealer_{dealer}").id,
                    "award_type": award_type,
                    "title": title,
                    "reason": reason,
                    "amount": amount,
                }
                for dealer, award_type, title, reason, amount in (
                    (
                        "kunshan",
                        "excellent",
                        f"{today.year} 年度优秀总经销",
                        "全年无违规；销量 1,350 吨，完成目标 112%；新开发二批商 6 家，回款全部按期。",
                        8000,
                    ),
                    (
                        "huzhou",
                        "commendation",
                        "维护公司声誉通报表彰",
                        "发现并协助公司查处冒用我司品牌的假冒饲料，及时通报市场部。",
                        0,
                    ),
                    (
                        "jiaxing",
                        "excellent",
                        f"{today.year} 年度优秀总经销",
                        "二批商网络覆盖南湖、秀洲两区；全年违规 1 次，已整改。",
                        5000,
                    ),
                )
            ]
        )
        awards.action_submit()
        for award in awards[:2]:
            award.with_user(market).validate_tier()
        awards[0].with_user(user("finance")).validate_tier()
        awards[0].settlement_id.with_user(user("finance")).action_post()

        former = self.env["res.partner"].create(
            {
                "name": "海宁老周饲料经销部",
                "is_company": True,
                "city": "海宁",
                "country_id": self.env.ref("base.cn").id,
                "user_id": user("salesperson_zj").id,
                "cc_region_id": self.env.ref("customer_comm.customer_region_zhejiang").id,
                "cc_channel_type": "dealer",
            }
        )
        former._dr_apply_status("cancelled")
        self.env["dealer.transition"].create(
            {
                "partner_id": former.id,
                "region_ids": [Command.link(self.env.ref("customer_comm.customer_region_zhejiang").id)],
                "date_start": today.replace(month=1, day=1),
                "note": "年初海宁片区划归嘉兴、湖州两家经销商；按过渡办法，当年全额、次年减半享受该片区的基础返利。",
            }
        )
        last_month = today.replace(day=1) - relativedelta(months=1)
        if last_month.year == today.year:
            Settlement = self.env["dealer.rebate.settlement"].with_user(manager)
            transition, _skipped = Settlement._generate(policy.with_user(manager), "month", last_month, former)
            transition.action_submit()

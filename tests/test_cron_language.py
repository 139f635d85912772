"""Q-5: every scheduled job of the suite, run with an empty context as a user reading English, stores Chinese."""

import re

from odoo.tests import TransactionCase, freeze_time, tagged

SUITE = ("customer_comm", "client_visit", "dealer_rebate", "complaint_mgmt")
# words of the suite's English source texts; a stored text that holds one was written in English
ENGLISH = re.compile(
    r"\b(the|of|and|for|by|due|was|has|overdue|complaint|customer|warning|visit|plan|review|credit|rebate|"
    r"dealer|follow-up|escalat\w*|reminder|sales|dependence|signal|progress|audit|archive)\b",
    re.IGNORECASE,
)
# what the jobs write for people to read: to-dos, chatter, and the suite's own records' texts
STORED_TEXTS = {
    "mail.activity": ["summary", "note"],
    "mail.message": ["body", "subject"],
    "customer.warning": ["name", "figures"],
    "dealer.rebate.settlement": ["formula", "unconvertible_summary"],
    "dealer.award": ["title", "reason"],
    "dealer.distribution.plan": ["distribution_requirement"],
    "visit.plan": ["name", "note"],
}


@tagged("post_install", "-at_install")
class TestCronsWriteInTheCompanysLanguage(TransactionCase):
    def test_every_cron_of_the_suite_stores_chinese_for_the_chinese_company(self):
        company = self.env.company
        self.assertEqual(company.partner_id.lang, "zh_CN", "the demo company writes in Chinese")
        suite_cron_ids = (
            self.env["ir.model.data"].search([("model", "=", "ir.cron"), ("module", "in", SUITE)]).mapped("res_id")
        )
        crons = self.env["ir.cron"].with_context(active_test=False).browse(suite_cron_ids)
        self.assertGreaterEqual(len(crons), 10, "the suite's scheduled jobs")
        # the users the jobs run as read English
        crons.user_id.write({"lang": "en_US"})
        first_ids = {model: self.env[model].search([], order="id desc", limit=1).id or 0 for model in STORED_TEXTS}
        with freeze_time("2026-12-07 08:00:00"):
            for cron in crons:
                # as the scheduler runs a job: its user, no language, no company in the context
                quiet = self.env(user=cron.user_id.id, context={})
                quiet["ir.actions.server"].browse(cron.ir_actions_server_id.id).run()
        self.env.flush_all()
        english, stored = [], 0
        for model, names in STORED_TEXTS.items():
            new = self.env[model].search([("id", ">", first_ids[model])])
            if "company_id" in self.env[model]._fields:
                new = new.filtered(lambda record: record.company_id in (company, self.env["res.company"]))
            if model == "mail.activity":
                # a to-do is written in its reader's language: the English users here are the jobs' own
                new = new.filtered(lambda activity: activity.user_id not in crons.user_id)
            for record in new:
                for name in names:
                    text = re.sub(r"<[^>]+>", " ", str(record[name] or ""))
                    if not text.strip():
                        continue
                    stored += 1
                    if ENGLISH.search(text):
                        english.append(f"{model} {record.id} {name}: {text[:120]}")
        self.assertGreater(stored, 0, "the jobs stored texts to read on the demo data")
        self.assertFalse(english, "stored in English by a scheduled job")

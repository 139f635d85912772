"""Q-5: the demo documents' chatter is written in the company's language (``_cc_load_demo_terms``)."""

from odoo.tests import TransactionCase, tagged

# documents the demo loaders of each addon create or walk through their flow
DEMO_MODELS = ["customer.complaint", "visit.plan", "dealer.award"]


@tagged("post_install", "-at_install")
class TestDemoChatterLanguage(TransactionCase):
    def test_demo_documents_are_named_in_chinese_in_their_chatter(self):
        """The creation line of each demo document names its model in Chinese ("客户投诉 创建"), never in English."""
        self.assertEqual(self.env.company.partner_id.lang, "zh_CN", "the demo company writes in Chinese")
        Message = self.env["mail.message"]
        for model in DEMO_MODELS:
            english = self.env[model].with_context(lang="en_US")._description
            chinese = self.env["ir.model"].with_context(lang="zh_CN")._get(model).name
            self.assertNotEqual(english, chinese, f"{model} has no Chinese name")
            created = Message.search([("model", "=", model), ("body", "ilike", f"{chinese} 创建")])
            self.assertTrue(created, f"no demo {model} created in Chinese")
            self.assertFalse(
                Message.search([("model", "=", model), ("body", "ilike", f"{english} 创建")]),
                f"demo {model} named in English in its chatter",
            )
            self.assertFalse(
                Message.search([("model", "=", model), ("body", "ilike", f"{english} created")]),
                f"demo {model} chatter written in English",
            )


SUITE = {"customer_comm", "client_visit", "dealer_rebate", "complaint_mgmt"}


@tagged("post_install", "-at_install")
class TestDemoNamesInChinese(TransactionCase):
    def test_no_record_of_the_suite_is_named_in_english_only(self):
        """Q-5: every record of the suite's models (data and demo) has a Chinese name for a zh_CN user."""
        english_only = []
        for name, model in self.env.registry.items():
            field = model._fields.get("name")
            if model._abstract or not model._auto or model._original_module not in SUITE:
                continue
            if not (field and field.store and field.translate):
                continue
            for record in self.env[name].with_context(lang="zh_CN", active_test=False).search([]):
                if record.name and not any("\u3000" <= char <= "\u9fff" or char >= "\uff00" for char in record.name):
                    english_only.append(f"{name}: {record.name}")
        self.assertFalse(english_only, "shown in English to a zh_CN user")

from pathlib import Path

import polib
from lxml import etree

from odoo.exceptions import ValidationError
from odoo.tests import TransactionCase, tagged
from odoo.tools.misc import file_path

from .common import CustomerCommCase

ENGINE_I18N = Path(file_path("base_tier_validation/i18n"))
CARRIED_PO = Path(__file__).resolve().parent.parent / "i18n_extra" / "zh_CN.po"
SUITE_MODELS = ("customer.credit.request", "sale.order", "customer.notice")


@tagged("post_install", "-at_install")
class TestApprovalEngineInChinese(CustomerCommCase, TransactionCase):
    """X-3 / Q-5: the approval engine's texts reach a zh_CN user in Chinese.

    The engine's view, field and selection terms are carried in
    ``customer_comm/i18n_extra/zh_CN.po`` under the engine's xml ids; the texts
    it builds in Python are built by ``customer.approval.mixin``.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"]._load_module_terms(["base_tier_validation", "customer_comm"], ["zh_CN"])
        cls.zh = cls.env(context=dict(cls.env.context, lang="zh_CN"))
        cls.salesperson.lang = cls.sales_manager.lang = "zh_CN"

    def _approvable_models(self):
        """Every document approved through the suite's mixin, of every installed addon of the suite."""
        mixin = self.registry["customer.approval.mixin"]
        return sorted(
            {name for name, cls in self.registry.items() if issubclass(cls, mixin) and not cls._abstract}
            | set(SUITE_MODELS)
        )

    def _assert_chinese_engine_terms(self):
        for model in self._approvable_models():
            Model = self.zh[model]
            labels = dict(Model._fields["validation_status"]._description_selection(self.zh))
            self.assertEqual(
                [labels[value] for value in ("no", "waiting", "pending", "validated", "rejected")],
                ["无需审批", "等待中", "待审批", "已批准", "已驳回"],
                model,
            )
            arch = etree.tostring(etree.fromstring(Model.get_view(view_type="form")["arch"]), encoding="unicode")
            # forms with their own submit button show it instead of the engine's (both 提交审批)
            terms = ("提交审批", "重新审批", "批准", "驳回", "操作已被")
            for term in terms if 'name="request_validation"' in arch else terms[1:]:
                self.assertIn(term, arch, model)
            for term in ("Request Validation", "Restart Validation", 'string="Validate"', "Operation has been"):
                self.assertNotIn(term, arch, model)
        statuses = dict(self.zh["tier.review"]._fields["status"]._description_selection(self.zh))
        self.assertEqual(statuses["pending"], "待审批")

    def test_x3_engine_terms_are_chinese_for_the_suite_models(self):
        """X-3 / Q-5: statuses, buttons and banners of the engine on the suite's forms are Chinese."""
        self._assert_chinese_engine_terms()

    def test_x3_engine_terms_stay_chinese_when_the_engine_reloads_its_own(self):
        """X-3 / Q-5: loading the engine's own po again (``-u base_tier_validation``, even with
        ``--i18n-overwrite``, as after ``pip install --upgrade``) keeps every term Chinese: the engine
        only brings the terms it translates, the suite's fill the rest and are loaded after it."""
        Module = self.env["ir.module.module"]
        Module._load_module_terms(["base_tier_validation"], ["zh_CN"], overwrite=True)
        self._assert_chinese_engine_terms()
        Module._load_module_terms(["base_tier_validation", "customer_comm"], ["zh_CN"], overwrite=True)
        self._assert_chinese_engine_terms()

    def test_x3_engine_messages_built_by_the_suite_are_chinese(self):
        """X-3 / Q-5: the banner, "next" line and chatter lines of a pending request are Chinese."""
        request = (
            self.env["customer.credit.request"]
            .with_user(self.salesperson)
            .with_context(lang="zh_CN")
            .create({"partner_id": self.customer.id, "new_credit_limit": 150000, "reason": "旺季备货"})
        )
        request.request_validation()
        self.assertIn("等待 王经理 审批", request.to_validate_message)
        self.assertTrue(request.next_review.startswith("下一步："))
        self.assertIn("信用变更申请", request.message_ids[-1].body, "the creation line names the model in Chinese")
        self.assertIn("等待 王经理 审批", request.message_ids[0].body)
        self.assertEqual(request.activity_ids.user_id, self.sales_manager, "the approver has an activity")
        request.with_user(self.sales_manager).with_context(lang="zh_CN").validate_tier()
        self.assertFalse(request.activity_ids)
        done = request.message_ids.filtered(lambda message: message.author_id == self.sales_manager.partner_id)
        self.assertTrue(
            any("完成" in message.body and "信用变更：分支机构销售经理" in message.body for message in done),
            "the manager's approval is in the chatter, in Chinese",
        )

    def test_x5_approval_activity_is_in_the_approvers_language(self):
        """X-5: the approver's to-do is stored in their language, whoever submitted (here in English)."""
        request = (
            self.env["customer.credit.request"]
            .with_context(lang="en_US")
            .create({"partner_id": self.customer.id, "new_credit_limit": 150000, "reason": "peak season"})
        )
        request.request_validation()
        self.assertEqual(request.activity_ids.user_id, self.sales_manager)
        self.assertEqual(request.activity_ids.summary, "信用变更：分支机构销售经理")

    def test_x3_locked_fields_refusal_is_chinese(self):
        """X-3 / Q-8: a write over RPC to a request under approval is refused in Chinese, naming the field."""
        request = (
            self.env["customer.credit.request"]
            .with_user(self.salesperson)
            .with_context(lang="zh_CN")
            .create({"partner_id": self.customer.id, "new_credit_limit": 150000, "reason": "旺季备货"})
        )
        request.request_validation()
        label = request._fields["new_credit_limit"].get_description(request.env)["string"]
        self.assertNotEqual(label, "New Credit Limit", "the field label itself is translated")
        with self.assertRaises(ValidationError) as refusal:
            request.write({"new_credit_limit": 900000})
        message = str(refusal.exception)
        self.assertIn("正在等待审批", message)
        self.assertIn(label, message)
        self.assertNotIn("You are not allowed", message)
        self.assertEqual(request.new_credit_limit, 150000)

    def test_cc12_refusal_of_an_unapproved_order_is_chinese(self):
        """CC-12 / Q-8: confirming an over-credit order without approval is refused in the user's language."""
        self.customer.cc_credit_level_id = self.env["customer.credit.level"].create(
            {"code": "TA", "name": "A", "default_credit_limit": 100000, "state": "approved"}
        )
        product = self.env["product.product"].create({"name": "瓷砖", "list_price": 1000.0, "taxes_id": False})
        order = (
            self.env["sale.order"]
            .with_user(self.salesperson)
            .with_context(lang="zh_CN")
            .create(
                {
                    "partner_id": self.customer.id,
                    "order_line": [(0, 0, {"product_id": product.id, "product_uom_qty": 110})],
                }
            )
        )
        with self.assertRaisesRegex(ValidationError, "需要先经审批"):
            order.action_confirm()
        order.request_validation()
        with self.assertRaisesRegex(ValidationError, "仍在等待审批"):
            order.action_confirm()


@tagged("post_install", "-at_install")
class TestCarriedEngineTerms(TransactionCase):
    def test_q5_every_engine_term_is_translated_by_the_engine_or_the_suite(self):
        """Q-5: every term of the installed engine's .pot is in its own zh_CN.po or carried by the suite,
        except the texts its Python code builds (the suite's mixin builds those). After an upgrade of
        the OCA package this lists the new terms to carry."""
        engine_po = {entry.msgid for entry in polib.pofile(str(ENGINE_I18N / "zh_CN.po")) if entry.translated()}
        carried = polib.pofile(str(CARRIED_PO))
        self.assertFalse([entry.msgid for entry in carried if not entry.translated()], "untranslated carried terms")
        for entry in carried:
            references = [name for name, _line in entry.occurrences]
            foreign = [
                ref
                for ref in references
                if not ref.split(":")[-1].startswith(("base_tier_validation.", "addons/base_tier_validation/"))
            ]
            self.assertFalse(foreign, f"{entry.msgid!r}: the suite carries the engine's terms only")
        missing = [
            entry.msgid
            for entry in polib.pofile(str(ENGINE_I18N / "base_tier_validation.pot"))
            if "odoo-python" not in entry.comment
            and entry.msgid not in engine_po
            and entry.msgid not in {carried_entry.msgid for carried_entry in carried}
        ]
        self.assertFalse(missing, "engine terms neither translated by the engine nor carried by the suite")

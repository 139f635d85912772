"""X-3: every approvable form of the suite has one button that submits it, not two reading 提交审批."""

from lxml import etree

from odoo.tests import TransactionCase, tagged

# forms whose own submit button hides while the engine's shows (``need_validation``): one at a time
ALTERNATING = {"visit.plan", "visit.plan.result"}


@tagged("post_install", "-at_install")
class TestOneSubmitButton(TransactionCase):
    def test_x3_each_approvable_form_has_one_submit_button(self):
        """Forms with their own ``action_submit`` lose the engine's "Request Validation"; the others keep it."""
        checked = {}
        for name, model in self.env.registry.items():
            if model._abstract or not issubclass(model, self.env.registry["customer.approval.mixin"]):
                continue
            header = etree.fromstring(self.env[name].get_view(view_type="form")["arch"]).xpath("//header//button")
            names = [button.get("name") for button in header]
            checked[name] = (names.count("action_submit"), names.count("request_validation"))
        self.assertEqual(checked["dealer.rebate.settlement"], (1, 0))
        self.assertEqual(checked["dealer.award"], (1, 0), "its own checks the DR-11 eligibility first")
        self.assertEqual(checked["visit.plan"], (1, 1), "its own shows only when the engine's does not")
        self.assertEqual(checked["customer.credit.request"], (0, 1), "no button of its own: the engine's stays")
        both = [name for name, (own, engine) in checked.items() if own and engine and name not in ALTERNATING]
        self.assertFalse(both, "two submit buttons")
        self.assertFalse([name for name, counts in checked.items() if counts == (0, 0)], "no submit button")

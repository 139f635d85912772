from odoo.tests import TransactionCase, tagged

from .common import CustomerCommCase


@tagged("post_install", "-at_install")
class TestChannelRolesAndKeyPersons(CustomerCommCase, TransactionCase):
    def test_cc2_channel_roles_of_the_seeds_and_tracked_changes(self):
        """CC-2: the seven channel roles of the seeds, and a change of role leaves a trace in the chatter."""
        roles = dict(self.env["res.partner"]._fields["cc_channel_type"].selection)
        self.assertEqual(
            set(roles),
            {"general_distributor", "dealer", "direct", "secondary_wholesaler", "retailer", "consumer", "potential"},
        )
        self.env.cr.precommit.run()  # close the creation's tracking first
        self.customer.cc_channel_type = "general_distributor"
        self.env.flush_all()
        self.env.cr.precommit.run()  # tracking values are written at commit time
        tracked = self.customer.message_ids.tracking_value_ids.filtered(
            lambda value: value.field_id.name == "cc_channel_type"
        )
        self.assertTrue(tracked, "the change of channel role is in the chatter")

    def test_cc2_dealers_and_direct_customers_found_by_channel_role(self):
        """CC-2: the rebate addon finds dealers and direct customers by their channel role."""
        dealer = self.env["res.partner"].create({"name": "嘉兴经销商", "is_company": True, "cc_channel_type": "dealer"})
        direct = self.env["res.partner"].create(
            {"name": "养殖场直销户", "is_company": True, "cc_channel_type": "direct"}
        )
        found = self.env["res.partner"].search([("cc_channel_type", "in", ("dealer", "direct"))])
        self.assertIn(dealer, found)
        self.assertIn(direct, found)
        self.assertNotIn(self.customer, found)

    def test_cc5_key_persons_with_their_decision_role(self):
        """CC-5: contacts of a customer are marked key persons with their decision role and found by the filter."""
        boss = self.env["res.partner"].create(
            {
                "name": "陈总",
                "parent_id": self.customer.id,
                "cc_is_key_person": True,
                "cc_decision_role": "decision_maker",
            }
        )
        buyer = self.env["res.partner"].create({"name": "采购小王", "parent_id": self.customer.id})
        key_persons = self.env["res.partner"].search(
            [("parent_id", "=", self.customer.id), ("cc_is_key_person", "=", True)]
        )
        self.assertEqual(key_persons, boss)
        self.assertNotIn(buyer, key_persons)
        self.assertEqual(
            set(dict(self.env["res.partner"]._fields["cc_decision_role"].selection)),
            {"decision_maker", "influencer", "user", "gatekeeper"},
        )

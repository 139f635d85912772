import importlib.util
from datetime import date

from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tools import SQL
from odoo.tools.misc import file_path
from odoo.tools.sql import column_exists

from .common import USER, CustomerCommCase

INFO_ADMIN = "customer_comm.customer_comm_group_info_admin"
NOTE = "老板准备扩建仓库"
FOCUS = "工程渠道，重点开发地产精装项目"


@tagged("post_install", "-at_install")
class TestConfidentialArchive(CustomerCommCase, TransactionCase):
    """CC-9 / X-7: the confidential archive reaches its scope only, whatever the read path."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.info_admin = new_test_user(cls.env, login="cc_info_admin", groups=INFO_ADMIN, name="周信息")
        cls.gm = new_test_user(cls.env, login="cc_gm", groups=USER, name="孙总经理")
        cls.env["customer.role.assignment"].create({"user_id": cls.gm.id, "role": "gm"})
        cls.level = cls.env["customer.credit.level"].create(
            {"code": "T9", "name": "T9", "default_credit_limit": 1000, "state": "approved"}
        )
        cls.customer.write(
            {
                "cc_archive_note": NOTE,
                "cc_business_focus": FOCUS,
                "cc_credit_level_id": cls.level.id,
            }
        )
        cls.contact = cls.env["res.partner"].create(
            {"name": "王总", "parent_id": cls.customer.id, "cc_birthday": date(1970, 5, 4), "cc_preferences": "龙井"}
        )
        # sales_manager holds the region, area_manager the area above it, director the whole company
        cls.allowed = {
            "salesperson": cls.salesperson,
            "region manager": cls.sales_manager,
            "area manager": cls.area_manager,
            "company-wide manager": cls.gm,
            "finance": cls.finance,
            "information administrator": cls.info_admin,
        }
        cls.outsider = cls.other_salesperson
        allow_export = cls.env.ref("base.group_allow_export")
        for user in [*cls.allowed.values(), cls.outsider]:
            user.group_ids += allow_export

    def _partners(self, user):
        return self.env["res.partner"].with_user(user)

    def test_cc9_read_by_scope(self):
        """CC-9: the customer's salesperson, its managers, finance and the information administrator read
        the archive; another salesperson reads the partner with an empty archive, without error."""
        for role, user in self.allowed.items():
            with self.subTest(role=role):
                values = self.customer.with_user(user).read(["cc_archive_note", "cc_credit_level_id", "name"])[0]
                self.assertEqual(values["cc_archive_note"], NOTE)
                self.assertEqual(values["cc_credit_level_id"][0], self.level.id)
                self.assertEqual(self.contact.with_user(user).cc_birthday, date(1970, 5, 4))
        values = self.customer.with_user(self.outsider).read(["cc_archive_note", "cc_credit_level_id", "name"])[0]
        self.assertEqual((values["cc_archive_note"], values["cc_credit_level_id"]), (False, False))
        self.assertEqual(values["name"], self.customer.name, "the rest of the partner stays readable")
        self.assertFalse(self.contact.with_user(self.outsider).cc_birthday)
        form = self.customer.with_user(self.outsider).web_read(
            {"cc_business_focus": {}, "cc_credit_level_id": {"fields": {"display_name": {}}}, "name": {}}
        )[0]
        self.assertEqual((form["cc_business_focus"], form["cc_credit_level_id"]), (False, False))
        with self.assertRaises(AccessError):
            self.env["customer.archive"].with_user(self.outsider).browse(self.customer.cc_archive_ids.id).read()

    def test_cc9_read_when_computed_as_superuser(self):
        """CC-9: sudo() does not widen the archive texts to the acting user; the credit level stays
        readable by the credit checks, which run as superuser for whoever confirms an order."""
        outsider_sudo = self.customer.with_user(self.outsider).sudo()
        self.assertFalse(outsider_sudo.cc_archive_note)
        self.assertEqual(outsider_sudo.cc_credit_level_id, self.level)
        self.assertEqual(self.customer.with_user(self.salesperson).sudo().cc_archive_note, NOTE)

    def test_cc9_search_filter_and_sort_by_scope(self):
        """CC-9: filtering and sorting on the archive reveal nothing outside the scope."""
        searches = [
            [("cc_archive_note", "ilike", "扩建")],
            [("cc_credit_level_id", "=", self.level.id)],
            [("child_ids.cc_birthday", "=", date(1970, 5, 4))],
            ["!", ("cc_archive_note", "=", False)],
            [("cc_business_focus", "!=", False)],
        ]
        for domain in searches:
            for role, user in self.allowed.items():
                with self.subTest(domain=domain, role=role):
                    self.assertIn(self.customer, self._partners(user).search(domain))
            with self.subTest(domain=domain, role="outsider"):
                self.assertNotIn(self.customer, self._partners(self.outsider).search(domain))
        self.assertIn(
            self.customer, self._partners(self.outsider).search([("cc_archive_note", "=", False)]), "reads empty"
        )
        other = self.customer.copy({"name": "另一家"})
        other.cc_archive_note = "A 先"  # sorts before NOTE
        pair = [("id", "in", (self.customer | other).ids)]
        for user in (self.salesperson, self.finance):
            self.assertEqual(self._partners(user).search(pair, order="cc_archive_note desc").ids[0], self.customer.id)
            self.assertEqual(self._partners(user).search(pair, order="cc_archive_note asc").ids[0], other.id)
        outsider = self._partners(self.outsider)
        self.assertEqual(
            outsider.search(pair, order="cc_archive_note desc, id").ids,
            outsider.search(pair, order="cc_archive_note asc, id").ids,
            "outside the scope the order does not depend on the notes",
        )

    def test_cc9_group_by_scope(self):
        """CC-9: grouping or counting by the archive only sees the user's scope."""
        domain = [("id", "=", self.customer.id)]
        for role, user in self.allowed.items():
            with self.subTest(role=role):
                groups = self._partners(user)._read_group(domain, ["cc_credit_level_id"], ["__count"])
                self.assertEqual(groups, [(self.level, 1)])
        groups = self._partners(self.outsider)._read_group(domain, ["cc_credit_level_id"], ["__count"])
        self.assertEqual(groups, [(self.env["customer.credit.level"], 1)], "everything in the empty group")
        contact = [("id", "=", self.contact.id)]
        self.assertEqual(
            self._partners(self.salesperson)._read_group(contact, ["cc_birthday:month"], ["__count"]),
            [(date(1970, 5, 1), 1)],
        )
        self.assertEqual(
            self._partners(self.outsider)._read_group(contact, ["cc_birthday:month"], ["__count"]), [(False, 1)]
        )
        groups = self._partners(self.outsider).formatted_read_group(domain, ["cc_business_focus"], ["__count"])
        self.assertEqual([group["cc_business_focus"] for group in groups], [False])

    def test_cc9_export_by_scope(self):
        """CC-9: an export outside the scope holds empty archive columns; the archive model refuses it."""
        fields = ["name", "cc_archive_note", "cc_credit_level_id/name", "child_ids/cc_birthday"]
        for role, user in self.allowed.items():
            with self.subTest(role=role):
                row = self.customer.with_user(user).export_data(fields)["datas"][0]
                self.assertEqual(row[1:4], [NOTE, "T9", date(1970, 5, 4)])
        row = self.customer.with_user(self.outsider).export_data(fields)["datas"][0]
        self.assertEqual(row, [self.customer.name, "", "", ""])
        rows = self.customer.with_user(self.outsider).export_data(["name", "cc_archive_ids/archive_note"])["datas"]
        self.assertNotIn(NOTE, str(rows), "nor through the archive records")

    def test_cc9_write_by_scope(self):
        """CC-9: the archive is changed by its scope only; an outsider gets an AccessError and changes nothing."""
        for role, user in self.allowed.items():
            with self.subTest(role=role):
                self.customer.with_user(user).cc_business_focus = f"{role} 更新"
                self.assertEqual(self.customer.cc_business_focus, f"{role} 更新")
        with self.assertRaises(AccessError):
            self.customer.with_user(self.outsider).write({"cc_business_focus": "改写"})
        with self.assertRaises(AccessError):
            self.contact.with_user(self.outsider).write({"cc_birthday": date(1980, 1, 1)})
        self.assertEqual(self.customer.cc_business_focus, "information administrator 更新")
        self.assertEqual(self.contact.cc_birthday, date(1970, 5, 4))
        self.customer.with_user(self.outsider).write({"phone": "021-12345678"})  # the partner itself stays editable

    def test_cc10_credit_level_written_by_an_approved_request_only(self):
        """CC-10 / CC-11: the credit level changes only by an approved request, not by hand, not even by finance."""
        for user in (self.salesperson, self.finance):
            with self.assertRaises(AccessError):
                self.customer.with_user(user).cc_credit_level_id = False
            with self.assertRaises(AccessError):
                self.customer.cc_archive_ids.with_user(user).credit_level_id = False
        self.assertEqual(self.customer.cc_credit_level_id, self.level)
        self.customer.with_user(self.salesperson).sudo().cc_credit_level_id = False  # as an approved request does
        self.assertFalse(self.customer.cc_credit_level_id)

    def test_cc9_new_customer_archive_from_the_partner(self):
        """CC-9: a salesperson creates a customer with its archive in one go, and reads it back."""
        partner = self._partners(self.salesperson).create(
            {"name": "新客户", "user_id": self.salesperson.id, "cc_preferences": "喜欢白茶"}
        )
        self.assertEqual(partner.cc_preferences, "喜欢白茶")
        self.assertEqual(partner.sudo().cc_archive_ids.preferences, "喜欢白茶")
        self.assertFalse(self._partners(self.outsider).browse(partner.id).cc_preferences)

    def test_cc9_report_and_template_by_scope(self):
        """CC-9: a QWeb report or a mail template printing the archive prints it for the scope only."""
        view = self.env["ir.ui.view"].create(
            {
                "name": "cc9_probe",
                "type": "qweb",
                "arch": '<t t-name="cc9_probe"><p t-out="partner.cc_business_focus"/></t>',
            }
        )
        template = self.env["mail.template"].create(
            {
                "name": "cc9 probe",
                "model_id": self.env["ir.model"]._get_id("res.partner"),
                "subject": "{{ object.cc_business_focus }}",
            }
        )
        for role, user in [*self.allowed.items(), ("outsider", self.outsider)]:
            expected = "" if user == self.outsider else FOCUS
            with self.subTest(role=role):
                partner = self.customer.with_user(user)
                html = str(self.env["ir.qweb"].with_user(user)._render(view.id, {"partner": partner}))
                self.assertEqual(html.strip(), f"<p>{expected}</p>" if expected else "")
                subject = template.with_user(user)._render_field("subject", partner.ids)[partner.id]
                self.assertEqual(subject, expected)

    def test_cc9_related_field_by_scope(self):
        """CC-9: a related field on another model, computed as superuser, shows the archive to the scope only."""
        self.addCleanup(self.registry.reset_changes)
        self.env["ir.model.fields"].create(
            {
                "name": "x_cc_partner_focus",
                "store": False,
                "model_id": self.env["ir.model"]._get_id("sale.order"),
                "ttype": "text",
                "related": "partner_id.cc_business_focus",
                "field_description": "Customer focus",
            }
        )
        order = self.env["sale.order"].create({"partner_id": self.customer.id, "user_id": self.salesperson.id})
        self.assertTrue(order._fields["x_cc_partner_focus"].compute_sudo)
        for role, user in [*self.allowed.items(), ("outsider", self.outsider)]:
            with self.subTest(role=role):
                value = order.with_user(user).sudo().x_cc_partner_focus
                self.assertEqual(value, False if user == self.outsider else FOCUS)

    def test_cc9_scope_follows_role_changes(self):
        """CC-9 / X-1: a manager role given or taken changes the archive scope at once."""
        self.assertFalse(self.customer.with_user(self.outsider).cc_archive_note)
        assignment = self.env["customer.role.assignment"].create(
            {"user_id": self.outsider.id, "role": "regional_manager", "region_id": self.area.id}
        )
        self.assertEqual(self.customer.with_user(self.outsider).cc_archive_note, NOTE)
        assignment.role = "customer_service"
        self.assertFalse(self.customer.with_user(self.outsider).cc_archive_note)

    def test_cc7_completeness_unchanged_whoever_triggers_it(self):
        """CC-7 / CC-9: the stored completeness counts the archive even when an outsider changes the partner."""
        self.customer.write({"cc_channel_type": "dealer", "city": "上海"})
        figure = self.customer.cc_archive_completeness
        self.assertEqual(figure, 66.67, "4 of 6: the phone and the operating overview are missing")
        self.customer.with_user(self.outsider).write({"street": "南京路1号", "cc_channel_type": "direct"})
        self.customer.invalidate_recordset()
        self.assertEqual(self.customer.cc_archive_completeness, figure)

    def test_cc9_migration_moves_the_partner_columns_to_the_archive(self):
        """CC-9: upgrading from 19.0.1.1.0 copies the archive columns of res.partner into archives and drops them;
        values the upgrade already wrote (demo data) are kept."""
        path = file_path("customer_comm/migrations/19.0.1.2.0/post-migrate.py")
        spec = importlib.util.spec_from_file_location("customer_comm_post_migrate_19_0_1_2_0", path)
        migration = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(migration)
        newcomer = self.env["res.partner"].create(
            {"name": "老客户", "is_company": True, "user_id": self.salesperson.id}
        )
        self.env.flush_all()
        cr = self.env.cr
        cr.execute(
            "ALTER TABLE res_partner ADD COLUMN cc_business_focus text, ADD COLUMN cc_birthday date, "
            "ADD COLUMN cc_credit_level_id int4"
        )
        for partner, focus in ((newcomer, "家装"), (self.customer, "旧的重点")):
            cr.execute(
                SQL(
                    "UPDATE res_partner SET cc_business_focus = %s, cc_birthday = %s, cc_credit_level_id = %s "
                    "WHERE id = %s",
                    focus,
                    date(1975, 9, 9),
                    self.level.id,
                    partner.id,
                )
            )
        migration.migrate(cr, "19.0.1.1.0")
        self.env.invalidate_all()
        self.assertFalse(column_exists(cr, "res_partner", "cc_business_focus"))
        self.assertRecordValues(
            newcomer.cc_archive_ids,
            [{"business_focus": "家装", "birthday": date(1975, 9, 9), "credit_level_id": self.level.id}],
        )
        self.assertEqual(newcomer.with_user(self.salesperson).cc_business_focus, "家装")
        self.assertFalse(newcomer.with_user(self.outsider).cc_business_focus)
        self.assertRecordValues(
            self.customer.cc_archive_ids,
            [{"business_focus": FOCUS, "archive_note": NOTE, "birthday": date(1975, 9, 9)}],
        )

"""Read-only where it is read-only: the suite's ``@api.readonly`` methods write nothing.

With ``db_replica_host`` set, Odoo serves a call of an ``@api.readonly`` method (``/web/dataset/call_kw``,
``call_button``) on a cursor of the streaming replica, and the report routes (statements, day sheets,
the monthly complaint report) are read-only routes. A method that wrote there would fail on the replica
(Odoo then retries it on the primary, at twice the cost). Each method of the four addons carrying the
decorator is found by introspection (a new one is checked without editing this file) and run on the
test database's demo data inside a read-only transaction (``SET TRANSACTION READ ONLY``, what a replica
cursor is): any INSERT, UPDATE or DELETE it makes, directly or by a flush, raises.
"""

from psycopg2.errors import ReadOnlySqlTransaction

from odoo.tests import TransactionCase, tagged

SUITE = ("customer_comm", "client_visit", "dealer_rebate", "complaint_mgmt")
# the heavy reads that must stay read-only (the report values are what the report routes compute)
EXPECTED = {
    ("report.dealer_rebate.report_dealer_statement", "_get_report_values"),
    ("report.complaint_mgmt.report_complaint_monthly", "_get_report_values"),
    ("customer.visit", "_cv_day_sheets"),
    ("dealer.rebate.compute.wizard", "action_print_statements"),
}

# what a record is created with when the demo data has none (a wizard: its form's values)
CREATE_VALUES = {
    "dealer.direct.release": lambda env: {
        "partner_id": env["res.partner"].search([("is_company", "=", True)], limit=1).id
    },
    # the period of the latest settlement of the demo data, for its statements to print
    "dealer.rebate.compute.wizard": lambda env: {
        "date": env["dealer.rebate.settlement"].search([], order="date_from desc", limit=1).date_from
    },
}


def suite_readonly_methods(registry):
    """``(model, method)`` of every method defined in one of the suite's addons and marked ``@api.readonly``."""
    found = set()
    for model_name in registry:
        if registry[model_name]._abstract and not model_name.startswith("report."):
            continue  # a mixin: its methods are checked on the models that inherit it
        for cls in registry[model_name].mro():
            parts = getattr(cls, "__module__", "").split(".")
            if parts[:2] != ["odoo", "addons"] or len(parts) < 3 or parts[2] not in SUITE:
                continue
            for name, member in vars(cls).items():
                if callable(member) and getattr(member, "_readonly", False):
                    found.add((model_name, name))
    return sorted(found)


@tagged("post_install", "-at_install")
class TestReadonlyMethods(TransactionCase):
    def _read_only(self, func):
        """Run ``func`` in a read-only transaction (rolled back); return its result."""
        self.env.flush_all()
        self.env.cr.execute("SAVEPOINT cms_read_only")
        try:
            self.env.cr.execute("SET TRANSACTION READ ONLY")
            result = func()
            self.env.flush_all()  # a write kept in the cache reaches the database here
            return result
        finally:
            self.env.cr.execute("ROLLBACK TO SAVEPOINT cms_read_only")
            self.env.invalidate_all()

    def _call(self, model, method):
        """A call of ``model.method`` on demo records (a wizard is created first, outside the check)."""
        Model = self.env[model]
        if model.startswith("report."):
            report = self.env["ir.actions.report"]._get_report(model.removeprefix("report."))
            Docs = self.env[report.model]
            docs = Docs.create({}) if Docs._transient else Docs.search([], limit=3)
            self.assertTrue(docs, f"{model}: no {report.model} in the demo data to print")
            return lambda: getattr(Model, method)(docs.ids, data=None)
        records = (
            Model.browse() if Model._transient else Model.search([], limit=1 if method.startswith("action_") else 5)
        )
        if not records:
            records = Model.create(CREATE_VALUES.get(model, lambda env: {})(self.env))
        self.assertTrue(records, f"{model}.{method}: no record in the demo data to call it on")
        return lambda: getattr(records, method)()

    def test_the_check_catches_a_write(self):
        """The read-only transaction refuses a write, the way the replica would."""
        partner = self.env["res.partner"].search([], limit=1)
        with self.assertRaises(ReadOnlySqlTransaction):
            self._read_only(lambda: partner.write({"comment": "written"}))

    def test_readonly_methods_write_nothing(self):
        """Every ``@api.readonly`` method of the suite runs in a read-only transaction."""
        methods = suite_readonly_methods(self.registry)
        self.assertLessEqual(EXPECTED, set(methods), "a heavy read lost its @api.readonly")
        for model, method in methods:
            with self.subTest(method=f"{model}.{method}"), self.env.cr.savepoint():
                result = self._read_only(self._call(model, method))
                # an action (a dict), the report's values, the day sheets: something to show
                self.assertTrue(result, f"{model}.{method} returned nothing")

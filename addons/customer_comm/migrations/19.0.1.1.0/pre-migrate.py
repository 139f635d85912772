"""19.0.1.1.0: the issuing department of a notice (CC-23) was a selection and is now ``customer.department``.

Filled before the schema update so that the new required column gets its NOT NULL constraint.
"""

# old selection key -> xml id of the shipped department that replaces it
OLD_DEPARTMENTS = {
    "marketing": "customer_department_marketing",
    "customer_service": "customer_department_customer_service",
    "finance": "customer_department_finance",
    "technical_support": "customer_department_rnd",
}


def migrate(cr, version):
    cr.execute(
        "SELECT 1 FROM information_schema.columns WHERE table_name = 'customer_notice' AND column_name = 'department'"
    )
    if not cr.rowcount:
        return
    cr.execute("ALTER TABLE customer_notice ADD COLUMN IF NOT EXISTS department_id int4")
    for old_key, xml_name in OLD_DEPARTMENTS.items():
        cr.execute(
            """
            UPDATE customer_notice notice
               SET department_id = data.res_id
              FROM ir_model_data data
             WHERE data.module = 'customer_comm'
               AND data.name = %s
               AND notice.department = %s
               AND notice.department_id IS NULL
            """,
            [xml_name, old_key],
        )

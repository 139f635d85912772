"""19.0.1.2.0: the confidential archive moves from ``res.partner`` columns to ``customer.archive`` (CC-9).

The values are copied into one archive per partner that has any, then the old
columns are dropped so that the secrets no longer sit on the partner table.
Values the update itself already wrote (demo data reloaded) are kept. The
stored completeness figures (CC-7) are left as they are: the values behind them
are the same.
"""

from odoo.tools import SQL
from odoo.tools.sql import column_exists

# old res_partner column -> customer_archive column
MOVED_COLUMNS = {
    "cc_business_focus": "business_focus",
    "cc_operating_overview": "operating_overview",
    "cc_archive_note": "archive_note",
    "cc_preferences": "preferences",
    "cc_birthday": "birthday",
    "cc_anniversary": "anniversary",
    "cc_credit_level_id": "credit_level_id",
}


def migrate(cr, version):
    moved = {old: new for old, new in MOVED_COLUMNS.items() if column_exists(cr, "res_partner", old)}
    if not moved:
        return
    cr.execute(
        SQL(
            """
            INSERT INTO customer_archive
                   (partner_id, company_id, %(new)s, create_uid, create_date, write_uid, write_date)
            SELECT id, company_id, %(old)s, 1, now() AT TIME ZONE 'UTC', 1, now() AT TIME ZONE 'UTC'
              FROM res_partner
             WHERE %(any_filled)s
            ON CONFLICT (partner_id) DO UPDATE SET %(keep_written)s
            """,
            new=SQL(", ").join(map(SQL.identifier, moved.values())),
            old=SQL(", ").join(map(SQL.identifier, moved)),
            any_filled=SQL(" OR ").join(SQL("%s IS NOT NULL", SQL.identifier(old)) for old in moved),
            keep_written=SQL(", ").join(
                SQL(
                    "%(column)s = COALESCE(%(current)s, EXCLUDED.%(column)s)",
                    column=SQL.identifier(new),
                    current=SQL.identifier("customer_archive", new),
                )
                for new in moved.values()
            ),
        )
    )
    for old in moved:
        cr.execute(SQL("ALTER TABLE res_partner DROP COLUMN %s", SQL.identifier(old)))

"""The suite's only writes without the ORM: bulk SQL where the bench shows a large gain (Q-15).

Each method writes plain stored columns only (no translated, company-dependent or relational field but
many2many pairs), adds what ``create`` / ``write`` would (magic columns, defaults, tracking where the field is
tracked), leaves the stored computes to the ORM and recomputes what depends on the rows (``modified``). The
figures that keep each one are in its docstring; anything else goes through the ORM.
"""

from odoo import api, models
from odoo.tools import SQL


class CustomerBulkWrite(models.AbstractModel):
    _name = "customer.bulk.write"
    _description = "Bulk Writes in SQL"

    @api.model
    def _mark(self, records, vals):
        """Write the same ``vals`` on every record of a job in one UPDATE (Q-15).

        For a job's own bookkeeping columns (``overdue_notified``, ``pending_digest``): plain
        stored fields, not tracked, that no ``write`` override reacts to. Odoo's ``write``
        updates 100 rows per query and prepares the tracking of every record; this is one
        query, with the same ``write_uid`` / ``write_date`` and the same recomputation of
        what depends on the fields.

        Measured on the bench database at scale 0.1 (2026-12-07, quiet 2-core machine), ``pending_digest`` of
        5,000 warnings: ``write`` 0.24 s and 58 queries (one more per 100 rows), this 0.07 s and 2 queries.
        The jobs' query counts must not grow with their records (Q-15, ``tests/test_bench_load.py``).
        """
        if not records or not vals:
            return
        columns = []
        for name, value in vals.items():
            field = records._fields[name]
            if not (field.store and field.column_type) or field.compute or getattr(field, "tracking", False):
                raise ValueError(f"{records._name}.{name} is not a plain untracked column")
            columns.append(SQL("%s = %s", SQL.identifier(name), field.convert_to_column(value, records)))
        records.flush_recordset(list(vals))
        # bench figures in the docstring: constant queries where ``write`` grows with the rows
        self.env.cr.execute(
            SQL(
                "UPDATE %s SET %s, write_uid = %s, write_date = %s WHERE id = ANY(%s)",
                SQL.identifier(records._table),
                SQL(", ").join(columns),
                self.env.uid,
                self.env.cr.now(),
                records.ids,
            )
        )
        records.invalidate_recordset([*vals, "write_uid", "write_date"])
        records.modified(list(vals))

    @api.model
    def _insert_rows(self, model, vals_list):
        """Q-15: insert rows of plain stored fields (the same keys in each) of ``model`` in one query.

        The magic columns and the defaults of the fields not given are added; the stored computed
        fields neither given nor defaulted are left to the ORM (marked to compute, as after a create).
        Return the records in the order of ``vals_list`` and the names of the fields inserted.

        Kept for the rebate computation (``dealer.rebate.settlement._generate``), measured with
        ``tools/bench.py --rows P1 --scale 0.2`` (1,000 dealers, 1,500 settlements and their terms) on
        2026-12-07, on the 2-core machine shared with other jobs: 4.85 s and 19 queries with this insert,
        7.89 s and 94 queries with Odoo's ``create`` (that run on a busier machine: its figures row took
        2.48 s against 2.01 s). ``create``'s queries grow with the rows (100 per INSERT); these do not.
        """
        if not vals_list:
            return model.browse(), []
        env = model.env
        names = list(dict.fromkeys(name for vals in vals_list for name in vals))
        storable = [
            name
            for name, field in model._fields.items()
            if field.store and field.column_type and name not in models.MAGIC_COLUMNS
        ]
        defaults = {name: value for name, value in model.default_get(storable).items() if name in storable}
        columns, arrays, inserted = [], [], names + [name for name in defaults if name not in names]
        for name in inserted:
            field = model._fields[name]
            if not field.column_type or field.translate or field.company_dependent:
                raise ValueError(f"{model._name}.{name} cannot be inserted as a plain column")
            values = []
            for vals in vals_list:
                value = vals[name] if name in vals else defaults.get(name, False)
                if field.type == "monetary":  # rounded in the currency of the row's company, as create does
                    value = env["res.company"].browse(vals["company_id"]).currency_id.round(value or 0.0)
                values.append(field.convert_to_column(value, model, vals))
            columns.append(SQL.identifier(name))
            arrays.append(SQL("%s::%s[]", values, SQL(field.column_type[1])))
        columns = SQL(", ").join(columns)
        # one query where ``create`` needs one per 100 rows: P1 at scale 0.2, 4.85 s / 19 queries against
        # 7.89 s / 94; P4, 57,611 plan lines: 4-7 s / 27 queries against 31-50 s / ~600 (docstrings)
        env.cr.execute(
            SQL(
                "INSERT INTO %(table)s (%(columns)s, create_uid, create_date, write_uid, write_date) "
                "SELECT %(columns)s, %(uid)s, %(now)s, %(uid)s, %(now)s "
                "FROM unnest(%(arrays)s) WITH ORDINALITY AS r(%(columns)s, ord) ORDER BY ord RETURNING id",
                table=SQL.identifier(model._table),
                columns=columns,
                uid=env.uid,
                now=env.cr.now(),
                arrays=SQL(", ").join(arrays),
            )
        )
        records = model.browse([row[0] for row in env.cr.fetchall()])
        for name, field in model._fields.items():
            if field.store and field.compute and name not in inserted:
                env.add_to_compute(field, records)
        return records, inserted

    @api.model
    def _insert_relation_pairs(self, model, fname, pairs):
        """Insert the ``(record id, related id)`` pairs of the many2many ``fname`` of ``model`` in one query."""
        field = model._fields[fname]
        # with the rows of ``_insert_rows`` (its bench figures): one query where ``create`` needs one per 100
        model.env.cr.execute(
            SQL(
                "INSERT INTO %s (%s, %s) SELECT * FROM unnest(%s::int4[], %s::int4[]) ON CONFLICT DO NOTHING",
                SQL.identifier(field.relation),
                SQL.identifier(field.column1),
                SQL.identifier(field.column2),
                [record_id for record_id, _related_id in pairs],
                [related_id for _record_id, related_id in pairs],
            )
        )

    @api.model
    def _update_state_and_link(self, records, state, link_field, link_of):
        """Set ``state`` and the many2one ``link_field`` of each record (``{record id: linked id}``) in one UPDATE.

        For documents whose ``write`` costs several queries per record (the approval engine checks its
        exceptions record by record): the change is tracked in the chatter as the write would
        (``_track_prepare``) and what depends on the fields is recomputed (``modified``).

        Measured on the bench database at scale 0.1 (2026-12-07, quiet 2-core machine), 500 posted settlements
        and their entries: ``write`` record by record 1.47 s and 2,018 queries, this 0.01 s and 3 queries.
        """
        env = records.env
        records._track_prepare(["state", link_field])
        records.flush_recordset()
        # bench figures in the docstring: 3 queries where ``write`` needs 4 per record
        env.cr.execute(
            SQL(
                "UPDATE %s AS r SET state = %s, %s = v.link, write_uid = %s, write_date = %s "
                "FROM unnest(%s::int4[], %s::int4[]) AS v(id, link) WHERE r.id = v.id",
                SQL.identifier(records._table),
                state,
                SQL.identifier(link_field),
                env.uid,
                env.cr.now(),
                records.ids,
                [link_of.get(record_id) for record_id in records.ids],
            )
        )
        records.invalidate_recordset(["state", link_field, "write_uid", "write_date"])
        records.modified(["state", link_field])

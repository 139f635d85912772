"""Q-16 P6 / Q-15: the SQL queries of opening the five main lists, frozen.

Each list is opened as the web client opens it (``web_search_read`` with the list view's fields,
80 rows) by an office user; the counts below are what it costs today. A change that adds queries
(a computed column read record by record, a new related field without prefetch) fails here: look
at the new column, and raise the figure only when the new query is worth it.
"""

import sys
from pathlib import Path

from odoo.tests import TransactionCase, tagged

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))
import bench_lists  # noqa: E402  (tools/bench_lists.py, shared with the benchmark's P6 row)

FROZEN = {
    "partners": 0,
    "warnings": 0,
    "complaints": 0,
    "visits": 0,
    "settlements": 0,
}


@tagged("post_install", "-at_install")
class TestListQueryCounts(TransactionCase):
    def test_list_query_counts_frozen(self):
        """Q-16 P6: opening each list costs at most its frozen query count, whatever the number of rows."""
        reader_env = self.env(user=bench_lists.list_reader(self.env).id, su=False)
        for name, xmlid in bench_lists.LISTS.items():
            with self.subTest(list=name):
                _one, one_row = bench_lists.open_list(reader_env, xmlid, limit=1)
                rows, many_rows = bench_lists.open_list(reader_env, xmlid, limit=80)
                self.assertGreater(rows, 1, f"the {name} list needs rows to measure (demo data)")
                self.assertLessEqual(
                    many_rows, FROZEN[name], f"opening the {name} list costs {many_rows} queries ({rows} rows)"
                )
                self.assertEqual(
                    many_rows, one_row, f"the {name} list costs more queries with {rows} rows than with one"
                )

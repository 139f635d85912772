"""19.0.1.4.0: a violation keeps the conduct table's deduction of the day it was recorded.

The deduction stored on each violation is the one of its day: the new ``table_coefficient`` is taken back
from it (halved where the repeat doubled it). In SQL: the violations of months already scored are frozen
to the ORM, and this only fills the new column.
"""


def migrate(cr, version):
    cr.execute(
        """
        UPDATE dealer_violation AS v
           SET table_coefficient = CASE WHEN t.repeat_doubles AND v.repeat_rank >= 2
                                        THEN v.coefficient / 2 ELSE v.coefficient END
          FROM dealer_conduct_type AS t
         WHERE t.id = v.conduct_type_id
        """
    )

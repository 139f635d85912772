from . import customer_revisit_wizard

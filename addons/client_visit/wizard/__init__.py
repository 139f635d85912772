from . import visit_plan_generate_wizard

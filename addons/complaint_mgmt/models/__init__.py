from . import res_company
from . import res_config_settings
from . import customer_complaint_cause
from . import customer_complaint
from . import tier_definition
from . import res_partner
from . import account_move
from . import customer_satisfaction

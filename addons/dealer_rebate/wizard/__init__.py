from . import dealer_rebate_compute_wizard
from . import dealer_month_score_dispute_wizard

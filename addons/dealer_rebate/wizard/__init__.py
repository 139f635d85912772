from . import dealer_rebate_compute_wizard

from . import dealer_statement_report
from . import dealer_concentration_report
from . import dealer_rebate_report

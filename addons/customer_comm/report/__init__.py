from . import customer_credit_report
from . import customer_warning_report

from . import complaint_monthly_report
from . import customer_complaint_report

from . import complaint_monthly_report

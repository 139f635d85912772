from . import customer_complaint_monthly_wizard

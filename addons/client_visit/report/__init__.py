from . import visit_compliance_report

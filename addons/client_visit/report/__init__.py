from . import visit_assessment_report
from . import visit_compliance_report

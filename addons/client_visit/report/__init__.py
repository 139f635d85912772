from . import visit_assessment_report

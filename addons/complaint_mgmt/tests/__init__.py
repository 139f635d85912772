from . import test_security
from . import test_complaint
from . import test_approval
from . import test_escalation
from . import test_resolution
from . import test_followup
from . import test_penalty
from . import test_views_web

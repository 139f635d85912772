from . import test_security
from . import test_policy
from . import test_tons_targets
from . import test_scores
from . import test_appointment
from . import test_settlement
from . import test_posting
from . import test_views_web

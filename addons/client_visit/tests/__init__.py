from . import test_approval
from . import test_compliance
from . import test_plan
from . import test_route
from . import test_security
from . import test_tour
from . import test_visit
from . import test_views_web

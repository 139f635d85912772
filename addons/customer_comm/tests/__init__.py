from . import test_security
from . import test_classification
from . import test_credit
from . import test_working_days

from . import customer_revisit_wizard
from . import comment_wizard

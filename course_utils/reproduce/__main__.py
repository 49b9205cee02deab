"""``python -m course_utils.reproduce [NAME] [--out FILE] [--results DIR] [--tiny]``.

See :mod:`course_utils.reproduce`.
"""

import sys

from . import main

sys.exit(main())

"""``python -m course_utils.reproduce [NAME] [--out FILE] [--tiny]`` (see :mod:`course_utils.reproduce`)."""

import sys

from . import main

sys.exit(main())

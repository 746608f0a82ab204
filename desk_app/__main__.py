"""``python -m desk_app``: the same entry point as ``desk-app`` and ``main.py``."""

import sys

from desk_app.cli import main

sys.exit(main())

"""Start Stembalie (the same as ``desk-app`` and ``python -m desk_app``)."""

import sys

from desk_app.cli import main

if __name__ == "__main__":
    sys.exit(main())

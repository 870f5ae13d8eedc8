"""Start Gradient Lab: ``python main.py [--tab NAME] [--screenshot DIR] [--version]``."""

import sys

from gui.app import main

if __name__ == "__main__":
    sys.exit(main())

"""``python -m wpikg`` runs the command line."""

import sys

from wpikg.cli import main

sys.exit(main())

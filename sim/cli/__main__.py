"""`python -m sim.cli` runs the `parley` command."""

import sys

from sim.cli import main

sys.exit(main())

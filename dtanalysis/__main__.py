"""`python -m dtanalysis`: the same command line as `dtanalysis`."""

import sys

from dtanalysis.cli import main

sys.exit(main())

"""`python -m motcua …`: the same as the `motcua` command."""

import sys

from motcua.cli import main

sys.exit(main())

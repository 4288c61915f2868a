"""``python -m geo.importer validate FILE`` (same commands as ``python -m geo``)."""
import sys

from geo.importer.cli import main

sys.exit(main())

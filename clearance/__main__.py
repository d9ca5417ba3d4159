"""``python -m clearance``."""

from clearance.cli import main

raise SystemExit(main())

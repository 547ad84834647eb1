"""Allow ``python -m reports.cli``."""

from reports.cli import run

run()

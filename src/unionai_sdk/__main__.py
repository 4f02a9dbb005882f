"""``python -m unionai_sdk`` runs the ``unionai`` command line."""

from unionai_sdk.cli import main

main()

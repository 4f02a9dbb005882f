"""``python -m unionai_sdk.cli`` runs the ``unionai`` command line."""

from unionai_sdk.cli import main

main()

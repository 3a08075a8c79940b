"""``python -m ehcp_standard`` runs the ``ehcp`` command line."""

from .cli import main

main()

"""``python -m eventledger``: the command line."""

from .interfaces.cli import main

main()

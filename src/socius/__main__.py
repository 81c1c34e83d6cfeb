"""``python -m socius`` runs the command line."""

from socius.cli import main

main()

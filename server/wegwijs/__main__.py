"""`python -m wegwijs` is the `wegwijs` command."""

from wegwijs.cli import main

main()

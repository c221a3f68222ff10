"""The work behind each CLI command, kept out of ``cli.py`` so it stays a table of contents."""

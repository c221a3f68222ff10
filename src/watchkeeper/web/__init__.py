"""The HTTP interface: a JSON API for platforms (and, later, the review UI)."""

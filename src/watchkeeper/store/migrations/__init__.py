"""Alembic migrations for the Watchkeeper schema, shipped inside the package.

They live here rather than at the repository root so an installed Watchkeeper can
upgrade its own database (``Store.migrate()``) with no checkout and no ini file.
Running Alembic by hand is still possible::

    alembic -c src/watchkeeper/store/migrations/alembic.ini \\
        -x url=sqlite:///watchkeeper.db upgrade head
"""

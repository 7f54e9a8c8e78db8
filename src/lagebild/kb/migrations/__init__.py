"""Alembic migrations, shipped in the package and applied by ``Store`` on open."""

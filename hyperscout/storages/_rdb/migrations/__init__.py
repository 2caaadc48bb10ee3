"""Alembic migrations of the SQL schema, run by :mod:`hyperscout.storages._rdb._migrate` (no
``alembic.ini``: the scripts ship in this package and run programmatically)."""

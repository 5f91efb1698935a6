"""Alembic environment for the help directory.

Used two ways: by `bot.db.database.upgrade()` (the connection is handed over in
`config.attributes["connection"]`), and by developers with `alembic -c alembic.ini ...`
(the URL comes from DATABASE_URL, or the default SQLite file).
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from bot.db.database import database_url
from bot.find_help.directory.schema import metadata

config = context.config


def run_migrations() -> None:
    """Run the migrations on the handed-over connection, or on a new one."""
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = create_engine(database_url(), future=True)
    with engine.begin() as new_connection:
        _run(new_connection)


def _run(connection: object) -> None:
    # SQLite cannot ALTER most things; batch mode rebuilds tables where needed.
    context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


run_migrations()

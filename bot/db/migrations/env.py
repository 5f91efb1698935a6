"""Alembic environment for the project's database (the help directory and the usage counts).

Used two ways: by `bot.db.database.upgrade()` (the connection is handed over in
`config.attributes["connection"]`), and by developers with `alembic -c alembic.ini ...`
(the URL comes from DATABASE_URL, or the default SQLite file).
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from bot.db.base import full_metadata
from bot.settings import Settings

config = context.config


def run_migrations() -> None:
    """Run the migrations on the handed-over connection, or on a new one."""
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = create_engine(Settings.from_env().database_url, future=True)
    with engine.begin() as new_connection:
        _run(new_connection)


def _run(connection: object) -> None:
    # SQLite cannot ALTER most things; batch mode rebuilds tables where needed.
    context.configure(connection=connection, target_metadata=full_metadata(), render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


run_migrations()

"""The one SQLAlchemy metadata of the project's database: the help directory's tables
(bot/find_help/directory/schema.py) and the usage counts (bot/usage/schema.py) are declared on
it, and one Alembic history (bot/db/migrations/) creates them all."""

from __future__ import annotations

from typing import Any

from sqlalchemy import MetaData
from sqlalchemy.orm import declarative_base

# Named constraints, so that migrations can refer to them on every database.
metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)
Base: Any = declarative_base(metadata=metadata)

# The modules that declare tables on `metadata` (Alembic and the schema test import them all).
SCHEMA_MODULES = ("bot.find_help.directory.schema", "bot.usage.schema")


def full_metadata() -> MetaData:
    """`metadata` with every table of every schema module declared on it."""
    import importlib

    for module in SCHEMA_MODULES:
        importlib.import_module(module)
    return metadata

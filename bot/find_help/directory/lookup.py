"""One object for the processes that look up help routes (action server, CLI, benchmark)."""

from __future__ import annotations

import json
import logging
from pathlib import Path

from sqlalchemy.engine import Engine

from bot.db.database import make_engine
from bot.find_help.directory import store
from bot.find_help.directory.records import load_directory
from bot.find_help.directory.route import Route, route_for, route_to_dict

logger = logging.getLogger(__name__)


class DirectoryLookup:
    """Help routes by municipality code, from the directory database."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    @classmethod
    def open(cls, facts_dir: Path, url: str | None = None) -> DirectoryLookup:
        """Connect; on an empty database (a fresh checkout), build it from the data files."""
        engine = make_engine(url)
        if not store.database_is_built(engine):
            logger.info("Directory database is empty: building it from %s", facts_dir)
            store.build_database(
                engine, load_directory(facts_dir / "directory.yml"), facts_dir / "places"
            )
        return cls(engine)

    @property
    def engine(self) -> Engine:
        """The engine (for import, export and check)."""
        return self._engine

    def route(self, municipality_code: str) -> Route | None:
        """The help route for a municipality, or None for an unknown code."""
        with self._engine.connect() as connection:
            return route_for(connection, municipality_code)

    def route_json(self, municipality_code: str) -> str | None:
        """The route in its JSON form, compact (what the action hands to the NLG)."""
        route = self.route(municipality_code)
        if route is None:
            return None
        return json.dumps(route_to_dict(route), ensure_ascii=False, separators=(",", ":"))

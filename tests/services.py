"""The local services some tests need (PostgreSQL, Redis): a test is skipped only when the
service does not answer at all (a refused connection), never for any other error, which must
fail the test. Under CI=true a skip fails the run anyway (tests/conftest.py)."""

from __future__ import annotations

import pytest

POSTGRES_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"


def _refused(error: BaseException) -> bool:
    """True when `error` (or what caused it) is a connection that could not be made."""
    text = str(error).lower()
    while error is not None:
        if isinstance(error, ConnectionRefusedError | ConnectionError):
            return True
        error = error.__cause__ or error.__context__  # type: ignore[assignment]
    return "connection refused" in text or "could not connect" in text


def postgres_admin_engine(url: str = POSTGRES_ADMIN_URL):  # type: ignore[no-untyped-def]
    """An engine on the local PostgreSQL's admin database; skips when nothing answers."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.exc import OperationalError

    engine = create_engine(url, future=True, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            connection.execute(text("select 1"))
    except OperationalError as error:
        if not _refused(error):
            raise
        pytest.skip(f"no PostgreSQL answers at {url} (CI has one)")
    return engine


def redis_client(db: int):  # type: ignore[no-untyped-def]
    """A client of the local Redis, database `db` emptied; skips when nothing answers."""
    import redis

    client = redis.Redis(host="127.0.0.1", port=6379, db=db)
    try:
        client.ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("no Redis answers on 127.0.0.1:6379 (CI has one)")
    client.flushdb()
    return client

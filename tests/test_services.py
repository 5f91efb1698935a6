"""Tests skip for a missing service only when it does not answer, never for other errors."""

import pytest
from sqlalchemy.exc import OperationalError

from tests.services import postgres_admin_engine


def test_no_postgresql_answering_is_a_skip():
    with pytest.raises(pytest.skip.Exception):
        postgres_admin_engine("postgresql://postgres@127.0.0.1:1/postgres")


def test_any_other_database_error_is_an_error_not_a_skip():
    postgres_admin_engine()  # the local server answers (CI has one)
    with pytest.raises(OperationalError):
        postgres_admin_engine("postgresql://postgres@127.0.0.1:5432/no_such_database_here")

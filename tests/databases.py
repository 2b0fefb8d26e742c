"""PostgreSQL for tests: each run and each migration test gets a schema of its own."""

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import text
from sqlalchemy.engine import make_url

from wegwijs.db import create_db_engine

POSTGRES_URL = os.environ.get("WEGWIJS_TEST_DATABASE_URL")


@contextmanager
def fresh_postgres_schema(prefix: str) -> Iterator[str]:
    """Create an empty schema; yield a URL whose search_path is that schema; drop it after."""
    assert POSTGRES_URL, "WEGWIJS_TEST_DATABASE_URL is not set"
    base = make_url(POSTGRES_URL).set(drivername="postgresql+psycopg")
    schema = f"{prefix}_{uuid.uuid4().hex[:10]}"
    admin = create_db_engine(base)
    with admin.connect() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        connection.commit()
    try:
        url = base.update_query_dict({"options": f"-csearch_path={schema}"})
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
            connection.commit()
        admin.dispose()

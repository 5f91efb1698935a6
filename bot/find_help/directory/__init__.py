"""The help directory: who helps where, with the source of every record.

- `records`: the data file (`facts/directory.yml`) as plain records, validated on load, and
  written back in one canonical form (so import and export round-trip).
- `phone`: phone numbers formatted for reading and for dialling.
- `schema` and `migrations/`: the database tables (SQLAlchemy 1.4, 2.0-style) and their
  Alembic migrations.
- `store`: import, export, freshness check and lookup by municipality, through SQLAlchemy.
- `route`: the answer for one municipality (who to contact now, what else exists) and its
  JSON format (docs/route-format.md).
- `presentation`: that answer as text in the user's language.
"""

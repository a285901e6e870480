"""Alembic's environment: always online, on the connection `service.store.migrations` hands in
(inside its transaction and, on PostgreSQL, its advisory lock)."""

from __future__ import annotations

from alembic import context

from service.store.migrations import include_object, target_metadata


def run_migrations() -> None:
    connection = context.config.attributes["connection"]
    context.configure(connection=connection, target_metadata=target_metadata(),
                      include_object=include_object, compare_type=True,
                      render_as_batch=connection.dialect.name == "sqlite")
    with context.begin_transaction():
        context.run_migrations()


if __name__ != "service.store.migrations.env":  # run by Alembic, not imported
    run_migrations()

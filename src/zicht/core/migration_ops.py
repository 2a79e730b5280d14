"""Migration operations for tables that are written on every page: building an index on them
must not stop those writes."""

from typing import Any

from django.db import migrations


class AddIndexOnline(migrations.AddIndex):
    """`AddIndex` that builds the index without blocking writes on PostgreSQL (`CREATE INDEX
    CONCURRENTLY`, so the migration must set `atomic = False`); elsewhere a plain CREATE INDEX.

    The access log is written by every page that shows client data, around the clock; a plain
    CREATE INDEX on five years of entries would hold those pages for as long as it builds.
    """

    def database_forwards(
        self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any
    ) -> None:
        if schema_editor.connection.vendor != "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)
            return
        model = to_state.apps.get_model(app_label, self.model_name)
        if self.allow_migrate_model(schema_editor.connection.alias, model):
            schema_editor.add_index(model, self.index, concurrently=True)

    def database_backwards(
        self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any
    ) -> None:
        if schema_editor.connection.vendor != "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)
            return
        model = from_state.apps.get_model(app_label, self.model_name)
        if self.allow_migrate_model(schema_editor.connection.alias, model):
            schema_editor.remove_index(model, self.index, concurrently=True)


class DropIndexOnline(migrations.operations.base.Operation):
    """Drops an index by name without blocking writers (`DROP INDEX CONCURRENTLY` on PostgreSQL);
    the way back builds it again the same way. Database only: pair it with the state change in
    `SeparateDatabaseAndState`. (Django's `AlterField` for a foreign key's `db_index` also drops
    and re-adds the foreign key, which re-checks every row under a lock writers wait on.)"""

    reversible = True

    def __init__(self, table: str, name: str, columns: list[str], where: str = "") -> None:
        self.table, self.name, self.columns, self.where = table, name, columns, where

    def deconstruct(self) -> tuple[str, list[Any], dict[str, Any]]:
        kwargs = {"table": self.table, "name": self.name, "columns": self.columns}
        return (
            self.__class__.__qualname__,
            [],
            kwargs | ({"where": self.where} if self.where else {}),
        )

    def state_forwards(self, app_label: str, state: Any) -> None:
        pass

    def _online(self, schema_editor: Any) -> str:
        return "CONCURRENTLY " if schema_editor.connection.vendor == "postgresql" else ""

    def database_forwards(
        self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any
    ) -> None:
        name = schema_editor.quote_name(self.name)
        schema_editor.execute(f"DROP INDEX {self._online(schema_editor)}IF EXISTS {name}")

    def database_backwards(
        self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any
    ) -> None:
        quote = schema_editor.quote_name
        columns = ", ".join(quote(column) for column in self.columns)
        schema_editor.execute(
            f"CREATE INDEX {self._online(schema_editor)}IF NOT EXISTS {quote(self.name)} "
            f"ON {quote(self.table)} ({columns})" + (f" WHERE {self.where}" if self.where else "")
        )

    def describe(self) -> str:
        return f"Drop index {self.name} without blocking writers"

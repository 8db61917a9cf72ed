"""Hints to SQLite's planner that leave the query's meaning alone."""

from django.db.models import Func


class Unindexed(Func):
    """A column SQLite's planner will not look up in an index (a unary plus; as it is elsewhere).

    Without statistics of value ranges, SQLite cannot tell which of two range conditions is the narrow
    one; marking the wide one says which index fits (a strip along a view's edge, the shapes' index)."""

    def as_sql(self, compiler, connection, **extra):
        return compiler.compile(self.source_expressions[0])

    def as_sqlite(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"+{sql}", params

"""Screen a Spark DataFrame with ``mapInArrow``: every partition's Arrow batches are screened
in the executor's Python worker by the same library, with no Python per row.

>>> from uflpa_screen.spark import screen_spark
>>> results = screen_spark(spark.table("customs.entry_lines"))   # lazy, like any transformation
>>> results.groupBy("verdict").count().show()

The output schema is the package's (``output_schema``): the input's columns, renamed only
where they clash with the tool's columns (``input.NAME``), then ``row`` (the row's position
in its Arrow batch, 1-based: not a global row number), ``shipment_id``, ``line``,
``verdict``, ``codes``, ``reasons``, ``value_decimal`` (DECIMAL(38,6)), ``value_currency``,
``entry_date_parsed`` (DATE) and ``findings`` (ARRAY<STRUCT<code, severity, field, matched,
reason, tier, waived>>).

Each batch is screened on its own, so give ``decimal=`` and ``date_order=`` when the data's
conventions are known: inferred per batch, a batch of ambiguous dates (all days <= 12)
could be read differently from its neighbours. Unreadable rows raise ``ScreenError`` in
the task (``max_rejects`` per batch); blank rows are left out of the results (count them
with ``rejects`` before screening if they matter). See docs/scale.md for partitioning.
"""

from __future__ import annotations

import os
from typing import Any, Iterator

from . import _screener, output_schema


def spark_schema(schema: Any) -> Any:
    """The Spark ``StructType`` of the results for a Spark input ``StructType``."""
    import pyarrow as pa
    from pyspark.sql.pandas.types import from_arrow_schema, to_arrow_schema

    arrow_in = to_arrow_schema(schema)
    return from_arrow_schema(pa.schema(output_schema(arrow_in)))


def screen_spark(
    sdf: Any,
    *,
    rules: str | os.PathLike | None = None,
    config: str | os.PathLike | None = None,
    as_of: str | None = None,
    decimal: str = "auto",
    date_order: str = "auto",
    max_rejects: int = 0,
    threads: int = 1,
) -> Any:
    """Screen every row of a Spark DataFrame; returns a Spark DataFrame (lazy).

    ``rules`` and ``config`` must be paths every executor can read (the embedded pack needs
    none). ``threads``: screening threads per Python worker (default 1: Spark already runs
    one task per core). The other arguments are ``uflpa_screen.screen``'s. Raises, when an
    action runs, ``ScreenError`` from the task that met an unreadable row or a bad pack or
    configuration.
    """
    schema = spark_schema(sdf.schema)
    rules_s = None if rules is None else os.fspath(rules)
    config_s = None if config is None else os.fspath(config)

    def run(batches: Iterator[Any]) -> Iterator[Any]:
        import pyarrow as pa

        s = _screener(rules_s, config_s, as_of, threads)
        for batch in batches:
            if batch.num_rows == 0:
                continue
            results, _rejects, _summary = s.screen_table(
                pa.Table.from_batches([batch]),
                name="<spark batch>",
                decimal=decimal,
                date_order=date_order,
                max_rejects=max_rejects,
            )
            for b in pa.table(results).to_batches():
                yield b

    return sdf.mapInArrow(run, schema)

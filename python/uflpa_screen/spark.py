"""Screen a Spark DataFrame with ``mapInArrow``: every partition's Arrow batches are screened
in the executor's Python worker by the same library, with no Python per row.

>>> from uflpa_screen.spark import screen_spark
>>> results, rejects = screen_spark(spark.table("customs.entry_lines"))   # lazy DataFrames
>>> results.groupBy("verdict").count().show()
>>> rejects.groupBy("kind").count().show()          # blank rows, unreadable rows and cells

The results' schema is the package's (``output_schema``): the input's columns, renamed only
where they clash with the tool's columns (``input.NAME``), then ``row`` (the row's position
in its Arrow batch, 1-based: not a global row number), ``shipment_id``, ``line``,
``verdict``, ``codes``, ``reasons``, ``value_decimal`` (DECIMAL(38,6)), ``value_currency``,
``entry_date_parsed`` (DATE) and ``findings`` (ARRAY<STRUCT<code, severity, field, matched,
reason, tier, waived>>).

Every input row is in the results or in the rejects, exactly once, as the CLI accounts for
rows: a blank row (every column null or blank) and a row that cannot be read (allowed by
``max_rejects``) are not screened and are in the rejects with their reason; an unreadable
cell is in the rejects (``kind`` ``cell``) and its row in the results, screened on its other
fields. The rejects have ``row`` and ``line`` (BIGINT, the position in the Arrow batch),
``column`` (STRING, null for a whole row), ``kind`` (``record``, ``blank`` or ``cell``),
``reason`` and ``raw`` (the row's text). Executors cannot warn, so the rejects always come
back (``screen`` of a polars or pandas frame warns instead).

Each batch is screened on its own, so give ``decimal=`` and ``date_order=`` when the data's
conventions are known: inferred per batch, a batch of ambiguous dates (all days <= 12)
could be read differently from its neighbours. More unreadable rows in a batch than
``max_rejects`` raise ``ScreenError`` in the task. See docs/scale.md for partitioning.
"""

from __future__ import annotations

import datetime
import os
from typing import Any, Iterator, NamedTuple

from . import _screener, _warned, output_schema


class SparkScreened(NamedTuple):
    """What ``screen_spark`` returns: two lazy Spark DataFrames, ``results`` (one row per
    screened input row) and ``rejects`` (blank and unreadable rows, unreadable cells)."""

    results: Any
    rejects: Any


def spark_schema(schema: Any) -> Any:
    """The Spark ``StructType`` of the results for a Spark input ``StructType``."""
    import pyarrow as pa
    from pyspark.sql.pandas.types import from_arrow_schema, to_arrow_schema

    arrow_in = to_arrow_schema(schema)
    return from_arrow_schema(pa.schema(output_schema(arrow_in)))


def rejects_schema() -> Any:
    """The Spark ``StructType`` of the rejects: ``row``, ``line`` (BIGINT), ``column``,
    ``kind``, ``reason``, ``raw`` (STRING; ``column`` null for a whole row)."""
    from pyspark.sql.types import LongType, StringType, StructField, StructType

    return StructType(
        [
            StructField("row", LongType(), False),
            StructField("line", LongType(), False),
            StructField("column", StringType(), True),
            StructField("kind", StringType(), False),
            StructField("reason", StringType(), False),
            StructField("raw", StringType(), False),
        ]
    )


def screen_spark(
    sdf: Any,
    *,
    rules: str | os.PathLike | None = None,
    lists: str | os.PathLike | None = None,
    config: str | os.PathLike | None = None,
    as_of: str | None = None,
    decimal: str = "auto",
    date_order: str = "auto",
    max_rejects: int = 0,
    max_list_age: int | None = None,
    threads: int = 1,
) -> SparkScreened:
    """Screen every row of a Spark DataFrame; returns ``SparkScreened(results, rejects)``,
    two lazy Spark DataFrames (see the module's documentation for their columns). Each is
    computed when an action uses it: using both screens twice, unless the input is cached.

    ``rules``, ``lists`` and ``config`` must be paths the driver and every executor can read
    (the embedded pack needs none): the screener is compiled once on the driver first, so
    that a bad pack, list or configuration raises ``ScreenError`` here, and the lists'
    warnings are raised here as ``ListWarning``. ``as_of`` defaults to the driver's date
    (UTC), the same for every task. ``threads``: screening threads per Python worker
    (default 1: Spark already runs one task per core). The other arguments are
    ``uflpa_screen.screen``'s. Raises, when an action runs, ``ScreenError`` from a task whose
    batch has more unreadable rows than ``max_rejects``.
    """
    results_schema = spark_schema(sdf.schema)
    rules_s = None if rules is None else os.fspath(rules)
    lists_s = None if lists is None else os.fspath(lists)
    config_s = None if config is None else os.fspath(config)
    if as_of is None:
        as_of = datetime.datetime.now(datetime.timezone.utc).date().isoformat()
    _warned(_screener(rules_s, config_s, as_of, threads, lists_s, max_list_age))

    def screened(batches: Iterator[Any], want_results: bool) -> Iterator[Any]:
        import pyarrow as pa

        s = _screener(rules_s, config_s, as_of, threads, lists_s, max_list_age)
        for batch in batches:
            if batch.num_rows == 0:
                continue
            results, rejects, _summary = s.screen_table(
                pa.Table.from_batches([batch]),
                name="<spark batch>",
                decimal=decimal,
                date_order=date_order,
                max_rejects=max_rejects,
            )
            yield from pa.table(results if want_results else rejects).to_batches()

    def results_fn(batches: Iterator[Any]) -> Iterator[Any]:
        return screened(batches, True)

    def rejects_fn(batches: Iterator[Any]) -> Iterator[Any]:
        return screened(batches, False)

    return SparkScreened(
        sdf.mapInArrow(results_fn, results_schema),
        sdf.mapInArrow(rejects_fn, rejects_schema()),
    )

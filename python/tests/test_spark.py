"""Spark local mode: a Spark DataFrame of a few thousand generated entry lines is screened
through mapInArrow with the package's output schema, and every row gets the CLI's verdict
and codes. Needs Java (ci/test-python.sh installs it when root) and $UFLPA_SPARK_MANIFEST,
a CSV written by `cargo run --example gen_manifest` (the script makes it)."""

import csv
import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

MANIFEST = os.environ.get("UFLPA_SPARK_MANIFEST")
BIN = os.environ.get("UFLPA_SCREEN_BIN")

pytestmark = pytest.mark.skipif(
    not (MANIFEST and BIN and shutil.which("java")),
    reason="needs java, UFLPA_SPARK_MANIFEST and UFLPA_SCREEN_BIN (ci/test-python.sh sets them)",
)


@pytest.fixture(scope="module")
def spark():
    import sys

    from pyspark.sql import SparkSession

    # The workers run this venv's Python, where the wheel is installed.
    os.environ["PYSPARK_PYTHON"] = sys.executable
    s = (
        SparkSession.builder.master("local[2]")
        .appName("uflpa-screen-test")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.sql.execution.arrow.maxRecordsPerBatch", "1000")
        .getOrCreate()
    )
    yield s
    s.stop()


def test_spark_mapinarrow_gets_the_cli_verdicts(spark):
    from pyspark.sql import functions as F

    from uflpa_screen.spark import screen_spark, spark_schema

    with open(MANIFEST, newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        header = next(reader)
        rows = list(reader)
    assert len(rows) >= 2000
    out = subprocess.run(
        [BIN, "screen", "--format", "csv", "--exit-zero", MANIFEST],
        check=True,
        capture_output=True,
    ).stdout.decode()
    want = {
        r["row"]: (r["verdict"], r["codes"])
        for r in csv.DictReader(out.splitlines())
    }
    assert len(want) == len(rows)
    # Every column as text, as the CLI reads a CSV; `_row` carries the file's row number
    # through Spark (renamed by nothing: it clashes with no tool column).
    sdf = spark.createDataFrame(
        [[str(i + 1), *r] for i, r in enumerate(rows)], ["_row", *header]
    ).repartition(4)
    schema = spark_schema(sdf.schema)
    assert schema.fieldNames()[-10:] == [
        "row", "shipment_id", "line", "verdict", "codes", "reasons",
        "value_decimal", "value_currency", "entry_date_parsed", "findings",
    ]
    assert schema["value_decimal"].dataType.simpleString() == "decimal(38,6)"
    assert schema["entry_date_parsed"].dataType.simpleString() == "date"
    start = time.perf_counter()
    # The generated file's conventions, given, as docs/scale.md advises for batches.
    res = screen_spark(sdf, decimal="point", date_order="auto")
    got = {r["_row"]: (r["verdict"], r["codes"]) for r in res.select("_row", "verdict", "codes").collect()}
    secs = time.perf_counter() - start
    print(f"\nspark local[2]: {len(rows)} rows screened in {secs:.2f} s")
    assert len(got) == len(rows), "every row once"
    diff = [(k, got[k], want[k]) for k in want if got.get(k) != want[k]]
    assert not diff, diff[:5]
    counts = {r["verdict"]: r["count"] for r in res.groupBy("verdict").count().collect()}
    assert counts.get("presumed", 0) > 0 and counts.get("clear", 0) > 0
    # Findings are a real array of structs in Spark.
    n = res.select(F.explode("findings").alias("f")).where(F.col("f.code").startswith("XJ")).count()
    assert n > 0

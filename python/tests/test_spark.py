"""Spark local mode: a Spark DataFrame of a few thousand generated entry lines is screened
through mapInArrow with the package's output schema, and every row gets the CLI's verdict
and codes; blank rows (and unreadable cells) come back in the rejects, as the CLI lists them.
Needs Java (ci/test-python.sh installs it when root) and $UFLPA_SPARK_MANIFEST,
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


BLANK = 7
"""Blank rows added to the manifest (every column empty), as a spreadsheet export leaves."""


def test_spark_mapinarrow_gets_the_cli_verdicts(spark, tmp_path):
    from collections import Counter

    from pyspark.sql import functions as F

    from uflpa_screen.spark import screen_spark, spark_schema

    with open(MANIFEST, newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        header = next(reader)
        rows = list(reader)
    assert len(rows) >= 2000
    # The CLI on the same rows, with the blank rows at the end: its verdicts, and its rejects
    # (blank rows listed with the reason "blank row", cells), the rule Spark must follow.
    with_blanks = tmp_path / "with-blanks.csv"
    with_blanks.write_text(
        Path(MANIFEST).read_text(encoding="utf-8").rstrip("\n")
        + "\n"
        + ("," * (len(header) - 1) + "\n") * BLANK,
        encoding="utf-8",
    )
    cli_rejects = tmp_path / "rejects.csv"
    out = subprocess.run(
        [BIN, "screen", "--format", "csv", "--exit-zero", "--rejects", str(cli_rejects),
         str(with_blanks)],
        check=True,
        capture_output=True,
    ).stdout.decode()
    want = {
        r["row"]: (r["verdict"], r["codes"])
        for r in csv.DictReader(out.splitlines())
    }
    assert len(want) == len(rows)
    with open(cli_rejects, newline="", encoding="utf-8") as f:
        want_rejects = [(r["kind"], r["reason"]) for r in csv.DictReader(f)]
    assert Counter(k for k, _ in want_rejects)["blank"] == BLANK
    assert {r for k, r in want_rejects if k == "blank"} == {"blank row"}
    # Every column as text, as the CLI reads a CSV; `_row` carries the file's row number
    # through Spark (renamed by nothing: it clashes with no tool column). The blank rows
    # have every column null, `_row` too.
    data = [[str(i + 1), *r] for i, r in enumerate(rows)]
    for k in range(BLANK):
        data.insert(k * 400 + 1, [None] * (len(header) + 1))
    sdf = spark.createDataFrame(data, ["_row", *header]).repartition(4)
    schema = spark_schema(sdf.schema)
    assert schema.fieldNames()[-10:] == [
        "row", "shipment_id", "line", "verdict", "codes", "reasons",
        "value_decimal", "value_currency", "entry_date_parsed", "findings",
    ]
    assert schema["value_decimal"].dataType.simpleString() == "decimal(38,6)"
    assert schema["entry_date_parsed"].dataType.simpleString() == "date"
    start = time.perf_counter()
    # The generated file's conventions, given, as docs/scale.md advises for batches.
    res, rej = screen_spark(sdf, decimal="point", date_order="auto")
    got_rows = res.select("_row", "verdict", "codes").collect()
    secs = time.perf_counter() - start
    print(f"\nspark local[2]: {len(rows)} rows screened in {secs:.2f} s")
    got = {r["_row"]: (r["verdict"], r["codes"]) for r in got_rows}
    assert len(got_rows) == len(got) == len(rows), "every non-blank row once"
    diff = [(k, got[k], want[k]) for k in want if got.get(k) != want[k]]
    assert not diff, diff[:5]
    # Nothing lost: every input row is screened or rejected with its reason, exactly once,
    # and the rejects are the CLI's (blank rows, cells).
    got_rejects = [(r["kind"], r["reason"]) for r in rej.select("kind", "reason").collect()]
    assert Counter(got_rejects) == Counter(want_rejects)
    records = [x for x in got_rejects if x[0] != "cell"]
    assert len(got_rows) + len(records) == sdf.count() == len(rows) + BLANK
    # The driver compiles the screener at the call (lazy otherwise) and warns about the
    # lists there: executors cannot.
    import uflpa_screen as us

    with pytest.warns(us.ListWarning, match="after the run's date 2026-01-01"):
        screen_spark(sdf, as_of="2026-01-01")
    with pytest.raises(us.ScreenError, match="no entity-list.csv"):
        screen_spark(sdf, lists=tmp_path / "no-lists-here")
    counts = {r["verdict"]: r["count"] for r in res.groupBy("verdict").count().collect()}
    assert counts.get("presumed", 0) > 0 and counts.get("clear", 0) > 0
    # Findings are a real array of structs in Spark.
    n = res.select(F.explode("findings").alias("f")).where(F.col("f.code").startswith("XJ")).count()
    assert n > 0

"""The installed wheel screens the sample manifests through polars and pandas and agrees with
the CLI, row by row. The CLI is the binary at $UFLPA_SCREEN_BIN (ci/test-python.sh builds
it); its CSV output is the reference."""

import csv
import datetime
import decimal
import io
import os
import subprocess
from pathlib import Path

import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

import uflpa_screen as us

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = sorted((ROOT / "sample-manifests").glob("*.csv"))
BIN = os.environ.get("UFLPA_SCREEN_BIN", str(ROOT / "target" / "debug" / "uflpa-screen"))


def cli_rows(path: Path, *extra: str) -> list[dict]:
    """The CLI's CSV output of a file, as dicts."""
    out = subprocess.run(
        [BIN, "screen", "--format", "csv", "--exit-zero", *extra, str(path)],
        check=True,
        capture_output=True,
    ).stdout.decode()
    return list(csv.DictReader(io.StringIO(out)))


def test_samples_exist():
    assert len(SAMPLES) >= 9


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_screen_file_gets_the_cli_verdicts(path):
    want = cli_rows(path)
    got = us.screen_file(path)
    assert isinstance(got, pl.DataFrame)
    assert got.height == len(want)
    assert got["verdict"].to_list() == [r["verdict"] for r in want]
    assert got["codes"].to_list() == [r["codes"] for r in want]
    assert got["reasons"].to_list() == [r["reasons"] for r in want]
    # The same names as the CLI's CSV, by the one naming rule.
    assert set(got.columns) - {"findings"} == set(want[0].keys())
    # Typed columns agree with the CLI's text.
    for value, date, r in zip(got["value_decimal"], got["entry_date_parsed"], want):
        assert (value is None) == (r["value_decimal"] == ""), r
        if value is not None:
            assert value == decimal.Decimal(r["value_decimal"]), r
        assert (date.isoformat() if date else "") == r["entry_date_parsed"], r


def read_text_table(path: Path) -> list[dict]:
    """A sample as a list of dicts of text, read by Python's csv module (the samples that
    are UTF-8, comma- or semicolon-delimited)."""
    text = path.read_bytes().decode("utf-8-sig")
    dialect = csv.Sniffer().sniff(text.splitlines()[0], delimiters=",;\t")
    return list(csv.DictReader(io.StringIO(text), dialect=dialect))


def utf8_samples():
    out = []
    for p in SAMPLES:
        try:
            p.read_bytes().decode("utf-8-sig")
        except UnicodeDecodeError:
            continue
        out.append(p)
    return out


@pytest.mark.parametrize("path", utf8_samples(), ids=lambda p: p.name)
def test_polars_and_pandas_dataframes_get_the_cli_verdicts(path):
    rows = read_text_table(path)
    want = cli_rows(path)
    assert len(rows) == len(want)
    pdf = pd.DataFrame(rows, dtype="string")
    pldf = pl.DataFrame(rows, schema={k: pl.String for k in rows[0]})
    got_pl = us.screen(pldf, name=path.name)
    got_pd = us.screen(pdf, name=path.name)
    assert isinstance(got_pl, pl.DataFrame)
    assert isinstance(got_pd, pd.DataFrame)
    verdicts = [r["verdict"] for r in want]
    codes = [r["codes"] for r in want]
    assert got_pl["verdict"].to_list() == verdicts
    assert got_pl["codes"].to_list() == codes
    assert got_pd["verdict"].tolist() == verdicts
    assert got_pd["codes"].tolist() == codes
    # pandas: money as Decimal, dates as dates, never floats.
    for v in got_pd["value_decimal"]:
        assert v is None or isinstance(v, decimal.Decimal), type(v)
    for d in got_pd["entry_date_parsed"]:
        assert d is None or isinstance(d, datetime.date), type(d)
    # Findings as a list of structs; `codes` lists each of their codes once, in order.
    for f, c in zip(got_pl["findings"].to_list(), codes):
        assert ";".join(dict.fromkeys(x["code"] for x in f)) == c


def test_typed_columns_and_the_naming_rule():
    df = pl.DataFrame(
        {
            "shipment_id": ["S1", "S1"],
            "Line": ["1", "2"],
            "Verdict": ["x", "y"],
            "supplier": ["Xinjiang Tianrun Cotton Co.", "Acme GmbH"],
            "value": ["54.000,00", None],
            "currency": ["EUR", None],
            "entry_date": ["31.01.2025", None],
            "qty": [3, 4],
        }
    )
    got = us.screen(df)
    assert got.columns[:8] == [
        "input.shipment_id",
        "input.Line",
        "input.Verdict",
        "supplier",
        "value",
        "currency",
        "entry_date",
        "qty",
    ]
    assert tuple(got.columns[8:]) == us.OWN_COLUMNS
    assert got["qty"].dtype == pl.Int64, "input columns keep their types"
    assert got["value_decimal"].dtype == pl.Decimal(38, 6)
    assert got["value_decimal"][0] == decimal.Decimal("54000")
    assert got["value_decimal"][1] is None
    assert got["value_currency"].to_list() == ["EUR", None]
    assert got["entry_date_parsed"].to_list() == [datetime.date(2025, 1, 31), None]
    assert got["verdict"].to_list() == ["presumed", "review"] or got["verdict"][0] == "presumed"
    assert got["shipment_id"].to_list() == ["S1", "S1"]
    assert got["row"].to_list() == [1, 2]
    # Without case, `LINE` clashes with `line` and then with `input.line`.
    assert us.output_names(["line", "LINE", "x"]) == ["input.line", "input.input.LINE", "x"]
    schema = pa.schema(us.output_schema(pa.schema([("line", pa.string())])))
    assert schema.names == ["input.line", *us.OWN_COLUMNS]
    assert schema.field("value_decimal").type == pa.decimal128(38, 6)
    assert schema.field("entry_date_parsed").type == pa.date32()


def test_nothing_lost_blank_rows_are_rejects_with_a_warning():
    df = pl.DataFrame({"supplier": ["Acme", None, "Aksu Textile, Xinjiang"], "note": ["a", None, "c"]})
    with pytest.warns(UserWarning, match="1 row"):
        got = us.screen(df)
    assert got["row"].to_list() == [1, 3]
    res, rej, summary = us.screen(df, rejects=True)
    assert res.height + rej.filter(pl.col("kind") != "cell").height == df.height
    assert rej["kind"].to_list() == ["blank"]
    assert rej["row"].to_list() == [2]
    assert summary["blank"] == 1
    assert summary["verdicts"]["presumed"]["rows"] + summary["verdicts"]["clear"]["rows"] + summary["verdicts"]["review"]["rows"] == 2


def test_errors_are_exceptions_naming_what_failed(tmp_path):
    with pytest.raises(us.ScreenError, match="no_such.csv"):
        us.screen_file(tmp_path / "no_such.csv")
    with pytest.raises(us.ScreenError, match="decimal='dot'"):
        us.screen(pl.DataFrame({"supplier": ["a"]}), decimal="dot")
    bad = tmp_path / "uflpa.toml"
    bad.write_text('fail_on = "presumed"\nnot_a_key = 1\n')
    with pytest.raises(us.ScreenError, match="not_a_key"):
        us.screen(pl.DataFrame({"supplier": ["a"]}), config=bad)
    with pytest.raises(us.ScreenError, match="column 'supplier'"):
        us.screen(pl.DataFrame({"supplier": ["x" * 100]}), max_field_bytes=10)
    with pytest.raises(TypeError):
        us.screen([1, 2, 3])


def test_unused_and_expired_waivers_warn(tmp_path):
    """Trial: waiver problems reached Python only in the summary of rejects=True."""
    cfg = tmp_path / "uflpa.toml"
    cfg.write_text(
        '[[waiver]]\ncode = "HP202"\nsupplier = "Nobody Ltd"\n'
        'reason = "tracing on file"\nreviewer = "j.doe@example.com"\nexpires = 2027-06-30\n'
    )
    df = pl.DataFrame({"supplier": ["Acme"], "description": ["cotton shirts"], "country_of_origin": ["VN"]})
    with pytest.warns(us.WaiverWarning, match="Nobody Ltd"):
        us.screen(df, config=cfg)
    with pytest.warns(us.WaiverWarning, match="Nobody Ltd"):
        got = us.screen(df, config=cfg, rejects=True)
    assert any("Nobody Ltd" in w for w in got.summary["waiver_issues"])


def test_check_and_entity():
    c = us.check("Aksu, Xinjiang, China")
    assert c["verdict"] == "presumed"
    assert any(f["code"].startswith("XJ") for f in c["findings"])
    assert us.check("Aksu, Pavlodar Region, Kazakhstan")["verdict"] != "presumed"
    hits = us.entity("HOSHINE SILICON IND (SHANSHAN) CO LTD")
    assert hits and hits[0]["verdict"] == "presumed"
    assert "Hoshine" in hits[0]["name"]
    assert us.entity("Zzyzx Qwerty Bakery") == []


def test_a_list_directory_as_the_cli_uses_it(tmp_path):
    """``lists=``: the list directory of ``uflpa-screen screen --lists`` (here the user's
    XPCC affiliate file), with the CLI's verdicts on the same rows."""
    import shutil

    lists = tmp_path / "lists"
    lists.mkdir()
    shutil.copy(ROOT / "tests/data/lists/xpcc-affiliates.csv", lists / "xpcc-affiliates.csv")
    rows = tmp_path / "suppliers.csv"
    rows.write_text(
        "supplier,supplier_address,country\n"
        "EXAMPLE REGIMENT 121 COTTON GINNING CO LTD,\"Shenzhen, Guangdong\",CN\n"
        "Example Regiment Cotton Trading Co Ltd,\"Shenzhen, Guangdong\",CN\n"
    )
    df = pl.read_csv(rows)
    out = us.screen(df, lists=lists, as_of="2026-11-29")
    assert out["verdict"].to_list() == ["presumed", "clear"]
    assert "EL305" in out["codes"][0]
    cli = cli_rows(rows, "--lists", str(lists), "--as-of", "2026-11-29")
    assert [r["verdict"] for r in cli] == out["verdict"].to_list()
    assert [r["codes"] for r in cli] == out["codes"].to_list()
    assert "EL305" not in us.screen(df, as_of="2026-11-29")["codes"][0]
    with pytest.raises(us.ScreenError, match="no entity-list.csv"):
        us.screen(df, lists=tmp_path / "empty")


def cli_warnings(path: Path, *extra: str) -> list[str]:
    """The warnings the CLI prints on stderr for a run, without `warning: `."""
    err = subprocess.run(
        [BIN, "screen", "--format", "csv", "--exit-zero", *extra, str(path)],
        check=True,
        capture_output=True,
    ).stderr.decode()
    return [line.removeprefix("warning: ") for line in err.splitlines() if line.startswith("warning: ")]


def list_warnings(record) -> list[str]:
    return [
        str(w.message).removeprefix("uflpa_screen: ")
        for w in record
        if issubclass(w.category, us.ListWarning)
    ]


def test_list_warnings_are_the_clis_raised_as_listwarning(tmp_path):
    """What the CLI prints about the lists in use reaches Python as ``ListWarning``: an
    imported Entity List that lacks entities of the embedded one, and one that is old."""
    import shutil

    assert issubclass(us.ListWarning, UserWarning)
    lists = tmp_path / "lists"
    lists.mkdir()
    # A subset of the list (8 entities) as of 2024-09-30.
    shutil.copy(ROOT / "tests/data/lists/list-old.csv", lists / "entity-list.csv")
    rows = tmp_path / "rows.csv"
    rows.write_text('supplier,supplier_address\nAcme Valves,"Ningbo, Zhejiang"\n')
    df = pl.read_csv(rows)
    with pytest.warns(us.ListWarning) as record:
        out = us.screen(df, lists=lists, as_of="2026-11-29")
    assert out.height == 1
    got = list_warnings(record)
    assert got == cli_warnings(rows, "--lists", str(lists), "--as-of", "2026-11-29")
    assert len(got) == 2, got
    assert "not in" in got[0] and "no longer screened" in got[0]
    assert "as of 2024-09-30, 790 days before 2026-11-29 (more than 180)" in got[1]
    # The warning points at the caller's line, not at the package.
    assert all(w.filename == __file__ for w in record if issubclass(w.category, us.ListWarning))
    # max_list_age as the CLI's --max-list-age: the age warning goes, the missing entities stay.
    with pytest.warns(us.ListWarning) as record:
        us.screen(df, lists=lists, as_of="2026-11-29", max_list_age=1000)
    assert list_warnings(record) == got[:1]
    # check, entity and screen_file use the same lists and say the same.
    for call in (
        lambda: us.check("Ningbo", lists=lists),
        lambda: us.entity("Acme", lists=lists),
        lambda: us.screen_file(rows, lists=lists, as_of="2026-11-29"),
    ):
        with pytest.warns(us.ListWarning) as record:
            call()
        said = list_warnings(record)
        assert len(said) == 2 and "no longer screened" in said[0] and "days before" in said[1], said


def test_the_embedded_list_warns_when_old_or_newer_than_the_run(tmp_path):
    rows = tmp_path / "rows.csv"
    rows.write_text('supplier,supplier_address\nAcme Valves,"Ningbo, Zhejiang"\n')
    df = pl.read_csv(rows)
    # The embedded list is as of 2026-08-10: a run dated before it, and one long after.
    for as_of, text in (("2026-01-01", "after the run's date 2026-01-01"), ("2027-12-31", "days before 2027-12-31")):
        with pytest.warns(us.ListWarning, match=text) as record:
            us.screen(df, as_of=as_of)
        assert list_warnings(record) == cli_warnings(rows, "--as-of", as_of)
    # Within 180 days of the list: no ListWarning (an error here if one were raised).
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error", us.ListWarning)
        assert us.screen(df, as_of="2026-11-29")["verdict"].to_list() == ["clear"]


def test_chunks_and_every_string_layout_read_in_place():
    """Input strings are read where they lie: a polars frame of several chunks, and pyarrow's
    ``string``, ``large_string`` and ``string_view`` columns, give the same rows and
    verdicts; pyarrow results have exactly ``output_schema``'s schema."""
    suppliers = ["Aksu Cotton Co", "Acme Valves", None, "Hotan Textile", "Bolt Works"]
    addresses = ["Aksu, Xinjiang, China", "Ningbo, Zhejiang", None, "Hotan, Xinjiang", "Ningbo"]
    whole = pl.DataFrame({"supplier": suppliers, "supplier_address": addresses})
    want = us.screen(whole, rejects=True)
    assert want.results["row"].to_list() == [1, 2, 4, 5]
    assert want.rejects["kind"].to_list() == ["blank"]
    verdicts = want.results["verdict"].to_list()
    assert verdicts[0] == "presumed" and verdicts[1] == "clear"
    chunked = pl.concat([whole.head(2), whole.tail(3)], rechunk=False)
    assert chunked.n_chunks() == 2
    got = us.screen(chunked, rejects=True)
    assert got.results.drop("findings").equals(want.results.drop("findings"))
    assert got.results["findings"].to_list() == want.results["findings"].to_list()
    full = whole.drop_nulls()
    assert us.screen(pl.concat([full.head(1), full.tail(3)], rechunk=False))["verdict"].to_list() == verdicts
    for t in (pa.string(), pa.large_string(), pa.string_view()):
        table = pa.table({"supplier": pa.array(suppliers, t), "supplier_address": pa.array(addresses, t)})
        out = us.screen(pa.Table.from_batches(table.to_batches(max_chunksize=2)), rejects=True)
        assert out.results.schema == pa.schema(us.output_schema(table.schema)), t
        assert out.results.column("verdict").to_pylist() == verdicts, t
        assert out.results.column("supplier").type == t
        assert out.rejects.column("row").to_pylist() == [3], t


def test_other_python_threads_run_while_a_table_is_screened():
    """The GIL is released while screening: a Python thread that stamps the time every
    millisecond keeps stamping during the call (a held GIL would leave one gap as long as
    the call)."""
    import threading
    import time

    n = 100_000
    df = pl.DataFrame(
        {
            "supplier": [f"Baoshun Textile Trading Co {i}" for i in range(n)],
            "supplier_address": [f"No. {i} Ning Road, Foshan, Guangdong" for i in range(n)],
        }
    )
    us.screen(df.head(10))
    stamps: list[float] = []
    stop = threading.Event()

    def stamp():
        while not stop.is_set():
            stamps.append(time.perf_counter())
            time.sleep(0.001)

    t = threading.Thread(target=stamp)
    t.start()
    while not stamps:
        time.sleep(0.001)
    start = time.perf_counter()
    out = us.screen(df)
    end = time.perf_counter()
    stop.set()
    t.join()
    assert out.height == n
    during = [start, *(s for s in stamps if start < s < end), end]
    gap = max(b - a for a, b in zip(during, during[1:]))
    assert end - start > 0.2, "too quick to tell"
    assert gap < 0.5 * (end - start), (gap, end - start, len(during))

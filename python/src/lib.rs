//! `uflpa_screen._uflpa_screen`: the Rust side of the Python package. Arrow in, Arrow out,
//! no Python per row: a table (anything with `__arrow_c_stream__`: a polars or pandas
//! DataFrame, a pyarrow Table, a Spark Arrow batch) is read column by column as text through
//! the library's [`TextRows`] reader, screened by the library's threaded pipeline exactly as
//! a CSV file is, and the results are built as Arrow arrays. The Python wrapper
//! (`uflpa_screen/__init__.py`) turns them into polars or pandas.

use arrow_array::builder::{Date32Builder, Int32Builder, Int64Builder, StringBuilder};
use arrow_array::{
    Array, ArrayRef, Decimal128Array, ListArray, RecordBatch, StringArray, StructArray, UInt64Array,
};
use arrow_buffer::OffsetBuffer;
use arrow_schema::{DataType, Field, Fields, Schema, SchemaRef};
use pyo3::create_exception;
use pyo3::exceptions::PyException;
use pyo3::prelude::*;
use pyo3_arrow::{PySchema, PyTable};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use uflpa_screen::config::{self, Policy};
use uflpa_screen::input::{
    Column, DateOrder, DecimalStyle, InputFormat, ReadOptions, Reject, RejectKind, Row, RowReader,
    Source, TextRows,
};
use uflpa_screen::run::{self, RunOptions, Upstream};
use uflpa_screen::summary::Summary;
use uflpa_screen::{Outcome, RulePack};

create_exception!(
    _uflpa_screen,
    ScreenError,
    PyException,
    "A run that cannot go on: an unreadable file, column or rule pack, a bad configuration, or more unreadable rows than `max_rejects`. The message names the file, line, column or key."
);

fn err(e: uflpa_screen::Error) -> PyErr {
    ScreenError::new_err(e.to_string())
}

fn arrow_err(what: &str, e: arrow_schema::ArrowError) -> PyErr {
    ScreenError::new_err(format!("{what}: {e}"))
}

/// The tool's own columns of a screened table, after the input's: `row` (int64, 1-based row
/// of the input), `shipment_id` and `line` (the manifest's, as read), `verdict`, `codes`
/// (`;`-separated), `reasons` (` | `-separated), `value_decimal` (decimal128(38, 6)),
/// `value_currency`, `entry_date_parsed` (date32) and `findings` (a list of structs).
fn own_fields() -> Vec<Field> {
    let text = |n: &str| Field::new(n, DataType::Utf8, true);
    vec![
        Field::new("row", DataType::Int64, false),
        text("shipment_id"),
        text("line"),
        Field::new("verdict", DataType::Utf8, false),
        Field::new("codes", DataType::Utf8, false),
        Field::new("reasons", DataType::Utf8, false),
        Field::new(
            "value_decimal",
            DataType::Decimal128(
                uflpa_screen::output::DECIMAL_PRECISION,
                uflpa_screen::output::DECIMAL_SCALE as i8,
            ),
            true,
        ),
        text("value_currency"),
        Field::new("entry_date_parsed", DataType::Date32, true),
        Field::new(
            "findings",
            DataType::List(Arc::new(Field::new(
                "item",
                DataType::Struct(finding_fields()),
                true,
            ))),
            false,
        ),
    ]
}

/// One finding: `code`, `severity`, `field` (the input column), `matched` (the text),
/// `reason`, `tier` (int32, supply-chain tier) and `waived` (the waiver's reason).
fn finding_fields() -> Fields {
    let text = |n: &str, null: bool| Field::new(n, DataType::Utf8, null);
    Fields::from(vec![
        text("code", false),
        text("severity", false),
        text("field", false),
        text("matched", false),
        text("reason", false),
        // int32, not uint32: Spark has no unsigned types.
        Field::new("tier", DataType::Int32, true),
        text("waived", true),
    ])
}

/// The schema of the screened table of an input schema: the input's fields renamed by the
/// one naming rule (`uflpa_screen::output::output_names`), then [`own_fields`].
fn output_schema_of(input: &Schema) -> Schema {
    let names: Vec<&str> = input.fields().iter().map(|f| f.name().as_str()).collect();
    let renamed = uflpa_screen::output::output_names(&names);
    let mut fields: Vec<Field> = input
        .fields()
        .iter()
        .zip(renamed)
        .map(|(f, n)| f.as_ref().clone().with_name(n))
        .collect();
    fields.extend(own_fields());
    Schema::new(fields)
}

/// An Arrow table read as text: every column cast to UTF-8 once (decimals keep their
/// digits, dates become `YYYY-MM-DD`, nulls blank fields).
struct ArrowRows {
    header: Vec<String>,
    columns: Vec<StringArray>,
    len: usize,
    cursor: usize,
    max_field: usize,
}

impl ArrowRows {
    fn new(batch: &RecordBatch, name: &str, max_field: usize) -> PyResult<ArrowRows> {
        let mut columns = Vec::with_capacity(batch.num_columns());
        for (f, c) in batch.schema().fields().iter().zip(batch.columns()) {
            let text = arrow_cast::cast(c, &DataType::Utf8).map_err(|e| {
                ScreenError::new_err(format!(
                    "{name}: column '{}' ({}) cannot be read as text: {e}",
                    f.name(),
                    f.data_type()
                ))
            })?;
            let text = text
                .as_any()
                .downcast_ref::<StringArray>()
                .ok_or_else(|| ScreenError::new_err("internal error: a cast that is not text"))?
                .clone();
            columns.push(text);
        }
        Ok(ArrowRows {
            header: batch
                .schema()
                .fields()
                .iter()
                .map(|f| f.name().clone())
                .collect(),
            columns,
            len: batch.num_rows(),
            cursor: 0,
            max_field,
        })
    }
}

impl TextRows for ArrowRows {
    fn header(&self) -> &[String] {
        &self.header
    }

    fn next_into(
        &mut self,
        bytes: &mut Vec<u8>,
        ends: &mut Vec<usize>,
    ) -> Result<Option<Result<(), String>>, uflpa_screen::Error> {
        if self.cursor >= self.len {
            return Ok(None);
        }
        let i = self.cursor;
        self.cursor += 1;
        for (c, col) in self.columns.iter().enumerate() {
            if col.is_valid(i) && col.value_length(i) as usize > self.max_field {
                return Ok(Some(Err(format!(
                    "column '{}': field is {} bytes, over the limit of {} (max_field_bytes); it was not kept",
                    self.header[c],
                    col.value_length(i),
                    self.max_field
                ))));
            }
        }
        let start = bytes.len();
        for col in &self.columns {
            if col.is_valid(i) {
                bytes.extend_from_slice(col.value(i).as_bytes());
            }
            ends.push(bytes.len() - start);
        }
        Ok(Some(Ok(())))
    }

    fn rewind(&mut self) {
        self.cursor = 0;
    }
}

/// Collects screened rows into the tool's columns (and, for files, the input's columns as
/// text).
#[derive(Default)]
struct ArrowSink {
    /// Input columns as text (files only: a table keeps its own arrays).
    fields: Option<Vec<StringBuilder>>,
    rows: Int64Builder,
    shipment: StringBuilder,
    line: StringBuilder,
    verdict: StringBuilder,
    codes: StringBuilder,
    reasons: StringBuilder,
    value: Vec<Option<i128>>,
    currency: StringBuilder,
    date: Date32Builder,
    offsets: Vec<i32>,
    f_code: StringBuilder,
    f_severity: StringBuilder,
    f_field: StringBuilder,
    f_matched: StringBuilder,
    f_reason: StringBuilder,
    f_tier: Int32Builder,
    f_waived: StringBuilder,
}

impl run::Sink for ArrowSink {
    fn begin(&mut self, sources: &[Source]) -> std::io::Result<()> {
        if let Some(f) = self.fields.as_mut() {
            let width = sources.first().map_or(0, |s| s.layout.headers.len());
            *f = (0..width).map(|_| StringBuilder::new()).collect();
        }
        self.offsets.push(0);
        Ok(())
    }

    fn row(&mut self, _file: usize, row: &Row, o: &Outcome) -> std::io::Result<()> {
        if let Some(cols) = self.fields.as_mut() {
            for (b, v) in cols.iter_mut().zip(row.fields()) {
                b.append_value(v);
            }
        }
        self.rows.append_value(row.row as i64);
        self.shipment.append_option(row.get(Column::ShipmentId));
        self.line.append_option(row.get(Column::Line));
        self.verdict.append_value(o.verdict.as_str());
        let mut s = String::new();
        o.push_codes(&mut s);
        self.codes.append_value(&s);
        s.clear();
        o.push_reasons(&mut s);
        self.reasons.append_value(&s);
        self.value
            .push(row.value.map(uflpa_screen::output::decimal_units));
        self.currency.append_option(row.currency.as_deref());
        self.date
            .append_option(row.entry_date.map(|d| d.days() as i32));
        for f in &o.findings {
            self.f_code.append_value(&f.code);
            self.f_severity.append_value(f.severity.to_string());
            self.f_field.append_value(&f.field);
            self.f_matched.append_value(&f.matched);
            self.f_reason.append_value(&f.reason);
            self.f_tier.append_option(f.tier.map(|t| t as i32));
            self.f_waived.append_option(f.waived.as_deref());
        }
        let last = *self.offsets.last().unwrap_or(&0);
        self.offsets.push(last + o.findings.len() as i32);
        Ok(())
    }

    fn finish(&mut self, _summary: &Summary) -> std::io::Result<()> {
        Ok(())
    }
}

impl ArrowSink {
    /// The tool's columns ([`own_fields`]) and the input rows they belong to (0-based).
    fn own_columns(&mut self) -> PyResult<(Vec<ArrayRef>, UInt64Array)> {
        let rows = self.rows.finish();
        let index = UInt64Array::from_iter_values(rows.values().iter().map(|r| (*r - 1) as u64));
        let value = Decimal128Array::from(std::mem::take(&mut self.value))
            .with_precision_and_scale(
                uflpa_screen::output::DECIMAL_PRECISION,
                uflpa_screen::output::DECIMAL_SCALE as i8,
            )
            .map_err(|e| arrow_err("value_decimal", e))?;
        let date = self.date.finish();
        let findings = StructArray::try_new(
            finding_fields(),
            vec![
                Arc::new(self.f_code.finish()),
                Arc::new(self.f_severity.finish()),
                Arc::new(self.f_field.finish()),
                Arc::new(self.f_matched.finish()),
                Arc::new(self.f_reason.finish()),
                Arc::new(self.f_tier.finish()),
                Arc::new(self.f_waived.finish()),
            ],
            None,
        )
        .map_err(|e| arrow_err("findings", e))?;
        let offsets = std::mem::take(&mut self.offsets);
        let offsets = if offsets.is_empty() { vec![0] } else { offsets };
        let list = ListArray::try_new(
            Arc::new(Field::new("item", DataType::Struct(finding_fields()), true)),
            OffsetBuffer::new(offsets.into()),
            Arc::new(findings),
            None,
        )
        .map_err(|e| arrow_err("findings", e))?;
        Ok((
            vec![
                Arc::new(rows),
                Arc::new(self.shipment.finish()),
                Arc::new(self.line.finish()),
                Arc::new(self.verdict.finish()),
                Arc::new(self.codes.finish()),
                Arc::new(self.reasons.finish()),
                Arc::new(value),
                Arc::new(self.currency.finish()),
                Arc::new(date),
                Arc::new(list),
            ],
            index,
        ))
    }
}

/// A compiled screener: the rule pack (embedded, or a directory as `--rules`), the
/// configuration (`uflpa.toml`: waivers, watch lists, severity overrides, column maps,
/// entity-list thresholds) and how inputs are read. Compiled once, used for many tables.
#[pyclass(frozen, module = "uflpa_screen._uflpa_screen")]
struct Screener {
    screener: uflpa_screen::Screener,
    policy: Policy,
    maps: Vec<(Column, String)>,
    threads: usize,
}

fn decimal_style(s: &str) -> PyResult<DecimalStyle> {
    Ok(match s {
        "auto" => DecimalStyle::Auto,
        "point" => DecimalStyle::Point,
        "comma" => DecimalStyle::Comma,
        _ => {
            return Err(ScreenError::new_err(format!(
                "decimal='{s}': expected auto, point or comma"
            )));
        }
    })
}

fn date_order(s: &str) -> PyResult<DateOrder> {
    Ok(match s {
        "auto" => DateOrder::Auto,
        "mdy" => DateOrder::MonthFirst,
        "dmy" => DateOrder::DayFirst,
        _ => {
            return Err(ScreenError::new_err(format!(
                "date_order='{s}': expected auto, mdy or dmy"
            )));
        }
    })
}

/// What a run gives back: results, rejects, summary (JSON text).
type Screened = (PyTable, PyTable, String);

impl Screener {
    fn read_options(
        &self,
        decimal: &str,
        order: &str,
        max_field_bytes: usize,
    ) -> PyResult<ReadOptions> {
        Ok(ReadOptions {
            maps: self.maps.clone(),
            decimal: decimal_style(decimal)?,
            date_order: date_order(order)?,
            max_field_bytes,
            ..ReadOptions::default()
        })
    }

    /// Screen one reader; `table` is the input's own data (kept as is) or `None` for a file
    /// (its columns come back as text).
    fn run(
        &self,
        py: Python<'_>,
        reader: RowReader,
        table: Option<RecordBatch>,
        max_rejects: u64,
    ) -> PyResult<Screened> {
        let name = reader.source().path.display().to_string();
        let headers = reader.source().layout.headers.clone();
        let (sink, rejects, summary) = py
            .detach(|| {
                let mut sink = ArrowSink {
                    fields: table.is_none().then(Vec::new),
                    ..ArrowSink::default()
                };
                let mut rejects: Vec<(PathBuf, Reject)> = Vec::new();
                let summary = run::screen_all_with(
                    &self.screener,
                    vec![reader],
                    &mut sink,
                    &mut rejects,
                    RunOptions {
                        threads: self.threads,
                        max_rows: None,
                        fail_at: Some(uflpa_screen::Severity::Presumed),
                    },
                    Upstream {
                        policy: Some(&self.policy),
                        ..Upstream::default()
                    },
                )?;
                Ok::<_, uflpa_screen::Error>((sink, rejects, summary))
            })
            .map_err(err)?;
        let invalid: Vec<&Reject> = rejects
            .iter()
            .map(|(_, r)| r)
            .filter(|r| r.kind == RejectKind::Invalid)
            .collect();
        if invalid.len() as u64 > max_rejects {
            let shown: Vec<String> = invalid
                .iter()
                .take(5)
                .map(|r| {
                    format!(
                        "{name}:{} (row {}){}: {}",
                        r.source_line,
                        r.row,
                        r.column
                            .as_deref()
                            .map(|c| format!(" column '{c}'"))
                            .unwrap_or_default(),
                        r.reason
                    )
                })
                .collect();
            return Err(ScreenError::new_err(format!(
                "{} rows could not be read (allowed: {max_rejects}; see max_rejects): {}",
                invalid.len(),
                shown.join("; ")
            )));
        }
        let mut sink = sink;
        let (own, index) = sink.own_columns()?;
        let (mut fields, mut columns): (Vec<Field>, Vec<ArrayRef>) = match table {
            Some(batch) => {
                let schema = batch.schema();
                let taken: Vec<ArrayRef> = if index.len() == batch.num_rows() {
                    batch.columns().to_vec()
                } else {
                    batch
                        .columns()
                        .iter()
                        .map(|c| arrow_select::take::take(c, &index, None))
                        .collect::<Result<_, _>>()
                        .map_err(|e| arrow_err(&name, e))?
                };
                let out = output_schema_of(&schema);
                (
                    out.fields()
                        .iter()
                        .take(schema.fields().len())
                        .map(|f| f.as_ref().clone())
                        .collect(),
                    taken,
                )
            }
            None => {
                let renamed = uflpa_screen::output::output_names(&headers);
                let cols: Vec<ArrayRef> = sink
                    .fields
                    .take()
                    .unwrap_or_default()
                    .into_iter()
                    .map(|mut b| Arc::new(b.finish()) as ArrayRef)
                    .collect();
                (
                    renamed
                        .into_iter()
                        .map(|n| Field::new(n, DataType::Utf8, true))
                        .collect(),
                    cols,
                )
            }
        };
        fields.extend(own_fields());
        columns.extend(own);
        let schema: SchemaRef = Arc::new(Schema::new(fields));
        let results = RecordBatch::try_new(schema.clone(), columns)
            .map_err(|e| arrow_err("building the results", e))?;
        let rejects_table = rejects_batch(&rejects)?;
        let summary_json = summary_text(&self.screener, &name, &summary);
        Ok((
            PyTable::try_new(vec![results], schema)?,
            PyTable::try_new(vec![rejects_table.clone()], rejects_table.schema())?,
            summary_json,
        ))
    }
}

/// The rejects of a run: `row` (int64), `line` (int64), `column`, `kind` (`record`, `cell`
/// or `blank`), `reason`, `raw`.
fn rejects_batch(rejects: &[(PathBuf, Reject)]) -> PyResult<RecordBatch> {
    let mut row = Int64Builder::new();
    let mut line = Int64Builder::new();
    let mut column = StringBuilder::new();
    let mut kind = StringBuilder::new();
    let mut reason = StringBuilder::new();
    let mut raw = StringBuilder::new();
    for (_, r) in rejects {
        row.append_value(r.row as i64);
        line.append_value(r.source_line as i64);
        column.append_option(r.column.as_deref());
        kind.append_value(match r.kind {
            RejectKind::Invalid => "record",
            RejectKind::Cell => "cell",
            RejectKind::Blank => "blank",
        });
        reason.append_value(&r.reason);
        raw.append_value(&r.raw);
    }
    let schema = Arc::new(Schema::new(vec![
        Field::new("row", DataType::Int64, false),
        Field::new("line", DataType::Int64, false),
        Field::new("column", DataType::Utf8, true),
        Field::new("kind", DataType::Utf8, false),
        Field::new("reason", DataType::Utf8, false),
        Field::new("raw", DataType::Utf8, false),
    ]));
    RecordBatch::try_new(
        schema,
        vec![
            Arc::new(row.finish()),
            Arc::new(line.finish()),
            Arc::new(column.finish()),
            Arc::new(kind.finish()),
            Arc::new(reason.finish()),
            Arc::new(raw.finish()),
        ],
    )
    .map_err(|e| arrow_err("building the rejects", e))
}

fn summary_text(screener: &uflpa_screen::Screener, name: &str, s: &Summary) -> String {
    let pack = uflpa_screen::output::pack_object(screener.pack());
    uflpa_screen::output::summary_object(&pack, &[name.to_string()], s).to_string()
}

#[pymethods]
impl Screener {
    /// Compile a screener. `rules`: a rule-pack directory (the CLI's `--rules DIR`; default
    /// the embedded pack). `config`: a `uflpa.toml` (the CLI's `--config`; never searched
    /// for). `as_of`: `YYYY-MM-DD`, the date waivers expire against (default today, UTC).
    /// `threads`: screening threads (0 = one per core). `lists`: a list directory written
    /// by `uflpa-screen lists import` (the CLI's `--lists DIR`; default the config's `[lists]
    /// dir`). Raises `ScreenError` naming the file and key of a bad pack, configuration or
    /// list.
    #[new]
    #[pyo3(signature = (rules=None, config=None, as_of=None, threads=0, lists=None))]
    fn new(
        rules: Option<PathBuf>,
        config: Option<PathBuf>,
        as_of: Option<String>,
        threads: usize,
        lists: Option<PathBuf>,
    ) -> PyResult<Screener> {
        let as_of = match as_of {
            None => uflpa_screen::date::Date::today(),
            Some(a) => uflpa_screen::lists::parse_iso(&a).ok_or_else(|| {
                ScreenError::new_err(format!("as_of='{a}': expected a YYYY-MM-DD date"))
            })?,
        };
        let cfg = match &config {
            Some(p) => config::load(p).map_err(err)?,
            None => config::Config::default(),
        };
        let dir = config
            .as_deref()
            .and_then(Path::parent)
            .map(Path::to_path_buf)
            .unwrap_or_default();
        let rules = rules.or_else(|| cfg.rules.as_ref().map(|r| dir.join(r)));
        let mut pack = match &rules {
            Some(d) => RulePack::from_dir(d).map_err(|e| err(uflpa_screen::Error::Pack(e)))?,
            None => RulePack::embedded().map_err(|e| err(uflpa_screen::Error::Pack(e)))?,
        };
        if let Some(t) = &cfg.entity_list {
            if let Some(p) = t.presume_threshold {
                pack.entity_list.presume_threshold = p;
            }
            if let Some(r) = t.review_threshold {
                pack.entity_list.review_threshold = r;
            }
        }
        let lists = lists.or_else(|| {
            cfg.lists
                .as_ref()
                .and_then(|l| l.dir.as_ref())
                .map(|d| dir.join(d))
        });
        if let Some(d) = &lists {
            uflpa_screen::lists::apply::use_dir(&mut pack, d).map_err(err)?;
        }
        let policy = Policy::new(&cfg, &pack, as_of).map_err(err)?;
        uflpa_screen::verdict::override_severities(&policy, &mut pack);
        let mut maps = Vec::new();
        for (k, v) in &cfg.map {
            let col = Column::from_name(k).ok_or_else(|| {
                ScreenError::new_err(format!(
                    "{}: [map] {k}: unknown column '{k}'",
                    config.as_deref().unwrap_or(Path::new("config")).display()
                ))
            })?;
            maps.push((col, v.clone()));
        }
        let screener = uflpa_screen::Screener::new(pack).map_err(err)?;
        Ok(Screener {
            screener,
            policy,
            maps,
            threads: match threads {
                0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
                n => n,
            },
        })
    }

    /// Screen an Arrow table (any object with `__arrow_c_stream__`). Returns (results,
    /// rejects, summary JSON); see `uflpa_screen.screen`.
    #[pyo3(signature = (table, name="<table>", decimal="auto", date_order="auto", max_rejects=0, max_field_bytes=1<<20))]
    fn screen_table(
        &self,
        py: Python<'_>,
        table: PyTable,
        name: &str,
        decimal: &str,
        date_order: &str,
        max_rejects: u64,
        max_field_bytes: usize,
    ) -> PyResult<Screened> {
        let (batches, schema) = table.into_inner();
        let batch = arrow_select::concat::concat_batches(&schema, &batches)
            .map_err(|e| arrow_err(name, e))?;
        let rows = ArrowRows::new(&batch, name, max_field_bytes)?;
        let opts = self.read_options(decimal, date_order, max_field_bytes)?;
        let reader =
            RowReader::from_table(Path::new(name), Box::new(rows), &opts, InputFormat::Arrow)
                .map_err(err)?;
        self.run(py, reader, Some(batch), max_rejects)
    }

    /// Screen a file (CSV or a spreadsheet, as the CLI reads it). Returns (results, rejects,
    /// summary JSON) with the input's columns as text.
    #[pyo3(signature = (path, decimal="auto", date_order="auto", max_rejects=0, max_field_bytes=1<<20, sheet=None, header_row=None, encoding=None))]
    #[allow(clippy::too_many_arguments)]
    fn screen_file(
        &self,
        py: Python<'_>,
        path: PathBuf,
        decimal: &str,
        date_order: &str,
        max_rejects: u64,
        max_field_bytes: usize,
        sheet: Option<String>,
        header_row: Option<u64>,
        encoding: Option<String>,
    ) -> PyResult<Screened> {
        let mut opts = self.read_options(decimal, date_order, max_field_bytes)?;
        opts.sheet = sheet;
        opts.header_row = header_row;
        if let Some(l) = encoding {
            opts.encoding = Some(uflpa_screen::input::encoding_for_label(&l).ok_or_else(|| {
                ScreenError::new_err(format!(
                    "encoding='{l}': unknown encoding; try utf-8, gb18030, gbk or windows-1252"
                ))
            })?);
        }
        let reader = RowReader::open(&path, &opts).map_err(err)?;
        self.run(py, reader, None, max_rejects)
    }

    /// One text checked by hand, as `uflpa-screen check`: JSON `{"verdict", "findings"}`.
    /// `kind`: `address`, `name` or `goods`; `country`: the country it is in, if known.
    #[pyo3(signature = (text, kind="address", country=None))]
    fn check(&self, text: &str, kind: &str, country: Option<&str>) -> PyResult<String> {
        use uflpa_screen::matchers::region::{Country, TextKind};
        let kind = match kind {
            "address" => TextKind::Address,
            "name" => TextKind::Name,
            "goods" => TextKind::Goods,
            _ => {
                return Err(ScreenError::new_err(format!(
                    "kind='{kind}': expected address, name or goods"
                )));
            }
        };
        let s = &self.screener;
        let country = country.map_or(Country::Unknown, |c| s.region().country_of(c));
        let findings = s.scan_text("text", text, kind, &country);
        let verdict = uflpa_screen::Verdict::of(&findings);
        Ok(serde_json::json!({"verdict": verdict, "findings": findings}).to_string())
    }

    /// Entity List candidates for a name, as `uflpa-screen entity`: JSON list of
    /// `{"name", "scope", "matched", "kind", "code", "verdict", "score", "sections",
    /// "date_added", "citation"}`, best first.
    #[pyo3(signature = (name, limit=5))]
    fn entity(&self, name: &str, limit: usize) -> String {
        use uflpa_screen::matchers::entity::{MatchKind, normalise};
        let s = &self.screener;
        let pack = s.pack();
        let n = normalise(name);
        let hits = s.entity().candidates_of(&n, limit);
        let out: Vec<serde_json::Value> = hits
            .iter()
            .map(|h| {
                let e = &pack.entities[h.entity];
                let corroborated =
                    h.weak_alias && s.entity().corroboration(h, name, None).is_some();
                let code = uflpa_screen::verdict::entity_code(h, &e.scope, corroborated);
                let verdict =
                    uflpa_screen::verdict::verdict_of_severity(pack.severity(code.as_str()));
                serde_json::json!({
                    "name": e.name,
                    "scope": e.scope,
                    "matched": h.listed_name,
                    "kind": match h.kind {
                        MatchKind::Exact => "exact",
                        MatchKind::Fuzzy => "fuzzy",
                        MatchKind::Extension => "extension",
                        MatchKind::Near => "near",
                    },
                    "code": code.as_str(),
                    "verdict": verdict,
                    "score": h.score,
                    "sections": e.sections,
                    "date_added": e.date_added.to_string(),
                    "citation": e.citation,
                })
            })
            .collect();
        serde_json::Value::Array(out).to_string()
    }
}

/// The schema of the table `Screener.screen_table` returns for an input schema.
#[pyfunction]
fn output_schema(schema: PySchema) -> PySchema {
    PySchema::new(Arc::new(output_schema_of(&schema.into_inner())))
}

/// The output names of input columns by the one naming rule (`input.NAME` for a name that
/// equals, ignoring case, a tool column or an earlier input column).
#[pyfunction]
fn output_names(names: Vec<String>) -> Vec<String> {
    uflpa_screen::output::output_names(&names)
}

/// The tool's own column names, in order.
#[pyfunction]
fn own_columns() -> Vec<String> {
    own_fields().iter().map(|f| f.name().clone()).collect()
}

#[pymodule]
fn _uflpa_screen(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Screener>()?;
    m.add("ScreenError", m.py().get_type::<ScreenError>())?;
    m.add_function(wrap_pyfunction!(output_schema, m)?)?;
    m.add_function(wrap_pyfunction!(output_names, m)?)?;
    m.add_function(wrap_pyfunction!(own_columns, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}

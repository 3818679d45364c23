//! `uflpa_screen._uflpa_screen`: the Rust side of the Python package. Arrow in, Arrow out,
//! no Python per row: a table (anything with `__arrow_c_stream__`: a polars or pandas
//! DataFrame, a pyarrow Table, a Spark Arrow batch) is read column by column as text through
//! the library's [`TextRows`] reader, screened by the library's threaded pipeline exactly as
//! a CSV file is, and the results are built as Arrow arrays. The Python wrapper
//! (`uflpa_screen/__init__.py`) turns them into polars or pandas.

use arrow_array::builder::{
    Date32Builder, Int32Builder, Int64Builder, StringBuilder, StringViewBuilder,
};
use arrow_array::{
    Array, ArrayRef, Decimal128Array, Int64Array, LargeStringArray, ListArray, RecordBatch,
    StringArray, StringViewArray, StructArray, UInt64Array,
};
use arrow_buffer::OffsetBuffer;
use arrow_schema::{DataType, Field, Fields, Schema, SchemaRef};
use pyo3::create_exception;
use pyo3::exceptions::PyException;
use pyo3::prelude::*;
use pyo3_arrow::{PySchema, PyTable};
use std::any::Any;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use uflpa_screen::config::{self, Policy};
use uflpa_screen::input::{
    Column, DateOrder, DecimalStyle, InputFormat, ReadOptions, Reject, RejectKind, Row, RowReader,
    Source, TextRows,
};
use uflpa_screen::run::{self, CollectedRows, RowCollector, RunOptions, Upstream};
use uflpa_screen::summary::Summary;
use uflpa_screen::{Outcome, RulePack};

/// mimalloc for the extension's own (Rust) allocations, as the CLI uses it (src/main.rs): the
/// screening threads allocate small, short-lived values on every row, where glibc's malloc
/// spends its time in arena contention and consolidation. Python objects keep Python's
/// allocator; Arrow buffers made here are freed here (through their release callbacks).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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

/// How the tool's text columns are laid out: Arrow's `string` (`Utf8`: pyarrow, pandas,
/// Spark, `output_schema`) or `string_view` (`Utf8View`: polars's own layout, which polars
/// takes without copying the text).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Strings {
    Plain,
    View,
}

impl Strings {
    fn data_type(self) -> DataType {
        match self {
            Strings::Plain => DataType::Utf8,
            Strings::View => DataType::Utf8View,
        }
    }
}

/// The tool's own columns of a screened table, after the input's: `row` (int64, 1-based row
/// of the input), `shipment_id` and `line` (the manifest's, as read), `verdict`, `codes`
/// (`;`-separated), `reasons` (` | `-separated), `value_decimal` (decimal128(38, 6)),
/// `value_currency`, `entry_date_parsed` (date32) and `findings` (a list of structs). Text
/// is `string` or, for polars, `string_view`.
fn own_fields(strings: Strings) -> Vec<Field> {
    let text = |n: &str| Field::new(n, strings.data_type(), true);
    vec![
        Field::new("row", DataType::Int64, false),
        text("shipment_id"),
        text("line"),
        Field::new("verdict", strings.data_type(), false),
        Field::new("codes", strings.data_type(), false),
        Field::new("reasons", strings.data_type(), false),
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
            DataType::List(Arc::new(finding_item(strings))),
            false,
        ),
    ]
}

/// One finding: `code`, `severity`, `field` (the input column), `matched` (the text),
/// `reason`, `tier` (int32, supply-chain tier) and `waived` (the waiver's reason).
fn finding_fields(strings: Strings) -> Fields {
    let text = |n: &str, null: bool| Field::new(n, strings.data_type(), null);
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

fn finding_item(strings: Strings) -> Field {
    Field::new("item", DataType::Struct(finding_fields(strings)), true)
}

/// The schema of the screened table of an input schema: the input's fields renamed by the
/// one naming rule (`uflpa_screen::output::output_names`), then [`own_fields`].
fn output_schema_of(input: &Schema, strings: Strings) -> Schema {
    let mut fields = renamed_fields(input);
    fields.extend(own_fields(strings));
    Schema::new(fields)
}

/// The input's fields, renamed by the one naming rule.
fn renamed_fields(input: &Schema) -> Vec<Field> {
    let names: Vec<&str> = input.fields().iter().map(|f| f.name().as_str()).collect();
    let renamed = uflpa_screen::output::output_names(&names);
    input
        .fields()
        .iter()
        .zip(renamed)
        .map(|(f, n)| f.as_ref().clone().with_name(n))
        .collect()
}

/// One input column read as text: Arrow's three string layouts as they are (no copy),
/// anything else cast to text once (decimals keep their digits, dates become `YYYY-MM-DD`).
enum TextColumn {
    Utf8(StringArray),
    Large(LargeStringArray),
    View(StringViewArray),
}

impl TextColumn {
    fn of(array: &ArrayRef) -> Result<TextColumn, arrow_schema::ArrowError> {
        let a = array.as_any();
        if let Some(s) = a.downcast_ref::<StringArray>() {
            return Ok(TextColumn::Utf8(s.clone()));
        }
        if let Some(s) = a.downcast_ref::<LargeStringArray>() {
            return Ok(TextColumn::Large(s.clone()));
        }
        if let Some(s) = a.downcast_ref::<StringViewArray>() {
            return Ok(TextColumn::View(s.clone()));
        }
        let cast = arrow_cast::cast(array, &DataType::Utf8)?;
        cast.as_any()
            .downcast_ref::<StringArray>()
            .map(|s| TextColumn::Utf8(s.clone()))
            .ok_or_else(|| arrow_schema::ArrowError::CastError("not cast to text".into()))
    }

    /// Row `i`'s text; a null is blank.
    #[inline]
    fn text(&self, i: usize) -> &str {
        match self {
            TextColumn::Utf8(s) if s.is_valid(i) => s.value(i),
            TextColumn::Large(s) if s.is_valid(i) => s.value(i),
            TextColumn::View(s) if s.is_valid(i) => s.value(i),
            _ => "",
        }
    }
}

/// An Arrow table read as text, chunk by chunk, borrowing the input's own string buffers.
struct ArrowRows {
    header: Vec<String>,
    /// Per chunk (record batch), its columns and length.
    chunks: Vec<(Vec<TextColumn>, usize)>,
    chunk: usize,
    at: usize,
    max_field: usize,
}

impl ArrowRows {
    fn new(
        batches: &[RecordBatch],
        schema: &Schema,
        name: &str,
        max_field: usize,
    ) -> PyResult<ArrowRows> {
        let mut chunks = Vec::with_capacity(batches.len());
        for batch in batches {
            let mut columns = Vec::with_capacity(batch.num_columns());
            for (f, c) in schema.fields().iter().zip(batch.columns()) {
                columns.push(TextColumn::of(c).map_err(|e| {
                    ScreenError::new_err(format!(
                        "{name}: column '{}' ({}) cannot be read as text: {e}",
                        f.name(),
                        f.data_type()
                    ))
                })?);
            }
            chunks.push((columns, batch.num_rows()));
        }
        Ok(ArrowRows {
            header: schema.fields().iter().map(|f| f.name().clone()).collect(),
            chunks,
            chunk: 0,
            at: 0,
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
        while self.chunk < self.chunks.len() && self.at >= self.chunks[self.chunk].1 {
            self.chunk += 1;
            self.at = 0;
        }
        let Some((columns, _)) = self.chunks.get(self.chunk) else {
            return Ok(None);
        };
        let i = self.at;
        self.at += 1;
        let (start, first_end) = (bytes.len(), ends.len());
        for (c, col) in columns.iter().enumerate() {
            let v = col.text(i);
            if v.len() > self.max_field {
                bytes.truncate(start);
                ends.truncate(first_end);
                return Ok(Some(Err(format!(
                    "column '{}': field is {} bytes, over the limit of {} (max_field_bytes); it was not kept",
                    self.header[c],
                    v.len(),
                    self.max_field
                ))));
            }
            bytes.extend_from_slice(v.as_bytes());
            ends.push(bytes.len() - start);
        }
        Ok(Some(Ok(())))
    }

    fn rewind(&mut self) {
        self.chunk = 0;
        self.at = 0;
    }
}

/// A text column being built, in either layout.
enum TextBuilder {
    Plain(StringBuilder),
    View(StringViewBuilder),
}

impl TextBuilder {
    fn new(strings: Strings) -> TextBuilder {
        match strings {
            Strings::Plain => TextBuilder::Plain(StringBuilder::new()),
            Strings::View => TextBuilder::View(StringViewBuilder::new()),
        }
    }

    #[inline]
    fn push(&mut self, v: &str) {
        match self {
            TextBuilder::Plain(b) => b.append_value(v),
            TextBuilder::View(b) => b.append_value(v),
        }
    }

    #[inline]
    fn push_option(&mut self, v: Option<&str>) {
        match self {
            TextBuilder::Plain(b) => b.append_option(v),
            TextBuilder::View(b) => b.append_option(v),
        }
    }

    fn finish(&mut self) -> ArrayRef {
        match self {
            TextBuilder::Plain(b) => Arc::new(b.finish()),
            TextBuilder::View(b) => Arc::new(b.finish()),
        }
    }
}

/// Starts an [`ArrowPart`] for each batch of rows, on the screening threads.
struct ArrowCollector {
    strings: Strings,
    /// For files: the number of input columns, returned as text (a table keeps its own).
    width: Option<usize>,
}

impl RowCollector for ArrowCollector {
    fn part(&self, _file: usize) -> Box<dyn CollectedRows> {
        let t = || TextBuilder::new(self.strings);
        Box::new(ArrowPart {
            strings: self.strings,
            fields: (0..self.width.unwrap_or(0)).map(|_| t()).collect(),
            rows: Vec::new(),
            shipment: t(),
            line: t(),
            verdict: t(),
            codes: t(),
            reasons: t(),
            value: Vec::new(),
            currency: t(),
            date: Date32Builder::new(),
            offsets: vec![0],
            f_code: t(),
            f_severity: t(),
            f_field: t(),
            f_matched: t(),
            f_reason: t(),
            f_tier: Int32Builder::new(),
            f_waived: t(),
            scratch: String::new(),
        })
    }
}

/// The tool's columns (and, for files, the input's columns as text) of one batch of rows,
/// built on the screening thread that screened them.
struct ArrowPart {
    strings: Strings,
    fields: Vec<TextBuilder>,
    rows: Vec<i64>,
    shipment: TextBuilder,
    line: TextBuilder,
    verdict: TextBuilder,
    codes: TextBuilder,
    reasons: TextBuilder,
    value: Vec<Option<i128>>,
    currency: TextBuilder,
    date: Date32Builder,
    offsets: Vec<i32>,
    f_code: TextBuilder,
    f_severity: TextBuilder,
    f_field: TextBuilder,
    f_matched: TextBuilder,
    f_reason: TextBuilder,
    f_tier: Int32Builder,
    f_waived: TextBuilder,
    /// Reused for `codes` and `reasons`: no allocation per row.
    scratch: String,
}

/// A finished part: the rows it holds (1-based input rows), the input's columns as text
/// (files only) and the tool's columns ([`own_fields`]).
struct Built {
    rows: usize,
    fields: Vec<ArrayRef>,
    own: Vec<ArrayRef>,
}

impl CollectedRows for ArrowPart {
    fn row(&mut self, row: &Row, o: &Arc<Outcome>) {
        for (b, v) in self.fields.iter_mut().zip(row.fields()) {
            b.push(v);
        }
        self.rows.push(row.row as i64);
        self.shipment.push_option(row.get(Column::ShipmentId));
        self.line.push_option(row.get(Column::Line));
        self.verdict.push(o.verdict.as_str());
        self.scratch.clear();
        o.push_codes(&mut self.scratch);
        self.codes.push(&self.scratch);
        self.scratch.clear();
        o.push_reasons(&mut self.scratch);
        self.reasons.push(&self.scratch);
        self.value
            .push(row.value.map(uflpa_screen::output::decimal_units));
        self.currency.push_option(row.currency.as_deref());
        self.date
            .append_option(row.entry_date.map(|d| d.days() as i32));
        for f in &o.findings {
            self.f_code.push(&f.code);
            self.f_severity.push(f.severity.as_str());
            self.f_field.push(&f.field);
            self.f_matched.push(&f.matched);
            self.f_reason.push(&f.reason);
            self.f_tier.append_option(f.tier.map(|t| t as i32));
            self.f_waived.push_option(f.waived.as_deref());
        }
        let last = *self.offsets.last().unwrap_or(&0);
        self.offsets.push(last + o.findings.len() as i32);
    }

    fn finish(mut self: Box<Self>) -> Box<dyn Any + Send> {
        Box::new(self.build())
    }
}

impl ArrowPart {
    fn build(&mut self) -> Result<Built, String> {
        let e = |what: &str, e: arrow_schema::ArrowError| format!("{what}: {e}");
        let value = Decimal128Array::from(std::mem::take(&mut self.value))
            .with_precision_and_scale(
                uflpa_screen::output::DECIMAL_PRECISION,
                uflpa_screen::output::DECIMAL_SCALE as i8,
            )
            .map_err(|x| e("value_decimal", x))?;
        let findings = StructArray::try_new(
            finding_fields(self.strings),
            vec![
                self.f_code.finish(),
                self.f_severity.finish(),
                self.f_field.finish(),
                self.f_matched.finish(),
                self.f_reason.finish(),
                Arc::new(self.f_tier.finish()),
                self.f_waived.finish(),
            ],
            None,
        )
        .map_err(|x| e("findings", x))?;
        let list = ListArray::try_new(
            Arc::new(finding_item(self.strings)),
            OffsetBuffer::new(std::mem::take(&mut self.offsets).into()),
            Arc::new(findings),
            None,
        )
        .map_err(|x| e("findings", x))?;
        let rows = std::mem::take(&mut self.rows);
        Ok(Built {
            rows: rows.len(),
            fields: self.fields.iter_mut().map(TextBuilder::finish).collect(),
            own: vec![
                Arc::new(Int64Array::from(rows)),
                self.shipment.finish(),
                self.line.finish(),
                self.verdict.finish(),
                self.codes.finish(),
                self.reasons.finish(),
                Arc::new(value),
                self.currency.finish(),
                Arc::new(self.date.finish()),
                Arc::new(list),
            ],
        })
    }
}

/// Receives the parts built on the screening threads, in input order.
struct ArrowSink {
    strings: Strings,
    /// Files: the input's columns come back as text.
    file: bool,
    width: Option<usize>,
    parts: Vec<Built>,
}

impl run::Sink for ArrowSink {
    fn begin(&mut self, sources: &[Source]) -> std::io::Result<()> {
        if self.file {
            self.width = Some(sources.first().map_or(0, |s| s.layout.headers.len()));
        }
        Ok(())
    }

    fn row(&mut self, _file: usize, _row: &Row, _o: &Outcome) -> std::io::Result<()> {
        Err(std::io::Error::other(
            "internal error: a row reached the Arrow sink outside its collector",
        ))
    }

    fn finish(&mut self, _summary: &Summary) -> std::io::Result<()> {
        Ok(())
    }

    fn collector(&self) -> Option<Arc<dyn RowCollector>> {
        Some(Arc::new(ArrowCollector {
            strings: self.strings,
            width: self.width,
        }))
    }

    fn collected(&mut self, part: Box<dyn Any + Send>, rows: usize) -> std::io::Result<()> {
        let built = part
            .downcast::<Result<Built, String>>()
            .map_err(|_| std::io::Error::other("internal error: a part that is not Arrow"))?;
        let built = (*built).map_err(std::io::Error::other)?;
        if built.rows != rows {
            return Err(std::io::Error::other(format!(
                "internal error: a part of {} rows for {rows}",
                built.rows
            )));
        }
        if rows > 0 {
            self.parts.push(built);
        }
        Ok(())
    }
}

/// Column `i` of every part, as one array of `data_type`.
fn concat_column(
    parts: &[Built],
    pick: impl Fn(&Built) -> &ArrayRef,
    data_type: &DataType,
) -> Result<ArrayRef, arrow_schema::ArrowError> {
    match parts {
        [] => Ok(arrow_array::new_empty_array(data_type)),
        [one] => Ok(pick(one).clone()),
        _ => {
            let arrays: Vec<&dyn Array> = parts.iter().map(|p| pick(p).as_ref()).collect();
            arrow_select::concat::concat(&arrays)
        }
    }
}

impl ArrowSink {
    /// The tool's columns of every part, each as one array.
    fn own_columns(&self) -> Result<Vec<ArrayRef>, arrow_schema::ArrowError> {
        own_fields(self.strings)
            .iter()
            .enumerate()
            .map(|(i, f)| concat_column(&self.parts, |p| &p.own[i], f.data_type()))
            .collect()
    }

    /// The input's columns as text (files).
    fn field_columns(&self) -> Result<Vec<ArrayRef>, arrow_schema::ArrowError> {
        let dt = self.strings.data_type();
        (0..self.width.unwrap_or(0))
            .map(|i| concat_column(&self.parts, |p| &p.fields[i], &dt))
            .collect()
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
    /// What the CLI prints as warnings about the lists in use (the Python wrapper raises
    /// them as `ListWarning`s).
    warnings: Vec<String>,
    /// The list files in use, one line each (the CLI's `using ...` lines).
    lists_used: Vec<String>,
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

    /// Screen one reader, without the GIL (call it inside `py.detach`). `table` is the
    /// input's own data (its columns are kept as they are) or `None` for a file (its
    /// columns come back as text).
    fn run(
        &self,
        reader: RowReader,
        table: Option<(Vec<RecordBatch>, SchemaRef)>,
        strings: Strings,
        max_rejects: u64,
    ) -> PyResult<Results> {
        let name = reader.source().path.display().to_string();
        let headers = reader.source().layout.headers.clone();
        let mut sink = ArrowSink {
            strings,
            file: table.is_none(),
            width: None,
            parts: Vec::new(),
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
        )
        .map_err(err)?;
        too_many_rejects(&name, &rejects, max_rejects)?;
        let own = sink
            .own_columns()
            .map_err(|e| arrow_err("building the results", e))?;
        let mut own_schema = own_fields(strings);
        let (schema, batches) = match table {
            Some((batches, schema)) => {
                let mut fields = renamed_fields(&schema);
                fields.append(&mut own_schema);
                let out: SchemaRef = Arc::new(Schema::new(fields));
                let batches = with_input(&batches, &schema, &out, &own, &name)?;
                (out, batches)
            }
            None => {
                let mut fields: Vec<Field> = uflpa_screen::output::output_names(&headers)
                    .into_iter()
                    .map(|n| Field::new(n, strings.data_type(), true))
                    .collect();
                fields.append(&mut own_schema);
                let out: SchemaRef = Arc::new(Schema::new(fields));
                let mut columns = sink
                    .field_columns()
                    .map_err(|e| arrow_err("building the results", e))?;
                columns.extend(own);
                let batch = RecordBatch::try_new(out.clone(), columns)
                    .map_err(|e| arrow_err("building the results", e))?;
                (out, vec![batch])
            }
        };
        Ok(Results {
            schema,
            batches,
            rejects: rejects_batch(&rejects)?,
            summary: summary_text(&self.screener, &name, &summary),
        })
    }
}

/// A run's results before they cross back to Python.
struct Results {
    schema: SchemaRef,
    batches: Vec<RecordBatch>,
    rejects: RecordBatch,
    summary: String,
}

impl Results {
    fn into_py(self) -> PyResult<Screened> {
        let rejects_schema = self.rejects.schema();
        Ok((
            PyTable::try_new(self.batches, self.schema)?,
            PyTable::try_new(vec![self.rejects], rejects_schema)?,
            self.summary,
        ))
    }
}

/// `ScreenError` when more rows could not be read than `max_rejects` allows (as the CLI's
/// `--max-rejects`: cells and blank rows do not count), naming the first five.
fn too_many_rejects(name: &str, rejects: &[(PathBuf, Reject)], max_rejects: u64) -> PyResult<()> {
    let invalid: Vec<&Reject> = rejects
        .iter()
        .map(|(_, r)| r)
        .filter(|r| r.kind == RejectKind::Invalid)
        .collect();
    if invalid.len() as u64 <= max_rejects {
        return Ok(());
    }
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
    Err(ScreenError::new_err(format!(
        "{} rows could not be read (allowed: {max_rejects}; see max_rejects): {}",
        invalid.len(),
        shown.join("; ")
    )))
}

/// The input's own chunks with the tool's columns beside them. When every row was
/// screened, each input chunk keeps its arrays (no copy) and gets the matching slice of
/// the tool's columns; otherwise the screened rows are taken out of the input (one chunk).
fn with_input(
    batches: &[RecordBatch],
    schema: &SchemaRef,
    out: &SchemaRef,
    own: &[ArrayRef],
    name: &str,
) -> PyResult<Vec<RecordBatch>> {
    let total: usize = batches.iter().map(RecordBatch::num_rows).sum();
    let screened = own.first().map_or(0, |a| a.len());
    let make = |columns: Vec<ArrayRef>| {
        RecordBatch::try_new(out.clone(), columns).map_err(|e| arrow_err("building the results", e))
    };
    if screened == total {
        let mut at = 0;
        let mut result = Vec::with_capacity(batches.len());
        for b in batches.iter().filter(|b| b.num_rows() > 0) {
            let mut columns = b.columns().to_vec();
            columns.extend(own.iter().map(|a| a.slice(at, b.num_rows())));
            at += b.num_rows();
            result.push(make(columns)?);
        }
        return Ok(result);
    }
    let rows = own
        .first()
        .and_then(|a| a.as_any().downcast_ref::<Int64Array>())
        .ok_or_else(|| ScreenError::new_err("internal error: no row column"))?;
    let index = UInt64Array::from_iter_values(rows.values().iter().map(|r| (*r - 1) as u64));
    let all =
        arrow_select::concat::concat_batches(schema, batches).map_err(|e| arrow_err(name, e))?;
    let mut columns: Vec<ArrayRef> = all
        .columns()
        .iter()
        .map(|c| arrow_select::take::take(c, &index, None))
        .collect::<Result<_, _>>()
        .map_err(|e| arrow_err(name, e))?;
    columns.extend(own.iter().cloned());
    Ok(vec![make(columns)?])
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
    /// dir`). `max_list_age`: days after which the Entity List in use is old enough for a
    /// warning (the CLI's `--max-list-age`; default the config's `[lists] max_age_days`,
    /// else 180). Raises `ScreenError` naming the file and key of a bad pack, configuration
    /// or list; the warnings are in `warnings`.
    #[new]
    #[pyo3(signature = (rules=None, config=None, as_of=None, threads=0, lists=None, max_list_age=None))]
    fn new(
        rules: Option<PathBuf>,
        config: Option<PathBuf>,
        as_of: Option<String>,
        threads: usize,
        lists: Option<PathBuf>,
        max_list_age: Option<i64>,
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
        let loaded = match &lists {
            Some(d) => uflpa_screen::lists::apply::use_dir(&mut pack, d).map_err(err)?,
            None => Default::default(),
        };
        let max_age = max_list_age
            .or_else(|| cfg.lists.as_ref().and_then(|l| l.max_age_days))
            .unwrap_or(uflpa_screen::lists::apply::DEFAULT_MAX_AGE_DAYS);
        let mut warnings = loaded.warnings;
        warnings.extend(uflpa_screen::lists::apply::age_warnings(
            &pack.entity_list.as_of,
            as_of,
            max_age,
        ));
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
            warnings,
            lists_used: loaded.said,
        })
    }

    /// Warnings about the lists in use, as the CLI prints them (without `warning: `): the
    /// Entity List older than `max_list_age` days or dated after `as_of`, and entities of
    /// the embedded list that a `lists=` Entity List lacks. A list of str, maybe empty.
    #[getter]
    fn warnings(&self) -> Vec<String> {
        self.warnings.clone()
    }

    /// The list files of `lists=` in use, one str each ("Entity List lists/entity-list.csv
    /// (as of 2026-08-03, 21 entities)"), as the CLI's `using ...` lines.
    #[getter]
    fn lists_used(&self) -> Vec<String> {
        self.lists_used.clone()
    }

    /// Screen an Arrow table (any object with `__arrow_c_stream__`). Returns (results,
    /// rejects, summary JSON); see `uflpa_screen.screen`. `string_view`: the tool's text
    /// columns as `string_view` (polars's layout) instead of `string`. The GIL is released
    /// from reading the table to building the results.
    #[pyo3(signature = (table, name="<table>", decimal="auto", date_order="auto", max_rejects=0, max_field_bytes=1<<20, string_view=false))]
    #[allow(clippy::too_many_arguments)]
    fn screen_table(
        &self,
        py: Python<'_>,
        table: PyTable,
        name: &str,
        decimal: &str,
        date_order: &str,
        max_rejects: u64,
        max_field_bytes: usize,
        string_view: bool,
    ) -> PyResult<Screened> {
        let (batches, schema) = table.into_inner();
        let opts = self.read_options(decimal, date_order, max_field_bytes)?;
        let strings = if string_view {
            Strings::View
        } else {
            Strings::Plain
        };
        py.detach(|| {
            let rows = ArrowRows::new(&batches, &schema, name, max_field_bytes)?;
            let reader =
                RowReader::from_table(Path::new(name), Box::new(rows), &opts, InputFormat::Arrow)
                    .map_err(err)?;
            self.run(reader, Some((batches, schema)), strings, max_rejects)
        })?
        .into_py()
    }

    /// Screen a file (CSV or a spreadsheet, as the CLI reads it). Returns (results, rejects,
    /// summary JSON) with the input's columns as text (`string_view` as in `screen_table`).
    #[pyo3(signature = (path, decimal="auto", date_order="auto", max_rejects=0, max_field_bytes=1<<20, sheet=None, header_row=None, encoding=None, string_view=false))]
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
        string_view: bool,
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
        let strings = if string_view {
            Strings::View
        } else {
            Strings::Plain
        };
        py.detach(|| {
            let reader = RowReader::open(&path, &opts).map_err(err)?;
            self.run(reader, None, strings, max_rejects)
        })?
        .into_py()
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
    PySchema::new(Arc::new(output_schema_of(
        &schema.into_inner(),
        Strings::Plain,
    )))
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
    own_fields(Strings::Plain)
        .iter()
        .map(|f| f.name().clone())
        .collect()
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

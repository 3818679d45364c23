//! `--format parquet`: the columns of the CSV output (`file` with several inputs, `row`,
//! `shipment_id`, `line`, `verdict`, `codes`, `reasons`, `missing_documents` with a supply
//! chain or evidence file, then the inputs' own columns) as a Parquet file written through
//! polars, in row groups of [`ROW_GROUP`] rows so that memory does not grow with the input.
//!
//! After them come the typed columns `value_decimal` (decimal128, precision
//! [`super::DECIMAL_PRECISION`], scale [`super::DECIMAL_SCALE`]), `value_currency` (text)
//! and `entry_date_parsed` (date), null where the row has none; then the input's columns,
//! renamed by [`super::output_names`] where they clash with the tool's.
//!
//! `row` is an unsigned integer; the other own columns and the input's are text. An input
//! column absent from a row's file is null. Cells are written as read: Parquet is not opened
//! by spreadsheet programs, so no formula neutralisation is applied.
//! [`super::Layout::Legacy`] writes the 0.1 layout: no typed columns, and input columns
//! renamed `input.NAME` only when their name is exactly one of this file's own columns.

use crate::input::{Column as Canon, Row, Source};
use crate::output::sink::{RowFormatter, Sink};
use crate::summary::Summary;
use crate::verdict::Outcome;
use polars::prelude::*;
use polars_io::parquet::write::BatchedWriter;
use polars_io::prelude::ParquetWriter;
use std::cell::RefCell;
use std::io::Write;
use std::rc::Rc;
use std::sync::Arc;

/// Rows per row group.
pub const ROW_GROUP: usize = 65_536;

/// The output, shared between the Parquet writer and the sink (which flushes it at the end).
#[derive(Clone)]
struct Shared<'a>(Rc<RefCell<Box<dyn Write + 'a>>>);

impl Write for Shared<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().write(buf)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.0.borrow_mut().flush()
    }
}

/// Parquet writer of screened rows.
pub struct ParquetSink<'a> {
    out: Shared<'a>,
    writer: Option<BatchedWriter<Shared<'a>>>,
    cells: Arc<ParquetCells>,
    documents: bool,
    files: Vec<String>,
    /// Names of the output columns.
    names: Vec<String>,
    layout: super::Layout,
    /// Buffered rows: the file names, row numbers, own text columns (after `row`), typed
    /// columns and the input's columns.
    file: Vec<String>,
    row: Vec<u64>,
    text: Vec<StringChunkedBuilder>,
    value: Vec<Option<i128>>,
    currency: Vec<Option<String>>,
    date: Vec<Option<i32>>,
    inputs: Vec<StringChunkedBuilder>,
}

/// Turns a row into its cells, on the screening threads: the file (4 bytes), the row number
/// (8 bytes), then per text column a length (4 bytes, `u32::MAX` for null) and the text; the
/// typed cells (when `typed`) go between the own text columns and the input's: a value
/// (1 byte present, 16 bytes), the currency as text, a date (1 byte present, 4 bytes).
#[derive(Debug, Default)]
struct ParquetCells {
    multi: bool,
    /// The input columns of the output.
    columns: super::ColumnUnion,
    documents: bool,
    typed: bool,
}

fn put(out: &mut Vec<u8>, v: Option<&str>) {
    match v {
        Some(t) => {
            out.extend_from_slice(&(t.len() as u32).to_le_bytes());
            out.extend_from_slice(t.as_bytes());
        }
        None => out.extend_from_slice(&u32::MAX.to_le_bytes()),
    }
}

impl RowFormatter for ParquetCells {
    fn format(&self, file: usize, row: &Row, outcome: &Arc<Outcome>, out: &mut Vec<u8>) {
        self.cells(file, row, outcome, out);
    }
}

impl ParquetCells {
    fn cells(&self, file: usize, row: &Row, outcome: &Outcome, out: &mut Vec<u8>) {
        out.extend_from_slice(&(file as u32).to_le_bytes());
        out.extend_from_slice(&row.row.to_le_bytes());
        put(out, Some(row.get(Canon::ShipmentId).unwrap_or("")));
        put(out, Some(row.get(Canon::Line).unwrap_or("")));
        put(out, Some(outcome.verdict.as_str()));
        let mut scratch = String::new();
        outcome.push_codes(&mut scratch);
        put(out, Some(&scratch));
        scratch.clear();
        outcome.push_reasons(&mut scratch);
        put(out, Some(&scratch));
        if self.documents {
            put(out, Some(&outcome.missing_documents.join(";")));
        }
        if self.typed {
            match row.value {
                Some(v) => {
                    out.push(1);
                    out.extend_from_slice(&super::decimal_units(v).to_le_bytes());
                }
                None => out.push(0),
            }
            put(out, row.currency.as_deref());
            match row.entry_date {
                Some(d) => {
                    out.push(1);
                    out.extend_from_slice(&(d.days() as i32).to_le_bytes());
                }
                None => out.push(0),
            }
        }
        let positions = &self.columns.positions[file];
        let width = self.columns.names.len();
        if self.columns.in_order[file] {
            for v in row.fields() {
                put(out, Some(v));
            }
            for _ in positions.len()..width {
                put(out, None);
            }
        } else {
            let mut cells: Vec<Option<&str>> = vec![None; width];
            for (i, v) in row.fields().enumerate() {
                cells[positions[i]] = Some(v);
            }
            for c in cells {
                put(out, c);
            }
        }
    }
}

fn io_error(e: PolarsError) -> std::io::Error {
    std::io::Error::other(format!("writing Parquet: {e}"))
}

fn corrupt() -> std::io::Error {
    std::io::Error::other("internal error: malformed Parquet cells")
}

impl<'a> ParquetSink<'a> {
    /// A sink writing to `out`; `documents` adds the `missing_documents` column.
    pub fn new(out: Box<dyn Write + 'a>, documents: bool) -> Self {
        ParquetSink {
            out: Shared(Rc::new(RefCell::new(out))),
            writer: None,
            cells: Arc::default(),
            documents,
            layout: super::Layout::Current,
            files: Vec::new(),
            names: Vec::new(),
            file: Vec::new(),
            row: Vec::new(),
            text: Vec::new(),
            value: Vec::new(),
            currency: Vec::new(),
            date: Vec::new(),
            inputs: Vec::new(),
        }
    }

    /// The same sink writing `layout` (the 0.1 layout with [`super::Layout::Legacy`]).
    pub fn with_layout(mut self, layout: super::Layout) -> Self {
        self.layout = layout;
        self
    }

    /// Own text columns (after `row`).
    fn own_text(&self) -> usize {
        5 + usize::from(self.documents)
    }

    /// Where the own text columns start in `names`.
    fn own_start(&self) -> usize {
        usize::from(self.cells.multi) + 1
    }

    /// Where the input columns start in `names`.
    fn input_start(&self) -> usize {
        self.own_start() + self.own_text() + if self.cells.typed { 3 } else { 0 }
    }

    fn builders(&self, from: usize, n: usize) -> Vec<StringChunkedBuilder> {
        self.names[from..from + n]
            .iter()
            .map(|n| StringChunkedBuilder::new(n.as_str().into(), ROW_GROUP))
            .collect()
    }

    fn fresh_text(&self) -> Vec<StringChunkedBuilder> {
        self.builders(self.own_start(), self.own_text())
    }

    fn fresh_inputs(&self) -> Vec<StringChunkedBuilder> {
        let at = self.input_start();
        self.builders(at, self.names.len() - at)
    }

    /// Take the cells of `rows` rows encoded by [`ParquetCells`].
    fn absorb(&mut self, mut bytes: &[u8], rows: usize) -> std::io::Result<()> {
        fn take<'b>(b: &mut &'b [u8], n: usize) -> std::io::Result<&'b [u8]> {
            if b.len() < n {
                return Err(corrupt());
            }
            let (head, rest) = b.split_at(n);
            *b = rest;
            Ok(head)
        }
        fn word(b: &mut &[u8]) -> std::io::Result<u32> {
            let w = take(b, 4)?;
            Ok(u32::from_le_bytes([w[0], w[1], w[2], w[3]]))
        }
        fn text<'b>(b: &mut &'b [u8]) -> std::io::Result<Option<&'b str>> {
            match word(b)? {
                u32::MAX => Ok(None),
                len => {
                    let t = take(b, len as usize)?;
                    Ok(Some(std::str::from_utf8(t).map_err(|_| corrupt())?))
                }
            }
        }
        for _ in 0..rows {
            let file = word(&mut bytes)? as usize;
            let n = take(&mut bytes, 8)?;
            let mut row = [0u8; 8];
            row.copy_from_slice(n);
            if self.cells.multi {
                let name = self.files_name(file);
                self.file.push(name);
            }
            self.row.push(u64::from_le_bytes(row));
            for col in &mut self.text {
                col.append_option(text(&mut bytes)?);
            }
            if self.cells.typed {
                let value = match take(&mut bytes, 1)?[0] {
                    0 => None,
                    _ => {
                        let mut v = [0u8; 16];
                        v.copy_from_slice(take(&mut bytes, 16)?);
                        Some(i128::from_le_bytes(v))
                    }
                };
                self.value.push(value);
                self.currency.push(text(&mut bytes)?.map(str::to_string));
                let date = match take(&mut bytes, 1)?[0] {
                    0 => None,
                    _ => Some(word(&mut bytes)? as i32),
                };
                self.date.push(date);
            }
            for col in &mut self.inputs {
                col.append_option(text(&mut bytes)?);
            }
            if self.row.len() >= ROW_GROUP {
                self.flush_rows()?;
            }
        }
        Ok(())
    }

    fn files_name(&self, file: usize) -> String {
        self.files.get(file).cloned().unwrap_or_default()
    }

    fn flush_rows(&mut self) -> std::io::Result<()> {
        if self.row.is_empty() {
            return Ok(());
        }
        let height = self.row.len();
        let mut columns: Vec<Column> = Vec::with_capacity(self.names.len());
        let mut names = self.names.iter();
        let mut name = || PlSmallStr::from(names.next().map_or("", String::as_str));
        if self.cells.multi {
            columns.push(Column::new(name(), std::mem::take(&mut self.file)));
        }
        columns.push(Column::new(name(), std::mem::take(&mut self.row)));
        let fresh = self.fresh_text();
        for b in std::mem::replace(&mut self.text, fresh) {
            columns.push(b.finish().into_column());
            name();
        }
        if self.cells.typed {
            let value = Int128Chunked::from_iter_options(
                name(),
                std::mem::take(&mut self.value).into_iter(),
            )
            .into_decimal(
                usize::from(super::DECIMAL_PRECISION),
                super::DECIMAL_SCALE as usize,
            )
            .map_err(io_error)?;
            columns.push(value.into_column());
            let currency: StringChunked = std::mem::take(&mut self.currency)
                .into_iter()
                .collect::<StringChunked>()
                .with_name(name());
            columns.push(currency.into_column());
            let date =
                Int32Chunked::from_iter_options(name(), std::mem::take(&mut self.date).into_iter())
                    .into_date();
            columns.push(date.into_column());
        }
        let fresh = self.fresh_inputs();
        for b in std::mem::replace(&mut self.inputs, fresh) {
            columns.push(b.finish().into_column());
        }
        let df = DataFrame::new(height, columns).map_err(io_error)?;
        match self.writer.as_mut() {
            Some(w) => w.write_batch(&df).map_err(io_error),
            None => Err(std::io::Error::other("Parquet output used before begin")),
        }
    }
}

impl Sink for ParquetSink<'_> {
    fn begin(&mut self, sources: &[Source]) -> std::io::Result<()> {
        let multi = sources.len() > 1;
        self.files = crate::output::sink::file_names(sources);
        let mut own: Vec<String> = Vec::new();
        if multi {
            own.push("file".into());
        }
        for h in ["row", "shipment_id", "line", "verdict", "codes", "reasons"] {
            own.push(h.into());
        }
        if self.documents {
            own.push("missing_documents".into());
        }
        let typed = self.layout == super::Layout::Current;
        if typed {
            for h in ["value_decimal", "value_currency", "entry_date_parsed"] {
                own.push(h.into());
            }
        }
        let columns = super::ColumnUnion::of(sources);
        self.names = own;
        if typed {
            self.names.extend(super::output_names(&columns.names));
        } else {
            for h in &columns.names {
                let mut name = h.clone();
                while self.names.contains(&name) {
                    name = format!("input.{name}");
                }
                self.names.push(name);
            }
        }
        self.cells = Arc::new(ParquetCells {
            multi,
            columns,
            documents: self.documents,
            typed,
        });
        self.text = self.fresh_text();
        self.inputs = self.fresh_inputs();
        let row_at = usize::from(multi);
        let typed_at = self.own_start() + self.own_text();
        let schema: Schema = self
            .names
            .iter()
            .enumerate()
            .map(|(i, n)| {
                let dtype = match i {
                    _ if i == row_at => DataType::UInt64,
                    _ if typed && i == typed_at => DataType::Decimal(
                        usize::from(super::DECIMAL_PRECISION),
                        super::DECIMAL_SCALE as usize,
                    ),
                    _ if typed && i == typed_at + 2 => DataType::Date,
                    _ => DataType::String,
                };
                Field::new(n.as_str().into(), dtype)
            })
            .collect();
        self.writer = Some(
            ParquetWriter::new(self.out.clone())
                .batched(&schema)
                .map_err(io_error)?,
        );
        Ok(())
    }

    fn row(&mut self, file: usize, row: &Row, outcome: &Outcome) -> std::io::Result<()> {
        let mut bytes = Vec::with_capacity(512);
        self.cells.cells(file, row, outcome, &mut bytes);
        self.absorb(&bytes, 1)
    }

    fn formatter(&self) -> Option<Arc<dyn RowFormatter>> {
        Some(self.cells.clone())
    }

    fn formatted(&mut self, bytes: &[u8], rows: usize) -> std::io::Result<()> {
        self.absorb(bytes, rows)
    }

    fn finish(&mut self, _summary: &Summary) -> std::io::Result<()> {
        self.flush_rows()?;
        if let Some(w) = self.writer.as_mut() {
            w.finish().map_err(io_error)?;
        }
        self.out.flush()
    }
}

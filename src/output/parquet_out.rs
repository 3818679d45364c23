//! `--format parquet`: the columns of the CSV output (`file` with several inputs, `row`,
//! `shipment_id`, `line`, `verdict`, `codes`, `reasons`, `missing_documents` with a supply
//! chain or evidence file, then the inputs' own columns) as a Parquet file written through
//! polars, in row groups of [`ROW_GROUP`] rows so that memory does not grow with the input.
//!
//! `row` is an unsigned integer; everything else is text. An input column absent from a
//! row's file is null. Input columns whose names are taken by the output's own columns are
//! named `input.NAME`. Cells are written as read: Parquet is not opened by spreadsheet
//! programs, so no formula neutralisation is applied.

use crate::engine::Outcome;
use crate::input::{Column as Canon, Row, Source};
use crate::run::{Sink, Summary};
use polars::io::parquet::write::BatchedWriter;
use polars::prelude::*;
use std::cell::RefCell;
use std::io::Write;
use std::rc::Rc;

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
    documents: bool,
    files: Vec<String>,
    multi: bool,
    /// Output position of each input column, per file.
    positions: Vec<Vec<usize>>,
    /// Names of the output columns.
    names: Vec<String>,
    /// Buffered rows.
    file: Vec<String>,
    row: Vec<u64>,
    /// Text columns after `row`: shipment_id, line, verdict, codes, reasons,
    /// [missing_documents], then the input columns.
    text: Vec<Vec<Option<String>>>,
}

fn io_error(e: PolarsError) -> std::io::Error {
    std::io::Error::other(format!("writing Parquet: {e}"))
}

impl<'a> ParquetSink<'a> {
    /// A sink writing to `out`; `documents` adds the `missing_documents` column.
    pub fn new(out: Box<dyn Write + 'a>, documents: bool) -> Self {
        ParquetSink {
            out: Shared(Rc::new(RefCell::new(out))),
            writer: None,
            documents,
            files: Vec::new(),
            multi: false,
            positions: Vec::new(),
            names: Vec::new(),
            file: Vec::new(),
            row: Vec::new(),
            text: Vec::new(),
        }
    }

    fn flush_rows(&mut self) -> std::io::Result<()> {
        if self.row.is_empty() {
            return Ok(());
        }
        let height = self.row.len();
        let mut columns: Vec<Column> = Vec::with_capacity(self.names.len());
        let mut names = self.names.iter();
        let mut name = || PlSmallStr::from(names.next().map_or("", String::as_str));
        if self.multi {
            columns.push(Column::new(name(), std::mem::take(&mut self.file)));
        }
        columns.push(Column::new(name(), std::mem::take(&mut self.row)));
        for col in &mut self.text {
            columns.push(Column::new(name(), std::mem::take(col)));
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
        self.multi = sources.len() > 1;
        self.files = crate::run::file_names(sources);
        let mut own: Vec<String> = Vec::new();
        if self.multi {
            own.push("file".into());
        }
        for h in ["row", "shipment_id", "line", "verdict", "codes", "reasons"] {
            own.push(h.into());
        }
        if self.documents {
            own.push("missing_documents".into());
        }
        let mut union: Vec<String> = Vec::new();
        for s in sources {
            let mut pos = Vec::new();
            for h in &s.layout.headers {
                let i = union.iter().position(|u| u == h).unwrap_or_else(|| {
                    union.push(h.clone());
                    union.len() - 1
                });
                pos.push(i);
            }
            self.positions.push(pos);
        }
        self.names = own.clone();
        for h in &union {
            let mut name = h.clone();
            while self.names.contains(&name) {
                name = format!("input.{name}");
            }
            self.names.push(name);
        }
        let fixed = own.len() - usize::from(self.multi) - 1;
        self.text = vec![Vec::new(); fixed + union.len()];
        let row_at = usize::from(self.multi);
        let schema: Schema = self
            .names
            .iter()
            .enumerate()
            .map(|(i, n)| {
                let dtype = if i == row_at {
                    DataType::UInt64
                } else {
                    DataType::String
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
        if self.multi {
            self.file.push(self.files[file].clone());
        }
        self.row.push(row.row);
        let codes: Vec<&str> = outcome.distinct_codes().collect();
        let reasons: Vec<String> = outcome
            .findings
            .iter()
            .map(|f| format!("{}: {}", f.code, f.reason))
            .collect();
        let mut cells: Vec<Option<String>> = vec![
            Some(row.get(Canon::ShipmentId).unwrap_or("").to_string()),
            Some(row.get(Canon::Line).unwrap_or("").to_string()),
            Some(outcome.verdict.as_str().to_string()),
            Some(codes.join(";")),
            Some(reasons.join(" | ")),
        ];
        if self.documents {
            cells.push(Some(outcome.missing_documents.join(";")));
        }
        let fixed = cells.len();
        cells.resize(self.text.len(), None);
        for (i, v) in row.fields().enumerate() {
            cells[fixed + self.positions[file][i]] = Some(v.to_string());
        }
        for (col, cell) in self.text.iter_mut().zip(cells) {
            col.push(cell);
        }
        if self.row.len() >= ROW_GROUP {
            self.flush_rows()?;
        }
        Ok(())
    }

    fn finish(&mut self, _summary: &Summary) -> std::io::Result<()> {
        self.flush_rows()?;
        if let Some(w) = self.writer.as_mut() {
            w.finish().map_err(io_error)?;
        }
        self.out.flush()
    }
}

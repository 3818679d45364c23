//! Parquet input through polars: the file is read a slice of rows at a time (so memory
//! does not grow with the file), every column is cast to text, and each row becomes the
//! same raw record a CSV row would, so that checks, typed values, rejects and screening are
//! exactly those of CSV input.
//!
//! Nulls are read as blank fields. Decimal columns keep their exact digits; floating-point
//! columns are read through their shortest decimal text (money belongs in decimal or text
//! columns); dates become `YYYY-MM-DD`. Columns of other types (lists, structs), and binary
//! values that are not UTF-8, cannot be read as text: an error naming the column, never a
//! value silently turned into a null.

use crate::error::Error;
use polars::prelude::*;
use polars_io::SerReader;
use polars_io::prelude::ParquetReader;
use std::path::{Path, PathBuf};

/// Rows fetched from the file at a time.
const SLICE: usize = 16_384;

/// A Parquet file read row by row.
pub struct ParquetRows {
    path: PathBuf,
    metadata: std::sync::Arc<polars_io::parquet::read::FileMetadata>,
    /// Rows in the file.
    total: usize,
    /// First row of the current slice.
    start: usize,
    /// The current slice, one text column per file column.
    columns: Vec<StringChunked>,
    /// Next row of the current slice.
    cursor: usize,
    /// The file's column names.
    names: Vec<String>,
    /// Row groups: (first row, rows, why it is not decoded).
    groups: Vec<(usize, usize, Option<String>)>,
    /// Rows of a row group that is not decoded: (row after its last, why), and the next
    /// row to reject.
    bad: Option<(usize, String)>,
    bad_pos: usize,
}

impl std::fmt::Debug for ParquetRows {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ParquetRows")
            .field("path", &self.path)
            .field("total", &self.total)
            .finish()
    }
}

fn polars_error(path: &Path, e: PolarsError) -> Error {
    Error::input(path, format!("cannot read the Parquet file: {e}"))
}

/// Run a polars call on file contents that may be malformed: a panic inside the decoder
/// becomes an error naming the file (the library itself never panics on bad input).
fn guarded<T>(path: &Path, f: impl FnOnce() -> Result<T, Error>) -> Result<T, Error> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).unwrap_or_else(|_| {
        Err(Error::input(
            path,
            "cannot read the Parquet file: its contents are malformed (the Parquet decoder failed)",
        ))
    })
}

impl ParquetRows {
    /// Open a Parquet file and read its schema. A row group whose column holds more bytes
    /// (as the file declares them, uncompressed) than `max_field` for each of its rows has
    /// a value over the limit: it is never decoded, and each of its rows is rejected.
    pub fn open(path: &Path, max_field: usize) -> Result<ParquetRows, Error> {
        guarded(path, || ParquetRows::open_unguarded(path, max_field))
    }

    fn open_unguarded(path: &Path, max_field: usize) -> Result<ParquetRows, Error> {
        let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
        let mut reader = ParquetReader::new(file);
        let schema = reader.schema().map_err(|e| polars_error(path, e))?;
        let metadata = reader
            .get_metadata()
            .map_err(|e| polars_error(path, e))?
            .clone();
        let names: Vec<String> = schema.iter_names().map(|n| n.to_string()).collect();
        if names.is_empty() {
            return Err(Error::input(path, "the Parquet file has no columns"));
        }
        let mut groups = Vec::with_capacity(metadata.row_groups.len());
        let mut first = 0usize;
        for (g, rg) in metadata.row_groups.iter().enumerate() {
            let rows = rg.num_rows();
            // Each value may take its bytes plus a length prefix and some page overhead.
            let allowed = (max_field as u64 + 16)
                .saturating_mul(rows.max(1) as u64)
                .saturating_add(64 * 1024);
            let too_big = names.iter().find_map(|name| {
                let size: u64 = rg
                    .columns_under_root_iter(name)?
                    .map(|c| c.uncompressed_size().max(0) as u64)
                    .sum();
                (size > allowed).then(|| {
                    format!(
                        "row group {} (rows {}-{}): column '{name}' holds {size} bytes for {rows} rows, so a value is over the limit of {max_field} bytes (--max-field-bytes); the row group was not decoded",
                        g + 1,
                        first + 1,
                        first + rows
                    )
                })
            });
            groups.push((first, rows, too_big));
            first += rows;
        }
        Ok(ParquetRows {
            path: path.to_path_buf(),
            groups,
            bad: None,
            bad_pos: 0,
            total: metadata.num_rows,
            metadata,
            start: 0,
            columns: Vec::new(),
            cursor: 0,
            names,
        })
    }

    /// The column names, as the header row of the file.
    pub fn header(&self) -> &[String] {
        &self.names
    }

    /// Read the next slice of rows; `false` at the end of the file.
    fn fetch(&mut self) -> Result<bool, Error> {
        let path = self.path.clone();
        guarded(&path, || self.fetch_unguarded())
    }

    fn fetch_unguarded(&mut self) -> Result<bool, Error> {
        let start = self.start + self.columns.first().map_or(0, |c| c.len());
        if start >= self.total {
            return Ok(false);
        }
        // A row group over the limit is not decoded; a slice stops before one.
        let mut len = SLICE;
        for (first, rows, too_big) in &self.groups {
            let end = first + rows;
            match too_big {
                Some(why) if (*first..end).contains(&start) => {
                    self.bad = Some((end, why.clone()));
                    self.bad_pos = start;
                    self.start = start;
                    self.columns.clear();
                    self.cursor = 0;
                    return Ok(true);
                }
                Some(_) if *first > start => len = len.min(first - start),
                _ => {}
            }
        }
        let file = std::fs::File::open(&self.path).map_err(|e| Error::io(&self.path, e))?;
        let mut reader = ParquetReader::new(file).with_slice(Some((start, len)));
        reader.set_metadata(self.metadata.clone());
        let df = reader.finish().map_err(|e| polars_error(&self.path, e))?;
        let mut columns = Vec::with_capacity(self.names.len());
        for (name, col) in self.names.iter().zip(df.columns()) {
            let text = col
                .as_materialized_series()
                .strict_cast(&DataType::String)
                .map_err(|e| {
                    Error::input(
                        &self.path,
                        format!(
                            "column '{name}' has type {} and cannot be read as text: {e}",
                            col.dtype()
                        ),
                    )
                })?;
            let text = text
                .str()
                .map_err(|e| polars_error(&self.path, e))?
                .rechunk()
                .into_owned();
            columns.push(text);
        }
        if columns.first().is_none_or(|c| c.is_empty()) {
            return Ok(false);
        }
        self.start = start;
        self.columns = columns;
        self.cursor = 0;
        Ok(true)
    }

    /// Start again from the first row (the first slice is kept if it is the one in memory).
    pub fn rewind(&mut self) {
        if self.start != 0 || self.bad.is_some() {
            self.columns.clear();
            self.start = 0;
            self.bad = None;
        }
        self.cursor = 0;
    }

    /// Append the next row's fields to `bytes` and their ends (relative to the row's start)
    /// to `ends`: `Some(Ok)` for a row, `Some(Err(why))` for a row of a row group that was
    /// not decoded, `None` at the end of the file.
    pub fn next_into(
        &mut self,
        bytes: &mut Vec<u8>,
        ends: &mut Vec<usize>,
    ) -> Result<Option<Result<(), String>>, Error> {
        loop {
            if let Some((end, why)) = &self.bad {
                if self.bad_pos < *end {
                    self.bad_pos += 1;
                    return Ok(Some(Err(why.clone())));
                }
                self.start = *end;
                self.bad = None;
                self.columns.clear();
                self.cursor = 0;
            }
            if self.cursor < self.columns.first().map_or(0, |c| c.len()) {
                break;
            }
            if !self.fetch()? {
                return Ok(None);
            }
        }
        let start = bytes.len();
        for col in &self.columns {
            if let Some(v) = col.get(self.cursor) {
                bytes.extend_from_slice(v.as_bytes());
            }
            ends.push(bytes.len() - start);
        }
        self.cursor += 1;
        Ok(Some(Ok(())))
    }
}

impl super::TextRows for ParquetRows {
    fn header(&self) -> &[String] {
        ParquetRows::header(self)
    }

    fn next_into(
        &mut self,
        bytes: &mut Vec<u8>,
        ends: &mut Vec<usize>,
    ) -> Result<Option<Result<(), String>>, Error> {
        ParquetRows::next_into(self, bytes, ends)
    }

    fn rewind(&mut self) {
        ParquetRows::rewind(self)
    }
}

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

/// The first bytes of every Parquet file.
pub const MAGIC: &[u8] = b"PAR1";

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
    /// Open a Parquet file and read its schema.
    pub fn open(path: &Path) -> Result<ParquetRows, Error> {
        guarded(path, || ParquetRows::open_unguarded(path))
    }

    fn open_unguarded(path: &Path) -> Result<ParquetRows, Error> {
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
        Ok(ParquetRows {
            path: path.to_path_buf(),
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
        let file = std::fs::File::open(&self.path).map_err(|e| Error::io(&self.path, e))?;
        let mut reader = ParquetReader::new(file).with_slice(Some((start, SLICE)));
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
        if self.start != 0 {
            self.columns.clear();
            self.start = 0;
        }
        self.cursor = 0;
    }

    /// Append the next row's fields to `bytes` and their ends (relative to the row's start)
    /// to `ends`; `false` at the end of the file.
    pub fn next_into(&mut self, bytes: &mut Vec<u8>, ends: &mut Vec<usize>) -> Result<bool, Error> {
        if self.cursor >= self.columns.first().map_or(0, |c| c.len()) && !self.fetch()? {
            return Ok(false);
        }
        let start = bytes.len();
        for col in &self.columns {
            if let Some(v) = col.get(self.cursor) {
                bytes.extend_from_slice(v.as_bytes());
            }
            ends.push(bytes.len() - start);
        }
        self.cursor += 1;
        Ok(true)
    }
}

//! `--format csv`: one row per input row, in input order: `row`, `shipment_id`, `line`,
//! `verdict`, `codes` (`;`-separated), `reasons` (` | `-separated), `missing_documents`
//! (with a supply chain or evidence file), `value_decimal` (the declared value as a plain
//! decimal, `54000.00` for `54.000,00`; empty when blank or unreadable), `value_currency`
//! and `entry_date_parsed` (`YYYY-MM-DD`), then the input's own columns, renamed by
//! [`super::output_names`] where they clash with the tool's (`line` -> `input.line`).
//! With several input files a leading `file` column says which file a row is from, and the
//! input columns are the union of the files' headers. [`super::Layout::Legacy`] writes the
//! 0.1 layout: no typed columns, input columns under their own names.

use super::safe_cell;
use crate::input::{Column, Reject, Row, Source};
use crate::output::sink::{RejectSink, RowFormatter, Sink};
use crate::summary::Summary;
use crate::verdict::Outcome;
use std::io::Write;
use std::sync::Arc;

/// CSV writer of screened rows.
pub struct CsvSink<'a> {
    out: Box<dyn Write + 'a>,
    format: Arc<CsvRows>,
    documents: bool,
    layout: super::Layout,
}

/// What it takes to turn one row into a line of output; shared with the screening threads.
#[derive(Debug)]
struct CsvRows {
    files: Vec<String>,
    multi: bool,
    /// The input columns of the output.
    columns: super::ColumnUnion,
    documents: bool,
    /// Write `value_decimal`, `value_currency` and `entry_date_parsed`.
    typed: bool,
}

impl<'a> CsvSink<'a> {
    /// A sink writing to `out`; `documents` adds a `missing_documents` column after `reasons`
    /// (when a supply chain or evidence file is given).
    pub fn new(out: Box<dyn Write + 'a>, documents: bool) -> Self {
        CsvSink {
            out,
            documents,
            layout: super::Layout::Current,
            format: Arc::new(CsvRows {
                files: Vec::new(),
                multi: false,
                columns: super::ColumnUnion::default(),
                documents,
                typed: true,
            }),
        }
    }

    /// The same sink writing `layout` (the 0.1 layout with [`super::Layout::Legacy`]).
    pub fn with_layout(mut self, layout: super::Layout) -> Self {
        self.layout = layout;
        self
    }
}

/// The typed cells of a row: `,value_decimal,value_currency,entry_date_parsed`.
fn typed_cells(row: &Row, out: &mut Vec<u8>) {
    out.push(b',');
    if let Some(v) = row.value {
        // A decimal's text is digits, a point and a sign: never quoted.
        push_decimal(out, &v);
    }
    out.push(b',');
    if let Some(c) = &row.currency {
        push_field(out, c);
    }
    out.push(b',');
    if let Some(d) = row.entry_date {
        push_date(out, &d);
    }
}

/// Append `n` in decimal digits.
fn push_u64(out: &mut Vec<u8>, mut n: u64) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(&buf[i..]);
}

/// Append a decimal as its `Display` writes it ("-1234.50": a minus when negative, all
/// `scale` digits after the point, a 0 before it when there is no whole part), without
/// the formatting machinery, which cost more than the rest of the cell. A mantissa beyond
/// `u64` goes through `Display`.
fn push_decimal(out: &mut Vec<u8>, v: &rust_decimal::Decimal) {
    let scale = v.scale() as usize;
    let Ok(mut n) = u64::try_from(v.mantissa().unsigned_abs()) else {
        // Writing to memory cannot fail.
        let _ = write!(out, "{v}");
        return;
    };
    // At most 20 digits, or a point and 28 digits after a 0.
    let mut buf = [0u8; 32];
    let mut i = buf.len();
    let mut digits = 0;
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        digits += 1;
        if digits == scale {
            i -= 1;
            buf[i] = b'.';
        }
        if n == 0 && digits > scale {
            break;
        }
    }
    if v.is_sign_negative() {
        out.push(b'-');
    }
    out.extend_from_slice(&buf[i..]);
}

/// Append a date as its `Display` writes it (`YYYY-MM-DD`); a year outside 0-9999 goes
/// through `Display`.
fn push_date(out: &mut Vec<u8>, d: &crate::date::Date) {
    if !(0..=9999).contains(&d.year) {
        let _ = write!(out, "{d}");
        return;
    }
    let two =
        |out: &mut Vec<u8>, n: u8| out.extend_from_slice(&[b'0' + n / 10 % 10, b'0' + n % 10]);
    let y = d.year as u16;
    out.extend_from_slice(&[
        b'0' + (y / 1000) as u8,
        b'0' + (y / 100 % 10) as u8,
        b'0' + (y / 10 % 10) as u8,
        b'0' + (y % 10) as u8,
        b'-',
    ]);
    two(out, d.month);
    out.push(b'-');
    two(out, d.day);
}

/// Bytes that make a CSV field need quotes (as the csv crate decides).
const NEEDS_QUOTES: [bool; 256] = {
    let mut t = [false; 256];
    t[b',' as usize] = true;
    t[b'"' as usize] = true;
    t[b'\n' as usize] = true;
    t[b'\r' as usize] = true;
    t
};

/// Append one CSV field: quoted when it holds a delimiter, quote or line break (as the csv
/// crate does), and neutralised against formula injection.
fn push_field(out: &mut Vec<u8>, s: &str) {
    let s = safe_cell(s);
    let b = s.as_bytes();
    if !b.iter().any(|&c| NEEDS_QUOTES[c as usize]) {
        out.extend_from_slice(b);
        return;
    }
    push_quoted(out, b);
}

/// Append a field in quotes, its quotes doubled.
fn push_quoted(out: &mut Vec<u8>, b: &[u8]) {
    out.push(b'"');
    let mut rest = b;
    while let Some(i) = memchr::memchr(b'"', rest) {
        out.extend_from_slice(&rest[..=i]);
        out.push(b'"');
        rest = &rest[i + 1..];
    }
    out.extend_from_slice(rest);
    out.push(b'"');
}

/// The `verdict`, `codes`, `reasons` (and `missing_documents`) cells of an outcome.
fn outcome_cells(outcome: &Outcome, documents: bool, out: &mut Vec<u8>) {
    let mut scratch = String::new();
    push_field(out, outcome.verdict.as_str());
    out.push(b',');
    outcome.push_codes(&mut scratch);
    push_field(out, &scratch);
    out.push(b',');
    scratch.clear();
    outcome.push_reasons(&mut scratch);
    push_field(out, &scratch);
    if documents {
        out.push(b',');
        push_field(out, &outcome.missing_documents.join(";"));
    }
}

/// Outcomes remembered by the engine are shared by many rows: their cells are formatted
/// once per thread. An entry holds its outcome, so the address it is keyed by cannot be
/// reused by another outcome while the entry lives.
type Rendered = std::collections::HashMap<
    (usize, bool),
    (Arc<Outcome>, Box<[u8]>),
    foldhash::fast::RandomState,
>;

thread_local! {
    static RENDERED: std::cell::RefCell<Rendered> = Default::default();
}

/// Entries of [`RENDERED`] per thread; emptied when full.
const RENDERED_LIMIT: usize = 4096;

impl RowFormatter for CsvRows {
    fn format(&self, file: usize, row: &Row, outcome: &Arc<Outcome>, out: &mut Vec<u8>) {
        self.format_row(file, row, out, |out| {
            let o = outcome;
            if Arc::strong_count(o) < 2 {
                // Not shared: nothing to gain from remembering it.
                return outcome_cells(o, self.documents, out);
            }
            let key = (Arc::as_ptr(o) as usize, self.documents);
            RENDERED.with(|r| {
                let mut r = r.borrow_mut();
                if let Some((_, cells)) = r.get(&key) {
                    out.extend_from_slice(cells);
                    return;
                }
                let start = out.len();
                outcome_cells(o, self.documents, out);
                if r.len() >= RENDERED_LIMIT {
                    r.clear();
                }
                r.insert(key, (o.clone(), out[start..].into()));
            });
        });
    }
}

impl CsvRows {
    /// One output line; `cells` writes the outcome's cells.
    fn format_row(
        &self,
        file: usize,
        row: &Row,
        out: &mut Vec<u8>,
        cells: impl FnOnce(&mut Vec<u8>),
    ) {
        if self.multi {
            push_field(out, &self.files[file]);
            out.push(b',');
        }
        // Writing to memory cannot fail.
        push_u64(out, row.row);
        out.push(b',');
        push_field(out, row.get(Column::ShipmentId).unwrap_or(""));
        out.push(b',');
        push_field(out, row.get(Column::Line).unwrap_or(""));
        out.push(b',');
        cells(out);
        if self.typed {
            typed_cells(row, out);
        }
        let positions = &self.columns.positions[file];
        let width = self.columns.names.len();
        if self.columns.in_order[file] && positions.len() <= 64 {
            // The usual case: the output columns are this file's, in its order. Which
            // fields need quotes is found in one pass over the whole row.
            push_fields(out, row);
            for _ in positions.len()..width {
                out.push(b',');
            }
        } else {
            let mut cells: Vec<&str> = vec![""; width];
            for (i, v) in row.fields().enumerate() {
                cells[positions[i]] = v;
            }
            for c in cells {
                out.push(b',');
                push_field(out, c);
            }
        }
        out.push(b'\n');
    }
}

/// Append `,field` for every field of a row (at most 64 fields).
fn push_fields(out: &mut Vec<u8>, row: &Row) {
    let (text, ends) = row.raw_fields();
    let b = text.as_bytes();
    if memchr::memchr(b'\r', b).is_some() {
        for v in row.fields() {
            out.push(b',');
            push_field(out, v);
        }
        return;
    }
    // Bit i: field i holds a delimiter, quote or newline.
    let mut quote: u64 = 0;
    let mut field = 0;
    for pos in memchr::memchr3_iter(b',', b'"', b'\n', b) {
        while ends[field] <= pos {
            field += 1;
        }
        quote |= 1 << field;
    }
    let mut start = 0;
    for (i, &end) in ends.iter().enumerate() {
        let v = &text[start..end];
        start = end;
        out.push(b',');
        if matches!(
            v.as_bytes().first(),
            Some(b'=' | b'+' | b'-' | b'@' | b'\t')
        ) {
            push_field(out, v);
        } else if quote & (1 << i) != 0 {
            push_quoted(out, v.as_bytes());
        } else {
            out.extend_from_slice(v.as_bytes());
        }
    }
}

impl Sink for CsvSink<'_> {
    fn begin(&mut self, sources: &[Source]) -> std::io::Result<()> {
        let multi = sources.len() > 1;
        let files = crate::output::sink::file_names(sources);
        let columns = super::ColumnUnion::of(sources);
        let mut header: Vec<String> = Vec::new();
        if multi {
            header.push("file".into());
        }
        for h in ["row", "shipment_id", "line", "verdict", "codes", "reasons"] {
            header.push(h.into());
        }
        if self.documents {
            header.push("missing_documents".into());
        }
        let typed = self.layout == super::Layout::Current;
        if typed {
            for h in ["value_decimal", "value_currency", "entry_date_parsed"] {
                header.push(h.into());
            }
            header.extend(super::output_names(&columns.names));
        } else {
            header.extend(columns.names.iter().cloned());
        }
        self.format = Arc::new(CsvRows {
            files,
            multi,
            columns,
            documents: self.documents,
            typed,
        });
        let mut line = Vec::new();
        for (i, h) in header.iter().enumerate() {
            if i > 0 {
                line.push(b',');
            }
            push_field(&mut line, h);
        }
        line.push(b'\n');
        self.out.write_all(&line)
    }

    fn row(&mut self, file: usize, row: &Row, outcome: &Outcome) -> std::io::Result<()> {
        let mut line = Vec::with_capacity(512);
        let documents = self.documents;
        self.format.format_row(file, row, &mut line, |out| {
            outcome_cells(outcome, documents, out)
        });
        self.out.write_all(&line)
    }

    fn formatter(&self) -> Option<Arc<dyn RowFormatter>> {
        Some(self.format.clone())
    }

    fn formatted(&mut self, bytes: &[u8], _rows: usize) -> std::io::Result<()> {
        self.out.write_all(bytes)
    }

    fn finish(&mut self, _summary: &Summary) -> std::io::Result<()> {
        self.out.flush()
    }
}

/// The rejects file: `file`, `line`, `row`, `column`, `kind`, `reason`, `raw`.
pub struct RejectsCsv<'a> {
    w: csv::Writer<Box<dyn Write + 'a>>,
}

impl<'a> RejectsCsv<'a> {
    /// A rejects writer; writes the header at once.
    pub fn new(out: Box<dyn Write + 'a>) -> std::io::Result<Self> {
        let mut w = csv::WriterBuilder::new().from_writer(out);
        w.write_record(["file", "line", "row", "column", "kind", "reason", "raw"])?;
        Ok(RejectsCsv { w })
    }

    /// Flush.
    pub fn flush(&mut self) -> std::io::Result<()> {
        self.w.flush()
    }
}

impl RejectSink for RejectsCsv<'_> {
    fn reject(&mut self, path: &std::path::Path, r: &Reject) -> std::io::Result<()> {
        let kind = match r.kind {
            crate::input::RejectKind::Invalid => "record",
            crate::input::RejectKind::Cell => "cell",
            crate::input::RejectKind::Blank => "blank",
        };
        let rec = [
            path.display().to_string(),
            r.source_line.to_string(),
            r.row.to_string(),
            r.column.clone().unwrap_or_default(),
            kind.to_string(),
            r.reason.clone(),
            r.raw.clone(),
        ];
        self.w
            .write_record(rec.iter().map(|c| safe_cell(c).into_owned()))?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::{push_date, push_decimal, push_u64};
    use proptest::prelude::*;

    /// The typed cells are written without `Display`, and must read the same.
    #[test]
    fn numbers_and_dates_written_as_display_writes_them() {
        let mut runner = proptest::test_runner::TestRunner::default();
        runner
            .run(
                &(any::<i64>(), 0u32..=28, any::<bool>(), any::<u64>()),
                |(m, scale, wide, n)| {
                    let mut out = Vec::new();
                    // A mantissa beyond u64 too (the Display path), within 96 bits.
                    let m = if wide {
                        i128::from(m) << 30
                    } else {
                        i128::from(m)
                    };
                    let v = rust_decimal::Decimal::from_i128_with_scale(m, scale);
                    push_decimal(&mut out, &v);
                    prop_assert_eq!(String::from_utf8(out).unwrap(), v.to_string());
                    let mut out = Vec::new();
                    push_u64(&mut out, n);
                    prop_assert_eq!(String::from_utf8(out).unwrap(), n.to_string());
                    Ok(())
                },
            )
            .unwrap();
        for (m, s, want) in [
            (0, 0, "0"),
            (0, 2, "0.00"),
            (5, 2, "0.05"),
            (-12345, 2, "-123.45"),
        ] {
            let mut out = Vec::new();
            push_decimal(&mut out, &rust_decimal::Decimal::new(m, s));
            assert_eq!(String::from_utf8(out).unwrap(), want);
        }
        let mut neg_zero = rust_decimal::Decimal::new(0, 2);
        neg_zero.set_sign_negative(true);
        let mut out = Vec::new();
        push_decimal(&mut out, &neg_zero);
        assert_eq!(String::from_utf8(out).unwrap(), neg_zero.to_string());
        for (year, month, day) in [(2026, 1, 5), (7, 12, 31), (-5, 3, 1), (12345, 6, 7)] {
            let d = crate::date::Date { year, month, day };
            let mut out = Vec::new();
            push_date(&mut out, &d);
            assert_eq!(String::from_utf8(out).unwrap(), d.to_string());
        }
    }
}

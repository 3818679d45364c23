//! Every screened line, one CSV record each, in a temporary file: the Excel workbook's Lines
//! sheets and the companion CSV of a capped report are written from it, so the report never
//! holds every line in memory.

use super::LineRecord;
use std::io::{BufWriter, Seek, SeekFrom};

/// The columns of a spooled line (and of the companion CSV).
pub const LINE_COLUMNS: [&str; 18] = [
    "file",
    "line",
    "row",
    "shipment_id",
    "entry_line",
    "entry_date",
    "supplier",
    "manufacturer",
    "country_of_origin",
    "hts_code",
    "description",
    "value",
    "currency",
    "verdict",
    "codes",
    "waived_codes",
    "reasons",
    "missing_documents",
];

/// A temporary file of lines (deleted when dropped).
pub struct LineSpool {
    w: csv::Writer<BufWriter<std::fs::File>>,
    lines: u64,
}

impl LineSpool {
    /// A new spool in the system's temporary directory.
    pub fn new() -> std::io::Result<LineSpool> {
        let f = tempfile::tempfile()?;
        let mut w = csv::WriterBuilder::new().from_writer(BufWriter::with_capacity(1 << 16, f));
        w.write_record(LINE_COLUMNS)
            .map_err(std::io::Error::other)?;
        Ok(LineSpool { w, lines: 0 })
    }

    /// Lines written.
    pub fn lines(&self) -> u64 {
        self.lines
    }

    /// Append one line.
    pub fn write(&mut self, l: &LineRecord) -> std::io::Result<()> {
        let active: Vec<&str> = {
            let mut c: Vec<&str> = l
                .findings
                .iter()
                .filter(|f| f.waived.is_none())
                .map(|f| f.code.as_str())
                .collect();
            c.dedup();
            c
        };
        let waived: Vec<&str> = l
            .findings
            .iter()
            .filter(|f| f.waived.is_some())
            .map(|f| f.code.as_str())
            .collect();
        let reasons: Vec<String> = l
            .findings
            .iter()
            .map(|f| match &f.waived {
                Some(w) => format!("{} {} ({})", f.code, f.reason, w),
                None => format!("{} {}", f.code, f.reason),
            })
            .collect();
        let row = l.row.to_string();
        let line = l.source_line.to_string();
        let date = l.entry_date.map(|d| d.to_string()).unwrap_or_default();
        let value = l.value.map(|v| v.to_string()).unwrap_or_default();
        self.w
            .write_record([
                l.file.as_str(),
                &line,
                &row,
                &l.shipment,
                &l.line,
                &date,
                &l.supplier,
                &l.manufacturer,
                &l.country,
                &l.hts,
                &l.description,
                &value,
                &l.currency,
                l.verdict.as_str(),
                &active.join(";"),
                &waived.join(";"),
                &reasons.join(" | "),
                &l.missing_documents.join("; "),
            ])
            .map_err(std::io::Error::other)?;
        self.lines += 1;
        Ok(())
    }

    /// Read the lines back, from the start (the header first).
    pub fn reader(self) -> std::io::Result<csv::Reader<std::fs::File>> {
        let mut f = self
            .w
            .into_inner()
            .map_err(|e| std::io::Error::other(e.to_string()))?
            .into_inner()
            .map_err(|e| std::io::Error::other(e.to_string()))?;
        f.seek(SeekFrom::Start(0))?;
        Ok(csv::ReaderBuilder::new().has_headers(false).from_reader(f))
    }

    /// Copy the lines as CSV to `out` (formula-like cells get a leading apostrophe, as the
    /// CSV output does).
    pub fn copy_to(self, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        let mut r = self.reader()?;
        let mut w = csv::Writer::from_writer(out);
        let mut rec = csv::StringRecord::new();
        while r.read_record(&mut rec).map_err(std::io::Error::other)? {
            let safe: Vec<std::borrow::Cow<str>> = rec
                .iter()
                .map(|c| {
                    if matches!(
                        c.as_bytes().first(),
                        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r')
                    ) && c.parse::<rust_decimal::Decimal>().is_err()
                    {
                        std::borrow::Cow::Owned(format!("'{c}"))
                    } else {
                        std::borrow::Cow::Borrowed(c)
                    }
                })
                .collect();
            w.write_record(safe.iter().map(|c| c.as_ref()))
                .map_err(std::io::Error::other)?;
        }
        w.flush()
    }
}

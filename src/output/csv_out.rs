//! `--format csv`: one row per input row, in input order: `row`, `shipment_id`, `line`,
//! `verdict`, `codes` (`;`-separated), `reasons` (` | `-separated), then the input's own
//! columns. With several input files a leading `file` column says which file a row is from,
//! and the input columns are the union of the files' headers.

use super::safe_cell;
use crate::engine::Outcome;
use crate::input::{Column, Reject, Row, Source};
use crate::run::{RejectSink, Sink, Summary};
use std::io::Write;

/// CSV writer of screened rows.
pub struct CsvSink<'a> {
    w: csv::Writer<Box<dyn Write + 'a>>,
    files: Vec<String>,
    multi: bool,
    /// Output position of each input column, per file.
    positions: Vec<Vec<usize>>,
    width: usize,
    documents: bool,
}

impl<'a> CsvSink<'a> {
    /// A sink writing to `out`; `documents` adds a `missing_documents` column after `reasons`
    /// (when a supply chain or evidence file is given).
    pub fn new(out: Box<dyn Write + 'a>, documents: bool) -> Self {
        CsvSink {
            documents,
            w: csv::WriterBuilder::new().from_writer(out),
            files: Vec::new(),
            multi: false,
            positions: Vec::new(),
            width: 0,
        }
    }
}

impl Sink for CsvSink<'_> {
    fn begin(&mut self, sources: &[Source]) -> std::io::Result<()> {
        self.multi = sources.len() > 1;
        self.files = crate::run::file_names(sources);
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
        self.width = union.len();
        let mut header: Vec<String> = Vec::new();
        if self.multi {
            header.push("file".into());
        }
        for h in ["row", "shipment_id", "line", "verdict", "codes", "reasons"] {
            header.push(h.into());
        }
        if self.documents {
            header.push("missing_documents".into());
        }
        header.extend(union);
        self.w.write_record(&header)?;
        Ok(())
    }

    fn row(&mut self, file: usize, row: &Row, outcome: &Outcome) -> std::io::Result<()> {
        let mut rec: Vec<String> = Vec::with_capacity(7 + self.width);
        if self.multi {
            rec.push(self.files[file].clone());
        }
        rec.push(row.row.to_string());
        rec.push(row.get(Column::ShipmentId).unwrap_or("").to_string());
        rec.push(row.get(Column::Line).unwrap_or("").to_string());
        rec.push(outcome.verdict.to_string());
        rec.push(outcome.codes().join(";"));
        rec.push(
            outcome
                .findings
                .iter()
                .map(|f| format!("{}: {}", f.code, f.reason))
                .collect::<Vec<_>>()
                .join(" | "),
        );
        if self.documents {
            rec.push(outcome.missing_documents.join(";"));
        }
        let base = rec.len();
        rec.resize(base + self.width, String::new());
        for (i, v) in row.fields.iter().enumerate() {
            rec[base + self.positions[file][i]] = v.clone();
        }
        self.w
            .write_record(rec.iter().map(|c| safe_cell(c).into_owned()))?;
        Ok(())
    }

    fn finish(&mut self, _summary: &Summary) -> std::io::Result<()> {
        self.w.flush()
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
            crate::input::RejectKind::Invalid => "invalid",
            crate::input::RejectKind::Blank => "blank",
        };
        let rec = [
            path.display().to_string(),
            r.line.to_string(),
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

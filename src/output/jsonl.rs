//! `--format jsonl`: one object per input row (`"type": "row"`), in input order, with the
//! same fields as the CSV output and the findings as a list, then one `"type": "summary"`.

use crate::input::{Column, Row, Source};
use crate::output::sink::{RowFormatter, Sink};
use crate::rules::RulePack;
use crate::summary::Summary;
use crate::verdict::Outcome;
use serde_json::{Map, Value, json};
use std::io::Write;
use std::sync::Arc;

/// JSON Lines writer.
pub struct JsonlSink<'a> {
    out: Box<dyn Write + 'a>,
    files: Vec<String>,
    rows: Arc<JsonlRows>,
    pack: Value,
}

/// Formats row objects; shared with the screening threads.
#[derive(Debug, Default)]
struct JsonlRows {
    files: Vec<String>,
}

impl RowFormatter for JsonlRows {
    fn format(&self, file: usize, row: &Row, outcome: &Arc<Outcome>, out: &mut Vec<u8>) {
        self.format_row(file, row, outcome, out);
    }
}

impl JsonlRows {
    fn format_row(&self, file: usize, row: &Row, outcome: &Outcome, out: &mut Vec<u8>) {
        let mut fields = Map::new();
        for (h, v) in row.layout.headers.iter().zip(row.fields()) {
            fields.insert(h.clone(), Value::String(v.to_string()));
        }
        let obj = json!({
            "type": "row",
            "file": self.files[file],
            "row": row.row,
            "source_line": row.source_line,
            "shipment_id": row.get(Column::ShipmentId),
            "line": row.get(Column::Line),
            "verdict": outcome.verdict,
            "codes": outcome.codes(),
            "reasons": outcome.findings.iter().map(|f| f.reason.as_str()).collect::<Vec<_>>(),
            "findings": outcome.findings,
            "missing_documents": outcome.missing_documents,
            "value": row.value.map(|v| v.to_string()),
            "currency": row.currency,
            "fields": fields,
        });
        // Writing a `Value` to memory cannot fail.
        let _ = serde_json::to_writer(&mut *out, &obj);
        out.push(b'\n');
    }
}

impl<'a> JsonlSink<'a> {
    /// A sink writing to `out`.
    pub fn new(out: Box<dyn Write + 'a>, pack: &RulePack) -> Self {
        JsonlSink {
            out,
            files: Vec::new(),
            rows: Arc::default(),
            pack: json!({
                "id": pack.meta.id,
                "version": pack.meta.version,
                "facts_as_of": pack.meta.facts_as_of,
                "entity_list": {
                    "as_of": pack.entity_list.as_of,
                    "latest_addition": pack.entity_list.latest_addition,
                    "entities": pack.entity_list.entities,
                    "sha256": pack.entity_list.sha256,
                },
            }),
        }
    }
}

impl Sink for JsonlSink<'_> {
    fn begin(&mut self, sources: &[Source]) -> std::io::Result<()> {
        self.files = crate::output::sink::file_names(sources);
        self.rows = Arc::new(JsonlRows {
            files: self.files.clone(),
        });
        Ok(())
    }

    fn row(&mut self, file: usize, row: &Row, outcome: &Outcome) -> std::io::Result<()> {
        let mut line = Vec::with_capacity(1024);
        self.rows.format_row(file, row, outcome, &mut line);
        self.out.write_all(&line)
    }

    fn formatter(&self) -> Option<Arc<dyn RowFormatter>> {
        Some(self.rows.clone())
    }

    fn formatted(&mut self, bytes: &[u8], _rows: usize) -> std::io::Result<()> {
        self.out.write_all(bytes)
    }

    fn finish(&mut self, s: &Summary) -> std::io::Result<()> {
        let mut by_verdict = Map::new();
        for v in crate::verdict::Verdict::ALL {
            let value: Map<String, Value> = s
                .value_of(v)
                .into_iter()
                .map(|(c, d)| (c.to_string(), Value::String(d.to_string())))
                .collect();
            by_verdict.insert(v.to_string(), json!({"rows": s.count(v), "value": value}));
        }
        let obj = json!({
            "type": "summary",
            "rule_pack": self.pack,
            "files": self.files,
            "rows_read": s.rows_read,
            "rejected": s.rejected,
            "blank": s.blank,
            "verdicts": by_verdict,
            "codes": s.by_code,
            "file_issues": s.file_issues.iter().map(|i| i.to_string()).collect::<Vec<_>>(),
            "waived": s.waived,
            "waiver_issues": s.waiver_issues,
        });
        serde_json::to_writer(&mut self.out, &obj)?;
        self.out.write_all(b"\n")?;
        self.out.flush()
    }
}

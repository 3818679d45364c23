//! `--format json`: one document with the rule pack, the summary and every finding (with its
//! fingerprint). `--write-baseline` writes this format; `--baseline` reads it.

use super::fingerprint;
use crate::input::{Column, Row, Source};
use crate::output::sink::Sink;
use crate::rules::RulePack;
use crate::summary::Summary;
use crate::verdict::Outcome;
use serde_json::{Value, json};
use std::io::Write;

/// JSON document writer.
pub struct JsonSink<'a> {
    out: Box<dyn Write + 'a>,
    files: Vec<String>,
    pack: Value,
    findings: Vec<Value>,
}

impl<'a> JsonSink<'a> {
    /// A sink writing to `out`.
    pub fn new(out: Box<dyn Write + 'a>, pack: &RulePack) -> Self {
        JsonSink {
            out,
            files: Vec::new(),
            pack: json!({"id": pack.meta.id, "version": pack.meta.version, "entity_list": {"as_of": pack.entity_list.as_of, "sha256": pack.entity_list.sha256}}),
            findings: Vec::new(),
        }
    }
}

impl Sink for JsonSink<'_> {
    fn begin(&mut self, sources: &[Source]) -> std::io::Result<()> {
        self.files = crate::output::sink::file_names(sources);
        Ok(())
    }

    fn row(&mut self, file: usize, row: &Row, outcome: &Outcome) -> std::io::Result<()> {
        for f in &outcome.findings {
            self.findings.push(json!({
                "fingerprint": fingerprint(f, &self.files[file], row),
                "file": self.files[file],
                "line": row.source_line,
                "row": row.row,
                "shipment_id": row.get(Column::ShipmentId),
                "shipment_line": row.get(Column::Line),
                "verdict": outcome.verdict,
                "code": f.code,
                "severity": f.severity,
                "field": f.field,
                "matched": f.matched,
                "reason": f.reason,
                "tier": f.tier,
                "waived": f.waived,
            }));
        }
        Ok(())
    }

    fn finish(&mut self, s: &Summary) -> std::io::Result<()> {
        let verdicts: serde_json::Map<String, Value> = crate::verdict::Verdict::ALL
            .iter()
            .map(|v| (v.to_string(), json!(s.count(*v))))
            .collect();
        let doc = json!({
            "tool": {"name": "uflpa-screen", "version": env!("CARGO_PKG_VERSION")},
            "rule_pack": self.pack,
            "files": self.files,
            "summary": {"rows_read": s.rows_read, "rejected": s.rejected, "blank": s.blank, "verdicts": verdicts, "codes": s.by_code, "waived": s.waived, "waiver_issues": s.waiver_issues, "file_issues": s.file_issues.iter().map(|i| i.to_string()).collect::<Vec<_>>()},
            "findings": self.findings,
        });
        serde_json::to_writer_pretty(&mut self.out, &doc)?;
        self.out.write_all(b"\n")?;
        self.out.flush()
    }
}

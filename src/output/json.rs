//! `--format json`: one document with the rule pack, the summary and every finding (with its
//! fingerprint). `--write-baseline` writes this format; `--baseline` reads it. Findings are
//! written as they come (memory stays flat however many there are): the document's keys are
//! in alphabetical order, and `findings` comes before `summary`, which is written at the end.
//! With a baseline each finding has `"baseline": "new"` or `"unchanged"`.

use super::JsonStream;
use crate::baseline::Identity;
use crate::input::{Column, Row, Source};
use crate::output::sink::Sink;
use crate::rules::RulePack;
use crate::summary::Summary;
use crate::verdict::Outcome;
use serde_json::{Value, json};
use std::io::Write;
use std::sync::Arc;

/// JSON document writer.
pub struct JsonSink<'a> {
    out: Box<dyn Write + 'a>,
    files: Vec<String>,
    pack: Value,
    stream: Option<JsonStream>,
    identity: Arc<Identity>,
}

impl<'a> JsonSink<'a> {
    /// A sink writing to `out`; `identity` gives fingerprints and, with a baseline, each
    /// finding's `baseline` state.
    pub fn new(out: Box<dyn Write + 'a>, pack: &RulePack, identity: Arc<Identity>) -> Self {
        JsonSink {
            out,
            files: Vec::new(),
            pack: json!({"id": pack.meta.id, "version": pack.meta.version, "entity_list": {"as_of": pack.entity_list.as_of, "entities": pack.entity_list.entities, "source": pack.entity_list.source, "sha256": pack.entity_list.sha256}}),
            stream: None,
            identity,
        }
    }

    /// The document with the findings left to stream and `summary` in place.
    fn doc(&self, summary: Value) -> Value {
        json!({
            "tool": {"name": "uflpa-screen", "version": env!("CARGO_PKG_VERSION")},
            "rule_pack": self.pack,
            "files": self.files,
            "summary": summary,
            "findings": JsonStream::HOLE,
        })
    }
}

impl Sink for JsonSink<'_> {
    fn begin(&mut self, sources: &[Source]) -> std::io::Result<()> {
        self.files = crate::output::sink::file_names(sources);
        // Keys before `findings` do not depend on the summary.
        let (before, _) = JsonStream::split(&self.doc(Value::Null))?;
        self.stream = Some(JsonStream::begin(&mut self.out, &before)?);
        Ok(())
    }

    fn row(&mut self, file: usize, row: &Row, outcome: &Outcome) -> std::io::Result<()> {
        for f in &outcome.findings {
            let shown = &self.files[file];
            let mut finding = json!({
                "fingerprint": self.identity.fingerprint(f, file, shown, row),
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
            });
            if let Some(state) = self.identity.state(f, file, shown, row) {
                finding["baseline"] = json!(state);
            }
            if let Some(st) = self.stream.as_mut() {
                st.push(&mut self.out, &finding)?;
            }
        }
        Ok(())
    }

    fn finish(&mut self, s: &Summary) -> std::io::Result<()> {
        let verdicts: serde_json::Map<String, Value> = crate::verdict::Verdict::ALL
            .iter()
            .map(|v| (v.to_string(), json!(s.count(*v))))
            .collect();
        let summary = json!({"rows_read": s.rows_read, "rejected": s.rejected, "blank": s.blank, "verdicts": verdicts, "codes": s.by_code, "waived": s.waived, "waiver_issues": s.waiver_issues, "file_issues": s.file_issues.iter().map(|i| i.to_string()).collect::<Vec<_>>()});
        let (before, after) = JsonStream::split(&self.doc(summary))?;
        let st = match self.stream.take() {
            Some(st) => st,
            None => JsonStream::begin(&mut self.out, &before)?,
        };
        st.finish(&mut self.out, &after)?;
        self.out.write_all(b"\n")?;
        self.out.flush()
    }
}

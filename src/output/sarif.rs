//! `--format sarif`: SARIF 2.1.0. `rules[]` come from the rule registry with their
//! explanations; each result is located at the input file and the line of its row. Waived
//! findings carry a suppression with the waiver's justification. Results are written as
//! they come (memory stays flat however many there are); the run's keys are in alphabetical
//! order, so `results` comes after `artifacts` (known at the start) and before `tool`.
//!
//! With a baseline every result has a `baselineState`: `new` or `unchanged`, and after the
//! results of the run one result per finding of the baseline that the run did not find,
//! `absent`, with what the baseline recorded (rule, file, line, reason).

use super::JsonStream;
use crate::baseline::{BaselineState, Identity};
use crate::input::{Column, Row, Source};
use crate::output::sink::Sink;
use crate::rules::{RulePack, Severity};
use crate::summary::Summary;
use crate::verdict::Outcome;
use serde_json::{Value, json};
use std::collections::HashSet;
use std::io::Write;
use std::sync::Arc;

/// SARIF writer.
pub struct SarifSink<'a> {
    out: Box<dyn Write + 'a>,
    files: Vec<String>,
    rules: Vec<Value>,
    codes: Vec<String>,
    pack: String,
    stream: Option<JsonStream>,
    after: String,
    identity: Arc<Identity>,
    /// Baseline fingerprints this run matched (the others are `absent`).
    seen: HashSet<String>,
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Presumed => "error",
        Severity::Review => "warning",
        Severity::Info => "note",
    }
}

impl<'a> SarifSink<'a> {
    /// A sink writing to `out`; `identity` gives fingerprints and baseline states.
    pub fn new(out: Box<dyn Write + 'a>, pack: &RulePack, identity: Arc<Identity>) -> Self {
        let rules = pack
            .rules
            .iter()
            .map(|r| {
                let text = format!(
                    "{}\n\nWhy: {}\n\nExample: {}\n\nHow to clear: {}\n\nLegal basis: {}",
                    r.checks.trim(),
                    r.why.trim(),
                    r.example.trim(),
                    r.clear.trim(),
                    r.citation.trim()
                );
                json!({
                    "id": r.code,
                    "name": r.name,
                    "shortDescription": {"text": r.title},
                    "fullDescription": {"text": r.checks.split_whitespace().collect::<Vec<_>>().join(" ")},
                    "help": {"text": text},
                    "defaultConfiguration": {"level": level(r.severity)},
                    "properties": {"severity": r.severity.to_string(), "citation": r.citation.trim()},
                })
            })
            .collect();
        SarifSink {
            out,
            files: Vec::new(),
            codes: pack.rules.iter().map(|r| r.code.clone()).collect(),
            rules,
            stream: None,
            after: String::new(),
            identity,
            seen: HashSet::new(),
            pack: format!(
                "{} {} (Entity List as of {}, {} entities, sha256 {})",
                pack.meta.id,
                pack.meta.version,
                pack.entity_list.as_of,
                pack.entity_list.entities,
                &pack.entity_list.sha256[..12.min(pack.entity_list.sha256.len())]
            ),
        }
    }
}

impl SarifSink<'_> {
    /// The document with the results left to stream.
    fn doc(&self) -> Value {
        json!({
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "version": "2.1.0",
            "runs": [{
                "tool": {"driver": {
                    "name": "uflpa-screen",
                    "version": env!("CARGO_PKG_VERSION"),
                    "informationUri": "https://www.dhs.gov/uflpa",
                    "rules": self.rules,
                    "properties": {"rulePack": self.pack},
                }},
                "artifacts": self.files.iter().enumerate().map(|(i, f)| json!({"location": {"uri": self.identity.location(i, f).replace('\\', "/")}})).collect::<Vec<_>>(),
                "results": JsonStream::HOLE,
            }],
        })
    }
}

impl Sink for SarifSink<'_> {
    fn begin(&mut self, sources: &[Source]) -> std::io::Result<()> {
        self.files = crate::output::sink::file_names(sources);
        let (before, after) = JsonStream::split(&self.doc())?;
        self.after = after;
        self.stream = Some(JsonStream::begin(&mut self.out, &before)?);
        Ok(())
    }

    fn row(&mut self, file: usize, row: &Row, outcome: &Outcome) -> std::io::Result<()> {
        for f in &outcome.findings {
            let mut r = json!({
                "ruleId": f.code,
                "level": level(f.severity),
                "message": {"text": crate::text::for_humans(&f.reason)},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": {"uri": self.identity.location(file, &self.files[file]).replace('\\', "/")},
                        "region": {"startLine": row.source_line.max(1)},
                    }
                }],
                "partialFingerprints": {"uflpaFinding/v1": self.identity.fingerprint(f, file, &self.files[file], row)},
                "properties": {
                    "verdict": outcome.verdict,
                    "row": row.row,
                    "shipment_id": row.get(Column::ShipmentId),
                    "line": row.get(Column::Line),
                    "field": f.field,
                    "matched": f.matched,
                },
            });
            if let Some(i) = self.codes.iter().position(|c| c == &f.code) {
                r["ruleIndex"] = json!(i);
            }
            if let Some(w) = &f.waived {
                r["suppressions"] = json!([{"kind": "external", "justification": w}]);
            }
            if self.identity.baseline().is_some() {
                let known = self.identity.known_as(f, file, &self.files[file], row);
                r["baselineState"] = json!(match known {
                    Some(_) => BaselineState::Unchanged,
                    None => BaselineState::New,
                });
                if let Some(fp) = known {
                    self.seen.insert(fp);
                }
            }
            if let Some(st) = self.stream.as_mut() {
                st.push(&mut self.out, &r)?;
            }
        }
        Ok(())
    }

    fn finish(&mut self, _s: &Summary) -> std::io::Result<()> {
        let st = match self.stream.take() {
            Some(st) => st,
            None => {
                let (before, after) = JsonStream::split(&self.doc())?;
                self.after = after;
                JsonStream::begin(&mut self.out, &before)?
            }
        };
        let mut st = st;
        if let Some(b) = self.identity.baseline() {
            for e in b
                .entries()
                .iter()
                .filter(|e| !self.seen.contains(&e.fingerprint))
            {
                st.push(&mut self.out, &absent(e, &self.codes))?;
            }
        }
        st.finish(&mut self.out, &self.after)?;
        self.out.write_all(b"\n")?;
        self.out.flush()
    }
}

/// A finding of the baseline that the run did not find, with what the baseline recorded.
fn absent(e: &crate::baseline::Entry, codes: &[String]) -> Value {
    let code = if e.code.is_empty() {
        "unknown"
    } else {
        e.code.as_str()
    };
    let text = if e.reason.is_empty() {
        "in the baseline, not found by this run".to_string()
    } else {
        format!(
            "{} (in the baseline, not found by this run)",
            crate::text::for_humans(&e.reason)
        )
    };
    let mut r = json!({
        "ruleId": code,
        "level": "none",
        "kind": "pass",
        "message": {"text": text},
        "partialFingerprints": {"uflpaFinding/v1": e.fingerprint},
        "baselineState": BaselineState::Absent,
    });
    if !e.file.is_empty() {
        let mut region = json!({});
        if let Some(l) = e.line.filter(|l| *l > 0) {
            region = json!({"startLine": l});
        }
        let mut loc =
            json!({"physicalLocation": {"artifactLocation": {"uri": e.file.replace('\\', "/")}}});
        if region.get("startLine").is_some() {
            loc["physicalLocation"]["region"] = region;
        }
        r["locations"] = json!([loc]);
    }
    if let Some(i) = codes.iter().position(|c| c == code) {
        r["ruleIndex"] = json!(i);
    }
    r
}

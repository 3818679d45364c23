//! `--format jsonl`: one object per input row (`"type": "row"`), in input order, with the
//! same fields as the CSV output and the findings as a list; nothing else, so that every
//! line has the same shape (`pl.read_ndjson`, `pd.read_json(lines=True)`). With
//! `--baseline` each finding carries `"baseline": "new"` or `"unchanged"`. The summary
//! object goes to `--summary FILE` ([`SummarySink`]); [`super::Layout::Legacy`] writes it
//! as a last `"type": "summary"` line, as 0.1 did.

use crate::baseline::Identity;
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
    identity: Arc<Identity>,
    layout: super::Layout,
}

/// Formats row objects; shared with the screening threads.
struct JsonlRows {
    files: Vec<String>,
    identity: Arc<Identity>,
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
            "findings": self.findings(file, row, outcome),
            "missing_documents": outcome.missing_documents,
            "value": row.value.map(|v| v.to_string()),
            "currency": row.currency,
            "entry_date": row.entry_date.map(|d| d.to_string()),
            "fields": fields,
        });
        // Writing a `Value` to memory cannot fail.
        let _ = serde_json::to_writer(&mut *out, &obj);
        out.push(b'\n');
    }

    /// The findings of a row, each with its `baseline` state when a baseline is given.
    fn findings(&self, file: usize, row: &Row, outcome: &Outcome) -> Value {
        let mut list = serde_json::to_value(&outcome.findings).unwrap_or(Value::Null);
        if self.identity.baseline().is_none() {
            return list;
        }
        if let Value::Array(items) = &mut list {
            let shown = &self.files[file];
            for (f, v) in outcome.findings.iter().zip(items.iter_mut()) {
                if let (Some(state), Value::Object(o)) =
                    (self.identity.state(f, file, shown, row), v)
                {
                    o.insert("baseline".into(), json!(state));
                }
            }
        }
        list
    }
}

/// The summary object of a run (`"type": "summary"`): the rule pack, the files, rows read,
/// rejected and blank, per verdict the rows and their declared value by currency (decimal
/// text), rows per rule code, file issues, waived findings and waiver issues.
pub fn summary_object(pack: &Value, files: &[String], s: &Summary) -> Value {
    let mut by_verdict = Map::new();
    for v in crate::verdict::Verdict::ALL {
        let value: Map<String, Value> = s
            .value_of(v)
            .into_iter()
            .map(|(c, d)| (c.to_string(), Value::String(d.to_string())))
            .collect();
        by_verdict.insert(v.to_string(), json!({"rows": s.count(v), "value": value}));
    }
    json!({
        "type": "summary",
        "rule_pack": pack,
        "files": files,
        "rows_read": s.rows_read,
        "rejected": s.rejected,
        "blank": s.blank,
        "verdicts": by_verdict,
        "codes": s.by_code,
        "file_issues": s.file_issues.iter().map(|i| i.to_string()).collect::<Vec<_>>(),
        "waived": s.waived,
        "waiver_issues": s.waiver_issues,
    })
}

/// The rule pack as the summary object names it: `id`, `version`, `facts_as_of` and the
/// Entity List's `as_of`, `latest_addition`, `entities` and `sha256`.
pub fn pack_object(pack: &RulePack) -> Value {
    json!({
        "id": pack.meta.id,
        "version": pack.meta.version,
        "facts_as_of": pack.meta.facts_as_of,
        "entity_list": {
            "as_of": pack.entity_list.as_of,
            "latest_addition": pack.entity_list.latest_addition,
            "entities": pack.entity_list.entities,
            "sha256": pack.entity_list.sha256,
        },
    })
}

/// `--summary FILE`: the run's [`summary_object`] as one line of JSON, beside any format.
pub struct SummarySink<'a> {
    out: Box<dyn Write + 'a>,
    files: Vec<String>,
    pack: Value,
}

impl<'a> SummarySink<'a> {
    /// A sink writing the summary of the run to `out` when it finishes.
    pub fn new(out: Box<dyn Write + 'a>, pack: &RulePack) -> Self {
        SummarySink {
            out,
            files: Vec::new(),
            pack: pack_object(pack),
        }
    }
}

impl Sink for SummarySink<'_> {
    fn begin(&mut self, sources: &[Source]) -> std::io::Result<()> {
        self.files = crate::output::sink::file_names(sources);
        Ok(())
    }

    fn row(&mut self, _file: usize, _row: &Row, _outcome: &Outcome) -> std::io::Result<()> {
        Ok(())
    }

    fn finish(&mut self, s: &Summary) -> std::io::Result<()> {
        serde_json::to_writer(&mut self.out, &summary_object(&self.pack, &self.files, s))?;
        self.out.write_all(b"\n")?;
        self.out.flush()
    }
}

impl<'a> JsonlSink<'a> {
    /// A sink writing to `out`.
    /// `identity` says, with a baseline, whether each finding is new.
    pub fn new(out: Box<dyn Write + 'a>, pack: &RulePack, identity: Arc<Identity>) -> Self {
        JsonlSink {
            out,
            files: Vec::new(),
            rows: Arc::new(JsonlRows {
                files: Vec::new(),
                identity: Arc::clone(&identity),
            }),
            pack: pack_object(pack),
            identity,
            layout: super::Layout::Current,
        }
    }

    /// The same sink writing `layout` (a summary line at the end with
    /// [`super::Layout::Legacy`]).
    pub fn with_layout(mut self, layout: super::Layout) -> Self {
        self.layout = layout;
        self
    }
}

impl Sink for JsonlSink<'_> {
    fn begin(&mut self, sources: &[Source]) -> std::io::Result<()> {
        self.files = crate::output::sink::file_names(sources);
        self.rows = Arc::new(JsonlRows {
            files: self.files.clone(),
            identity: Arc::clone(&self.identity),
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
        if self.layout == super::Layout::Legacy {
            serde_json::to_writer(&mut self.out, &summary_object(&self.pack, &self.files, s))?;
            self.out.write_all(b"\n")?;
        }
        self.out.flush()
    }
}

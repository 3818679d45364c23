//! `--format gitlab`: a GitLab code-quality report (a JSON array). The fingerprint is a hash
//! of the rule code, the file and the shipment and line (never the row number alone), so an
//! unchanged finding keeps its identity when rows move. Waived findings are left out: GitLab
//! has no notion of a suppressed issue. Issues are written as they come (memory stays flat
//! however many there are).
//!
//! The severity follows `--fail-on`: `blocker` for a finding that fails the run, `major` for
//! a presumed or review finding below it, `info` for info. With a baseline only new findings
//! keep those; a finding in the baseline is `info`, its description starting "(in the
//! baseline)".

use super::{FailAt, JsonStream, failing};
use crate::baseline::{BaselineState, Identity};
use crate::input::{Row, Source};
use crate::output::sink::Sink;
use crate::rules::Severity;
use crate::summary::Summary;
use crate::verdict::Outcome;
use serde_json::json;
use std::io::Write;
use std::sync::Arc;

/// Code-quality writer.
pub struct GitlabSink<'a> {
    out: Box<dyn Write + 'a>,
    files: Vec<String>,
    stream: Option<JsonStream>,
    fail_at: FailAt,
    identity: Arc<Identity>,
}

impl<'a> GitlabSink<'a> {
    /// A sink writing to `out`; `fail_at` sets severities, `identity` fingerprints and
    /// the baseline.
    pub fn new(out: Box<dyn Write + 'a>, fail_at: FailAt, identity: Arc<Identity>) -> Self {
        GitlabSink {
            out,
            files: Vec::new(),
            stream: None,
            fail_at,
            identity,
        }
    }
}

impl Sink for GitlabSink<'_> {
    fn begin(&mut self, sources: &[Source]) -> std::io::Result<()> {
        self.files = crate::output::sink::file_names(sources);
        // The document is the array itself.
        self.stream = Some(JsonStream::begin(&mut self.out, "")?);
        Ok(())
    }

    fn row(&mut self, file: usize, row: &Row, outcome: &Outcome) -> std::io::Result<()> {
        for f in outcome.findings.iter().filter(|f| f.waived.is_none()) {
            let shown = &self.files[file];
            let fp = self.identity.fingerprint(f, file, shown, row);
            let known = self.identity.state(f, file, shown, row) == Some(BaselineState::Unchanged);
            let severity = if known || f.severity == Severity::Info {
                "info"
            } else if failing(f, self.fail_at) {
                "blocker"
            } else {
                "major"
            };
            let note = if known { "(in the baseline) " } else { "" };
            let issue = json!({
                "description": crate::text::for_humans(&format!("{note}{}: {}", f.code, f.reason)),
                "check_name": f.code,
                "fingerprint": fp,
                "severity": severity,
                "location": {"path": self.identity.location(file, shown), "lines": {"begin": row.source_line.max(1)}},
            });
            if let Some(st) = self.stream.as_mut() {
                st.push(&mut self.out, &issue)?;
            }
        }
        Ok(())
    }

    fn finish(&mut self, _s: &Summary) -> std::io::Result<()> {
        let st = match self.stream.take() {
            Some(st) => st,
            None => JsonStream::begin(&mut self.out, "")?,
        };
        st.finish(&mut self.out, "\n")?;
        self.out.flush()
    }
}

//! `--format gitlab`: a GitLab code-quality report (a JSON array). The fingerprint is a hash
//! of the rule code, the file and the shipment and line (never the row number alone), so an
//! unchanged finding keeps its identity when rows move. Waived findings are left out: GitLab
//! has no notion of a suppressed issue. Issues are written as they come (memory stays flat
//! however many there are).

use super::{JsonStream, fingerprint};
use crate::input::{Row, Source};
use crate::output::sink::Sink;
use crate::rules::Severity;
use crate::summary::Summary;
use crate::verdict::Outcome;
use serde_json::json;
use std::io::Write;

/// Code-quality writer.
pub struct GitlabSink<'a> {
    out: Box<dyn Write + 'a>,
    files: Vec<String>,
    stream: Option<JsonStream>,
}

impl<'a> GitlabSink<'a> {
    /// A sink writing to `out`.
    pub fn new(out: Box<dyn Write + 'a>) -> Self {
        GitlabSink {
            out,
            files: Vec::new(),
            stream: None,
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
            let severity = match f.severity {
                Severity::Presumed => "blocker",
                Severity::Review => "major",
                Severity::Info => "info",
            };
            let issue = json!({
                "description": crate::text::for_humans(&format!("{}: {}", f.code, f.reason)),
                "check_name": f.code,
                "fingerprint": fingerprint(f, &self.files[file], row),
                "severity": severity,
                "location": {"path": self.files[file], "lines": {"begin": row.source_line.max(1)}},
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

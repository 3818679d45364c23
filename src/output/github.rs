//! `--format github`: GitHub Actions workflow commands, one annotation per finding
//! (`::error` presumed, `::warning` review, `::notice` info and waived findings).

use crate::input::{Row, Source};
use crate::output::sink::Sink;
use crate::rules::Severity;
use crate::summary::Summary;
use crate::verdict::Outcome;
use std::io::Write;

/// Annotation writer.
pub struct GithubSink<'a> {
    out: Box<dyn Write + 'a>,
    files: Vec<String>,
}

impl<'a> GithubSink<'a> {
    /// A sink writing to `out`.
    pub fn new(out: Box<dyn Write + 'a>) -> Self {
        GithubSink {
            out,
            files: Vec::new(),
        }
    }
}

/// Escape the message of a workflow command: control, line-breaking and bidi characters are
/// escaped for people first ([`crate::text::for_humans`]), then what GitHub itself decodes.
fn data(s: &str) -> String {
    crate::text::for_humans(s)
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escape a property of a workflow command.
fn prop(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

impl Sink for GithubSink<'_> {
    fn begin(&mut self, sources: &[Source]) -> std::io::Result<()> {
        self.files = crate::output::sink::file_names(sources);
        Ok(())
    }

    fn row(&mut self, file: usize, row: &Row, outcome: &Outcome) -> std::io::Result<()> {
        for f in &outcome.findings {
            let kind = match (f.severity, &f.waived) {
                (_, Some(_)) | (Severity::Info, _) => "notice",
                (Severity::Presumed, None) => "error",
                (Severity::Review, None) => "warning",
            };
            let title = format!("{} {} (row {})", f.code, f.severity, row.row);
            let msg = match &f.waived {
                Some(w) => format!("{} [{w}]", f.reason),
                None => f.reason.clone(),
            };
            writeln!(
                self.out,
                "::{kind} file={},line={},title={}::{}",
                prop(&self.files[file]),
                row.source_line,
                prop(&title),
                data(&msg)
            )?;
        }
        Ok(())
    }

    fn finish(&mut self, s: &Summary) -> std::io::Result<()> {
        writeln!(
            self.out,
            "::notice title=uflpa-screen::{} rows read: {} presumed, {} review, {} clear, {} rejected",
            s.rows_read,
            s.count(crate::verdict::Verdict::Presumed),
            s.count(crate::verdict::Verdict::Review),
            s.count(crate::verdict::Verdict::Clear),
            s.rejected
        )?;
        self.out.flush()
    }
}

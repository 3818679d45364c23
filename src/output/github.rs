//! `--format github`: GitHub Actions workflow commands, one annotation per finding. The
//! level follows `--fail-on`: `::error` for a finding that fails the run, `::warning` for a
//! presumed or review finding below it, `::notice` for info and waived findings. With a
//! baseline, only new findings are annotated: GitHub shows the first ten errors of a step,
//! so known ones would hide the new; they are counted in one closing notice instead.

use crate::baseline::{BaselineState, Identity};
use crate::input::{Row, Source};
use crate::output::sink::Sink;
use crate::rules::Severity;
use crate::summary::Summary;
use crate::verdict::{FailAt, Outcome, failing};
use std::io::Write;
use std::sync::Arc;

/// Annotation writer.
pub struct GithubSink<'a> {
    out: Box<dyn Write + 'a>,
    files: Vec<String>,
    fail_at: FailAt,
    identity: Arc<Identity>,
    /// Findings in the baseline, not annotated.
    known: u64,
}

impl<'a> GithubSink<'a> {
    /// A sink writing to `out`; `fail_at` sets the levels, `identity` the baseline.
    pub fn new(out: Box<dyn Write + 'a>, fail_at: FailAt, identity: Arc<Identity>) -> Self {
        GithubSink {
            out,
            files: Vec::new(),
            fail_at,
            identity,
            known: 0,
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
            let state = self.identity.state(f, file, &self.files[file], row);
            if state == Some(BaselineState::Unchanged) {
                self.known += 1;
                continue;
            }
            let kind = if f.waived.is_some() || f.severity == Severity::Info {
                "notice"
            } else if failing(f, self.fail_at) {
                "error"
            } else {
                "warning"
            };
            let new = if state.is_some() { ", new" } else { "" };
            let title = format!("{} {}{new} (row {})", f.code, f.severity, row.row);
            let msg = match &f.waived {
                Some(w) => format!("{} [{w}]", f.reason),
                None => f.reason.clone(),
            };
            writeln!(
                self.out,
                "::{kind} file={},line={},title={}::{}",
                prop(self.identity.location(file, &self.files[file])),
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
            "::notice title=uflpa-screen::{}: {} presumed, {} review, {} clear, {} rejected",
            crate::text::plural(s.rows_read, "row read", "rows read"),
            s.count(crate::verdict::Verdict::Presumed),
            s.count(crate::verdict::Verdict::Review),
            s.count(crate::verdict::Verdict::Clear),
            s.rejected
        )?;
        if self.identity.baseline().is_some() {
            writeln!(
                self.out,
                "::notice title=uflpa-screen baseline::{} the run; {} in the baseline {} not annotated",
                crate::text::plural(s.new_findings, "new finding fails", "new findings fail"),
                crate::text::plural(self.known, "finding", "findings"),
                if self.known == 1 { "is" } else { "are" }
            )?;
        }
        self.out.flush()
    }
}

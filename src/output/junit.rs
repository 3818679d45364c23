//! `--format junit`: a test suite per input file and a test case per row; a row fails when it
//! has a finding at or above `--fail-on` that is not waived and, with a baseline, is new.
//! Its other findings (below `--fail-on`, waived, in the baseline) are listed in
//! `<system-out>`, each marked. `--exit-zero` changes only the exit code: failures stay
//! failures in the report.
//!
//! A suite's `tests` and `failures` attributes come before its test cases, and are known only
//! at the end: the test cases are written as they come to an anonymous temporary file (gone
//! when the process ends, however it ends) and copied after their suite's opening tag at the
//! end, so memory stays flat however many rows there are.

use super::{FailAt, failing, xml_escape};
use crate::baseline::{BaselineState, Identity};
use crate::input::{Column, Row, Source};
use crate::output::sink::Sink;
use crate::summary::Summary;
use crate::verdict::Outcome;
use std::io::{Seek, Write};
use std::sync::Arc;

/// JUnit XML writer.
pub struct JunitSink<'a> {
    out: Box<dyn Write + 'a>,
    files: Vec<String>,
    /// Test cases so far, in input order (files one after the other).
    spill: Option<std::io::BufWriter<std::fs::File>>,
    /// Per file: where its cases start and end in `spill`, how many, how many fail.
    spans: Vec<(u64, u64)>,
    cases: Vec<usize>,
    failures: Vec<usize>,
    written: u64,
    fail_at: FailAt,
    identity: Arc<Identity>,
}

impl<'a> JunitSink<'a> {
    /// A sink writing to `out`; `fail_at` and the baseline of `identity` decide failures.
    pub fn new(out: Box<dyn Write + 'a>, fail_at: FailAt, identity: Arc<Identity>) -> Self {
        JunitSink {
            out,
            files: Vec::new(),
            spill: None,
            spans: Vec::new(),
            cases: Vec::new(),
            failures: Vec::new(),
            written: 0,
            fail_at,
            identity,
        }
    }
}

impl Sink for JunitSink<'_> {
    fn begin(&mut self, sources: &[Source]) -> std::io::Result<()> {
        self.files = crate::output::sink::file_names(sources);
        self.cases = vec![0; sources.len()];
        self.failures = vec![0; sources.len()];
        self.spans = vec![(0, 0); sources.len()];
        self.spill = Some(std::io::BufWriter::new(tempfile::tempfile()?));
        Ok(())
    }

    fn row(&mut self, file: usize, row: &Row, outcome: &Outcome) -> std::io::Result<()> {
        // Names and messages are for people (CI test reports, logs): control and
        // line-breaking characters of the values are escaped, as in the table.
        let h = crate::text::for_humans;
        let name = match (row.get(Column::ShipmentId), row.get(Column::Line)) {
            (Some(s), Some(l)) => format!("row {} (shipment {} line {})", row.row, h(s), h(l)),
            (Some(s), None) => format!("row {} (shipment {})", row.row, h(s)),
            _ => format!("row {}", row.row),
        };
        let known: Vec<bool> = outcome
            .findings
            .iter()
            .map(|f| {
                self.identity.state(f, file, &self.files[file], row)
                    == Some(BaselineState::Unchanged)
            })
            .collect();
        let failing: Vec<&crate::verdict::Finding> = outcome
            .findings
            .iter()
            .zip(&known)
            .filter(|(f, k)| failing(f, self.fail_at) && !**k)
            .map(|(f, _)| f)
            .collect();
        let mut case = format!(
            "    <testcase classname=\"{}\" name=\"{}\" file=\"{}\" line=\"{}\">",
            xml_escape(self.identity.location(file, &self.files[file])),
            xml_escape(&name),
            xml_escape(self.identity.location(file, &self.files[file])),
            row.source_line
        );
        if !failing.is_empty() {
            self.failures[file] += 1;
            let codes: Vec<&str> = failing.iter().map(|f| f.code.as_str()).collect();
            let body: Vec<String> = failing
                .iter()
                .map(|f| format!("{}: {}", f.code, h(&f.reason)))
                .collect();
            case.push_str(&format!(
                "\n      <failure type=\"{}\" message=\"{}: {}\">{}</failure>",
                outcome.verdict,
                outcome.verdict,
                xml_escape(&codes.join(", ")),
                xml_escape(&body.join("\n"))
            ));
        }
        let others: Vec<String> = outcome
            .findings
            .iter()
            .zip(&known)
            .filter(|(f, _)| !failing.iter().any(|g| std::ptr::eq(*g, *f)))
            .map(|(f, k)| {
                format!(
                    "{}: {}{}{}",
                    f.code,
                    h(&f.reason),
                    f.waived
                        .as_ref()
                        .map(|w| format!(" ({})", h(w)))
                        .unwrap_or_default(),
                    if *k { " (in the baseline)" } else { "" }
                )
            })
            .collect();
        if !others.is_empty() {
            case.push_str(&format!(
                "\n      <system-out>{}</system-out>",
                xml_escape(&others.join("\n"))
            ));
        }
        if !outcome.findings.is_empty() {
            case.push_str("\n    ");
        }
        case.push_str("</testcase>\n");
        let Some(spill) = self.spill.as_mut() else {
            return Err(std::io::Error::other("junit: row before begin"));
        };
        // Rows come in input order, files one after the other, so a file's cases are one
        // span of the spill.
        if self.cases[file] == 0 {
            self.spans[file].0 = self.written;
        } else if self.spans[file].1 != self.written {
            return Err(std::io::Error::other(
                "junit: rows of two files interleaved",
            ));
        }
        spill.write_all(case.as_bytes())?;
        self.written += case.len() as u64;
        self.spans[file].1 = self.written;
        self.cases[file] += 1;
        Ok(())
    }

    fn finish(&mut self, _s: &Summary) -> std::io::Result<()> {
        let tests: usize = self.cases.iter().sum();
        let failures: usize = self.failures.iter().sum();
        let mut spill = match self.spill.take() {
            Some(w) => Some(w.into_inner().map_err(|e| e.into_error())?),
            None => None,
        };
        writeln!(self.out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>")?;
        writeln!(
            self.out,
            "<testsuites name=\"uflpa-screen\" tests=\"{tests}\" failures=\"{failures}\">"
        )?;
        for (i, f) in self.files.iter().enumerate() {
            writeln!(
                self.out,
                "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"0\">",
                xml_escape(self.identity.location(i, f)),
                self.cases[i],
                self.failures[i]
            )?;
            if let (Some(spill), true) = (spill.as_mut(), self.cases[i] > 0) {
                let (start, end) = self.spans[i];
                spill.seek(std::io::SeekFrom::Start(start))?;
                std::io::copy(
                    &mut std::io::Read::take(&mut *spill, end - start),
                    &mut self.out,
                )?;
            }
            writeln!(self.out, "  </testsuite>")?;
        }
        writeln!(self.out, "</testsuites>")?;
        self.out.flush()
    }
}

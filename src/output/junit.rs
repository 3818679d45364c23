//! `--format junit`: a test suite per input file and a test case per row; a row fails when it
//! has a finding at or above `--fail-on` that is not waived.

use super::{FailAt, failing, xml_escape};
use crate::input::{Column, Row, Source};
use crate::output::sink::Sink;
use crate::summary::Summary;
use crate::verdict::Outcome;
use std::io::Write;

/// JUnit XML writer.
pub struct JunitSink<'a> {
    out: Box<dyn Write + 'a>,
    files: Vec<String>,
    cases: Vec<Vec<String>>,
    failures: Vec<usize>,
    fail_at: FailAt,
}

impl<'a> JunitSink<'a> {
    /// A sink writing to `out`.
    pub fn new(out: Box<dyn Write + 'a>, fail_at: FailAt) -> Self {
        JunitSink {
            out,
            files: Vec::new(),
            cases: Vec::new(),
            failures: Vec::new(),
            fail_at,
        }
    }
}

impl Sink for JunitSink<'_> {
    fn begin(&mut self, sources: &[Source]) -> std::io::Result<()> {
        self.files = crate::output::sink::file_names(sources);
        self.cases = vec![Vec::new(); sources.len()];
        self.failures = vec![0; sources.len()];
        Ok(())
    }

    fn row(&mut self, file: usize, row: &Row, outcome: &Outcome) -> std::io::Result<()> {
        let name = match (row.get(Column::ShipmentId), row.get(Column::Line)) {
            (Some(s), Some(l)) => format!("row {} (shipment {s} line {l})", row.row),
            (Some(s), None) => format!("row {} (shipment {s})", row.row),
            _ => format!("row {}", row.row),
        };
        let failing: Vec<&crate::verdict::Finding> = outcome
            .findings
            .iter()
            .filter(|f| failing(f, self.fail_at))
            .collect();
        let mut case = format!(
            "    <testcase classname=\"{}\" name=\"{}\" file=\"{}\" line=\"{}\">",
            xml_escape(&self.files[file]),
            xml_escape(&name),
            xml_escape(&self.files[file]),
            row.source_line
        );
        if !failing.is_empty() {
            self.failures[file] += 1;
            let codes: Vec<&str> = failing.iter().map(|f| f.code.as_str()).collect();
            let body: Vec<String> = failing
                .iter()
                .map(|f| format!("{}: {}", f.code, f.reason))
                .collect();
            case.push_str(&format!(
                "\n      <failure type=\"{}\" message=\"{}: {}\">{}</failure>\n    ",
                outcome.verdict,
                outcome.verdict,
                xml_escape(&codes.join(", ")),
                xml_escape(&body.join("\n"))
            ));
        } else if !outcome.findings.is_empty() {
            let body: Vec<String> = outcome
                .findings
                .iter()
                .map(|f| {
                    format!(
                        "{}: {}{}",
                        f.code,
                        f.reason,
                        f.waived
                            .as_ref()
                            .map(|w| format!(" ({w})"))
                            .unwrap_or_default()
                    )
                })
                .collect();
            case.push_str(&format!(
                "\n      <system-out>{}</system-out>\n    ",
                xml_escape(&body.join("\n"))
            ));
        }
        case.push_str("</testcase>");
        self.cases[file].push(case);
        Ok(())
    }

    fn finish(&mut self, _s: &Summary) -> std::io::Result<()> {
        let tests: usize = self.cases.iter().map(Vec::len).sum();
        let failures: usize = self.failures.iter().sum();
        writeln!(self.out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>")?;
        writeln!(
            self.out,
            "<testsuites name=\"uflpa-screen\" tests=\"{tests}\" failures=\"{failures}\">"
        )?;
        for (i, f) in self.files.iter().enumerate() {
            writeln!(
                self.out,
                "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"0\">",
                xml_escape(f),
                self.cases[i].len(),
                self.failures[i]
            )?;
            for c in &self.cases[i] {
                writeln!(self.out, "{c}")?;
            }
            writeln!(self.out, "  </testsuite>")?;
        }
        writeln!(self.out, "</testsuites>")?;
        self.out.flush()
    }
}

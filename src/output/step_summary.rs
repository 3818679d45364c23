//! The job summary of a CI run (GitHub's `$GITHUB_STEP_SUMMARY`), in Markdown: the result,
//! the counts, the value at risk, the findings that fail the run (only the new ones with a
//! baseline) and the waivers that expire within 30 days.
//!
//! [`StepSummary`] is a sink fed beside the chosen output; [`StepSummary::markdown`] writes
//! the text once the run is over. The binary decides where it goes (the library reads no
//! environment variable) and appends it after the main output is committed.

use crate::baseline::{BaselineState, Identity};
use crate::config::Policy;
use crate::date::Date;
use crate::input::{Column, Row, Source};
use crate::output::sink::Sink;
use crate::summary::Summary;
use crate::verdict::{FailAt, Outcome, Verdict, failing};
use std::fmt::Write as _;
use std::sync::Arc;

/// Text for a Markdown cell: control and bidi characters made visible, then Markdown
/// escaped.
fn md(s: &str) -> String {
    crate::text::markdown_escape(&crate::text::for_humans(s))
}

/// Findings listed in the summary; the others are counted.
pub const LISTED: usize = 50;

/// Waivers expiring within this many days of the run's date are listed.
pub const EXPIRY_WARNING_DAYS: i64 = 30;

/// One finding that fails the run.
#[derive(Debug, Clone)]
struct Listed {
    file: String,
    line: u64,
    shipment: String,
    code: String,
    verdict: Verdict,
    reason: String,
}

/// Collects what the job summary lists.
pub struct StepSummary {
    fail_at: FailAt,
    identity: Arc<Identity>,
    files: Vec<String>,
    listed: Vec<Listed>,
    /// Failing findings not in the baseline (all failing ones without a baseline).
    new: u64,
    /// Failing findings in the baseline.
    known: u64,
}

impl StepSummary {
    /// A collector for a run gated at `fail_at`, with the baseline of `identity`.
    pub fn new(fail_at: FailAt, identity: Arc<Identity>) -> StepSummary {
        StepSummary {
            fail_at,
            identity,
            files: Vec::new(),
            listed: Vec::new(),
            new: 0,
            known: 0,
        }
    }

    /// The Markdown summary. `exit_code` is the run's; `policy` gives the waivers, `as_of`
    /// the date their expiry is measured from.
    pub fn markdown(&self, s: &Summary, policy: &Policy, as_of: Date, exit_code: u8) -> String {
        let mut out = String::new();
        let baseline = self.identity.baseline().is_some();
        let gate = match self.fail_at {
            Some(sev) => format!("fail-on {sev}"),
            None => "fail-on never".to_string(),
        };
        let result = match exit_code {
            0 if self.new > 0 => {
                format!("passed ({gate}; --exit-zero or --write-baseline kept the code at 0)")
            }
            0 => format!("passed: nothing new fails at {gate}"),
            1 => format!(
                "**failed**: {} at {gate}",
                crate::text::plural(self.new, "finding fails", "findings fail")
            ),
            c => format!("**error** (exit {c}): see the log"),
        };
        let _ = writeln!(out, "### uflpa-screen\n\nResult: {result}.\n");
        let _ = writeln!(
            out,
            "| rows read | presumed | review | clear | rejected | waived findings |\n|---:|---:|---:|---:|---:|---:|"
        );
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} |",
            s.rows_read,
            s.count(Verdict::Presumed),
            s.count(Verdict::Review),
            s.count(Verdict::Clear),
            s.rejected,
            s.waived
        );
        let risk = s.value_at_risk();
        if !risk.is_empty() {
            let parts: Vec<String> = risk
                .iter()
                .map(|(cur, d)| {
                    let amount = crate::output::human_amount(*d);
                    if cur.is_empty() {
                        format!("{amount} (no currency given)")
                    } else {
                        format!("{amount} {}", md(cur))
                    }
                })
                .collect();
            let _ = writeln!(
                out,
                "\nValue at risk (presumed and review lines): {}.",
                parts.join(", ")
            );
        }
        let heading = if baseline {
            format!(
                "New findings ({} not in the baseline; {} in it are not listed)",
                self.new, self.known
            )
        } else {
            format!("Findings that fail the run ({})", self.new)
        };
        let _ = writeln!(out, "\n#### {heading}\n");
        if self.listed.is_empty() {
            let _ = writeln!(out, "None.");
        } else {
            let _ = writeln!(
                out,
                "| file | line | shipment | rule | verdict | reason |\n|---|---:|---|---|---|---|"
            );
            for l in &self.listed {
                let _ = writeln!(
                    out,
                    "| {} | {} | {} | {} | {} | {} |",
                    md(&l.file),
                    l.line,
                    md(&l.shipment),
                    md(&l.code),
                    l.verdict,
                    md(&l.reason)
                );
            }
            if self.new > self.listed.len() as u64 {
                let _ = writeln!(
                    out,
                    "\n... and {} more: see the step's output.",
                    self.new - self.listed.len() as u64
                );
            }
        }
        let soon: Vec<String> = policy
            .waivers()
            .iter()
            .filter(|(_, e)| {
                let left = e.days() - as_of.days();
                (0..=EXPIRY_WARNING_DAYS).contains(&left)
            })
            .map(|(w, e)| {
                let scope = [
                    w.supplier.as_deref().map(|v| format!("supplier {}", md(v))),
                    w.shipment.as_deref().map(|v| format!("shipment {}", md(v))),
                    w.line.as_deref().map(|v| format!("line {}", md(v))),
                ]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(", ");
                format!(
                    "| {} | {scope} | {e} | {} | {} |",
                    md(&w.code),
                    md(&w.reviewer),
                    w.determination.as_deref().map(md).unwrap_or_default()
                )
            })
            .collect();
        if !soon.is_empty() {
            let _ = writeln!(
                out,
                "\n#### Waivers expiring within {EXPIRY_WARNING_DAYS} days of {as_of}\n\n| rule | scope | expires | reviewer | determination |\n|---|---|---|---|---|"
            );
            for l in soon {
                let _ = writeln!(out, "{l}");
            }
        }
        if !s.waiver_issues.is_empty() {
            let _ = writeln!(out, "\n#### Waiver problems\n");
            for w in &s.waiver_issues {
                let _ = writeln!(out, "- {}", md(w));
            }
        }
        out
    }
}

impl Sink for StepSummary {
    fn begin(&mut self, sources: &[Source]) -> std::io::Result<()> {
        self.files = crate::output::sink::file_names(sources);
        Ok(())
    }

    fn row(&mut self, file: usize, row: &Row, outcome: &Outcome) -> std::io::Result<()> {
        for f in outcome.findings.iter().filter(|f| failing(f, self.fail_at)) {
            let shown = &self.files[file];
            if self.identity.state(f, file, shown, row) == Some(BaselineState::Unchanged) {
                self.known += 1;
                continue;
            }
            self.new += 1;
            if self.listed.len() < LISTED {
                let shipment = match (row.get(Column::ShipmentId), row.get(Column::Line)) {
                    (Some(s), Some(l)) => format!("{s} line {l}"),
                    (Some(s), None) => s.to_string(),
                    _ => String::new(),
                };
                self.listed.push(Listed {
                    file: self.identity.location(file, shown).to_string(),
                    line: row.source_line,
                    shipment,
                    code: f.code.clone(),
                    verdict: outcome.verdict,
                    reason: f.reason.clone(),
                });
            }
        }
        Ok(())
    }

    fn finish(&mut self, _s: &Summary) -> std::io::Result<()> {
        Ok(())
    }
}

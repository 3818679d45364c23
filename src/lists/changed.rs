//! `screen --changed-since OLD_LIST`: the lines whose verdict a new Entity List changes.
//!
//! The inputs are screened twice: once with the old list into a [`Recorder`] (a verdict and
//! the Entity List findings per row), then with the current list through [`ChangedOnly`],
//! which passes on only the rows whose verdict differs, with each Entity List finding that
//! is new marked as such. The question a compliance officer asks the day DHS publishes an
//! update: which of my past entries or suppliers does it touch?

use crate::input::{Row, Source};
use crate::output::sink::Sink;
use crate::summary::Summary;
use crate::verdict::{Outcome, Verdict};
use std::collections::HashMap;

/// What the old list said of one row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Before {
    /// The verdict with the old list.
    pub verdict: Verdict,
    /// Its Entity List findings, as `code: reason`.
    pub entity_findings: Vec<String>,
}

fn entity_findings(o: &Outcome) -> Vec<String> {
    o.findings
        .iter()
        .filter(|f| f.code.starts_with("EL"))
        .map(|f| format!("{}: {}", f.code, f.reason))
        .collect()
}

/// A sink that remembers each row's verdict (keyed by input file index and row number).
#[derive(Debug, Default)]
pub struct Recorder {
    /// (file index, row number) -> what the old list said.
    pub before: HashMap<(usize, u64), Before>,
}

impl Sink for Recorder {
    fn begin(&mut self, _sources: &[Source]) -> std::io::Result<()> {
        Ok(())
    }
    fn row(&mut self, file: usize, row: &Row, outcome: &Outcome) -> std::io::Result<()> {
        self.before.insert(
            (file, row.row),
            Before {
                verdict: outcome.verdict,
                entity_findings: entity_findings(outcome),
            },
        );
        Ok(())
    }
    fn finish(&mut self, _summary: &Summary) -> std::io::Result<()> {
        Ok(())
    }
}

/// One line whose verdict changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangedLine {
    /// Input file index.
    pub file: usize,
    /// Physical line of the row in its file.
    pub source_line: u64,
    /// Verdict with the old list.
    pub was: Verdict,
    /// Verdict with the current list.
    pub now: Verdict,
    /// Entity List findings that are new (`code: reason`), or, for a line that the new
    /// list clears, the old ones that went away.
    pub entities: Vec<String>,
}

/// Passes to `inner` only the rows whose verdict differs from `before`; new Entity List
/// findings begin their reason with "new since OLD (was VERDICT)". Every changed line is kept in
/// [`ChangedOnly::changes`] (also those that became `clear`, which some formats do not
/// show).
pub struct ChangedOnly<'a> {
    /// Where changed rows go.
    pub inner: &'a mut dyn Sink,
    /// What the old list said, from a [`Recorder`].
    pub before: HashMap<(usize, u64), Before>,
    /// How the old list is named in reasons: "list-old.csv (as of 2024-09-30)".
    pub old: String,
    /// The lines that changed, in input order.
    pub changes: Vec<ChangedLine>,
}

impl Sink for ChangedOnly<'_> {
    fn begin(&mut self, sources: &[Source]) -> std::io::Result<()> {
        self.inner.begin(sources)
    }

    fn row(&mut self, file: usize, row: &Row, outcome: &Outcome) -> std::io::Result<()> {
        let Some(b) = self.before.get(&(file, row.row)) else {
            return Ok(());
        };
        if b.verdict == outcome.verdict {
            return Ok(());
        }
        let mut o = outcome.clone();
        let mut new = Vec::new();
        for f in o.findings.iter_mut().filter(|f| f.code.starts_with("EL")) {
            let key = format!("{}: {}", f.code, f.reason);
            if !b.entity_findings.contains(&key) {
                f.reason = format!("new since {} (was {}): {}", self.old, b.verdict, f.reason);
                new.push(key);
            }
        }
        self.changes.push(ChangedLine {
            file,
            source_line: row.source_line,
            was: b.verdict,
            now: outcome.verdict,
            entities: if new.is_empty() {
                b.entity_findings.clone()
            } else {
                new
            },
        });
        self.inner.row(file, row, &o)
    }

    fn finish(&mut self, summary: &Summary) -> std::io::Result<()> {
        self.inner.finish(summary)
    }
}

//! Totals of a run: rows by verdict, value by verdict and currency, findings by code,
//! rejects, waivers, and what fails the CI gate. Filled by [`crate::run`], read by every
//! output and report.

use crate::input::{Reject, RejectKind, Row};
use crate::verdict::{Outcome, Verdict};
use rust_decimal::Decimal;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// Totals of a run.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// The inputs.
    pub files: Vec<PathBuf>,
    /// Rows read, screened or not.
    pub rows_read: u64,
    /// Screened rows by verdict.
    pub by_verdict: BTreeMap<Verdict, u64>,
    /// Declared value by verdict and currency (`""` when no currency is known).
    pub value: BTreeMap<(Verdict, String), Decimal>,
    /// Rows of each verdict without a value.
    pub without_value: BTreeMap<Verdict, u64>,
    /// Records rejected as unreadable (not screened): rows_read = screened + rejected + blank.
    pub rejected: u64,
    /// Cells that could not be read, in rows that were screened all the same (listed with
    /// the rejects, kind `cell`).
    pub cells: u64,
    /// Blank rows (listed with the rejects, but not an error).
    pub blank: u64,
    /// Findings by rule code.
    pub by_code: BTreeMap<String, u64>,
    /// Problems in the supply-chain and evidence files: orphan rows, contradictions,
    /// unknown document types.
    pub file_issues: Vec<crate::supply::FileIssue>,
    /// Expired and unused waivers of `uflpa.toml`.
    pub waiver_issues: Vec<String>,
    /// Findings accepted by a waiver.
    pub waived: u64,
    /// Rows with a finding at or above [`crate::run::RunOptions::fail_at`] (not waived).
    pub failing_rows: u64,
    /// Findings at or above [`crate::run::RunOptions::fail_at`] (not waived) whose fingerprint is not in
    /// the baseline of [`crate::run::Upstream::identity`] (all of them when there is no baseline).
    pub new_findings: u64,
}

/// A total plus one more line. Every line's value is at most
/// [`crate::input::MAX_LINE_VALUE`] (10^15; a larger one is a data-quality finding and not
/// added), so a total of fewer than 79 trillion lines cannot pass `Decimal::MAX`; should it
/// ever, the addition is still checked: the total stops there rather than wrap or panic.
fn checked_total(total: Decimal, add: Decimal) -> Decimal {
    total.checked_add(add).unwrap_or(total)
}

impl Summary {
    /// Screened rows of a verdict.
    pub fn count(&self, v: Verdict) -> u64 {
        self.by_verdict.get(&v).copied().unwrap_or(0)
    }

    /// Screened rows in all.
    pub fn screened(&self) -> u64 {
        self.by_verdict.values().sum()
    }

    /// Declared value of a verdict per currency.
    pub fn value_of(&self, v: Verdict) -> Vec<(&str, Decimal)> {
        self.value
            .iter()
            .filter(|((vv, _), _)| *vv == v)
            .map(|((_, c), d)| (c.as_str(), *d))
            .collect()
    }

    /// Value at risk (presumed and review together) per currency.
    pub fn value_at_risk(&self) -> BTreeMap<&str, Decimal> {
        let mut out: BTreeMap<&str, Decimal> = BTreeMap::new();
        for ((v, c), d) in &self.value {
            if *v != Verdict::Clear {
                let t = out.entry(c.as_str()).or_default();
                *t = checked_total(*t, *d);
            }
        }
        out
    }

    pub(crate) fn add(&mut self, row: &Row, outcome: &Outcome) {
        *self.by_verdict.entry(outcome.verdict).or_default() += 1;
        match row.value {
            Some(v) => {
                let cur = row.currency.as_deref().unwrap_or("");
                match self
                    .value
                    .iter_mut()
                    .find(|((vv, c), _)| *vv == outcome.verdict && c == cur)
                {
                    Some((_, d)) => *d = checked_total(*d, v),
                    None => {
                        self.value.insert((outcome.verdict, cur.to_string()), v);
                    }
                }
            }
            None => *self.without_value.entry(outcome.verdict).or_default() += 1,
        }
        for code in outcome.distinct_codes() {
            match self.by_code.get_mut(code) {
                Some(n) => *n += 1,
                None => {
                    self.by_code.insert(code.to_string(), 1);
                }
            }
        }
        self.waived += outcome
            .findings
            .iter()
            .filter(|f| f.waived.is_some())
            .count() as u64;
    }

    pub(crate) fn add_reject(&mut self, rej: &Reject) {
        match rej.kind {
            RejectKind::Invalid => self.rejected += 1,
            RejectKind::Cell => self.cells += 1,
            RejectKind::Blank => self.blank += 1,
        }
    }

    /// Add the counts of another part of the same run.
    pub(crate) fn merge(&mut self, o: Summary) {
        self.rows_read += o.rows_read;
        for (k, n) in o.by_verdict {
            *self.by_verdict.entry(k).or_default() += n;
        }
        for (k, d) in o.value {
            let t = self.value.entry(k).or_default();
            *t = checked_total(*t, d);
        }
        for (k, n) in o.without_value {
            *self.without_value.entry(k).or_default() += n;
        }
        self.rejected += o.rejected;
        self.cells += o.cells;
        self.blank += o.blank;
        for (k, n) in o.by_code {
            *self.by_code.entry(k).or_default() += n;
        }
        self.waived += o.waived;
        self.failing_rows += o.failing_rows;
        self.new_findings += o.new_findings;
    }
}

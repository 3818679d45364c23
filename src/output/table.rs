//! The default output: every flagged line with its reasons, then a summary of rows by
//! verdict and the declared value at risk per currency. For people, not for parsing.

use super::human_amount;
use crate::input::{Column, Row, Source};
use crate::output::sink::Sink;
use crate::rules::RulePack;
use crate::summary::Summary;
use crate::text::for_humans;
use crate::verdict::{Outcome, Verdict};
use std::io::Write;

/// Human-readable writer.
pub struct TableSink<'a> {
    out: Box<dyn Write + 'a>,
    files: Vec<String>,
    pack: String,
    flagged: u64,
    documents: bool,
}

impl<'a> TableSink<'a> {
    /// A sink writing to `out`.
    pub fn new(out: Box<dyn Write + 'a>, pack: &RulePack, documents: bool) -> Self {
        TableSink {
            documents,
            out,
            files: Vec::new(),
            pack: format!(
                "{} {} ({}, facts as of {}); UFLPA Entity List as of {} ({} entities, sha256 {})",
                pack.meta.id,
                pack.meta.version,
                pack.origin,
                pack.meta.facts_as_of,
                pack.entity_list.as_of,
                pack.entity_list.entities,
                &pack.entity_list.sha256[..12.min(pack.entity_list.sha256.len())]
            ),
            flagged: 0,
        }
    }
}

fn money(value: &[(&str, rust_decimal::Decimal)]) -> String {
    value
        .iter()
        .map(|(c, d)| {
            if c.is_empty() {
                format!("{} (no currency)", human_amount(*d))
            } else {
                format!("{} {}", for_humans(c), human_amount(*d))
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn rows(n: u64) -> &'static str {
    if n == 1 { "row" } else { "rows" }
}

/// Keep table cells on one line: runs of white space are one space, and what is left of
/// control, line-breaking and bidi characters is escaped ([`for_humans`]).
fn one_line(s: &str) -> String {
    let clipped = crate::text::clip(&s.split_whitespace().collect::<Vec<_>>().join(" "), 200);
    for_humans(&clipped).into_owned()
}

impl Sink for TableSink<'_> {
    fn begin(&mut self, sources: &[Source]) -> std::io::Result<()> {
        self.files = crate::output::sink::file_names(sources);
        Ok(())
    }

    fn row(&mut self, file: usize, row: &Row, outcome: &Outcome) -> std::io::Result<()> {
        if outcome.verdict == Verdict::Clear && !outcome.findings.iter().any(|f| f.waived.is_some())
        {
            return Ok(());
        }
        self.flagged += 1;
        let mut id = format!("{}:{} (row {})", self.files[file], row.source_line, row.row);
        match (row.get(Column::ShipmentId), row.get(Column::Line)) {
            (Some(s), Some(l)) => id.push_str(&format!("  shipment {s} line {l}")),
            (Some(s), None) => id.push_str(&format!("  shipment {s}")),
            _ => {}
        }
        writeln!(
            self.out,
            "{:<9} {}",
            outcome.verdict.as_str().to_uppercase(),
            for_humans(&id)
        )?;
        let mut facts = Vec::new();
        for (label, col) in [
            ("supplier", Column::Supplier),
            ("manufacturer", Column::Manufacturer),
            ("goods", Column::Description),
        ] {
            if let Some(v) = row.get(col) {
                facts.push(format!("{label}: {}", one_line(&crate::text::clip(v, 60))));
            }
        }
        if let Some(v) = row.value {
            facts.push(
                format!(
                    "value: {} {}",
                    for_humans(row.currency.as_deref().unwrap_or("")),
                    human_amount(v)
                )
                .replace(":  ", ": "),
            );
        }
        if !facts.is_empty() {
            writeln!(self.out, "          {}", facts.join(" | "))?;
        }
        for f in &outcome.findings {
            let sev = if f.waived.is_some() {
                "waived".to_string()
            } else {
                f.severity.to_string()
            };
            writeln!(
                self.out,
                "          {} {:<8} {}",
                f.code,
                sev,
                one_line(&f.reason)
            )?;
            if let Some(w) = &f.waived {
                writeln!(self.out, "                         {}", one_line(w))?;
            }
        }
        if self.documents && !outcome.missing_documents.is_empty() {
            writeln!(
                self.out,
                "          documents missing: {}",
                for_humans(&outcome.missing_documents.join(", "))
            )?;
        }
        writeln!(self.out)
    }

    fn finish(&mut self, s: &Summary) -> std::io::Result<()> {
        if self.flagged == 0 && s.screened() > 0 {
            writeln!(
                self.out,
                "No line falls under the presumption or needs review.\n"
            )?;
        }
        writeln!(
            self.out,
            "Summary: {} rows read from {}",
            s.rows_read,
            for_humans(&self.files.join(", "))
        )?;
        writeln!(self.out, "Rule pack: {}", self.pack)?;
        for v in Verdict::ALL {
            let value = s.value_of(v);
            let no_value = s.without_value.get(&v).copied().unwrap_or(0);
            let mut line = format!("  {:<9} {:>8} {}", v.as_str(), s.count(v), rows(s.count(v)));
            if !value.is_empty() {
                line.push_str(&format!("   {}", money(&value)));
            }
            if no_value > 0 && s.count(v) > 0 && !value.is_empty() {
                line.push_str(&format!("   ({no_value} without a value)"));
            }
            writeln!(self.out, "{line}")?;
        }
        writeln!(
            self.out,
            "  {:<9} {:>8} {}",
            "rejected",
            s.rejected,
            rows(s.rejected)
        )?;
        if s.blank > 0 {
            writeln!(
                self.out,
                "  {:<9} {:>8} {} (listed with the rejects; not an error)",
                "blank",
                s.blank,
                rows(s.blank)
            )?;
        }
        if s.waived > 0 {
            writeln!(
                self.out,
                "Waived findings (reported, not counted): {}",
                s.waived
            )?;
        }
        for w in &s.waiver_issues {
            writeln!(self.out, "  {}", for_humans(w))?;
        }
        if !s.file_issues.is_empty() {
            writeln!(
                self.out,
                "Supply-chain and evidence file issues ({}):",
                s.file_issues.len()
            )?;
            for i in &s.file_issues {
                writeln!(self.out, "  {}", for_humans(&i.to_string()))?;
            }
        }
        let risk: Vec<(&str, rust_decimal::Decimal)> = s.value_at_risk().into_iter().collect();
        if !risk.is_empty() {
            writeln!(
                self.out,
                "Declared value at risk (presumed + review): {}",
                money(&risk)
            )?;
        }
        self.out.flush()
    }
}

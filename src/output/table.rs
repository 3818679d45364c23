//! The default output: every flagged line with its reasons, then a summary of rows by
//! verdict and the declared value at risk per currency. For people, not for parsing.
//!
//! [`TableStyle`] fits it to the terminal: text wraps at word boundaries within the width
//! (a word longer than the width is cut, never lost), verdicts are coloured when asked
//! (the CLI: `--color auto|always|never`, `NO_COLOR`), and `--only` keeps some verdicts.

use super::human_amount;
use crate::input::{Column, Row, Source};
use crate::output::sink::Sink;
use crate::rules::RulePack;
use crate::summary::Summary;
use crate::text::for_humans;
use crate::verdict::{Outcome, Verdict};
use std::io::Write;

/// How the table is laid out.
#[derive(Debug, Clone, Default)]
pub struct TableStyle {
    /// Columns to fit (`None`: no wrapping).
    pub width: Option<usize>,
    /// ANSI colours for verdicts and severities.
    pub color: bool,
    /// Only lines with these verdicts (`None`: presumed, review and lines with waived
    /// findings).
    pub only: Option<Vec<Verdict>>,
}

/// Human-readable writer.
pub struct TableSink<'a> {
    out: Box<dyn Write + 'a>,
    files: Vec<String>,
    pack: String,
    flagged: u64,
    documents: bool,
    style: TableStyle,
}

/// The indent of a line's details.
const INDENT: usize = 10;

/// `text` wrapped at word boundaries into lines of at most `width` characters, the first
/// starting after `first` characters already used, later ones indented by `indent`.
pub fn wrap(text: &str, width: usize, first: usize, indent: usize) -> Vec<String> {
    let room = |used: usize| width.saturating_sub(used).max(20);
    let mut lines: Vec<String> = Vec::new();
    let mut cur = String::new();
    let mut used = first;
    for word in text.split_whitespace() {
        let mut word: &str = word;
        loop {
            let len = word.chars().count();
            let cur_len = cur.chars().count();
            let space = usize::from(cur_len > 0);
            if cur_len + space + len <= room(used) {
                if space == 1 {
                    cur.push(' ');
                }
                cur.push_str(word);
                break;
            }
            if cur_len > 0 {
                lines.push(std::mem::take(&mut cur));
                used = indent;
                continue;
            }
            // A word longer than the line: cut it (nothing is dropped).
            let cut: usize = word
                .char_indices()
                .nth(room(used))
                .map_or(word.len(), |(i, _)| i);
            lines.push(word[..cut].to_string());
            used = indent;
            word = &word[cut..];
            if word.is_empty() {
                break;
            }
        }
    }
    if !cur.is_empty() || lines.is_empty() {
        lines.push(cur);
    }
    lines
}

impl<'a> TableSink<'a> {
    /// A sink writing to `out`.
    pub fn new(out: Box<dyn Write + 'a>, pack: &RulePack, documents: bool) -> Self {
        Self::with_style(out, pack, documents, TableStyle::default())
    }

    /// A sink writing to `out` in `style`.
    pub fn with_style(
        out: Box<dyn Write + 'a>,
        pack: &RulePack,
        documents: bool,
        style: TableStyle,
    ) -> Self {
        TableSink {
            style,
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

impl TableSink<'_> {
    fn paint(&self, text: &str, code: &str) -> String {
        if self.style.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }

    fn verdict(&self, v: Verdict, text: &str) -> String {
        let code = match v {
            Verdict::Presumed => "1;31",
            Verdict::Review => "1;33",
            Verdict::Clear => "32",
        };
        self.paint(text, code)
    }

    /// Write `text` after `prefix` (already `first` columns wide), wrapped to the width with
    /// continuation lines indented by `indent`.
    fn wrapped(
        &mut self,
        prefix: &str,
        first: usize,
        text: &str,
        indent: usize,
    ) -> std::io::Result<()> {
        let lines = match self.style.width {
            Some(w) => wrap(text, w, first, indent),
            None => vec![text.split_whitespace().collect::<Vec<_>>().join(" ")],
        };
        for (i, l) in lines.iter().enumerate() {
            if i == 0 {
                writeln!(self.out, "{prefix}{l}")?;
            } else {
                writeln!(self.out, "{:indent$}{l}", "")?;
            }
        }
        Ok(())
    }

    fn shown(&self, outcome: &Outcome) -> bool {
        match &self.style.only {
            Some(only) => only.contains(&outcome.verdict),
            None => {
                outcome.verdict != Verdict::Clear
                    || outcome.findings.iter().any(|f| f.waived.is_some())
            }
        }
    }
}

/// What the table says when no line was shown: the verdicts `--only` asked for (by
/// default, presumed and review lines).
fn nothing_shown(only: Option<&[Verdict]>) -> String {
    let what = |v: Verdict| match v {
        Verdict::Presumed => "falls under the presumption",
        Verdict::Review => "needs review",
        Verdict::Clear => "is clear",
    };
    let asked: Vec<&str> = match only {
        Some(only) => Verdict::ALL
            .iter()
            .filter(|v| only.contains(v))
            .map(|v| what(*v))
            .collect(),
        None => vec![what(Verdict::Presumed), what(Verdict::Review)],
    };
    match asked.as_slice() {
        [] => "No line is shown.".to_string(),
        [one] => format!("No line {one}."),
        [init @ .., last] => format!("No line {} or {last}.", init.join(", ")),
    }
}

fn rows(n: u64) -> &'static str {
    if n == 1 { "row" } else { "rows" }
}

/// Keep a text on one logical line: runs of white space are one space, and what is left of
/// control, line-breaking and bidi characters is escaped ([`for_humans`]). Nothing is cut:
/// the table wraps it.
fn one_line(s: &str) -> String {
    for_humans(&s.split_whitespace().collect::<Vec<_>>().join(" ")).into_owned()
}

impl Sink for TableSink<'_> {
    fn begin(&mut self, sources: &[Source]) -> std::io::Result<()> {
        self.files = crate::output::sink::file_names(sources);
        Ok(())
    }

    fn row(&mut self, file: usize, row: &Row, outcome: &Outcome) -> std::io::Result<()> {
        if !self.shown(outcome) {
            return Ok(());
        }
        self.flagged += 1;
        let mut id = format!("{}:{} (row {})", self.files[file], row.source_line, row.row);
        match (row.get(Column::ShipmentId), row.get(Column::Line)) {
            (Some(s), Some(l)) => id.push_str(&format!("  shipment {s} line {l}")),
            (Some(s), None) => id.push_str(&format!("  shipment {s}")),
            _ => {}
        }
        let v = outcome.verdict.as_str().to_uppercase();
        let head = format!(
            "{}{} ",
            self.verdict(outcome.verdict, &v),
            " ".repeat(9 - v.len())
        );
        self.wrapped(&head, INDENT, &for_humans(&id), INDENT)?;
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
            self.wrapped(&" ".repeat(INDENT), INDENT, &facts.join(" | "), INDENT)?;
        }
        for f in &outcome.findings {
            let (sev, code) = if f.waived.is_some() {
                ("waived".to_string(), "36")
            } else {
                let c = match f.severity {
                    crate::rules::Severity::Presumed => "31",
                    crate::rules::Severity::Review => "33",
                    _ => "2",
                };
                (f.severity.to_string(), c)
            };
            let prefix = format!(
                "{:INDENT$}{} {}{} ",
                "",
                f.code,
                self.paint(&sev, code),
                " ".repeat(8usize.saturating_sub(sev.len()))
            );
            let first = INDENT + f.code.chars().count() + 10;
            self.wrapped(&prefix, first, &one_line(&f.reason), first)?;
            if let Some(w) = &f.waived {
                self.wrapped(&" ".repeat(first), first, &one_line(w), first)?;
            }
        }
        if self.documents && !outcome.missing_documents.is_empty() {
            let text = format!(
                "documents missing: {}",
                for_humans(&outcome.missing_documents.join(", "))
            );
            self.wrapped(&" ".repeat(INDENT), INDENT, &text, INDENT)?;
        }
        writeln!(self.out)
    }

    fn finish(&mut self, s: &Summary) -> std::io::Result<()> {
        if self.flagged == 0 && s.screened() > 0 {
            writeln!(self.out, "{}\n", nothing_shown(self.style.only.as_deref()))?;
        }
        writeln!(
            self.out,
            "Summary: {} from {}",
            crate::text::plural(s.rows_read, "row read", "rows read"),
            for_humans(&self.files.join(", "))
        )?;
        writeln!(self.out, "Rule pack: {}", self.pack)?;
        for v in Verdict::ALL {
            let value = s.value_of(v);
            let no_value = s.without_value.get(&v).copied().unwrap_or(0);
            let mut line = format!(
                "  {}{} {:>8} {}",
                self.verdict(v, v.as_str()),
                " ".repeat(9 - v.as_str().len()),
                s.count(v),
                rows(s.count(v))
            );
            if !value.is_empty() {
                // "row" padded to the width of "rows": the values line up.
                let pad = if s.count(v) == 1 { " " } else { "" };
                line.push_str(&format!("{pad}   {}", money(&value)));
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

//! The compliance officer's report: what is at risk, how much, why, and what to do next.
//!
//! A [`ReportSink`] keeps every screened line; [`figures`] aggregates them with polars (rows
//! and declared value by verdict, sector, supplier, country of origin and rule; the suppliers
//! with the most value at risk); [`html`] and [`markdown`] render. Money is never summed
//! across currencies. The totals by verdict come from the run's [`Summary`], exact in
//! `rust_decimal`; the breakdowns are summed by polars over integer ten-thousandths, which is
//! exact for every amount with at most four decimal places (the report says so if any value
//! has more).

mod figures;
mod html;
mod markdown;
mod xlsx;

pub use figures::{Figures, GroupRow, figures};
pub use html::html;
pub use markdown::markdown;
pub use xlsx::xlsx;

use crate::input::{Column, Date, Row, Source};
use crate::output::sink::Sink;
use crate::rules::RulePack;
use crate::summary::Summary;
use crate::verdict::{Finding, Outcome, Verdict};
use rust_decimal::Decimal;
use std::path::PathBuf;

/// One screened line, as the report needs it.
#[derive(Debug, Clone)]
pub struct LineRecord {
    /// Input file.
    pub file: String,
    /// Data row number.
    pub row: u64,
    /// Physical line of the input file.
    pub source_line: u64,
    /// Shipment id, if any.
    pub shipment: String,
    /// The manifest's line number within the shipment, if any.
    pub line: String,
    /// Supplier (or manufacturer when there is no supplier).
    pub supplier: String,
    /// Country of origin as written.
    pub country: String,
    /// Description.
    pub description: String,
    /// Declared value.
    pub value: Option<Decimal>,
    /// Currency ("" if unknown).
    pub currency: String,
    /// Verdict.
    pub verdict: Verdict,
    /// Findings.
    pub findings: Vec<Finding>,
    /// Documents still missing.
    pub missing_documents: Vec<String>,
}

impl LineRecord {
    /// Sector ids of the line.
    pub fn sectors(&self) -> Vec<&str> {
        let mut s: Vec<&str> = self
            .findings
            .iter()
            .filter_map(|f| f.sector.as_deref())
            .collect();
        s.sort_unstable();
        s.dedup();
        s
    }
}

/// An input file with its digest.
#[derive(Debug, Clone)]
pub struct InputFile {
    /// Path as given.
    pub path: PathBuf,
    /// SHA-256 of its bytes.
    pub sha256: String,
    /// Which input column feeds which role (`supplier_address <- 'city' + 'zip'`), from
    /// [`crate::input::Layout::describe`].
    pub read: Vec<String>,
    /// Columns that look like party or place data but feed nothing.
    pub unread: Vec<String>,
}

impl InputFile {
    /// Hash a file.
    pub fn hash(path: &std::path::Path) -> Result<InputFile, crate::Error> {
        use sha2::Digest;
        use std::io::Read;
        let mut f = std::fs::File::open(path).map_err(|e| crate::Error::io(path, e))?;
        let mut h = sha2::Sha256::new();
        let mut buf = vec![0u8; 1 << 16];
        loop {
            let n = f.read(&mut buf).map_err(|e| crate::Error::io(path, e))?;
            if n == 0 {
                break;
            }
            h.update(&buf[..n]);
        }
        Ok(InputFile {
            path: path.to_path_buf(),
            sha256: h.finalize().iter().map(|b| format!("{b:02x}")).collect(),
            read: Vec::new(),
            unread: Vec::new(),
        })
    }
}

/// Everything a report shows.
#[derive(Debug, Clone)]
pub struct ReportData {
    /// Date of the report.
    pub date: Date,
    /// The rule pack's identity: id, version, facts date, Entity List date and hash.
    pub pack: PackInfo,
    /// Inputs with their SHA-256.
    pub inputs: Vec<InputFile>,
    /// Totals of the run.
    pub summary: Summary,
    /// Every line.
    pub lines: Vec<LineRecord>,
    /// Citation of each rule code (first paragraph), for the presumed lines.
    pub citations: Vec<(String, String, String)>,
    /// Document ids and titles.
    pub documents: Vec<(String, String)>,
    /// Per line: what a `review` line is waiting for ([`crate::verdict::review_need`]);
    /// empty for other lines.
    pub review_needs: Vec<String>,
}

/// Identity of the rule pack used.
#[derive(Debug, Clone)]
pub struct PackInfo {
    /// id and version.
    pub version: String,
    /// Facts checked as of.
    pub facts_as_of: String,
    /// Entity List as of.
    pub entity_list_as_of: String,
    /// Entity List entities.
    pub entities: usize,
    /// SHA-256 of the Entity List data.
    pub entity_list_sha256: String,
}

impl ReportData {
    /// Assemble report data from a finished run.
    pub fn new(
        pack: &RulePack,
        inputs: Vec<InputFile>,
        summary: Summary,
        lines: Vec<LineRecord>,
        date: Date,
    ) -> ReportData {
        let review_needs = lines
            .iter()
            .map(|l| {
                if l.verdict == Verdict::Review {
                    crate::verdict::review_need(pack, &l.findings).to_string()
                } else {
                    String::new()
                }
            })
            .collect();
        ReportData {
            review_needs,
            date,
            pack: PackInfo {
                version: format!("{} {}", pack.meta.id, pack.meta.version),
                facts_as_of: pack.meta.facts_as_of.clone(),
                entity_list_as_of: pack.entity_list.as_of.clone(),
                entities: pack.entity_list.entities,
                entity_list_sha256: pack.entity_list.sha256.clone(),
            },
            inputs,
            summary,
            lines,
            citations: pack
                .rules
                .iter()
                .map(|r| {
                    (
                        r.code.clone(),
                        r.title.clone(),
                        r.citation.split_whitespace().collect::<Vec<_>>().join(" "),
                    )
                })
                .collect(),
            documents: pack
                .documents
                .iter()
                .map(|d| (d.id.clone(), d.title.clone()))
                .collect(),
        }
    }

    /// A missing-document entry ("production_records (tier 2)") in words.
    pub fn document(&self, entry: &str) -> String {
        let (id, rest) = entry.split_once(' ').unwrap_or((entry, ""));
        match self.documents.iter().find(|(i, _)| i == id) {
            Some((_, title)) if rest.is_empty() => title.clone(),
            Some((_, title)) => format!("{title} {rest}"),
            None => entry.to_string(),
        }
    }

    /// Title and citation of a rule.
    pub fn rule(&self, code: &str) -> Option<(&str, &str)> {
        self.citations
            .iter()
            .find(|c| c.0 == code)
            .map(|c| (c.1.as_str(), c.2.as_str()))
    }

    /// Review lines grouped by what they are missing: (what, lines).
    pub fn review_groups(&self) -> Vec<(String, Vec<&LineRecord>)> {
        let mut groups: Vec<(String, Vec<&LineRecord>)> = Vec::new();
        for (l, key) in self
            .lines
            .iter()
            .zip(&self.review_needs)
            .filter(|(l, _)| l.verdict == Verdict::Review)
        {
            let key = key.clone();
            match groups.iter_mut().find(|(k, _)| *k == key) {
                Some((_, v)) => v.push(l),
                None => groups.push((key, vec![l])),
            }
        }
        groups.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(&b.0)));
        groups
    }
}

/// Collects every line of a run for the report.
#[derive(Debug, Default)]
pub struct ReportSink {
    files: Vec<String>,
    /// The lines, in input order.
    pub lines: Vec<LineRecord>,
}

impl Sink for ReportSink {
    fn begin(&mut self, sources: &[Source]) -> std::io::Result<()> {
        self.files = crate::output::sink::file_names(sources);
        Ok(())
    }

    fn row(&mut self, file: usize, row: &Row, o: &Outcome) -> std::io::Result<()> {
        let g = |c: Column| row.get(c).unwrap_or("").to_string();
        let supplier = row
            .get(Column::Supplier)
            .or(row.get(Column::Manufacturer))
            .unwrap_or("")
            .to_string();
        self.lines.push(LineRecord {
            file: self.files[file].clone(),
            row: row.row,
            source_line: row.source_line,
            shipment: g(Column::ShipmentId),
            line: g(Column::Line),
            supplier,
            country: g(Column::CountryOfOrigin),
            description: g(Column::Description),
            value: row.value,
            currency: row.currency.clone().unwrap_or_default(),
            verdict: o.verdict,
            findings: o.findings.clone(),
            missing_documents: o.missing_documents.clone(),
        });
        Ok(())
    }

    fn finish(&mut self, _: &Summary) -> std::io::Result<()> {
        Ok(())
    }
}

/// Format money for people: "USD 12,500.00".
pub fn money(values: &[(String, Decimal)]) -> String {
    if values.is_empty() {
        return "-".into();
    }
    values
        .iter()
        .map(|(c, d)| {
            let amount = crate::output::human_amount(*d);
            if c.is_empty() {
                format!("{amount} (no currency)")
            } else {
                format!("{c} {amount}")
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

//! The report's figures: lines and declared value by verdict, high-priority sector, supplier,
//! country of origin and rule, summed while the run streams (in `rust_decimal`, exact, one
//! entry per distinct key, never per line).

use crate::verdict::Verdict;
use rust_decimal::Decimal;
use std::collections::{BTreeMap, HashMap};

/// One row of a breakdown table.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupRow {
    /// The sector, supplier, country, rule or verdict.
    pub key: String,
    /// Lines.
    pub rows: u64,
    /// Presumed lines.
    pub presumed: u64,
    /// Review lines.
    pub review: u64,
    /// Declared value per currency.
    pub value: Vec<(String, Decimal)>,
    /// Declared value of presumed and review lines per currency.
    pub at_risk: Vec<(String, Decimal)>,
}

/// All breakdowns of a report.
#[derive(Debug, Clone, Default)]
pub struct Figures {
    /// By verdict.
    pub by_verdict: Vec<GroupRow>,
    /// By high-priority sector ("(none)" for lines outside them).
    pub by_sector: Vec<GroupRow>,
    /// By supplier.
    pub by_supplier: Vec<GroupRow>,
    /// By country of origin.
    pub by_country: Vec<GroupRow>,
    /// By rule code (active findings).
    pub by_rule: Vec<GroupRow>,
    /// The ten suppliers with the most value at risk (in the main currency).
    pub top_suppliers: Vec<GroupRow>,
    /// The currency with the most value at risk, used for charts.
    pub main_currency: String,
    /// Suppliers beyond [`MAX_KEYS`] counted together under "(other suppliers)".
    pub suppliers_folded: u64,
}

/// The most distinct keys a breakdown keeps; later new keys are summed under one "(other
/// ...)" row, so that a file of a million distinct supplier names keeps the report's memory
/// bounded. The row says how many keys it holds.
pub const MAX_KEYS: usize = 50_000;

/// How a line counts under a key: by its verdict, or as accepted risk when every finding
/// that puts it under the key was waived (counted in `lines`, not as presumed or review,
/// and not in the value at risk).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum As {
    Verdict(Verdict),
    Waived,
}

#[derive(Debug, Default, Clone)]
struct Acc {
    rows: u64,
    presumed: u64,
    review: u64,
    value: BTreeMap<String, Decimal>,
    at_risk: BTreeMap<String, Decimal>,
}

impl Acc {
    fn add(&mut self, verdict: As, value: Option<Decimal>, currency: &str) {
        self.rows += 1;
        match verdict {
            As::Verdict(Verdict::Presumed) => self.presumed += 1,
            As::Verdict(Verdict::Review) => self.review += 1,
            As::Verdict(Verdict::Clear) | As::Waived => {}
        }
        let at_risk = matches!(verdict, As::Verdict(Verdict::Presumed | Verdict::Review));
        if let Some(v) = value {
            *self.value.entry(currency.to_string()).or_default() += v;
            if at_risk {
                *self.at_risk.entry(currency.to_string()).or_default() += v;
            }
        }
    }

    fn row(&self, key: &str) -> GroupRow {
        GroupRow {
            key: key.to_string(),
            rows: self.rows,
            presumed: self.presumed,
            review: self.review,
            value: self.value.iter().map(|(c, d)| (c.clone(), *d)).collect(),
            at_risk: self
                .at_risk
                .iter()
                .filter(|(_, d)| !d.is_zero())
                .map(|(c, d)| (c.clone(), *d))
                .collect(),
        }
    }
}

#[derive(Debug, Default)]
struct Breakdown {
    keys: HashMap<String, Acc>,
    other: Acc,
    folded: u64,
    other_label: &'static str,
}

impl Breakdown {
    fn new(other_label: &'static str) -> Breakdown {
        Breakdown {
            other_label,
            ..Breakdown::default()
        }
    }

    fn add(&mut self, key: &str, verdict: As, value: Option<Decimal>, currency: &str) {
        if let Some(a) = self.keys.get_mut(key) {
            a.add(verdict, value, currency);
        } else if self.keys.len() < MAX_KEYS {
            let mut a = Acc::default();
            a.add(verdict, value, currency);
            self.keys.insert(key.to_string(), a);
        } else {
            self.folded += 1;
            self.other.add(verdict, value, currency);
        }
    }

    fn rows(&self) -> Vec<GroupRow> {
        let mut v: Vec<GroupRow> = self.keys.iter().map(|(k, a)| a.row(k)).collect();
        if self.other.rows > 0 {
            v.push(self.other.row(self.other_label));
        }
        v
    }
}

/// Appended to a sector or rule whose findings on a line were all waived.
pub const WAIVED_SUFFIX: &str = " (waived)";

/// The distinct keys of a line's findings (`key` of each finding, when it has one), sorted:
/// those of an active finding, and those whose every finding was waived.
fn keys<'l>(
    l: &'l super::LineRecord,
    key: impl Fn(&'l crate::verdict::Finding) -> Option<&'l str>,
) -> (Vec<&'l str>, Vec<&'l str>) {
    let mut active: Vec<&str> = Vec::new();
    let mut waived: Vec<&str> = Vec::new();
    for f in &l.findings {
        if let Some(k) = key(f) {
            if f.waived.is_none() {
                active.push(k);
            } else {
                waived.push(k);
            }
        }
    }
    active.sort_unstable();
    active.dedup();
    waived.sort_unstable();
    waived.dedup();
    waived.retain(|k| !active.contains(k));
    (active, waived)
}

/// Sums the figures line by line.
#[derive(Debug)]
pub struct FigureAcc {
    verdict: Breakdown,
    sector: Breakdown,
    supplier: Breakdown,
    country: Breakdown,
    rule: Breakdown,
}

impl Default for FigureAcc {
    fn default() -> Self {
        FigureAcc {
            verdict: Breakdown::new("(other)"),
            sector: Breakdown::new("(other sectors)"),
            supplier: Breakdown::new("(other suppliers)"),
            country: Breakdown::new("(other countries)"),
            rule: Breakdown::new("(other rules)"),
        }
    }
}

impl FigureAcc {
    /// Count one line. Under a sector or a rule whose findings on the line were all
    /// waived, the line counts as accepted risk (the key `HP201 (waived)`, `cotton
    /// (waived)`), never as presumed or review, whatever its other findings make of it.
    pub fn add(&mut self, l: &super::LineRecord) {
        let (v, val, cur) = (l.verdict, l.value, l.currency.as_str());
        let by = As::Verdict(v);
        self.verdict.add(v.as_str(), by, val, cur);
        let (sectors, waived_sectors) = keys(l, |f| f.sector.as_deref());
        if sectors.is_empty() && waived_sectors.is_empty() {
            self.sector.add("(none)", by, val, cur);
        }
        for s in sectors {
            self.sector.add(s, by, val, cur);
        }
        for s in waived_sectors {
            self.sector
                .add(&format!("{s}{WAIVED_SUFFIX}"), As::Waived, val, cur);
        }
        let supplier = if l.supplier.is_empty() {
            "(no supplier)"
        } else {
            l.supplier.as_str()
        };
        self.supplier.add(supplier, by, val, cur);
        let country = if l.country.is_empty() {
            "(not given)".to_string()
        } else {
            l.country.to_uppercase()
        };
        self.country.add(&country, by, val, cur);
        let (codes, waived_codes) = keys(l, |f| Some(f.code.as_str()));
        if codes.is_empty() && waived_codes.is_empty() {
            self.rule.add("(no finding)", by, val, cur);
        }
        for c in codes {
            self.rule.add(c, by, val, cur);
        }
        for c in waived_codes {
            self.rule
                .add(&format!("{c}{WAIVED_SUFFIX}"), As::Waived, val, cur);
        }
    }

    /// The finished breakdowns, sorted: most lines at risk first.
    pub fn finish(&self) -> Figures {
        let mut by_verdict = self.verdict.rows();
        by_verdict.sort_by_key(|g| Verdict::ALL.iter().position(|v| v.as_str() == g.key));
        let mut totals: BTreeMap<String, Decimal> = BTreeMap::new();
        for g in &by_verdict {
            for (c, d) in &g.at_risk {
                *totals.entry(c.clone()).or_default() += *d;
            }
        }
        let main_currency = totals
            .iter()
            .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
            .map(|t| t.0.clone())
            .unwrap_or_default();
        let sort = |mut v: Vec<GroupRow>| {
            v.sort_by(|a, b| {
                (b.presumed + b.review)
                    .cmp(&(a.presumed + a.review))
                    .then(b.rows.cmp(&a.rows))
                    .then(a.key.cmp(&b.key))
            });
            v
        };
        let by_supplier = sort(self.supplier.rows());
        let mut top: Vec<GroupRow> = by_supplier
            .iter()
            .filter(|g| !g.at_risk.is_empty() && g.key != self.supplier.other_label)
            .cloned()
            .collect();
        let risk_in = |g: &GroupRow| -> Decimal {
            g.at_risk
                .iter()
                .filter(|(c, _)| *c == main_currency)
                .map(|(_, d)| *d)
                .sum()
        };
        top.sort_by(|a, b| {
            risk_in(b)
                .cmp(&risk_in(a))
                .then(b.rows.cmp(&a.rows))
                .then(a.key.cmp(&b.key))
        });
        top.truncate(10);
        Figures {
            by_verdict,
            by_sector: sort(self.sector.rows()),
            by_supplier,
            by_country: sort(self.country.rows()),
            by_rule: sort(self.rule.rows()),
            top_suppliers: top,
            main_currency,
            suppliers_folded: self.supplier.folded,
        }
    }
}

/// The figures of a set of lines (for the library user and tests).
pub fn figures(lines: &[super::LineRecord]) -> Figures {
    let mut acc = FigureAcc::default();
    for l in lines {
        acc.add(l);
    }
    acc.finish()
}

//! `uflpa.toml`: the configuration a CI check keeps next to the data it screens.
//!
//! Parsed with unknown keys rejected (the error names the line and column), then validated
//! into a [`Policy`] that the run applies after screening: severity overrides, waivers with a
//! reason, reviewer and expiry, and custom watch lists. A waived finding is reported as
//! waived, never hidden; an expired waiver no longer applies and is reported; a waiver that
//! matched nothing is reported as unused.

use crate::engine::{Finding, Outcome, Verdict};
use crate::input::{Column, Date, DateOrder, Row};
use crate::rules::{RulePack, Severity};
use crate::text::{fold, on_boundaries};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

/// The commented default written by `uflpa-screen init`.
pub const TEMPLATE: &str = include_str!("../docs/uflpa.example.toml");

/// Raw `uflpa.toml`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// A rule-pack directory instead of the embedded pack.
    #[serde(default)]
    pub rules: Option<String>,
    /// `presumed`, `review` or `never`.
    #[serde(default)]
    pub fail_on: Option<String>,
    /// Column mappings, canonical name -> header.
    #[serde(default)]
    pub map: BTreeMap<String, String>,
    /// Entity List name-matching thresholds.
    #[serde(default)]
    pub entity_list: Option<Thresholds>,
    /// Per-rule severity overrides: `info`, `review`, `presumed` or `off`.
    #[serde(default)]
    pub severity: BTreeMap<String, String>,
    /// Waivers.
    #[serde(default, rename = "waiver")]
    pub waivers: Vec<Waiver>,
    /// Custom watch lists.
    #[serde(default)]
    pub watch: Watch,
}

/// Name-matching thresholds.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Thresholds {
    /// See `[entity_list]` in pack.toml.
    pub presume_threshold: Option<f32>,
    /// See `[entity_list]` in pack.toml.
    pub review_threshold: Option<f32>,
}

/// One waiver: a finding accepted after review, for a reason, until a date.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Waiver {
    /// The rule code it waives.
    pub code: String,
    /// Only findings on rows whose supplier (or manufacturer) equals this (folded).
    #[serde(default)]
    pub supplier: Option<String>,
    /// Only this shipment.
    #[serde(default)]
    pub shipment: Option<String>,
    /// Only this line (with `shipment`).
    #[serde(default)]
    pub line: Option<String>,
    /// Why (mandatory).
    pub reason: String,
    /// Who reviewed it (mandatory).
    pub reviewer: String,
    /// Last day it applies, YYYY-MM-DD (mandatory).
    pub expires: String,
}

/// Custom watch lists, screened like the built-in rules.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Watch {
    /// Companies under investigation: matched against supplier and manufacturer names.
    #[serde(default)]
    pub suppliers: Vec<WatchEntry>,
    /// Extra place names: matched in addresses, names and descriptions.
    #[serde(default)]
    pub places: Vec<WatchEntry>,
    /// Extra sector keywords: matched in descriptions.
    #[serde(default)]
    pub keywords: Vec<WatchEntry>,
}

/// One watched name.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WatchEntry {
    /// The name or phrase.
    pub name: String,
    /// Why it is watched.
    pub reason: String,
    /// `review` (default) or `presumed`.
    #[serde(default)]
    pub severity: Option<String>,
}

/// Read a config file; unknown keys and bad values are errors naming the line and column.
pub fn load(path: &Path) -> Result<Config, crate::Error> {
    let text = std::fs::read_to_string(path).map_err(|e| crate::Error::io(path, e))?;
    toml::from_str::<Config>(&text).map_err(|e| {
        let at = e
            .span()
            .map(|s| {
                let before = &text[..s.start.min(text.len())];
                let line = before.matches('\n').count() + 1;
                let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
                format!(":{line}:{col}")
            })
            .unwrap_or_default();
        crate::Error::Usage(format!("{}{at}: {}", path.display(), e.message()))
    })
}

fn severity_of(s: &str) -> Option<Option<Severity>> {
    match s {
        "info" => Some(Some(Severity::Info)),
        "review" => Some(Some(Severity::Review)),
        "presumed" => Some(Some(Severity::Presumed)),
        "off" => Some(None),
        _ => None,
    }
}

/// A waiver problem, reported with the run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WaiverIssue {
    /// Index of the waiver in the config.
    pub index: usize,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for WaiverIssue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "waiver {}: {}", self.index + 1, self.message)
    }
}

/// A validated config, applied to outcomes after screening.
#[derive(Debug, Default)]
pub struct Policy {
    overrides: BTreeMap<String, Option<Severity>>,
    waivers: Vec<(Waiver, Date)>,
    used: Vec<AtomicU64>,
    today: Option<Date>,
    watch_suppliers: Vec<(String, WatchEntry)>,
    watch_places: Vec<(String, WatchEntry)>,
    watch_keywords: Vec<(String, WatchEntry)>,
    /// Problems found when validating (expired waivers).
    pub issues: Vec<WaiverIssue>,
}

/// Codes of the watch-list rules.
pub const WATCH_CODES: [&str; 3] = ["WL601", "WL602", "WL603"];

impl Policy {
    /// Validate a config against a pack; `today` decides which waivers have expired.
    pub fn new(config: &Config, pack: &RulePack, today: Date) -> Result<Policy, crate::Error> {
        let mut errors = Vec::new();
        let mut overrides = BTreeMap::new();
        for (code, sev) in &config.severity {
            if pack.rule(code).is_none() && !WATCH_CODES.contains(&code.as_str()) {
                errors.push(format!("[severity] {code}: no such rule"));
            }
            match severity_of(sev) {
                Some(s) => {
                    overrides.insert(code.to_uppercase(), s);
                }
                None => errors.push(format!(
                    "[severity] {code} = \"{sev}\": expected info, review, presumed or off"
                )),
            }
        }
        let mut waivers = Vec::new();
        let mut issues = Vec::new();
        for (i, w) in config.waivers.iter().enumerate() {
            let n = i + 1;
            if pack.rule(&w.code).is_none() && !WATCH_CODES.contains(&w.code.as_str()) {
                errors.push(format!("waiver {n}: code {}: no such rule", w.code));
            }
            if w.reason.trim().is_empty() || w.reviewer.trim().is_empty() {
                errors.push(format!(
                    "waiver {n} ({}): reason and reviewer must not be empty",
                    w.code
                ));
            }
            if w.supplier.is_none() && w.shipment.is_none() {
                errors.push(format!("waiver {n} ({}): needs a supplier or a shipment, so it cannot waive a rule everywhere", w.code));
            }
            if w.line.is_some() && w.shipment.is_none() {
                errors.push(format!(
                    "waiver {n} ({}): a line needs its shipment",
                    w.code
                ));
            }
            match crate::input::value::parse_date(&w.expires, DateOrder::Auto) {
                Ok(d) if w.expires.len() == 10 => {
                    if d < today {
                        issues.push(WaiverIssue {
                            index: i,
                            message: format!(
                                "{} for {} expired on {d} and no longer applies",
                                w.code,
                                describe(w)
                            ),
                        });
                    }
                    waivers.push((w.clone(), d));
                }
                _ => errors.push(format!(
                    "waiver {n} ({}): expires = \"{}\" is not a YYYY-MM-DD date",
                    w.code, w.expires
                )),
            }
        }
        for s in &config.watch.suppliers {
            if !matches!(
                s.severity.as_deref(),
                None | Some("review") | Some("presumed")
            ) {
                errors.push(format!(
                    "[[watch.suppliers]] {}: severity must be review or presumed",
                    s.name
                ));
            }
        }
        if !errors.is_empty() {
            return Err(crate::Error::Usage(format!(
                "invalid configuration:\n  {}",
                errors.join("\n  ")
            )));
        }
        let prep = |v: &[WatchEntry]| {
            v.iter()
                .map(|e| (fold(&e.name), e.clone()))
                .filter(|(f, _)| !f.is_empty())
                .collect()
        };
        Ok(Policy {
            used: waivers.iter().map(|_| AtomicU64::new(0)).collect(),
            overrides,
            waivers,
            today: Some(today),
            watch_suppliers: prep(&config.watch.suppliers),
            watch_places: prep(&config.watch.places),
            watch_keywords: prep(&config.watch.keywords),
            issues,
        })
    }

    /// Severity overrides for the pack (applied before screening).
    pub fn apply_to_pack(&self, pack: &mut RulePack) {
        for r in &mut pack.rules {
            if let Some(Some(s)) = self.overrides.get(&r.code) {
                r.severity = *s;
            }
        }
    }

    /// True when the policy changes nothing (no watch list, no `off`, no waiver).
    pub fn is_empty(&self) -> bool {
        self.waivers.is_empty()
            && self.watch_suppliers.is_empty()
            && self.watch_places.is_empty()
            && self.watch_keywords.is_empty()
            && !self.overrides.values().any(Option::is_none)
    }

    /// Watch lists, overrides (`off`) and waivers applied to one outcome.
    pub fn apply(&self, row: &Row, mut outcome: Outcome) -> Outcome {
        if self.is_empty() {
            return outcome;
        }
        self.watch(row, &mut outcome.findings);
        outcome
            .findings
            .retain(|f| !matches!(self.overrides.get(&f.code), Some(None)));
        let supplier =
            [row.get(Column::Supplier), row.get(Column::Manufacturer)].map(|s| s.map(fold));
        let shipment = row.get(Column::ShipmentId).unwrap_or("");
        let line = row.get(Column::Line).unwrap_or("");
        for f in &mut outcome.findings {
            for (i, (w, expires)) in self.waivers.iter().enumerate() {
                if !w.code.eq_ignore_ascii_case(&f.code) {
                    continue;
                }
                if let Some(s) = &w.supplier {
                    let s = fold(s);
                    if !supplier.iter().any(|x| x.as_deref() == Some(s.as_str())) {
                        continue;
                    }
                }
                if w.shipment.as_deref().is_some_and(|s| s != shipment)
                    || w.line.as_deref().is_some_and(|l| l != line)
                {
                    continue;
                }
                if self.today.is_some_and(|t| *expires < t) {
                    continue;
                }
                self.used[i].fetch_add(1, Ordering::Relaxed);
                f.waived = Some(format!(
                    "waived until {expires} by {}: {}",
                    w.reviewer, w.reason
                ));
                break;
            }
        }
        outcome.verdict = Verdict::of(&outcome.findings);
        if outcome.verdict == Verdict::Clear {
            outcome.missing_documents.clear();
        }
        outcome
    }

    fn watch(&self, row: &Row, findings: &mut Vec<Finding>) {
        let mk = |code: &str, field: &str, matched: &str, e: &WatchEntry| Finding {
            code: code.to_string(),
            severity: match e.severity.as_deref() {
                Some("presumed") => Severity::Presumed,
                _ => Severity::Review,
            },
            field: field.to_string(),
            matched: matched.to_string(),
            reason: format!("{field} '{matched}' is on the watch list: {}", e.reason),
            sector: None,
            family: None,
            tier: None,
            waived: None,
        };
        let header = |c: Column| {
            row.layout
                .index(c)
                .map(|i| row.layout.headers[i].clone())
                .unwrap_or_else(|| c.name().to_string())
        };
        for c in [Column::Supplier, Column::Manufacturer] {
            if let Some(t) = row.get(c) {
                let ft = fold(t);
                for (name, e) in &self.watch_suppliers {
                    if ft == *name || contains_words(&ft, name) {
                        findings.push(mk("WL601", &header(c), t, e));
                    }
                }
            }
        }
        for c in [
            Column::Supplier,
            Column::SupplierAddress,
            Column::Manufacturer,
            Column::ManufacturerAddress,
            Column::Description,
        ] {
            if let Some(t) = row.get(c) {
                let ft = fold(t);
                for (name, e) in &self.watch_places {
                    if contains_words(&ft, name) {
                        findings.push(mk("WL602", &header(c), t, e));
                    }
                }
            }
        }
        if let Some(t) = row.get(Column::Description) {
            let ft = fold(t);
            for (name, e) in &self.watch_keywords {
                if contains_words(&ft, name) {
                    findings.push(mk("WL603", &header(Column::Description), t, e));
                }
            }
        }
    }

    /// Waivers that matched nothing (call after the run), and expired ones.
    pub fn report(&self) -> Vec<WaiverIssue> {
        let mut out = self.issues.clone();
        for (i, (w, expires)) in self.waivers.iter().enumerate() {
            let expired = self.today.is_some_and(|t| *expires < t);
            if !expired && self.used[i].load(Ordering::Relaxed) == 0 {
                out.push(WaiverIssue {
                    index: i,
                    message: format!(
                        "{} for {} matched no finding (unused; remove it or correct it)",
                        w.code,
                        describe(w)
                    ),
                });
            }
        }
        out.sort_by_key(|i| i.index);
        out
    }
}

fn describe(w: &Waiver) -> String {
    let mut parts = Vec::new();
    if let Some(s) = &w.supplier {
        parts.push(format!("supplier '{s}'"));
    }
    if let Some(s) = &w.shipment {
        parts.push(format!("shipment {s}"));
    }
    if let Some(l) = &w.line {
        parts.push(format!("line {l}"));
    }
    parts.join(", ")
}

fn contains_words(haystack: &str, needle: &str) -> bool {
    let mut from = 0;
    while let Some(i) = haystack[from..].find(needle) {
        let s = from + i;
        if on_boundaries(haystack, s, s + needle.len()) {
            return true;
        }
        from = s + needle.len().max(1);
        if from >= haystack.len() {
            break;
        }
    }
    false
}

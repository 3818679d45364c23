//! "Which names of the user's watch lists does this row carry?" (`[watch]` in `uflpa.toml`:
//! companies under investigation, extra places, extra sector keywords.) Matched on word
//! boundaries after folding, like the built-in rules.

use crate::config::{Watch, WatchEntry};
use crate::input::{Column, Row};
use crate::rules::{Code, Severity};
use crate::text::{fold, on_boundaries};
use crate::verdict::Finding;

/// The watch lists, folded once.
#[derive(Debug, Default)]
pub struct WatchMatcher {
    suppliers: Vec<(String, WatchEntry)>,
    places: Vec<(String, WatchEntry)>,
    keywords: Vec<(String, WatchEntry)>,
}

impl WatchMatcher {
    /// Fold the watched names; empty ones are dropped.
    pub fn new(watch: &Watch) -> WatchMatcher {
        let prep = |v: &[WatchEntry]| {
            v.iter()
                .map(|e| (fold(&e.name), e.clone()))
                .filter(|(f, _)| !f.is_empty())
                .collect()
        };
        WatchMatcher {
            suppliers: prep(&watch.suppliers),
            places: prep(&watch.places),
            keywords: prep(&watch.keywords),
        }
    }

    /// True when no list has a name.
    pub fn is_empty(&self) -> bool {
        self.suppliers.is_empty() && self.places.is_empty() && self.keywords.is_empty()
    }

    /// Append a finding for every watched name in the row's parties, addresses and goods.
    pub fn scan(&self, row: &Row, findings: &mut Vec<Finding>) {
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
                for (name, e) in &self.suppliers {
                    if ft == *name || contains_words(&ft, name) {
                        findings.push(mk(Code::WL601.as_str(), &header(c), t, e));
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
                for (name, e) in &self.places {
                    if contains_words(&ft, name) {
                        findings.push(mk(Code::WL602.as_str(), &header(c), t, e));
                    }
                }
            }
        }
        if let Some(t) = row.get(Column::Description) {
            let ft = fold(t);
            for (name, e) in &self.keywords {
                if contains_words(&ft, name) {
                    findings.push(mk(Code::WL603.as_str(), &header(Column::Description), t, e));
                }
            }
        }
    }
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

//! "Which names of the user's watch lists does this row carry?" (`[watch]` in `uflpa.toml`:
//! companies under investigation, extra places, extra sector keywords.) Matched on word
//! boundaries after folding, like the built-in rules.

use crate::input::{Column, Row};
use crate::rules::Code;
use crate::text::{fold, on_boundaries};

/// One watched name, as the user's configuration gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Watched {
    /// The name or phrase.
    pub name: String,
    /// Why it is watched.
    pub reason: String,
    /// A hit puts the line under the presumption (else it is a review).
    pub presumed: bool,
}

/// A watched name found in a row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WatchHit<'w> {
    /// `WL601` (company), `WL602` (place) or `WL603` (keyword).
    pub code: Code,
    /// The column, as headed in the file.
    pub field: String,
    /// The whole cell that carries the name.
    pub matched: String,
    /// The entry that matched.
    pub watched: &'w Watched,
}

/// The watch lists, folded once.
#[derive(Debug, Default)]
pub struct WatchMatcher {
    suppliers: Vec<(String, Watched)>,
    places: Vec<(String, Watched)>,
    keywords: Vec<(String, Watched)>,
}

impl WatchMatcher {
    /// Fold the watched names (companies, places, sector keywords); empty ones are dropped.
    pub fn new(suppliers: &[Watched], places: &[Watched], keywords: &[Watched]) -> WatchMatcher {
        let prep = |v: &[Watched]| {
            v.iter()
                .map(|e| (fold(&e.name), e.clone()))
                .filter(|(f, _)| !f.is_empty())
                .collect()
        };
        WatchMatcher {
            suppliers: prep(suppliers),
            places: prep(places),
            keywords: prep(keywords),
        }
    }

    /// True when no list has a name.
    pub fn is_empty(&self) -> bool {
        self.suppliers.is_empty() && self.places.is_empty() && self.keywords.is_empty()
    }

    /// Every watched name in the row's parties, addresses and goods, in column order.
    pub fn scan<'w>(&'w self, row: &Row) -> Vec<WatchHit<'w>> {
        let mut hits = Vec::new();
        let mut mk = |code: Code, field: String, matched: &str, e: &'w Watched| {
            hits.push(WatchHit {
                code,
                field,
                matched: matched.to_string(),
                watched: e,
            })
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
                        mk(Code::WL601, header(c), t, e);
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
                        mk(Code::WL602, header(c), t, e);
                    }
                }
            }
        }
        if let Some(t) = row.get(Column::Description) {
            let ft = fold(t);
            for (name, e) in &self.keywords {
                if contains_words(&ft, name) {
                    mk(Code::WL603, header(Column::Description), t, e);
                }
            }
        }
        hits
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

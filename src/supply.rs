//! Supply chains (`--supply-chain`) and evidence on file (`--evidence`).
//!
//! The presumption follows an input through every tier: Xinjiang cotton in a Vietnamese
//! shirt, Xinjiang polysilicon in a Malaysian module. A supply-chain file lists the upstream
//! tiers of manifest lines: `shipment_id`, `line` (empty = every line of the shipment),
//! `tier` (1 = the manufacturer), `role`, `party`, `address`, `country`, `material`, and an
//! optional `parent` (the party this one supplies). It is read with the same reader as a
//! manifest and held in memory, indexed by shipment and line.
//!
//! Nothing in it is ignored: rows that match no manifest line are reported as orphans, and
//! contradictory rows (the same party at the same tier with two countries, a `country` that
//! the address contradicts, a `parent` that is nowhere in the chain) are reported too.

use crate::error::Error;
use crate::input::{Column, ReadOptions, Reject, RowReader, Schema};
use crate::matchers::region::Country;
use crate::text::fold;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

/// One upstream tier of a manifest line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainRow {
    /// Physical line in the supply-chain file.
    pub source_line: u64,
    /// Shipment.
    pub shipment: String,
    /// Manifest line; empty = every line of the shipment.
    pub line: String,
    /// Tier, 1 = manufacturer.
    pub tier: u32,
    /// What the party does.
    pub role: String,
    /// The party.
    pub party: String,
    /// Its address.
    pub address: String,
    /// Its country.
    pub country: String,
    /// The material at this tier.
    pub material: String,
    /// The party it supplies, if given.
    pub parent: String,
}

impl ChainRow {
    /// "tier 3 (yarn spinner, Aksu Huaxing Textile)" for messages.
    pub fn label(&self) -> String {
        let mut parts = Vec::new();
        if !self.role.is_empty() {
            parts.push(self.role.as_str());
        }
        if !self.party.is_empty() {
            parts.push(self.party.as_str());
        }
        if parts.is_empty() {
            format!("tier {}", self.tier)
        } else {
            format!("tier {} ({})", self.tier, parts.join(", "))
        }
    }

    /// Does the role say this is where the raw material comes from?
    pub fn is_raw_material(&self) -> bool {
        const RAW: &[&str] = &[
            "raw",
            "farm",
            "grower",
            "gin",
            "ginner",
            "mine",
            "quarry",
            "smelter",
            "fishery",
            "vessel",
            "orchard",
            "plantation",
            "harvest",
            "brine",
            "origin",
            "field",
        ];
        let r = fold(&self.role);
        r.split(' ').any(|w| RAW.contains(&w))
    }
}

/// A problem in a supply-chain or evidence file that is reported, not fatal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileIssue {
    /// The file.
    pub path: PathBuf,
    /// Physical line of the file.
    pub source_line: u64,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for FileIssue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}:{}: {}",
            self.path.display(),
            self.source_line,
            self.message
        )
    }
}

/// A loaded supply chain.
#[derive(Debug)]
pub struct SupplyChain {
    /// The file.
    pub path: PathBuf,
    rows: Vec<ChainRow>,
    by_line: HashMap<(String, String), Vec<usize>>,
    by_shipment: HashMap<String, Vec<usize>>,
    used: Vec<AtomicBool>,
    /// Contradictions found while loading.
    pub issues: Vec<FileIssue>,
    /// How the file's columns were mapped.
    pub layout: crate::input::Layout,
}

fn text(row: &crate::input::Row, c: Column) -> String {
    row.get(c).unwrap_or("").to_string()
}

impl SupplyChain {
    /// Read a supply-chain file; unreadable rows go to `rejects`.
    pub fn load(
        path: &Path,
        opts: &ReadOptions,
        country_of: &dyn Fn(&str) -> Country,
        rejects: &mut Vec<Reject>,
    ) -> Result<SupplyChain, Error> {
        let opts = ReadOptions {
            schema: Schema::SupplyChain,
            ..opts.clone()
        };
        let reader = RowReader::open(path, &opts)?;
        let layout = reader.source().layout.as_ref().clone();
        let mut rows = Vec::new();
        for item in reader {
            match item? {
                Err(r) => rejects.push(r),
                Ok(row) => {
                    let Some(tier) = row.tier else {
                        rejects.push(Reject {
                            kind: crate::input::RejectKind::Invalid,
                            row: row.row,
                            source_line: row.source_line,
                            column: Some("tier".into()),
                            reason: "no tier number".into(),
                            raw: row.fields().collect::<Vec<_>>().join(","),
                        });
                        continue;
                    };
                    let shipment = text(&row, Column::ShipmentId);
                    if shipment.is_empty() {
                        rejects.push(Reject {
                            kind: crate::input::RejectKind::Invalid,
                            row: row.row,
                            source_line: row.source_line,
                            column: Some("shipment_id".into()),
                            reason: "no shipment_id: the row cannot be tied to a manifest line"
                                .into(),
                            raw: row.fields().collect::<Vec<_>>().join(","),
                        });
                        continue;
                    }
                    rows.push(ChainRow {
                        source_line: row.source_line,
                        shipment,
                        line: text(&row, Column::Line),
                        tier,
                        role: text(&row, Column::Role),
                        party: text(&row, Column::Party),
                        address: text(&row, Column::Address),
                        country: text(&row, Column::Country),
                        material: text(&row, Column::Material),
                        parent: text(&row, Column::Parent),
                    });
                }
            }
        }
        let mut by_line: HashMap<(String, String), Vec<usize>> = HashMap::new();
        let mut by_shipment: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, r) in rows.iter().enumerate() {
            if r.line.is_empty() {
                by_shipment.entry(r.shipment.clone()).or_default().push(i);
            } else {
                by_line
                    .entry((r.shipment.clone(), r.line.clone()))
                    .or_default()
                    .push(i);
            }
        }
        let issues = contradictions(path, &rows, country_of);
        Ok(SupplyChain {
            path: path.to_path_buf(),
            used: rows.iter().map(|_| AtomicBool::new(false)).collect(),
            rows,
            by_line,
            by_shipment,
            issues,
            layout,
        })
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// True if the file had no usable row.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The tiers of a manifest line (its own rows and its shipment's line-less rows), in tier
    /// order. Marks them as used.
    pub fn for_line(&self, shipment: &str, line: &str) -> Vec<&ChainRow> {
        let mut idx: Vec<usize> = Vec::new();
        if let Some(v) = self.by_line.get(&(shipment.to_string(), line.to_string())) {
            idx.extend(v);
        }
        if let Some(v) = self.by_shipment.get(shipment) {
            idx.extend(v);
        }
        for &i in &idx {
            self.used[i].store(true, Ordering::Relaxed);
        }
        let mut out: Vec<&ChainRow> = idx.iter().map(|&i| &self.rows[i]).collect();
        out.sort_by_key(|r| (r.tier, r.source_line));
        out
    }

    /// Rows that matched no manifest line (call after the run).
    pub fn orphans(&self) -> Vec<FileIssue> {
        self.rows
            .iter()
            .zip(&self.used)
            .filter(|(_, u)| !u.load(Ordering::Relaxed))
            .map(|(r, _)| FileIssue {
                path: self.path.clone(),
                source_line: r.source_line,
                message: format!(
                    "shipment {} line {} matches no manifest line; the row was not used",
                    r.shipment,
                    if r.line.is_empty() {
                        "(all)"
                    } else {
                        r.line.as_str()
                    }
                ),
            })
            .collect()
    }
}

fn contradictions(
    path: &Path,
    rows: &[ChainRow],
    country_of: &dyn Fn(&str) -> Country,
) -> Vec<FileIssue> {
    let mut issues = Vec::new();
    let issue = |r: &ChainRow, m: String| FileIssue {
        path: path.to_path_buf(),
        source_line: r.source_line,
        message: m,
    };
    // The same party at the same tier of the same line, with two countries or addresses.
    let mut seen: HashMap<(String, String, u32, String), &ChainRow> = HashMap::new();
    for r in rows {
        if r.party.is_empty() {
            continue;
        }
        let key = (r.shipment.clone(), r.line.clone(), r.tier, fold(&r.party));
        match seen.get(&key) {
            Some(first)
                if fold(&first.country) != fold(&r.country)
                    || fold(&first.address) != fold(&r.address) =>
            {
                issues.push(issue(
                    r,
                    format!(
                        "{} appears again at tier {} with another country or address than on line {}",
                        r.party, r.tier, first.source_line
                    ),
                ));
            }
            Some(_) => {}
            None => {
                seen.insert(key, r);
            }
        }
    }
    // Parties by (shipment, line, folded name), built once: finding a row's parent is a
    // look-up, so the check is linear in the rows however many name a parent.
    let mut parties: std::collections::HashSet<(&str, &str, String)> =
        std::collections::HashSet::new();
    let mut in_shipment: std::collections::HashSet<(&str, String)> =
        std::collections::HashSet::new();
    for o in rows {
        let p = fold(&o.party);
        in_shipment.insert((o.shipment.as_str(), p.clone()));
        parties.insert((o.shipment.as_str(), o.line.as_str(), p));
    }
    for r in rows {
        // A country the address contradicts.
        if !r.country.is_empty() && !r.address.is_empty() {
            if let (Country::Foreign(a), c) | (c, Country::Foreign(a)) =
                (country_of(&r.address), country_of(&r.country))
            {
                let other = match c {
                    Country::China => Some("CN".to_string()),
                    Country::Foreign(b) if b != a => Some(b),
                    _ => None,
                };
                if let Some(b) = other {
                    issues.push(issue(
                        r,
                        format!(
                            "country '{}' contradicts the address ({a} vs {b})",
                            r.country
                        ),
                    ));
                }
            }
        }
        // A parent that is nowhere in the line's chain: a party of the same shipment on the
        // same line or on the shipment's line-less rows (any line, for a line-less row).
        if !r.parent.is_empty() {
            let p = fold(&r.parent);
            let s = r.shipment.as_str();
            let found = if r.line.is_empty() {
                in_shipment.contains(&(s, p))
            } else {
                parties.contains(&(s, r.line.as_str(), p.clone())) || parties.contains(&(s, "", p))
            };
            if !found {
                issues.push(issue(
                    r,
                    format!("parent '{}' is not a party of this line's chain", r.parent),
                ));
            }
        }
    }
    issues.sort_by_key(|i| i.source_line);
    issues
}

/// A document on file: (document id, tier if it is for one tier).
pub type OnFile = (String, Option<u32>);

/// Documents on file, by manifest line.
#[derive(Debug, Default)]
pub struct Evidence {
    /// The file.
    pub path: PathBuf,
    by_line: HashMap<(String, String), Vec<OnFile>>,
    by_shipment: HashMap<String, Vec<OnFile>>,
    /// Unknown document types and rows without a shipment.
    pub issues: Vec<FileIssue>,
    /// How the file's columns were mapped.
    pub layout: crate::input::Layout,
    /// Data rows read (used or not; rejected records are not counted here).
    pub rows: u64,
}

impl Evidence {
    /// Read an evidence file; `document_id` maps a `document_type` to a known document id.
    pub fn load(
        path: &Path,
        opts: &ReadOptions,
        document_id: &dyn Fn(&str) -> Option<String>,
        rejects: &mut Vec<Reject>,
    ) -> Result<Evidence, Error> {
        let opts = ReadOptions {
            schema: Schema::Evidence,
            ..opts.clone()
        };
        let reader = RowReader::open(path, &opts)?;
        let mut ev = Evidence {
            path: path.to_path_buf(),
            layout: reader.source().layout.as_ref().clone(),
            ..Evidence::default()
        };
        for item in reader {
            match item? {
                Err(r) => rejects.push(r),
                Ok(row) => {
                    ev.rows += 1;
                    let shipment = text(&row, Column::ShipmentId);
                    let doc = text(&row, Column::DocumentType);
                    let Some(id) = document_id(&doc) else {
                        ev.issues.push(FileIssue {
                            path: path.to_path_buf(),
                            source_line: row.source_line,
                            message: format!("document type '{doc}' is not one the rule pack knows (see docs/rules.md); the row was not used"),
                        });
                        continue;
                    };
                    if shipment.is_empty() {
                        ev.issues.push(FileIssue {
                            path: path.to_path_buf(),
                            source_line: row.source_line,
                            message: "no shipment_id; the row was not used".into(),
                        });
                        continue;
                    }
                    let line = text(&row, Column::Line);
                    let entry = (id, row.tier);
                    if line.is_empty() {
                        ev.by_shipment.entry(shipment).or_default().push(entry);
                    } else {
                        ev.by_line.entry((shipment, line)).or_default().push(entry);
                    }
                }
            }
        }
        Ok(ev)
    }

    /// Documents on file for a line: (document id, tier if the document is for one tier).
    pub fn for_line(&self, shipment: &str, line: &str) -> Vec<OnFile> {
        let mut out = Vec::new();
        if let Some(v) = self.by_line.get(&(shipment.to_string(), line.to_string())) {
            out.extend(v.iter().cloned());
        }
        if let Some(v) = self.by_shipment.get(shipment) {
            out.extend(v.iter().cloned());
        }
        out
    }
}

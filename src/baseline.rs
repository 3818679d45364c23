//! Baselines: the findings a team accepted once, recognised in later runs so that only new
//! ones fail the check and are shown as errors.
//!
//! A finding is identified by its fingerprint ([`fingerprint`]): the rule
//! code, the input file, the business key (shipment and line) and the field. The file part
//! is the input's path relative to an *anchor* directory that the caller chooses (the binary
//! takes the directory of `uflpa.toml`, else the repository root, else the current
//! directory), so the same run started from another directory gives the same fingerprints.
//! Baselines written before that (the file as given on the command line) are still
//! recognised: a finding is known when either fingerprint is in the baseline.
//!
//! [`Identity`] holds both names of every input and the baseline, and answers for every
//! sink the same way; the gate ([`crate::verdict::gate`]) uses it too.

use crate::input::{Column, Row};
use crate::verdict::Finding;
use serde::Serialize;
use std::collections::HashSet;

/// A stable fingerprint of a finding: SHA-256 of the rule code, the file and the business key
/// (shipment and line); rows without a shipment use their content, never the row number alone.
pub fn fingerprint(f: &Finding, file: &str, row: &Row) -> String {
    use sha2::Digest;
    let key = match (row.get(Column::ShipmentId), row.get(Column::Line)) {
        (Some(s), l) => format!("{}|{}|{}|{}|{}", f.code, file, s, l.unwrap_or(""), f.field),
        (None, _) => format!(
            "{}|{}|{}|{}",
            f.code,
            file,
            row.fields().collect::<Vec<_>>().join("\u{1f}"),
            f.field
        ),
    };
    let d = sha2::Sha256::digest(key.as_bytes());
    d.iter().take(16).map(|b| format!("{b:02x}")).collect()
}

/// One finding recorded in a baseline file, with what is needed to show it again when it
/// is gone (SARIF `baselineState: absent`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Its fingerprint.
    pub fingerprint: String,
    /// The rule code (empty if the file has none).
    pub code: String,
    /// The input file, as the run that wrote the baseline named it.
    pub file: String,
    /// The physical line of its row in that file, if recorded.
    pub line: Option<u64>,
    /// The reason, as then written.
    pub reason: String,
}

/// A baseline: the `findings` of a JSON document written by `--write-baseline` (or
/// `--format json`).
#[derive(Debug, Clone, Default)]
pub struct Baseline {
    entries: Vec<Entry>,
    index: HashSet<String>,
}

impl Baseline {
    /// Parse a JSON document; the error says what is wrong with it (the caller names the
    /// file).
    pub fn parse(text: &str) -> Result<Baseline, String> {
        let v: serde_json::Value = serde_json::from_str(text)
            .map_err(|e| format!("not a baseline (JSON from --write-baseline): {e}"))?;
        let findings = v
            .get("findings")
            .and_then(|f| f.as_array())
            .ok_or("not a baseline: no \"findings\" array")?;
        let mut b = Baseline::default();
        for (i, f) in findings.iter().enumerate() {
            let Some(fp) = f.get("fingerprint").and_then(|x| x.as_str()) else {
                return Err(format!(
                    "not a baseline: finding {} has no \"fingerprint\" string",
                    i + 1
                ));
            };
            let text = |k: &str| {
                f.get(k)
                    .and_then(|x| x.as_str())
                    .unwrap_or_default()
                    .to_string()
            };
            if b.index.insert(fp.to_string()) {
                b.entries.push(Entry {
                    fingerprint: fp.to_string(),
                    code: text("code"),
                    file: text("file"),
                    line: f.get("line").and_then(|x| x.as_u64()),
                    reason: text("reason"),
                });
            }
        }
        Ok(b)
    }

    /// A baseline of these fingerprints (for library users and tests).
    pub fn of_fingerprints<I: IntoIterator<Item = String>>(fingerprints: I) -> Baseline {
        let mut b = Baseline::default();
        for fp in fingerprints {
            if b.index.insert(fp.clone()) {
                b.entries.push(Entry {
                    fingerprint: fp,
                    code: String::new(),
                    file: String::new(),
                    line: None,
                    reason: String::new(),
                });
            }
        }
        b
    }

    /// True if the fingerprint is in the baseline.
    pub fn contains(&self, fingerprint: &str) -> bool {
        self.index.contains(fingerprint)
    }

    /// Every distinct finding of the baseline, in file order.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// Number of distinct findings.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when the baseline has no finding.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// A finding against the baseline (SARIF's `baselineState`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum BaselineState {
    /// Not in the baseline.
    New,
    /// In the baseline.
    Unchanged,
    /// In the baseline, not found by this run.
    Absent,
}

impl BaselineState {
    /// The name used in outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            BaselineState::New => "new",
            BaselineState::Unchanged => "unchanged",
            BaselineState::Absent => "absent",
        }
    }
}

/// How the findings of a run are identified, and the baseline they are compared with.
#[derive(Debug, Clone, Default)]
pub struct Identity {
    /// Per manifest: the path hashed into fingerprints (relative to the anchor).
    keys: Vec<String>,
    baseline: Option<Baseline>,
}

impl Identity {
    /// `keys`: per manifest, in the order of the run, the path its fingerprints hash
    /// (relative to the anchor, `/`-separated). A manifest without a key uses its path as
    /// shown in the outputs.
    pub fn new(keys: Vec<String>, baseline: Option<Baseline>) -> Identity {
        Identity { keys, baseline }
    }

    /// The baseline, when one is given.
    pub fn baseline(&self) -> Option<&Baseline> {
        self.baseline.as_ref()
    }

    /// The fingerprint of a finding of manifest `file` (shown as `shown`).
    pub fn fingerprint(&self, f: &Finding, file: usize, shown: &str, row: &Row) -> String {
        fingerprint(f, self.key(file, shown), row)
    }

    /// Where a finding of manifest `file` (shown as `shown`) is located in CI outputs: the
    /// path its fingerprints hash (relative to the configuration's directory, else the
    /// repository root), so annotations attach to the file however the command was run.
    pub fn location<'a>(&'a self, file: usize, shown: &'a str) -> &'a str {
        self.key(file, shown)
    }

    fn key<'a>(&'a self, file: usize, shown: &'a str) -> &'a str {
        self.keys.get(file).map_or(shown, String::as_str)
    }

    /// The fingerprint under which the baseline knows this finding: the current one, or the
    /// one of older baselines (the file as shown); `None` when it is new or there is no
    /// baseline.
    pub fn known_as(&self, f: &Finding, file: usize, shown: &str, row: &Row) -> Option<String> {
        let b = self.baseline.as_ref()?;
        let fp = self.fingerprint(f, file, shown, row);
        if b.contains(&fp) {
            return Some(fp);
        }
        if self.key(file, shown) != shown {
            let old = fingerprint(f, shown, row);
            if b.contains(&old) {
                return Some(old);
            }
        }
        None
    }

    /// `new` or `unchanged` with a baseline; `None` without one.
    pub fn state(&self, f: &Finding, file: usize, shown: &str, row: &Row) -> Option<BaselineState> {
        self.baseline.as_ref()?;
        Some(match self.known_as(f, file, shown, row) {
            Some(_) => BaselineState::Unchanged,
            None => BaselineState::New,
        })
    }
}

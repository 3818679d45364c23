//! `uflpa.toml`: the configuration a CI check keeps next to the data it screens.
//!
//! Parsed with unknown keys rejected (the error names the line and column), then validated
//! into a [`Policy`]: severity overrides, waivers with a reason, reviewer and expiry, and
//! custom watch lists. This module only parses and validates; [`crate::verdict`] applies the
//! policy (a waived finding is reported as waived, never hidden; an expired waiver no longer
//! applies and is reported; a waiver that matched nothing is reported as unused).

use crate::date::{Date, DateOrder};
use crate::rules::{Code, RulePack, Severity};
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
    /// Entity lists the user keeps (`[lists]`): a list directory written by `lists import`,
    /// and how old a list may be before a warning.
    #[serde(default)]
    pub lists: Option<ListsConfig>,
    /// The audit record of every run (`[audit]`): the directory it is written to.
    #[serde(default)]
    pub audit: Option<AuditConfig>,
}

/// `[audit]` of `uflpa.toml`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuditConfig {
    /// The directory (relative to the configuration file) each `screen` and `report` run
    /// writes its audit record to, as `--audit DIR`; created if missing.
    #[serde(default)]
    pub dir: Option<String>,
}

/// `[lists]` of `uflpa.toml`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListsConfig {
    /// The list directory (relative to the configuration file), as `screen --lists DIR`.
    #[serde(default)]
    pub dir: Option<String>,
    /// Warn when the Entity List in use is older than this many days against the run's
    /// date (default 180).
    #[serde(default)]
    pub max_age_days: Option<i64>,
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
    /// Last day it applies (mandatory): a TOML date (`expires = 2027-06-30`) or a string
    /// (`expires = "2027-06-30"`); kept as `YYYY-MM-DD`.
    #[serde(deserialize_with = "date_or_string")]
    pub expires: String,
    /// The CBP determination the waiver rests on: an applicability-review or exception
    /// decision reference (`"CBP applicability review AR-2026-0142"`). Mandatory for a
    /// waiver of a rule whose findings are `presumed`: only CBP can take a line out of the
    /// presumption.
    #[serde(default)]
    pub determination: Option<String>,
}

/// `expires` as a TOML local date or a string; anything else (a date with a time, a
/// number) is an error at the key's line and column.
fn date_or_string<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    use serde::de::Error as _;
    match toml::Value::deserialize(d)? {
        toml::Value::String(s) => Ok(s),
        toml::Value::Datetime(dt) => match (dt.date, dt.time, dt.offset) {
            (Some(date), None, None) => Ok(date.to_string()),
            _ => Err(D::Error::custom(format!(
                "expires = {dt}: expected a date such as 2027-06-30, without a time"
            ))),
        },
        other => Err(D::Error::custom(format!(
            "expires = {other}: expected a date such as 2027-06-30 (a TOML date or a string)"
        ))),
    }
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
        crate::Error::Config(
            crate::text::for_humans(&format!("{}{at}: {}", path.display(), e.message()))
                .into_owned(),
        )
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
    /// The watch lists, compiled.
    pub watch: crate::matchers::watch::WatchMatcher,
    /// Problems found when validating (expired waivers).
    pub issues: Vec<WaiverIssue>,
}

impl Policy {
    /// Validate a config against a pack; `today` decides which waivers have expired.
    pub fn new(config: &Config, pack: &RulePack, today: Date) -> Result<Policy, crate::Error> {
        let mut errors = Vec::new();
        let mut overrides = BTreeMap::new();
        for (code, sev) in &config.severity {
            if pack.rule(code).is_none() && !Code::WATCH.iter().any(|w| code.as_str() == *w) {
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
            if pack.rule(&w.code).is_none() && !Code::WATCH.iter().any(|c| w.code.as_str() == *c) {
                errors.push(format!("waiver {n}: code {}: no such rule", w.code));
            }
            if w.reason.trim().is_empty() || w.reviewer.trim().is_empty() {
                errors.push(format!(
                    "waiver {n} ({}): reason and reviewer must not be empty",
                    w.code
                ));
            }
            // An empty scope would match every row without that column: a blank shipment
            // id is not a shipment.
            for (key, v) in [
                ("supplier", &w.supplier),
                ("shipment", &w.shipment),
                ("line", &w.line),
            ] {
                if v.as_deref().is_some_and(|v| v.trim().is_empty()) {
                    errors.push(format!(
                        "waiver {n} ({}): {key} = \"{}\" is blank: name the {key} it is for, or leave the key out",
                        w.code,
                        v.as_deref().unwrap_or("")
                    ));
                }
            }
            // A supplier of punctuation alone folds to nothing, as a blank one would.
            if let Some(v) = w.supplier.as_deref().filter(|v| !v.trim().is_empty()) {
                if crate::text::fold(v).is_empty() {
                    errors.push(format!(
                        "waiver {n} ({}): supplier = \"{v}\" has no letter or digit, so it would match every row whose supplier has none",
                        w.code
                    ));
                }
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
            match w.determination.as_deref() {
                Some(d) if d.trim().is_empty() => errors.push(format!(
                    "waiver {n} ({}): determination = \"{d}\" is blank: name the CBP determination (applicability review or exception reference)",
                    w.code
                )),
                None if waives_presumed(config, pack, &w.code) => errors.push(format!(
                    "waiver {n} ({}): {} findings are presumed, and only CBP takes a line out of the presumption: add determination = \"...\" naming the CBP applicability-review or exception decision it rests on (e.g. \"CBP applicability review AR-2026-0142\")",
                    w.code, w.code
                )),
                _ => {}
            }
            match crate::date::parse_date(&w.expires, DateOrder::Auto) {
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
            return Err(crate::Error::Config(format!(
                "invalid configuration:\n  {}",
                errors
                    .iter()
                    .map(|e| crate::text::for_humans(e))
                    .collect::<Vec<_>>()
                    .join("\n  ")
            )));
        }
        Ok(Policy {
            used: waivers.iter().map(|_| AtomicU64::new(0)).collect(),
            overrides,
            waivers,
            today: Some(today),
            watch: {
                let w = |v: &[WatchEntry]| -> Vec<crate::matchers::watch::Watched> {
                    v.iter()
                        .map(|e| crate::matchers::watch::Watched {
                            name: e.name.clone(),
                            reason: e.reason.clone(),
                            presumed: e.severity.as_deref() == Some("presumed"),
                        })
                        .collect()
                };
                crate::matchers::watch::WatchMatcher::new(
                    &w(&config.watch.suppliers),
                    &w(&config.watch.places),
                    &w(&config.watch.keywords),
                )
            },
            issues,
        })
    }

    /// The severity `uflpa.toml` gives rule `code`, if it overrides it (not for `off`).
    pub fn severity_override(&self, code: &str) -> Option<Severity> {
        self.overrides.get(code).copied().flatten()
    }

    /// True when `uflpa.toml` switches rule `code` off.
    pub fn is_off(&self, code: &str) -> bool {
        matches!(self.overrides.get(code), Some(None))
    }

    /// True when the policy changes nothing (no watch list, no `off`, no waiver).
    pub fn is_empty(&self) -> bool {
        self.waivers.is_empty()
            && self.watch.is_empty()
            && !self.overrides.values().any(Option::is_none)
    }

    /// The waivers with their expiry dates, in file order.
    pub fn waivers(&self) -> &[(Waiver, Date)] {
        &self.waivers
    }

    /// The date waivers are judged against (`--as-of`, else today).
    pub fn today(&self) -> Option<Date> {
        self.today
    }

    /// Count one use of waiver `i` (unused waivers are reported after the run).
    pub fn mark_used(&self, i: usize) {
        self.used[i].fetch_add(1, Ordering::Relaxed);
    }

    /// How many findings each waiver accepted so far, in the order of [`Policy::waivers`].
    pub fn used_counts(&self) -> Vec<u64> {
        self.used
            .iter()
            .map(|u| u.load(Ordering::Relaxed))
            .collect()
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

/// Are the findings of rule `code` `presumed` under this config: its `[severity]` override,
/// else the pack's severity; for a watch-list code, any entry of that list marked presumed.
fn waives_presumed(config: &Config, pack: &RulePack, code: &str) -> bool {
    let code = code.to_uppercase();
    let overridden = config
        .severity
        .iter()
        .find(|(c, _)| c.eq_ignore_ascii_case(&code))
        .and_then(|(_, s)| severity_of(s));
    if let Some(s) = overridden {
        return s == Some(Severity::Presumed);
    }
    let watch = match code.as_str() {
        "WL601" => Some(&config.watch.suppliers),
        "WL602" => Some(&config.watch.places),
        "WL603" => Some(&config.watch.keywords),
        _ => None,
    };
    match watch {
        Some(list) => list
            .iter()
            .any(|e| e.severity.as_deref() == Some("presumed")),
        None => pack
            .rule(&code)
            .is_some_and(|r| r.severity == Severity::Presumed),
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

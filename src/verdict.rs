//! The law in one place: findings in, one verdict out.
//!
//! The engine ([`crate::engine`]) asks the matchers about every party, address,
//! description and upstream tier of a line and records each hit as a [`Finding`]. Everything
//! that turns those facts into a decision is here, in the order it happens:
//!
//! 1. [`region_code`] and [`entity_code`]: which rule a matcher's hit is (the severity is
//!    the registry's, [`crate::RulePack::severity`], after the overrides of `uflpa.toml`,
//!    [`override_severities`]);
//! 2. [`decide`]: with a supply chain, whether the tiers trace each high-priority sector to a
//!    clean raw material (SC401) or not (SC402); an ambiguous place name confirmed elsewhere
//!    on the line adds nothing (XJ107); the verdict is the most serious severity not waived;
//!    the documents an applicability review still needs;
//! 3. [`apply_policy`]: the watch lists' findings, rules switched `off`, waivers, and the
//!    verdict again;
//! 4. [`failing`] and [`gate`]: what fails the run (`--fail-on`, `--baseline`);
//! 5. [`review_need`]: what a `review` line is waiting for, for the reports.
//!
//! How sure a *single text* is (an ambiguous place name with or without corroboration in the
//! same text) is the region matcher's question and answer ([`Strength`]); what that means for
//! the line is decided here.

use crate::config::Policy;
use crate::input::{Column, Row};
use crate::matchers::entity::{EntityHit, MatchKind};
use crate::matchers::region::{HitKind, Strength, TextKind};
use crate::rules::{Code, RulePack, Severity};
use serde::Serialize;
use std::fmt;

/// The one verdict of a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// Nothing found.
    Clear,
    /// A risk signal without an established link.
    Review,
    /// The UFLPA presumption applies.
    Presumed,
}

impl Verdict {
    /// The verdict of a set of findings: the most serious severity of those not waived, or clear.
    pub fn of(findings: &[Finding]) -> Verdict {
        match findings
            .iter()
            .filter(|f| f.waived.is_none())
            .map(|f| f.severity)
            .max()
        {
            Some(Severity::Presumed) => Verdict::Presumed,
            Some(Severity::Review) => Verdict::Review,
            Some(Severity::Info) | None => Verdict::Clear,
        }
    }

    /// The name used in outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Clear => "clear",
            Verdict::Review => "review",
            Verdict::Presumed => "presumed",
        }
    }

    /// All verdicts, most serious first.
    pub const ALL: [Verdict; 3] = [Verdict::Presumed, Verdict::Review, Verdict::Clear];
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One reason a row is flagged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// Rule code, e.g. `XJ102`.
    pub code: String,
    /// Severity of the rule.
    pub severity: Severity,
    /// The input column (as headed in the file) where it was found.
    pub field: String,
    /// The text that matched, as written.
    pub matched: String,
    /// One-line reason.
    pub reason: String,
    /// For sector findings: the sector id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sector: Option<String>,
    /// For sector findings: the family id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub family: Option<String>,
    /// For supply-chain findings: the tier.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tier: Option<u32>,
    /// Set when a waiver of `uflpa.toml` accepts this finding: reported, but not counted in
    /// the verdict.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub waived: Option<String>,
}

/// The result of screening one row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Outcome {
    /// The verdict.
    pub verdict: Verdict,
    /// Every finding, in field order.
    pub findings: Vec<Finding>,
    /// For `presumed` and `review` lines: the documents an applicability review expects that
    /// are not on file (all of them when no evidence file is given).
    pub missing_documents: Vec<String>,
}

/// What is known about a line beyond the manifest row.
#[derive(Debug, Clone, Default)]
pub struct LineContext<'a> {
    /// `None` when no supply chain was given; otherwise the line's tiers (maybe none).
    pub chain: Option<Vec<&'a crate::supply::ChainRow>>,
    /// `None` when no evidence file was given; otherwise the documents on file.
    pub evidence: Option<Vec<(String, Option<u32>)>>,
}

impl Outcome {
    /// Distinct rule codes, in order of first appearance.
    pub fn codes(&self) -> Vec<&str> {
        self.distinct_codes().collect()
    }

    /// The distinct codes, `;`-separated (the `codes` cell of the CSV and Parquet outputs),
    /// appended to `out`.
    pub fn push_codes(&self, out: &mut String) {
        for (i, c) in self.distinct_codes().enumerate() {
            if i > 0 {
                out.push(';');
            }
            out.push_str(c);
        }
    }

    /// Every finding as `CODE: reason`, ` | `-separated (the `reasons` cell), appended to `out`.
    /// A waived finding carries its waiver (`CODE: reason; waived until ... by ...`), so
    /// that CSV, Parquet and Python readers see why it does not count.
    pub fn push_reasons(&self, out: &mut String) {
        for (i, f) in self.findings.iter().enumerate() {
            if i > 0 {
                out.push_str(" | ");
            }
            out.push_str(&f.code);
            out.push_str(": ");
            out.push_str(&f.reason);
            if let Some(w) = &f.waived {
                out.push_str("; ");
                out.push_str(w);
            }
        }
    }

    /// Distinct rule codes, in order of first appearance, without collecting them.
    pub fn distinct_codes(&self) -> impl Iterator<Item = &str> + '_ {
        self.findings.iter().enumerate().filter_map(|(i, f)| {
            (!self.findings[..i].iter().any(|o| o.code == f.code)).then_some(f.code.as_str())
        })
    }
}

/// Which rule a region hit is: the kind of signal, how sure the matcher is, and whether the
/// text describes the goods.
pub fn region_code(strength: Strength, kind: HitKind, text_kind: TextKind) -> Code {
    match (strength, kind, text_kind) {
        (_, HitKind::Product, _) => Code::XJ108,
        (_, HitKind::Garbled, _) => Code::XJ109,
        (_, HitKind::Misspelling, _) => Code::XJ107,
        (Strength::Review, _, _) => Code::XJ107,
        (Strength::Presumed, HitKind::Region | HitKind::Place | HitKind::Xpcc, TextKind::Goods) => {
            Code::XJ106
        }
        (Strength::Presumed, HitKind::Region, _) => Code::XJ101,
        (Strength::Presumed, HitKind::Place, _) => Code::XJ102,
        (Strength::Presumed, HitKind::Postcode, _) => Code::XJ103,
        (Strength::Presumed, HitKind::Phone, _) => Code::XJ104,
        (Strength::Presumed, HitKind::Xpcc, _) => Code::XJ105,
    }
}

/// Which rule an Entity List match is.
///
/// `scope` is the listing's scope wording ("and subsidiaries"); `corroborated` says whether
/// a place of the listed entity corroborates a weak alias
/// ([`crate::matchers::entity::EntityMatcher::corroboration`]).
///
/// - a weak alias (a short name of common words, "Union Biotech") is at most a review
///   (EL303) until a place of the entity corroborates it;
/// - the listed name with more words (a subsidiary's name) is `presumed` (EL304) only when
///   the listing covers subsidiaries or subordinate entities and no qualifier of the listed
///   name ("(Shanshan)") is missing; otherwise a review (EL303). A branch is the company
///   itself and comes here as an exact or fuzzy match.
pub fn entity_code(hit: &EntityHit, scope: &str, corroborated: bool) -> Code {
    match hit.kind {
        MatchKind::Exact | MatchKind::Fuzzy if hit.weak_alias && !corroborated => Code::EL303,
        MatchKind::Exact => Code::EL301,
        MatchKind::Fuzzy => Code::EL302,
        MatchKind::Extension
            if scope_covers_subsidiaries(scope) && !hit.qualifier_missing && !hit.weak_alias =>
        {
            Code::EL304
        }
        MatchKind::Extension | MatchKind::Near => Code::EL303,
    }
}

/// Does a listing's scope wording reach beyond the named entity ("and subsidiaries", "and
/// its subordinate and affiliated entities")?
pub fn scope_covers_subsidiaries(scope: &str) -> bool {
    let s = scope.to_lowercase();
    ["subsidiar", "subordinate", "affiliat"]
        .iter()
        .any(|w| s.contains(w))
}

/// The verdict a finding of `severity` gives a line on its own.
pub fn verdict_of_severity(severity: Severity) -> Verdict {
    match severity {
        Severity::Presumed => Verdict::Presumed,
        Severity::Review => Verdict::Review,
        Severity::Info => Verdict::Clear,
    }
}

/// The whole decision for one line, from the findings the engine gathered (row, parties,
/// goods and, with a supply chain, every tier's findings with their `tier`).
pub fn decide(
    pack: &RulePack,
    row: &Row,
    ctx: &LineContext,
    mut findings: Vec<Finding>,
) -> Outcome {
    // 1. With a supply chain: is each high-priority sector traced to a clean raw material?
    if let Some(chain) = &ctx.chain {
        trace(pack, row, chain, &mut findings);
    }
    // 2. An ambiguous name (XJ107) that the same line confirms elsewhere ("SHANSHAN" in a
    //    name whose address says Shanshan, Turpan) adds nothing.
    let confirmed: std::collections::HashSet<String> = findings
        .iter()
        .filter(|f| f.severity == Severity::Presumed && f.code.starts_with("XJ"))
        .map(|f| crate::text::fold(&f.matched))
        .collect();
    findings
        .retain(|f| f.code != Code::XJ107 || !confirmed.contains(&crate::text::fold(&f.matched)));
    // 3. The verdict: the most serious severity of the findings not waived.
    let verdict = Verdict::of(&findings);
    // 4. What an applicability review still needs: nothing when only a cell of the row is
    // in question (a value or date that could not be read is corrected, not traced).
    let only_data_quality = findings
        .iter()
        .filter(|f| f.severity >= Severity::Review)
        .all(|f| Code::parse(&f.code).is_some_and(Code::is_data_quality));
    let missing_documents = if verdict == Verdict::Clear || only_data_quality {
        Vec::new()
    } else {
        missing_documents(pack, &findings, ctx)
    };
    Outcome {
        verdict,
        findings,
        missing_documents,
    }
}

/// Traceability of each high-priority sector on the line: SC401 (traced to the raw material
/// with no Xinjiang or Entity List link at any tier; the sector reviews are answered) or
/// SC402 (no tiers, the chain stops early or skips a tier).
fn trace(
    pack: &RulePack,
    row: &Row,
    chain: &[&crate::supply::ChainRow],
    findings: &mut Vec<Finding>,
) {
    let upstream_signal = findings
        .iter()
        .any(|f| f.tier.is_some() && f.severity != Severity::Info);
    let linked = upstream_signal || findings.iter().any(|f| f.severity == Severity::Presumed);

    // Traceability of each high-priority sector on the line.
    let sectors: Vec<usize> = findings
        .iter()
        .filter_map(|f| f.sector.as_ref())
        .filter_map(|id| pack.sectors.iter().position(|s| &s.id == id))
        .collect();
    if sectors.is_empty() {
        return;
    }
    let shipment = row.get(Column::ShipmentId).unwrap_or("");
    let line = row.get(Column::Line).unwrap_or("");
    let raw_tier = chain
        .iter()
        .filter(|r| r.is_raw_material())
        .map(|r| r.tier)
        .max();
    let max_tier = chain.iter().map(|r| r.tier).max();
    // The first tier from 1 up to the raw material's with no row: one pass over the sorted
    // tiers (linear in the chain, whatever the tier numbers).
    let gap = raw_tier.and_then(|t| {
        let mut tiers: Vec<u32> = chain.iter().map(|r| r.tier).collect();
        tiers.sort_unstable();
        tiers.dedup();
        let mut next = 1u32;
        for k in tiers {
            if k > next {
                break;
            }
            if k == next {
                next = next.saturating_add(1);
            }
        }
        (next <= t).then_some(next)
    });
    let mut sectors = sectors;
    sectors.sort_unstable();
    sectors.dedup();
    let secs: Vec<&crate::rules::Sector> = sectors.iter().map(|&i| &pack.sectors[i]).collect();
    let mut raws: Vec<&str> = secs.iter().map(|s| s.raw_material.as_str()).collect();
    raws.dedup();
    let raw_names = raws.join(" and ");
    let not_traced = |why: String| Finding {
        code: Code::SC402.as_str().into(),
        severity: pack.severity(Code::SC402.as_str()),
        field: "supply chain".into(),
        matched: String::new(),
        reason: format!("{raw_names} origin not traced: {why}"),
        sector: None,
        family: None,
        tier: None,
        waived: None,
    };
    let f = match (raw_tier, max_tier, gap) {
        (_, None, _) => Some(not_traced(format!(
            "no supply-chain rows for shipment {shipment} line {line}"
        ))),
        (None, Some(m), _) => {
            let last = chain
                .iter()
                .rev()
                .find(|r| r.tier == m)
                .map(|r| r.label())
                .unwrap_or_default();
            Some(not_traced(format!(
                "the chain stops at {last}, before the raw material"
            )))
        }
        (Some(_), _, Some(k)) => Some(not_traced(format!("the chain skips tier {k}"))),
        (Some(t), _, None) if !linked => {
            let r = chain
                .iter()
                .rev()
                .find(|r| r.tier == t && r.is_raw_material());
            let place = r.map(|r| {
                let at = [r.address.as_str(), r.country.as_str()]
                    .iter()
                    .filter(|x| !x.is_empty())
                    .copied()
                    .collect::<Vec<_>>()
                    .join(", ");
                let what = if r.material.is_empty() {
                    String::new()
                } else {
                    format!("{} ", r.material)
                };
                let who = if r.party.is_empty() {
                    "an unnamed party"
                } else {
                    r.party.as_str()
                };
                format!(
                    "{what}from {who}{}",
                    if at.is_empty() {
                        String::new()
                    } else {
                        format!(", {at}")
                    }
                )
            });
            // The sector reviews are answered by the trace.
            findings.retain(|f| {
                f.sector.is_none()
                    || !sectors
                        .iter()
                        .any(|&i| f.sector.as_deref() == Some(pack.sectors[i].id.as_str()))
            });
            let titles: Vec<String> = secs
                .iter()
                .map(|s| format!("{} ({})", s.title, s.year))
                .collect();
            Some(Finding {
                code: Code::SC401.as_str().into(),
                severity: pack.severity(Code::SC401.as_str()),
                field: "supply chain".into(),
                matched: String::new(),
                reason: format!(
                    "{} traced to the raw material at tier {t}: {}; no Xinjiang or Entity List link at any tier",
                    titles.join(", "),
                    place.unwrap_or_default()
                ),
                sector: None,
                family: None,
                tier: Some(t),
                waived: None,
            })
        }
        _ => None,
    };
    if let Some(f) = f {
        findings.push(f);
    }
}

/// Documents an applicability review expects for this line, less those on file.
fn missing_documents(pack: &RulePack, findings: &[Finding], ctx: &LineContext) -> Vec<String> {
    let sectors: Vec<&str> = findings
        .iter()
        .filter_map(|f| f.sector.as_deref())
        .collect();
    let tiers: Vec<u32> = match &ctx.chain {
        Some(c) if !c.is_empty() => {
            let mut t: Vec<u32> = c.iter().map(|r| r.tier).collect();
            t.sort_unstable();
            t.dedup();
            t
        }
        _ => Vec::new(),
    };
    // Documents on file by id: for the whole line (no tier) and by tier, so a per-tier
    // document is one look-up per tier however long the chain and the evidence.
    let mut for_line: std::collections::HashSet<&str> = std::collections::HashSet::new();
    let mut any_tier: std::collections::HashSet<&str> = std::collections::HashSet::new();
    let mut by_tier: std::collections::HashSet<(&str, u32)> = std::collections::HashSet::new();
    for (d, t) in ctx.evidence.iter().flatten() {
        any_tier.insert(d.as_str());
        match t {
            None => {
                for_line.insert(d.as_str());
            }
            Some(t) => {
                by_tier.insert((d.as_str(), *t));
            }
        }
    }
    let on_file = |id: &str, tier: Option<u32>| match tier {
        None => any_tier.contains(id),
        Some(t) => for_line.contains(id) || by_tier.contains(&(id, t)),
    };
    let mut out = Vec::new();
    for d in &pack.documents {
        if !d.sectors.is_empty() && !d.sectors.iter().any(|s| sectors.contains(&s.as_str())) {
            continue;
        }
        if d.per_tier && !tiers.is_empty() {
            for &t in &tiers {
                if !on_file(&d.id, Some(t)) {
                    out.push(format!("{} (tier {t})", d.id));
                }
            }
        } else if !on_file(&d.id, None) {
            out.push(d.id.clone());
        }
    }
    out
}

/// `uflpa.toml` applied to one outcome: the watch lists' findings are added, rules switched
/// `off` are dropped, waivers accept the findings they match (reported, not counted), and
/// the verdict is decided again.
pub fn apply_policy(policy: &Policy, pack: &RulePack, row: &Row, mut outcome: Outcome) -> Outcome {
    if policy.is_empty() {
        return outcome;
    }
    for hit in policy.watch.scan(row) {
        outcome.findings.push(Finding {
            code: hit.code.as_str().to_string(),
            severity: if hit.watched.presumed {
                Severity::Presumed
            } else {
                Severity::Review
            },
            reason: format!(
                "{} '{}' is on the watch list: {}",
                hit.field, hit.matched, hit.watched.reason
            ),
            field: hit.field,
            matched: hit.matched,
            sector: None,
            family: None,
            tier: None,
            waived: None,
        });
    }
    outcome.findings.retain(|f| !policy.is_off(&f.code));
    let supplier = [row.get(Column::Supplier), row.get(Column::Manufacturer)]
        .map(|s| s.map(crate::text::fold));
    let shipment = row.get(Column::ShipmentId).unwrap_or("");
    let line = row.get(Column::Line).unwrap_or("");
    for f in &mut outcome.findings {
        for (i, (w, expires)) in policy.waivers().iter().enumerate() {
            if !w.code.eq_ignore_ascii_case(&f.code) {
                continue;
            }
            if let Some(s) = &w.supplier {
                let s = crate::text::fold(s);
                if !supplier.iter().any(|x| x.as_deref() == Some(s.as_str())) {
                    continue;
                }
            }
            if w.shipment.as_deref().is_some_and(|s| s != shipment)
                || w.line.as_deref().is_some_and(|l| l != line)
            {
                continue;
            }
            if policy.today().is_some_and(|t| *expires < t) {
                continue;
            }
            policy.mark_used(i);
            f.waived = Some(match &w.determination {
                Some(d) => format!(
                    "waived until {expires} by {} on {d}: {}",
                    w.reviewer, w.reason
                ),
                None => format!("waived until {expires} by {}: {}", w.reviewer, w.reason),
            });
            break;
        }
    }
    outcome.verdict = Verdict::of(&outcome.findings);
    if outcome.verdict == Verdict::Clear {
        outcome.missing_documents.clear();
    } else {
        // A sector whose findings are all waived needs no documents any more.
        let live: Vec<&str> = outcome
            .findings
            .iter()
            .filter(|f| f.waived.is_none())
            .filter_map(|f| f.sector.as_deref())
            .collect();
        outcome.missing_documents.retain(|m| {
            let id = m.split(' ').next().unwrap_or(m);
            pack.documents.iter().find(|d| d.id == id).is_none_or(|d| {
                d.sectors.is_empty() || d.sectors.iter().any(|s| live.contains(&s.as_str()))
            })
        });
    }
    outcome
}

/// The severity overrides of `uflpa.toml` applied to the registry, before screening.
pub fn override_severities(policy: &Policy, pack: &mut RulePack) {
    for r in &mut pack.rules {
        if let Some(s) = policy.severity_override(&r.code) {
            r.severity = s;
        }
    }
}

/// Severity at which a finding fails the run (`--fail-on`); `None` = never.
pub type FailAt = Option<Severity>;

/// True if a finding counts against `--fail-on`: not waived, and at or above it.
pub fn failing(f: &Finding, fail_at: FailAt) -> bool {
    f.waived.is_none() && fail_at.is_some_and(|t| f.severity >= t)
}

/// What one line adds to the CI gate.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Gate {
    /// The line has a failing finding.
    pub failing_row: bool,
    /// Failing findings not accepted by the baseline (all of them without one).
    pub new_findings: u64,
}

/// The gate of one line: `known` says whether a failing finding is in the baseline.
pub fn gate(outcome: &Outcome, fail_at: FailAt, known: impl Fn(&Finding) -> bool) -> Gate {
    let mut g = Gate::default();
    if fail_at.is_none() {
        return g;
    }
    for f in &outcome.findings {
        if failing(f, fail_at) {
            g.failing_row = true;
            if !known(f) {
                g.new_findings += 1;
            }
        }
    }
    g
}

/// What a `review` line is waiting for, from its most telling finding (the reports group
/// review lines by it, in the order of the variants: the order of importance). Shown after
/// "waiting for": "waiting for the cotton to be traced to its origin".
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum ReviewNeed {
    /// The raw materials (e.g. "cotton") whose origin the supply chain does not trace (SC402).
    Tracing(String),
    /// The identity of a party that resembles an Entity List entity (EL3xx).
    Identity,
    /// Where an ambiguously named place really is (XJ107).
    PlaceIdentity,
    /// The origin of a product named after a Xinjiang place (XJ108).
    ProductOrigin,
    /// Clearance of a watch-list entry (WL6xx).
    WatchList,
    /// Evidence of a Xinjiang-free origin for these high-priority sectors: their titles
    /// ("Caustic soda"), in the rule pack's order.
    SectorOrigin(Vec<String>),
    /// Anything else.
    Other,
}

impl fmt::Display for ReviewNeed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReviewNeed::Tracing(raw) if raw.is_empty() => {
                f.write_str("the raw material to be traced to its origin")
            }
            ReviewNeed::Tracing(raw) => write!(f, "the {raw} to be traced to its origin"),
            ReviewNeed::Identity => {
                f.write_str("identity of a party that resembles an Entity List entity")
            }
            ReviewNeed::PlaceIdentity => f.write_str("where an ambiguously named place really is"),
            ReviewNeed::ProductOrigin => {
                f.write_str("origin of a product named after a Xinjiang place")
            }
            ReviewNeed::WatchList => f.write_str("clearance of a company watch-list entry"),
            ReviewNeed::SectorOrigin(s) => {
                write!(f, "evidence of a Xinjiang-free origin ({})", s.join(", "))
            }
            ReviewNeed::Other => f.write_str("a review"),
        }
    }
}

/// What a `review` line is waiting for (see [`ReviewNeed`]); the order of the checks is the
/// order of importance.
pub fn review_need(pack: &RulePack, findings: &[Finding]) -> ReviewNeed {
    let active: Vec<&Finding> = findings
        .iter()
        .filter(|f| f.waived.is_none() && f.severity == Severity::Review)
        .collect();
    if active.iter().any(|f| f.code == Code::SC402) {
        return ReviewNeed::Tracing(raw_materials(pack, findings));
    }
    if active.iter().any(|f| f.code.starts_with("EL")) {
        return ReviewNeed::Identity;
    }
    if active.iter().any(|f| f.code == Code::XJ107) {
        return ReviewNeed::PlaceIdentity;
    }
    if active.iter().any(|f| f.code == Code::XJ108) {
        return ReviewNeed::ProductOrigin;
    }
    if active.iter().any(|f| f.code.starts_with("WL")) {
        return ReviewNeed::WatchList;
    }
    let mut sectors: Vec<usize> = active
        .iter()
        .filter_map(|f| f.sector.as_ref())
        .filter_map(|id| pack.sectors.iter().position(|s| &s.id == id))
        .collect();
    sectors.sort_unstable();
    sectors.dedup();
    if !sectors.is_empty() {
        return ReviewNeed::SectorOrigin(
            sectors
                .iter()
                .map(|&i| pack.sectors[i].title.clone())
                .collect(),
        );
    }
    ReviewNeed::Other
}

impl ReviewNeed {
    /// The position of the variant in the order of importance (0 first), for sorting groups.
    pub fn rank(&self) -> u16 {
        match self {
            ReviewNeed::Tracing(_) => 0,
            ReviewNeed::Identity => 1,
            ReviewNeed::PlaceIdentity => 2,
            ReviewNeed::ProductOrigin => 3,
            ReviewNeed::WatchList => 4,
            ReviewNeed::SectorOrigin(_) => 5,
            ReviewNeed::Other => 6,
        }
    }
}

/// The raw materials of the high-priority sectors among `findings` ("cotton and polysilicon"),
/// as SC401 and SC402 name them.
fn raw_materials(pack: &RulePack, findings: &[Finding]) -> String {
    let mut sectors: Vec<usize> = findings
        .iter()
        .filter_map(|f| f.sector.as_ref())
        .filter_map(|id| pack.sectors.iter().position(|s| &s.id == id))
        .collect();
    sectors.sort_unstable();
    sectors.dedup();
    let mut raws: Vec<&str> = sectors
        .iter()
        .map(|&i| pack.sectors[i].raw_material.as_str())
        .collect();
    raws.dedup();
    raws.join(" and ")
}

//! "Which high-priority sector is this HTS code or description in?"
//!
//! HTS codes are matched by prefix (every length from 2 to 10 digits is a table lookup);
//! descriptions by keyword on word boundaries, where a look-alike phrase ("cotton candy",
//! "steel blue") that covers a keyword wins over it. No official source maps UFLPA sectors
//! to HTS codes, so a sector hit is always a risk flag, never proof either way.

use crate::hts::hts_digits;
use crate::rules::RulePack;
use crate::text::fold;
use aho_corasick::MatchKind;
use std::collections::HashMap;

/// One sector signal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SectorHit {
    /// Index into `RulePack::sectors`.
    pub sector: usize,
    /// Index into that sector's groups.
    pub group: usize,
    /// How it matched: `HTS 6109.10 (prefix 61)` or `keyword "t-shirt"`.
    pub how: String,
}

/// HTS prefixes (digits) -> (sector, group, prefix as written in the pack).
type Prefixes = HashMap<String, Vec<(usize, usize, String)>, foldhash::fast::FixedState>;

/// The compiled sector matcher.
pub struct SectorMatcher {
    prefixes: Prefixes,
    /// Bit `n` set when some prefix has `n` digits: other lengths are not looked up.
    lengths: u16,
    ac: super::Tiered,
    /// For each keyword pattern: Some((sector, group)) for a keyword, None for an exclusion.
    targets: Vec<Option<(usize, usize)>>,
    keywords: Vec<String>,
    /// Each keyword pattern as the pack writes it, for the finding (folding writes "й" as
    /// "и" and drops the hamza: "поликремний" would read "поликремнии").
    written: Vec<String>,
}

impl std::fmt::Debug for SectorMatcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SectorMatcher")
            .field("prefixes", &self.prefixes.len())
            .field("keywords", &self.keywords.len())
            .finish()
    }
}

impl SectorMatcher {
    /// Compile from a validated pack.
    pub fn new(pack: &RulePack) -> Result<SectorMatcher, String> {
        let mut prefixes = Prefixes::default();
        let mut keywords = Vec::new();
        let mut written = Vec::new();
        let mut targets = Vec::new();
        for (si, sec) in pack.sectors.iter().enumerate() {
            for (gi, g) in sec.groups.iter().enumerate() {
                for h in &g.hts {
                    let digits = hts_digits(h, 2, 10)?;
                    prefixes
                        .entry(digits)
                        .or_default()
                        .push((si, gi, h.clone()));
                }
                for k in &g.keywords {
                    keywords.push(fold(k));
                    written.push(k.clone());
                    targets.push(Some((si, gi)));
                }
                for k in &g.exclude {
                    keywords.push(fold(k));
                    written.push(k.clone());
                    targets.push(None);
                }
            }
        }
        let ac = super::Tiered::with_start(
            keywords.clone(),
            MatchKind::Standard,
            aho_corasick::StartKind::Anchored,
        )
        .map_err(|e| format!("sector keyword automaton: {e}"))?;
        let lengths = prefixes.keys().fold(0u16, |m, k| m | 1 << k.len().min(15));
        Ok(SectorMatcher {
            prefixes,
            lengths,
            ac,
            targets,
            keywords,
            written,
        })
    }

    /// Sectors of an HTS code given as digits (already validated).
    pub fn by_hts(&self, digits: &str, shown: &str) -> Vec<SectorHit> {
        let mut out = Vec::new();
        for len in 2..=digits.len().min(10) {
            if self.lengths & (1 << len) == 0 {
                continue;
            }
            if let Some(v) = self.prefixes.get(&digits[..len]) {
                for (s, g, p) in v {
                    out.push(SectorHit {
                        sector: *s,
                        group: *g,
                        how: format!("HTS {shown} (prefix {p})"),
                    });
                }
            }
        }
        out
    }

    /// Sectors named by keywords in a description.
    pub fn by_text(&self, text: &str) -> Vec<SectorHit> {
        self.by_folded(&fold(text))
    }

    /// [`SectorMatcher::by_text`] for a text already folded ([`crate::text::fold`]).
    pub fn by_folded(&self, folded: &str) -> Vec<SectorHit> {
        if folded.is_empty() {
            return Vec::new();
        }
        self.by_matches(super::word_matches(&self.ac, folded))
    }

    /// The keyword patterns, folded (keywords and exclusions), for an automaton that walks
    /// a description for more than sectors ([`SectorMatcher::by_matches`] takes its matches).
    pub(crate) fn keyword_patterns(&self) -> &[String] {
        &self.keywords
    }

    /// [`SectorMatcher::by_folded`] given the matches of
    /// [`SectorMatcher::keyword_patterns`] in a folded text: (start, end, pattern) on word
    /// boundaries, as [`super::word_matches`] gives them. A finding quotes the keyword as
    /// the pack writes it.
    pub(crate) fn by_matches(&self, spans: Vec<(usize, usize, usize)>) -> Vec<SectorHit> {
        let mut out = Vec::new();
        // A look-alike phrase that covers a keyword ("cotton candy") wins over it.
        for (_, _, i) in super::leftmost_longest(spans) {
            if let Some((sector, group)) = self.targets[i] {
                out.push(SectorHit {
                    sector,
                    group,
                    how: format!("keyword \"{}\"", self.written[i]),
                });
            }
        }
        out
    }
}

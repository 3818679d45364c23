//! "Which listed entity might this name be?"
//!
//! The UFLPA Entity List names companies anywhere in China (Camel Group in Hubei, Ninestar
//! in Zhuhai), so only the name can catch them. Names on trade documents are written many
//! ways: `HOSHINE SILICON IND (SHANSHAN) CO LTD`, `Hoshine Silicon Industry Co., Ltd.`,
//! `Silicon Industry Hoshine`. Both sides are *normalised* the same way ([`normalise`]):
//! case, width and diacritics folded; scope wording ("and subsidiaries") and parenthesised
//! qualifiers ("(Shanshan)") set aside; shipping-document abbreviations expanded (TECH,
//! IND, MFG, INTL, IMP & EXP ...); legal forms dropped (Co., Ltd., Company Limited, Corp,
//! 有限公司 ...); simple plurals folded. Chinese is compared as Chinese: runs of characters
//! become character bigrams, never a guessed romanisation.
//!
//! Matching is over token sets, so word order does not matter. Each token weighs by how rare
//! it is on the list (a token in many names, like "Xinjiang", "Cotton" or "Group", weighs
//! little; "Hoshine" weighs a lot), and a list of generic business words weighs less again.
//! For a candidate name, *recall* is the weighted share of its tokens found in the query
//! (typos allowed through Jaro-Winkler), *precision* the weighted share of the query's tokens
//! found in the name. Then:
//!
//! | outcome | rule |
//! |---|---|
//! | exact (EL301, presumed) | the normalised token sets are equal (with or without qualifiers) |
//! | fuzzy (EL302, presumed) | recall and precision both at least `presume` (default 0.90) |
//! | extension (EL303, review) | recall at least `presume` but the query adds words: "Ninestar Shenzhen Branch" |
//! | near (EL303, review) | the harmonic mean of the two at least `review` (default 0.75) |
//!
//! A candidate only counts if the query contains its most distinctive token, so a name that
//! shares only generic words ("Camel Active Apparel GmbH" vs "Camel Group") is not flagged
//! as presumed. Candidates come from an index of distinctive tokens, so the cost per name
//! does not grow with the size of the list.

use crate::rules::EntityRecord;
use crate::text::{fold, is_han};
use std::collections::HashSet;

/// Maps of the matcher and its memo, with a fast hash (keys are not attacker-chosen files
/// of someone else's: they are the user's own data and the pack).
type HashMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;

/// Thresholds of the name matcher (documented in docs/rules.md; set in pack.toml).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Thresholds {
    /// Recall and precision at or above this are a fuzzy `presumed` match.
    pub presume: f32,
    /// A harmonic mean at or above this is a `review`.
    pub review: f32,
    /// Smallest Jaro-Winkler similarity for two tokens to count as the same word.
    pub token: f32,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            presume: 0.90,
            review: 0.75,
            token: 0.88,
        }
    }
}

/// A normalised name.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Normalised {
    /// Tokens in order (Chinese as character bigrams).
    pub tokens: Vec<String>,
    /// Tokens from parenthesised qualifiers ("(Shanshan)").
    pub qualifiers: Vec<String>,
    /// Scope wording found ("and subsidiaries").
    pub scope: Option<String>,
    /// Which normalisation steps changed something, for `uflpa-screen entity`.
    pub steps: Vec<String>,
}

const SCOPES: &[&str] = &[
    "and its subordinate and affiliated entities",
    "and its subsidiaries",
    "and subsidiaries",
    "and affiliates",
];

/// Shipping-document abbreviations and their expansions.
const ABBREVIATIONS: &[(&str, &str)] = &[
    ("tech", "technology"),
    ("techn", "technology"),
    ("technol", "technology"),
    ("ind", "industry"),
    ("inds", "industry"),
    ("indus", "industry"),
    ("indl", "industrial"),
    ("mfg", "manufacturing"),
    ("mfr", "manufacturing"),
    ("manuf", "manufacturing"),
    ("intl", "international"),
    ("int", "international"),
    ("grp", "group"),
    ("imp", "import"),
    ("exp", "export"),
    ("ie", "import export"),
    ("matl", "material"),
    ("matls", "material"),
    ("mat", "material"),
    ("elec", "electronic"),
    ("electr", "electronic"),
    ("dev", "development"),
    ("devt", "development"),
    ("chem", "chemical"),
    ("pharm", "pharmaceutical"),
    ("pharma", "pharmaceutical"),
    ("biotech", "biotechnology"),
    ("sci", "science"),
    ("agri", "agricultural"),
    ("agric", "agricultural"),
    ("prod", "product"),
    ("prods", "product"),
    ("hldgs", "holding"),
    ("hldg", "holding"),
    ("mach", "machinery"),
    ("eqpt", "equipment"),
    ("equip", "equipment"),
    ("textiles", "textile"),
    ("tex", "textile"),
    ("natl", "national"),
    ("assn", "association"),
    ("svc", "service"),
    ("svcs", "service"),
    ("logis", "logistics"),
];

/// Legal forms and filler words, dropped from both sides.
const LEGAL: &[&str] = &[
    "co",
    "company",
    "companies",
    "ltd",
    "limited",
    "corp",
    "corporation",
    "inc",
    "incorporated",
    "llc",
    "plc",
    "llp",
    "lp",
    "gmbh",
    "ag",
    "sa",
    "srl",
    "spa",
    "bv",
    "nv",
    "pte",
    "pvt",
    "private",
    "sdn",
    "bhd",
    "jsc",
    "joint",
    "stock",
    "share",
    "shares",
    "the",
    "and",
    "of",
    "oy",
    "ab",
    "kk",
    "tbk",
    "pt",
];

/// Chinese legal forms, longest first.
const LEGAL_ZH: &[&str] = &["股份有限公司", "有限责任公司", "有限公司", "集团", "公司"];

/// Business words that say little about which company it is: their weight is cut.
const GENERIC: &[&str] = &[
    "xinjiang",
    "china",
    "chinese",
    "group",
    "industry",
    "industrial",
    "technology",
    "development",
    "international",
    "trade",
    "trading",
    "import",
    "export",
    "material",
    "new",
    "energy",
    "textile",
    "cotton",
    "food",
    "holding",
    "logistics",
    "warehousing",
    "storage",
    "agricultural",
    "agriculture",
    "pharmaceutical",
    "biotechnology",
    "science",
    "product",
    "manufacturing",
    "garment",
    "apparel",
    "metal",
    "nonferrous",
    "mining",
    "chemical",
    "electronic",
    "information",
    "economic",
    "park",
    "branch",
    "county",
    "city",
    "province",
    "construction",
    "engineering",
    "investment",
    "management",
    "service",
    "supply",
    "chain",
    "fiber",
    "linen",
    "spinning",
    "color",
    "silicon",
    "solar",
    "green",
    "aluminum",
    "steel",
    "copper",
    "gold",
    "health",
    "biological",
    "equipment",
    "machinery",
    "products",
    "west",
    "western",
    "east",
    "eastern",
    "north",
    "south",
    "national",
    "general",
    "station",
    "center",
    "factory",
    "plant",
    "mill",
    "global",
    "asia",
    "pacific",
    "hong",
    "kong",
    "shenzhen",
    "shanghai",
    "beijing",
    "guangzhou",
    "ningbo",
    "zhejiang",
    "jiangsu",
    "shandong",
    "hebei",
    "henan",
    "hubei",
    "hunan",
    "anhui",
    "fujian",
    "sichuan",
    "guangdong",
    "tianjin",
];

/// Cut from the weight of a generic word.
const GENERIC_FACTOR: f32 = 0.3;

fn expand(token: &str) -> Option<&'static str> {
    ABBREVIATIONS
        .iter()
        .find(|(a, _)| *a == token)
        .map(|(_, e)| *e)
}

fn singular(t: &str) -> String {
    if t.len() > 4 && t.is_ascii() {
        if let Some(s) = t.strip_suffix("ies") {
            return format!("{s}y");
        }
        if t.ends_with('s') && !t.ends_with("ss") && !t.ends_with("us") {
            return t[..t.len() - 1].to_string();
        }
    }
    t.to_string()
}

/// Split a run of Chinese characters into bigrams (a single character stays one token).
fn han_tokens(run: &str, out: &mut Vec<String>) {
    let mut s = run.to_string();
    for l in LEGAL_ZH {
        s = s.replace(l, "");
    }
    let chars: Vec<char> = s.chars().collect();
    match chars.len() {
        0 => {}
        1 => out.push(chars[0].to_string()),
        n => {
            for i in 0..n - 1 {
                out.push(chars[i..i + 2].iter().collect());
            }
        }
    }
}

fn tokens_of(folded: &str, steps: &mut Vec<String>) -> Vec<String> {
    let mut out = Vec::new();
    for word in folded.split(' ').filter(|w| !w.is_empty()) {
        // A word may mix Chinese and Latin ("新疆abc"): split by script.
        let mut latin = String::new();
        let mut han = String::new();
        let flush_latin = |latin: &mut String, out: &mut Vec<String>, steps: &mut Vec<String>| {
            if latin.is_empty() {
                return;
            }
            let t = std::mem::take(latin);
            if LEGAL.contains(&t.as_str()) {
                push_step(steps, format!("legal form or filler word dropped: {t}"));
                return;
            }
            match expand(&t) {
                Some(e) => {
                    push_step(
                        steps,
                        format!("abbreviation expanded: {} -> {e}", t.to_uppercase()),
                    );
                    out.extend(e.split(' ').map(str::to_string));
                }
                None => out.push(singular(&t)),
            }
        };
        for c in word.chars() {
            if is_han(c) {
                flush_latin(&mut latin, &mut out, steps);
                han.push(c);
            } else {
                if !han.is_empty() {
                    let before = han.chars().count();
                    let mut v = Vec::new();
                    han_tokens(&han, &mut v);
                    if v.len() + 1 < before {
                        push_step(steps, "Chinese legal form dropped".to_string());
                    }
                    out.extend(v);
                    han.clear();
                }
                latin.push(c);
            }
        }
        flush_latin(&mut latin, &mut out, steps);
        if !han.is_empty() {
            let stripped = LEGAL_ZH.iter().any(|l| han.contains(l));
            if stripped {
                push_step(steps, "Chinese legal form dropped".to_string());
            }
            han_tokens(&han, &mut out);
        }
    }
    out
}

fn push_step(steps: &mut Vec<String>, s: String) {
    if !steps.contains(&s) {
        steps.push(s);
    }
}

/// Normalise a company name (see the module docs).
pub fn normalise(raw: &str) -> Normalised {
    let mut steps = Vec::new();
    let mut text = raw.trim().to_string();
    if text
        .chars()
        .any(|c| matches!(c as u32, 0xFF01..=0xFF5E | 0x3000))
    {
        push_step(&mut steps, "full-width characters folded".to_string());
    }
    if text.chars().any(|c| c.is_uppercase()) && text.chars().any(|c| c.is_lowercase())
        || text.chars().all(|c| !c.is_lowercase()) && text.chars().any(|c| c.is_uppercase())
    {
        push_step(&mut steps, "case folded".to_string());
    }
    if text
        .chars()
        .any(|c| !c.is_ascii() && c.is_alphabetic() && !is_han(c))
    {
        push_step(&mut steps, "diacritics stripped".to_string());
    }
    // Scope wording.
    let lower = text.to_lowercase();
    let mut scope = None;
    for s in SCOPES {
        if let Some(i) = lower.find(s) {
            scope = Some(s.to_string());
            text = format!("{}{}", &text[..i], &text[i + s.len()..]);
            push_step(&mut steps, format!("scope wording set aside: \"{s}\""));
            break;
        }
    }
    // Parenthesised qualifiers: (Shanshan), （鄯善）.
    let mut qualifiers_raw = Vec::new();
    let mut rest = String::with_capacity(text.len());
    let mut depth = 0;
    let mut current = String::new();
    for c in text.chars() {
        match c {
            '(' | '（' | '[' => {
                depth += 1;
                rest.push(' ');
            }
            ')' | '）' | ']' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    qualifiers_raw.push(std::mem::take(&mut current));
                }
                rest.push(' ');
            }
            _ if depth > 0 => current.push(c),
            _ => rest.push(c),
        }
    }
    if depth > 0 {
        rest.push_str(&current);
    }
    if !qualifiers_raw.is_empty() {
        push_step(
            &mut steps,
            format!("qualifier set aside: ({})", qualifiers_raw.join(", ")),
        );
    }
    let rest = rest.replace('&', " and ");
    let tokens = tokens_of(&fold(&rest), &mut steps);
    let mut qualifiers = Vec::new();
    for q in &qualifiers_raw {
        qualifiers.extend(tokens_of(&fold(q), &mut steps));
    }
    Normalised {
        tokens,
        qualifiers,
        scope,
        steps,
    }
}

/// One name (official name, alias or Chinese name) of a listed entity, prepared.
#[derive(Debug, Clone)]
struct NameRec {
    entity: usize,
    shown: String,
    tokens: Vec<u32>,
    qualifiers: Vec<u32>,
    /// The most distinctive token: must be in the query.
    anchor: u32,
}

/// How a name matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MatchKind {
    /// Same normalised name.
    Exact,
    /// Above the presume threshold both ways.
    Fuzzy,
    /// All of the listed name, plus more words (a branch, a subsidiary, a place).
    Extension,
    /// Similar, below the presume threshold.
    Near,
}

/// One candidate entity for a name.
#[derive(Debug, Clone, PartialEq)]
pub struct EntityHit {
    /// Index into `RulePack::entities`.
    pub entity: usize,
    /// The listed name or alias that matched.
    pub listed_name: String,
    /// How.
    pub kind: MatchKind,
    /// Harmonic mean of recall and precision (1.0 for exact).
    pub score: f32,
    /// Weighted share of the listed name found in the query.
    pub recall: f32,
    /// Weighted share of the query found in the listed name.
    pub precision: f32,
}

/// The compiled Entity List matcher.
pub struct EntityMatcher {
    names: Vec<NameRec>,
    vocab: HashMap<String, u32>,
    words: Vec<String>,
    weight: Vec<f32>,
    unknown_weight: f32,
    exact: HashMap<String, Vec<u32>>,
    /// token id -> names whose anchor it is.
    by_anchor: HashMap<u32, Vec<u32>>,
    /// (first char, length) -> token ids, for typo lookup.
    buckets: HashMap<(char, usize), Vec<u32>>,
    /// Tokens that are place names: a listed name whose place is missing from the query
    /// may be another legal entity (Daqo New Energy Corp. is not Xinjiang Daqo), so such a
    /// match is at most a review.
    places: HashSet<u32>,
    thresholds: Thresholds,
}

impl std::fmt::Debug for EntityMatcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EntityMatcher")
            .field("names", &self.names.len())
            .field("vocab", &self.words.len())
            .finish()
    }
}

fn key(tokens: &[String]) -> String {
    let mut t: Vec<&str> = tokens.iter().map(String::as_str).collect();
    t.sort_unstable();
    t.dedup();
    t.join(" ")
}

impl EntityMatcher {
    /// Build from the list.
    ///
    /// `places` are folded single-word place names (provinces, cities, "xinjiang").
    pub fn new(
        entities: &[EntityRecord],
        places: &HashSet<String>,
        thresholds: Thresholds,
    ) -> EntityMatcher {
        let mut prepared: Vec<(usize, String, Normalised)> = Vec::new();
        for (i, e) in entities.iter().enumerate() {
            let mut seen = HashSet::new();
            for n in e.all_names() {
                let norm = normalise(n);
                if norm.tokens.is_empty() && norm.qualifiers.is_empty() {
                    continue;
                }
                if seen.insert(key(&norm.tokens) + "|" + &key(&norm.qualifiers)) {
                    prepared.push((i, n.to_string(), norm));
                }
            }
        }
        // Vocabulary and document frequency over names.
        let mut vocab: HashMap<String, u32> = HashMap::default();
        let mut words: Vec<String> = Vec::new();
        let mut df: Vec<u32> = Vec::new();
        let id = |t: &str,
                  vocab: &mut HashMap<String, u32>,
                  words: &mut Vec<String>,
                  df: &mut Vec<u32>|
         -> u32 {
            *vocab.entry(t.to_string()).or_insert_with(|| {
                words.push(t.to_string());
                df.push(0);
                (words.len() - 1) as u32
            })
        };
        let mut ids: Vec<(Vec<u32>, Vec<u32>)> = Vec::new();
        for (_, _, n) in &prepared {
            let t: Vec<u32> = n
                .tokens
                .iter()
                .map(|t| id(t, &mut vocab, &mut words, &mut df))
                .collect();
            let q: Vec<u32> = n
                .qualifiers
                .iter()
                .map(|t| id(t, &mut vocab, &mut words, &mut df))
                .collect();
            let mut uniq: Vec<u32> = t.iter().chain(&q).copied().collect();
            uniq.sort_unstable();
            uniq.dedup();
            for u in uniq {
                df[u as usize] += 1;
            }
            ids.push((t, q));
        }
        let n = prepared.len().max(1) as f32;
        let generic: HashSet<&str> = GENERIC.iter().copied().collect();
        let weight: Vec<f32> = words
            .iter()
            .zip(&df)
            .map(|(w, &d)| {
                let idf = (1.0 + n / d.max(1) as f32).ln();
                if generic.contains(w.as_str()) {
                    idf * GENERIC_FACTOR
                } else {
                    idf
                }
            })
            .collect();
        let unknown_weight = (1.0 + n).ln();
        let mut names = Vec::with_capacity(prepared.len());
        let mut exact: HashMap<String, Vec<u32>> = HashMap::default();
        let mut by_anchor: HashMap<u32, Vec<u32>> = HashMap::default();
        for ((entity, shown, norm), (t, q)) in prepared.into_iter().zip(ids) {
            let pool: &[u32] = if t.is_empty() { &q } else { &t };
            let anchor = *pool
                .iter()
                .max_by(|a, b| weight[**a as usize].total_cmp(&weight[**b as usize]))
                .unwrap_or(&0);
            let nid = names.len() as u32;
            let k1 = key(&norm.tokens);
            let mut all = norm.tokens.clone();
            all.extend(norm.qualifiers.iter().cloned());
            let k2 = key(&all);
            for k in [k1, k2] {
                let v = exact.entry(k).or_default();
                if !v.contains(&nid) {
                    v.push(nid);
                }
            }
            by_anchor.entry(anchor).or_default().push(nid);
            names.push(NameRec {
                entity,
                shown,
                tokens: t,
                qualifiers: q,
                anchor,
            });
        }
        let mut buckets: HashMap<(char, usize), Vec<u32>> = HashMap::default();
        for (i, w) in words.iter().enumerate() {
            if let Some(c) = w.chars().next() {
                if w.chars().count() >= 4 && !is_han(c) {
                    buckets
                        .entry((c, w.chars().count()))
                        .or_default()
                        .push(i as u32);
                }
            }
        }
        let places = words
            .iter()
            .enumerate()
            .filter(|(_, w)| places.contains(w.as_str()))
            .map(|(i, _)| i as u32)
            .collect();
        EntityMatcher {
            places,
            names,
            vocab,
            words,
            weight,
            unknown_weight,
            exact,
            by_anchor,
            buckets,
            thresholds,
        }
    }

    /// Number of names and aliases indexed.
    pub fn name_count(&self) -> usize {
        self.names.len()
    }

    /// List tokens similar to a query token: (token id, similarity).
    fn similar(&self, t: &str) -> Vec<(u32, f32)> {
        if let Some(&id) = self.vocab.get(t) {
            return vec![(id, 1.0)];
        }
        let len = t.chars().count();
        let Some(first) = t.chars().next() else {
            return Vec::new();
        };
        if len < 4 || is_han(first) {
            return Vec::new();
        }
        let mut out = Vec::new();
        for l in len.saturating_sub(2)..=len + 2 {
            if let Some(ids) = self.buckets.get(&(first, l)) {
                for &id in ids {
                    let s = strsim::jaro_winkler(t, &self.words[id as usize]) as f32;
                    if s >= self.thresholds.token {
                        out.push((id, s));
                    }
                }
            }
        }
        out
    }

    fn w(&self, id: u32) -> f32 {
        self.weight[id as usize]
    }

    /// The best candidates for a name, best first (at most `limit`).
    pub fn candidates(&self, raw: &str, limit: usize) -> Vec<EntityHit> {
        let norm = normalise(raw);
        self.candidates_of(&norm, limit)
    }

    /// As [`EntityMatcher::candidates`], for an already normalised name.
    pub fn candidates_of(&self, norm: &Normalised, limit: usize) -> Vec<EntityHit> {
        if norm.tokens.is_empty() && norm.qualifiers.is_empty() {
            return Vec::new();
        }
        let mut hits: Vec<EntityHit> = Vec::new();
        // Exact.
        let mut all = norm.tokens.clone();
        all.extend(norm.qualifiers.iter().cloned());
        for k in [key(&norm.tokens), key(&all)] {
            if let Some(ids) = self.exact.get(&k) {
                for &nid in ids {
                    let n = &self.names[nid as usize];
                    if !hits.iter().any(|h| h.entity == n.entity) {
                        hits.push(EntityHit {
                            entity: n.entity,
                            listed_name: n.shown.clone(),
                            kind: MatchKind::Exact,
                            score: 1.0,
                            recall: 1.0,
                            precision: 1.0,
                        });
                    }
                }
            }
        }
        // Query tokens with their similar vocabulary tokens.
        let q_all: Vec<&String> = norm.tokens.iter().chain(&norm.qualifiers).collect();
        let sims: Vec<Vec<(u32, f32)>> = q_all.iter().map(|t| self.similar(t)).collect();
        let mut cands: Vec<u32> = Vec::new();
        for s in &sims {
            for (id, _) in s {
                if let Some(v) = self.by_anchor.get(id) {
                    for &nid in v {
                        if !cands.contains(&nid) {
                            cands.push(nid);
                        }
                    }
                }
            }
        }
        let q_weight = |i: usize, t: &str| -> f32 {
            match self.vocab.get(t) {
                Some(&id) => self.w(id),
                None => {
                    let best = sims[i]
                        .iter()
                        .map(|(id, _)| self.w(*id))
                        .fold(0.0f32, f32::max);
                    if best > 0.0 {
                        best
                    } else if GENERIC.contains(&t) {
                        self.unknown_weight * GENERIC_FACTOR
                    } else {
                        self.unknown_weight
                    }
                }
            }
        };
        let n_main = norm.tokens.len();
        for nid in cands {
            let n = &self.names[nid as usize];
            if hits
                .iter()
                .any(|h| h.entity == n.entity && h.kind == MatchKind::Exact)
            {
                continue;
            }
            let sim_to = |id: u32| -> f32 {
                sims.iter()
                    .flat_map(|s| s.iter())
                    .filter(|(v, _)| *v == id)
                    .map(|(_, s)| *s)
                    .fold(0.0, f32::max)
            };
            if sim_to(n.anchor) == 0.0 {
                continue;
            }
            // Recall over the name's main tokens; qualifiers only help.
            let (mut num, mut den) = (0.0f32, 0.0f32);
            for &t in &n.tokens {
                den += self.w(t);
                num += self.w(t) * sim_to(t);
            }
            let recall = if den > 0.0 { num / den } else { 0.0 };
            // Precision over the query's main tokens against the name's tokens and qualifiers.
            let name_ids: Vec<u32> = n.tokens.iter().chain(&n.qualifiers).copied().collect();
            let (mut num, mut den) = (0.0f32, 0.0f32);
            for (i, t) in q_all.iter().enumerate().take(n_main) {
                let wq = q_weight(i, t);
                let best = sims[i]
                    .iter()
                    .filter(|(id, _)| name_ids.contains(id))
                    .map(|(_, s)| *s)
                    .fold(0.0, f32::max);
                den += wq;
                num += wq * best;
            }
            let precision = if den > 0.0 { num / den } else { 0.0 };
            let score = if recall + precision > 0.0 {
                2.0 * recall * precision / (recall + precision)
            } else {
                0.0
            };
            let t = self.thresholds;
            let place_missing = n
                .tokens
                .iter()
                .any(|&t| self.places.contains(&t) && sim_to(t) == 0.0);
            let kind = if recall >= t.presume && precision >= t.presume && !place_missing {
                MatchKind::Fuzzy
            } else if recall >= t.presume && precision >= t.presume {
                MatchKind::Near
            } else if recall >= t.presume {
                MatchKind::Extension
            } else if score >= t.review {
                MatchKind::Near
            } else {
                continue;
            };
            let hit = EntityHit {
                entity: n.entity,
                listed_name: n.shown.clone(),
                kind,
                score,
                recall,
                precision,
            };
            match hits.iter_mut().find(|h| h.entity == n.entity) {
                Some(h) if rank(&hit) > rank(h) => *h = hit,
                Some(_) => {}
                None => hits.push(hit),
            }
        }
        hits.sort_by(|a, b| rank(b).total_cmp(&rank(a)));
        hits.truncate(limit);
        hits
    }

    /// The single best match of a name, if any.
    pub fn best(&self, raw: &str) -> Option<EntityHit> {
        self.candidates(raw, 1).into_iter().next()
    }
}

/// Order of preference: exact, then fuzzy, then extension, then near; score within.
fn rank(h: &EntityHit) -> f32 {
    let base = match h.kind {
        MatchKind::Exact => 3.0,
        MatchKind::Fuzzy => 2.0,
        MatchKind::Extension => 1.0,
        MatchKind::Near => 0.0,
    };
    base + h.score
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalisation_steps() {
        let n = normalise("HOSHINE SILICON IND (SHANSHAN) CO LTD and subsidiaries");
        assert_eq!(n.tokens, vec!["hoshine", "silicon", "industry"]);
        assert_eq!(n.qualifiers, vec!["shanshan"]);
        assert_eq!(n.scope.as_deref(), Some("and subsidiaries"));
        assert!(
            n.steps.iter().any(|s| s.contains("IND -> industry")),
            "{:?}",
            n.steps
        );
        assert!(
            n.steps.iter().any(|s| s.contains("legal form")),
            "{:?}",
            n.steps
        );
        let n = normalise("Junan Jinsheng Imp & Exp Co., Ltd.");
        assert_eq!(n.tokens, vec!["junan", "jinsheng", "import", "export"]);
        let n = normalise("骆驼集团股份有限公司");
        assert_eq!(n.tokens, vec!["骆驼"]);
        let n = normalise("新疆中泰化学股份有限公司");
        assert_eq!(n.tokens, vec!["新疆", "疆中", "中泰", "泰化", "化学"]);
    }
}

//! "Which Xinjiang places does this text name, and how sure is that?"
//!
//! The matcher knows nothing of rows or verdicts. It is given one piece of text (an
//! address, a party name, a description), what kind of text it is, and the country the
//! rest of the row suggests, and returns [`RegionHit`]s, each with a strength:
//! `Presumed` (the text ties the goods to Xinjiang) or `Review` (it might).
//!
//! How a bare place name is weighed (see `Ambiguity` in the rule pack):
//!
//! | ambiguity | China or unknown country | explicit foreign country | other Chinese province named |
//! |---|---|---|---|
//! | none (Urumqi) | presumed | ignored | review |
//! | world (Aksu) | presumed in China, review if unknown | ignored | review |
//! | china (Shawan) | presumed if corroborated, else review | ignored | ignored |
//! | weak (Yiwu) | presumed if corroborated, else ignored | ignored | ignored |
//!
//! "Corroborated" means the same text carries a strong signal of its own (the region's
//! name, an unambiguous place, a Xinjiang postcode or phone code, an XPCC signature).
//! A place name followed by a street word ("Xinjiang Road", 新疆路) is a street, not a
//! location. Negations ("Xinjiang-free") and look-alikes (乌苏里江) consume the text they
//! cover, because the longest match at the leftmost position wins.

use crate::rules::{Ambiguity, PlaceEntry, PlaceKind, RulePack};
use crate::text::{self, fold, fold_with_map, on_boundaries};
use aho_corasick::{AhoCorasick, MatchKind};
use regex::Regex;
use std::collections::HashSet;

/// The country a piece of text is in, as far as can be told.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Country {
    /// Mainland China.
    China,
    /// Another country (ISO alpha-2), including Taiwan.
    Foreign(String),
    /// Not known (no country named; Hong Kong and Macau are treated as unknown too).
    Unknown,
}

/// What kind of text is being scanned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TextKind {
    /// A postal address.
    Address,
    /// A party (company) name.
    Name,
    /// A description of goods or a material.
    Goods,
}

/// What a hit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HitKind {
    /// The region's own name.
    Region,
    /// A prefecture, county or XPCC city.
    Place,
    /// A Xinjiang postcode.
    Postcode,
    /// A Xinjiang landline area code.
    Phone,
    /// An XPCC signature.
    Xpcc,
    /// A product named after a Xinjiang place.
    Product,
}

/// How strong a hit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Strength {
    /// Might be Xinjiang: a person should look.
    Review,
    /// Ties the text to Xinjiang.
    Presumed,
}

/// One Xinjiang signal found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegionHit {
    /// What was found.
    pub kind: HitKind,
    /// How sure.
    pub strength: Strength,
    /// The text as written in the input.
    pub matched: String,
    /// A short explanation, e.g. `Aksu = Aksu Prefecture, Xinjiang`.
    pub detail: String,
}

struct Ctx {
    country: String,
    province: String,
}

/// The compiled region matcher.
pub struct RegionMatcher {
    ac: AhoCorasick,
    entries: Vec<PlaceEntry>,
    /// For each entry: the province keys (context.csv) that turn it into a review.
    unless: Vec<Vec<String>>,
    ctx_ac: AhoCorasick,
    ctx: Vec<Ctx>,
    postcode: Regex,
    phone_intl: Regex,
    phone_dom: Regex,
    xpcc_zh: Regex,
    xpcc_en: Regex,
    street_latin: HashSet<String>,
    street_han: Vec<String>,
    han_not_after: Vec<String>,
}

impl std::fmt::Debug for RegionMatcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RegionMatcher")
            .field("patterns", &self.entries.len())
            .finish()
    }
}

/// The original text behind folded bytes `[s, t)`.
fn original_span(raw: &str, map: &[usize], s: usize, t: usize) -> String {
    if s >= t || t > map.len() - 1 {
        return String::new();
    }
    let start = map[s];
    let last = map[t - 1];
    let end = last + raw[last..].chars().next().map_or(0, char::len_utf8);
    raw[start..end.max(start)].to_string()
}

/// Candidate span of a dictionary match in folded text.
#[derive(Debug, Clone, Copy)]
struct Span {
    start: usize,
    end: usize,
    idx: usize,
}

/// All matches on word boundaries, then the leftmost-longest non-overlapping subset.
fn resolve(ac: &AhoCorasick, folded: &str) -> Vec<Span> {
    let mut all: Vec<Span> = ac
        .find_overlapping_iter(folded)
        .filter(|m| on_boundaries(folded, m.start(), m.end()))
        .map(|m| Span {
            start: m.start(),
            end: m.end(),
            idx: m.pattern().as_usize(),
        })
        .collect();
    if all.len() <= 1 {
        return all;
    }
    all.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
    let mut out: Vec<Span> = Vec::with_capacity(all.len());
    for s in all {
        if out.last().is_none_or(|l| s.start >= l.end) {
            out.push(s);
        }
    }
    out
}

impl RegionMatcher {
    /// Compile from a validated pack.
    pub fn new(pack: &RulePack) -> Result<RegionMatcher, String> {
        let patterns: Vec<String> = pack.gazetteer.iter().map(|g| fold(&g.pattern)).collect();
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .build(&patterns)
            .map_err(|e| format!("gazetteer automaton: {e}"))?;
        let ctx_patterns: Vec<String> = pack.context.iter().map(|c| fold(&c.pattern)).collect();
        let ctx_ac = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .build(&ctx_patterns)
            .map_err(|e| format!("context automaton: {e}"))?;
        let s = &pack.signals;
        Ok(RegionMatcher {
            ac,
            unless: pack
                .gazetteer
                .iter()
                .map(|g| {
                    g.unless
                        .split('|')
                        .filter(|k| !k.is_empty())
                        .map(str::to_string)
                        .collect()
                })
                .collect(),
            entries: pack.gazetteer.clone(),
            ctx_ac,
            ctx: pack
                .context
                .iter()
                .map(|c| Ctx {
                    country: c.country.clone(),
                    province: c.province.clone(),
                })
                .collect(),
            postcode: s.postcode.pattern().clone(),
            phone_intl: s.phone_international.pattern().clone(),
            phone_dom: s.phone_domestic.pattern().clone(),
            xpcc_zh: s.xpcc_zh.pattern().clone(),
            xpcc_en: s.xpcc_en.pattern().clone(),
            street_latin: s.street.latin.iter().map(|w| fold(w)).collect(),
            street_han: s.street.han.clone(),
            han_not_after: s.street.han_not_after.clone(),
        })
    }

    /// The country a free-text country field (country of origin) names.
    pub fn country_of(&self, value: &str) -> Country {
        let folded = fold(value);
        if folded.is_empty() {
            return Country::Unknown;
        }
        if folded.len() <= 3 && folded.bytes().all(|b| b.is_ascii_alphabetic()) {
            return match folded.as_str() {
                "cn" | "chn" | "prc" => Country::China,
                "hk" | "hkg" | "mo" | "mac" => Country::Unknown,
                "twn" => Country::Foreign("TW".into()),
                other if other.len() == 2 => Country::Foreign(other.to_ascii_uppercase()),
                other => Country::Foreign(other.to_ascii_uppercase()),
            };
        }
        let (country, _) = self.context_of(&folded, value);
        country.unwrap_or(Country::Unknown)
    }

    /// Country named in the text (last one wins, as addresses end with the country) and
    /// whether a Chinese province other than Xinjiang is named.
    fn context_of(&self, folded: &str, raw: &str) -> (Option<Country>, Option<String>) {
        let mut last: Option<(usize, &Ctx)> = None;
        let mut province = None;
        for s in resolve(&self.ctx_ac, folded) {
            // "Beijing Road, Urumqi" names a street, not Beijing.
            if self.is_street(folded, s.end) {
                continue;
            }
            let c = &self.ctx[s.idx];
            if !c.province.is_empty() && province.is_none() {
                province = Some(c.province.clone());
            }
            if last.is_none_or(|(p, _)| s.start >= p) {
                last = Some((s.start, c));
            }
        }
        let explicit = last.map(|(_, c)| {
            if c.country == "CN" {
                Country::China
            } else if c.country == "HK" || c.country == "MO" {
                Country::Unknown
            } else {
                Country::Foreign(c.country.clone())
            }
        });
        let country = match explicit {
            Some(c) => Some(c),
            None if text::has_han(raw) => {
                if raw.chars().any(|c| matches!(c as u32, 0x3040..=0x30FF)) {
                    Some(Country::Foreign("JP".into()))
                } else {
                    Some(Country::China)
                }
            }
            None => None,
        };
        (country, province)
    }

    /// Is the place at `[start, end)` of folded text the first part of a street name?
    fn is_street(&self, folded: &str, end: usize) -> bool {
        let rest = &folded[end..];
        // Chinese: 新疆路, 乌鲁木齐中路 (one direction character may sit between).
        let han_rest = rest.trim_start_matches(['中', '东', '西', '南', '北']);
        for w in &self.street_han {
            if let Some(after) = han_rest.strip_prefix(w.as_str()) {
                return !self
                    .han_not_after
                    .iter()
                    .any(|n| after.starts_with(n.as_str()));
            }
        }
        // Latin: "xinjiang road", "urumqi north road", "xinjiang rd".
        let mut tokens = rest.split(' ').filter(|t| !t.is_empty());
        let next = tokens.next();
        let is_dir = |t: &str| {
            matches!(
                t,
                "north" | "south" | "east" | "west" | "middle" | "n" | "s" | "e" | "w"
            )
        };
        match next {
            Some(t) if rest.starts_with(' ') && self.street_latin.contains(t) => true,
            Some(t) if rest.starts_with(' ') && is_dir(t) => tokens
                .next()
                .is_some_and(|t2| self.street_latin.contains(t2)),
            _ => false,
        }
    }

    /// Scan one text. `fallback` is the country the rest of the row suggests (the paired
    /// address for a name, the country of origin otherwise).
    ///
    /// `fallback_certain` says the fallback country is as good as stated in the text (a
    /// party name read with the country its own address names).
    pub fn scan(
        &self,
        raw: &str,
        text_kind: TextKind,
        fallback: &Country,
        fallback_certain: bool,
    ) -> Vec<RegionHit> {
        let folded = fold(raw);
        if folded.is_empty() {
            return Vec::new();
        }
        let spans = resolve(&self.ac, &folded);
        let post = self.postcode.captures_iter(&folded).next().is_some();
        let phone_i = self.phone_intl.is_match(&folded);
        let phone_d = self.phone_dom.is_match(&folded);
        let xz = self.xpcc_zh.is_match(&folded);
        let xe = self.xpcc_en.is_match(&folded);
        if spans.is_empty() && !post && !phone_i && !phone_d && !xz && !xe {
            return Vec::new();
        }

        let (explicit, province) = self.context_of(&folded, raw);
        // A look-alike that names its real country ("Khorgos Gateway" -> KZ) counts as a
        // country mention too.
        let lookalike_country = spans.iter().rev().find_map(|s| {
            let e = &self.entries[s.idx];
            (e.kind == PlaceKind::Lookalike && !e.country.is_empty()).then(|| e.country.clone())
        });
        let explicit = match (explicit, lookalike_country) {
            (Some(c), _) => Some(c),
            (None, Some(c)) if c == "CN" => Some(Country::China),
            (None, Some(c)) => Some(Country::Foreign(c)),
            (None, None) if fallback_certain => Some(fallback.clone()),
            (None, None) => None,
        };
        // "Clearly not China" only when the text itself (or the party's own address) says so.
        let explicit_foreign = matches!(explicit, Some(Country::Foreign(_)));
        let fallback_foreign = explicit.is_none() && matches!(fallback, Country::Foreign(_));
        let foreign = explicit_foreign || fallback_foreign;
        let country = explicit.clone().unwrap_or_else(|| fallback.clone());
        let china = country == Country::China || phone_i;
        let country_note = || match &country {
            Country::Foreign(c) => format!("the country given is {c}"),
            Country::China => "China".to_string(),
            Country::Unknown => "no country is given".to_string(),
        };

        // First pass: which spans are live places (not streets, negations, look-alikes)?
        struct Live<'a> {
            span: Span,
            entry: &'a PlaceEntry,
            street: bool,
        }
        let live: Vec<Live> = spans
            .iter()
            .map(|s| {
                let entry = &self.entries[s.idx];
                let placey = matches!(
                    entry.kind,
                    PlaceKind::Region
                        | PlaceKind::Prefecture
                        | PlaceKind::County
                        | PlaceKind::XpccCity
                        | PlaceKind::Township
                        | PlaceKind::Locality
                );
                Live {
                    span: *s,
                    entry,
                    street: placey && self.is_street(&folded, s.end),
                }
            })
            .collect();

        // Strong signals that corroborate ambiguous ones.
        let strong_place = live.iter().any(|l| {
            !l.street
                && match l.entry.kind {
                    PlaceKind::Region => l.entry.ambiguity == Ambiguity::None,
                    PlaceKind::Xpcc => true,
                    PlaceKind::Prefecture
                    | PlaceKind::County
                    | PlaceKind::XpccCity
                    | PlaceKind::Township
                    | PlaceKind::Locality => {
                        l.entry.ambiguity == Ambiguity::None
                            && province.is_none()
                            && !explicit_foreign
                    }
                    _ => false,
                }
        });
        // A strong Xinjiang place makes the text Chinese for postcodes and phone numbers.
        let china = china || (strong_place && !explicit_foreign);
        let strong_code = (post && china) || phone_i || (phone_d && china) || xz;
        // Two different Xinjiang places in one text corroborate each other ("Yiwu County,
        // Hami"): two unrelated namesakes side by side are unlikely.
        let mut distinct: Vec<&str> = live
            .iter()
            .filter(|l| {
                !l.street
                    && l.entry.ambiguity != Ambiguity::Weak
                    && matches!(
                        l.entry.kind,
                        PlaceKind::Prefecture
                            | PlaceKind::County
                            | PlaceKind::XpccCity
                            | PlaceKind::Township
                            | PlaceKind::Locality
                    )
            })
            .map(|l| l.entry.gb_code.as_str())
            .collect();
        distinct.sort_unstable();
        distinct.dedup();
        let corroborated = strong_place
            || strong_code
            || (distinct.len() >= 2 && !explicit_foreign && province.is_none());

        let mut hits: Vec<(usize, usize, HitKind, Strength, String)> = Vec::new();
        for l in &live {
            let e = l.entry;
            let (s, t) = (l.span.start, l.span.end);
            let name = if e.place.is_empty() {
                e.pattern.clone()
            } else {
                e.place.clone()
            };
            let is = match e.kind {
                PlaceKind::Region => format!("is the {name}"),
                PlaceKind::Xpcc => format!("is the {name}"),
                _ => format!("is {name}"),
            };
            match e.kind {
                PlaceKind::Negation | PlaceKind::Lookalike => continue,
                PlaceKind::Product => {
                    hits.push((s, t, HitKind::Product, Strength::Review, e.note.clone()));
                    continue;
                }
                _ => {}
            }
            if l.street {
                continue;
            }
            let unless_hit = province
                .as_ref()
                .is_some_and(|p| self.unless[l.span.idx].iter().any(|u| u == p));
            let kind = match e.kind {
                PlaceKind::Region | PlaceKind::Code => HitKind::Region,
                PlaceKind::Xpcc => HitKind::Xpcc,
                _ => HitKind::Place,
            };
            let also = province.as_deref().unwrap_or("");
            let verdict: Option<(Strength, String)> = match (e.kind, e.ambiguity) {
                (PlaceKind::Region | PlaceKind::Xpcc, Ambiguity::None) => {
                    if unless_hit {
                        Some((
                            Strength::Review,
                            format!("may be {name}, but the text also names {also} ({})", e.note),
                        ))
                    } else {
                        Some((Strength::Presumed, is.clone()))
                    }
                }
                (_, Ambiguity::None) => {
                    if explicit_foreign {
                        None
                    } else if province.is_some() {
                        Some((
                            Strength::Review,
                            format!(
                                "may be {name}, but the text also names {also}, which is not in Xinjiang"
                            ),
                        ))
                    } else {
                        Some((Strength::Presumed, is.clone()))
                    }
                }
                (_, Ambiguity::World) => {
                    if explicit_foreign {
                        None
                    } else if corroborated || (china && province.is_none()) {
                        Some((Strength::Presumed, is.clone()))
                    } else if fallback_foreign {
                        None
                    } else {
                        Some((
                            Strength::Review,
                            format!("may be {name}; {} ({})", country_note(), e.note),
                        ))
                    }
                }
                (_, Ambiguity::China) => {
                    if explicit_foreign {
                        None
                    } else if corroborated {
                        Some((Strength::Presumed, is.clone()))
                    } else if foreign || province.is_some() {
                        None
                    } else {
                        Some((
                            Strength::Review,
                            format!(
                                "may be {name}, but the name is shared with places elsewhere ({})",
                                e.note
                            ),
                        ))
                    }
                }
                (_, Ambiguity::Weak) => {
                    if corroborated && !explicit_foreign {
                        Some((Strength::Presumed, is.clone()))
                    } else {
                        None
                    }
                }
            };
            let Some((mut strength, detail)) = verdict else {
                continue;
            };
            // In a description, only unambiguous names state an origin on their own.
            if text_kind == TextKind::Goods
                && kind == HitKind::Place
                && e.ambiguity != Ambiguity::None
                && !corroborated
            {
                strength = Strength::Review;
            }
            hits.push((s, t, kind, strength, detail));
        }

        // Pattern signals.
        let mut rx =
            |re: &Regex, kind: HitKind, strength: Strength, detail: &dyn Fn(&str) -> String| {
                for c in re.captures_iter(&folded) {
                    // Group 1 (else the whole match) is what is shown; the last group feeds the detail.
                    let Some(m) = c.get(1).or_else(|| c.get(0)) else {
                        continue;
                    };
                    let key = c.iter().flatten().last().map_or("", |g| g.as_str());
                    hits.push((m.start(), m.end(), kind, strength, detail(key)));
                }
            };
        if post && china {
            rx(
                &self.postcode,
                HitKind::Postcode,
                Strength::Presumed,
                &|_| "is a Xinjiang postcode (Chinese postcodes 83xxxx/84xxxx)".to_string(),
            );
        }
        if phone_i {
            rx(&self.phone_intl, HitKind::Phone, Strength::Presumed, &|m| {
                format!(
                    "is a telephone number with a Xinjiang area code (0{})",
                    m.trim_start_matches('0')
                )
            });
        }
        if phone_d && china {
            rx(&self.phone_dom, HitKind::Phone, Strength::Presumed, &|m| {
                format!(
                    "is a telephone number with a Xinjiang area code (0{})",
                    m.trim_start_matches('0')
                )
            });
        }
        if xz {
            rx(&self.xpcc_zh, HitKind::Xpcc, Strength::Presumed, &|_| {
                "is an XPCC (Bingtuan) division or regiment farm".to_string()
            });
        }
        if xe && !explicit_foreign {
            if corroborated {
                rx(&self.xpcc_en, HitKind::Xpcc, Strength::Presumed, &|_| {
                    "is an XPCC (Bingtuan) division or regiment, with other Xinjiang signals in the same text".to_string()
                });
            } else {
                rx(&self.xpcc_en, HitKind::Xpcc, Strength::Review, &|_| {
                    "may be an XPCC (Bingtuan) division or regiment".to_string()
                });
            }
        }
        if hits.is_empty() {
            return Vec::new();
        }
        hits.sort_by_key(|h| h.0);
        let (_, map) = fold_with_map(raw);
        let mut out: Vec<RegionHit> = Vec::with_capacity(hits.len());
        for (s, t, kind, strength, detail) in hits {
            // The same name twice in one text is one hit.
            if out.iter().any(|o| {
                o.kind == kind
                    && o.strength == strength
                    && o.detail == detail
                    && folded[s..t] == fold(&o.matched)
            }) {
                continue;
            }
            out.push(RegionHit {
                kind,
                strength,
                matched: original_span(raw, &map, s, t),
                detail,
            });
        }
        out
    }
}
